// Shared pieces of the lock-file analyzers: Trivy's package ids, its lock-file type list, one application per file.
import { parse as parseToml } from 'smol-toml';
import type { z } from 'zod';
import type { Location, Package, Problem } from '../types.js';
import type { AnalyzerResult, LayerFile } from './types.js';

/**
 * Trivy's TypeLockfiles (pkg/fanal/analyzer/const.go): the analyzers `image` and `rootfs` scans disable.
 * Cargo.lock, packages.lock.json and *.deps.json are not in it: Trivy reads them inside images too.
 */
export const LOCKFILE_TYPES: ReadonlySet<string> = new Set([
  'bundler',
  'npm',
  'yarn',
  'pnpm',
  'bun',
  'pip',
  'pipenv',
  'poetry',
  'uv',
  'gomod',
  'pom',
  'gradle',
  'swift',
  'pub',
  'hex',
  'composer',
  // barnacle's own: .NET project files are sources, read like lock files.
  'csproj',
]);

/** Trivy's TypeIndividualPkgs: the installed-package analyzers `fs` scans disable. */
export const INDIVIDUAL_PKG_TYPES: ReadonlySet<string> = new Set([
  'gemspec',
  'node-pkg',
  'conda-pkg',
  'python-pkg',
  'gobinary',
  'jar',
  'rustbinary',
  'composer-vendor',
]);

/** Trivy's dependency.ID: `name@version`, Go modules with a `v`, Maven `group:artifact:version`. */
export function packageId(type: string, name: string, version: string): string {
  if (version === '') return name;
  if (type === 'gomod') return `${name}@${version.startsWith('v') ? version : `v${version}`}`;
  if (type === 'pom' || type === 'gradle') return `${name}:${version}`;
  return `${name}@${version}`;
}

/** The packages of one lock file as Trivy's Application; no packages, no application. */
export function lockResult(type: string, file: LayerFile, packages: readonly Package[], problems: Problem[] = []) {
  const result: AnalyzerResult = {
    applications: packages.length > 0 ? [{ type, filePath: file.path, packages }] : [],
    problems,
  };
  return result;
}

/** A lock file that cannot be read at all: a warning naming the file (and the line when known). */
export function unreadable(file: LayerFile, reason: string, line?: number): AnalyzerResult {
  const where = line === undefined ? '' : ` at line ${line}`;
  return { applications: [], problems: [{ path: file.path, reason: `cannot parse${where}: ${reason}` }] };
}

/**
 * A JSON lock file read with its schema: the data, or the warning that says why it cannot be read (the line of a
 * syntax error, the member whose shape is wrong). `name` is the file's usual name, for the message.
 */
export function parseJsonLock<T extends z.ZodType>(
  file: LayerFile,
  text: string,
  schema: T,
  name: string,
): { readonly data: z.infer<T> } | { readonly failed: AnalyzerResult } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { failed: unreadable(file, `not valid JSON (${(error as Error).message})`, jsonLine(text, error)) };
  }
  const parsed = schema.safeParse(json ?? {});
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join('.') || 'the top level';
    return { failed: unreadable(file, `${where} does not have ${name}'s shape`) };
  }
  return { data: parsed.data };
}

/**
 * A TOML lock file (Cargo.lock, poetry.lock, uv.lock) read with its schema: the data, or the warning that says why
 * it cannot be read (the line of a syntax error, the member whose shape is wrong).
 */
export function parseTomlLock<T extends z.ZodType>(
  file: LayerFile,
  text: string,
  schema: T,
  name: string,
): { readonly data: z.infer<T> } | { readonly failed: AnalyzerResult } {
  let toml: unknown;
  try {
    toml = parseToml(text);
  } catch (error) {
    const line = (error as { line?: unknown }).line;
    const reason = `not valid TOML (${(error as Error).message.split('\n')[0]})`;
    return { failed: unreadable(file, reason, typeof line === 'number' ? line : undefined) };
  }
  const parsed = schema.safeParse(toml);
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join('.') || 'the top level';
    return { failed: unreadable(file, `${where} does not have ${name}'s shape`) };
  }
  return { data: parsed.data };
}

/**
 * The lines of each `[[package]]` of a TOML lock file, keyed by `name@version`, as Trivy's naive block scan finds
 * them (pkg/dependency/parser/rust/cargo): a block starts at a line beginning with `[` and ends before the next
 * blank line or the next block.
 */
export function tomlBlockLines(text: string): Map<string, Location> {
  const spans = new Map<string, Location>();
  let current: { name: string; version: string; start: number; end: number } | undefined;
  const close = (line: number) => {
    if (!current) return;
    if (current.end === 0) current.end = line;
    if (current.name !== '')
      spans.set(`${current.name}@${current.version}`, { startLine: current.start, endLine: current.end });
  };
  const value = (line: string) => {
    const parts = line.split('=');
    return parts.length === 2 ? (parts[1] ?? '').replace(/^[ "]+|[ "]+$/g, '') : '';
  };
  const lines = text.split('\n');
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    const number = index + 1;
    if (line.startsWith('[')) {
      close(number - 1);
      current = { name: '', version: '', start: number, end: 0 };
    } else if (!current) {
    } else if (line.startsWith('name =')) current.name = value(raw);
    else if (line.startsWith('version =')) current.version = value(raw);
    else if (line === '' && current.end === 0) current.end = number - 1;
  }
  close(lines.length - (text.endsWith('\n') ? 1 : 0));
  return spans;
}

/** The line (1-based) of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Packages merged by id (Trivy's UniquePackages), locations joined and sorted. */
export function uniquePackages(packages: readonly Package[]): Package[] {
  const byId = new Map<string, Package>();
  for (const pkg of packages) {
    const seen = byId.get(pkg.id);
    if (!seen) {
      byId.set(pkg.id, pkg);
      continue;
    }
    const locations = [...(seen.locations ?? []), ...(pkg.locations ?? [])].sort(
      (a, b) => a.startLine - b.startLine || a.endLine - b.endLine,
    );
    byId.set(pkg.id, { ...seen, ...(locations.length > 0 ? { locations } : {}) });
  }
  return [...byId.values()];
}

/** The line of the first JSON syntax error in `text` (Node 20's JSON.parse messages carry no position). */
export function jsonLine(text: string, _error?: unknown): number | undefined {
  let i = 0;
  const space = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i] ?? '')) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      space();
      if (text[i] === close) {
        i++;
        return;
      }
      for (;;) {
        if (c === '{') {
          space();
          if (text[i] !== '"') fail();
          string();
          space();
          if (text[i] !== ':') fail();
          i++;
        }
        value();
        space();
        if (text[i] === ',') i++;
        else if (text[i] === close) {
          i++;
          return;
        } else fail();
      }
    }
    if (c === '"') {
      string();
      return;
    }
    const literal = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 64));
    if (!literal) fail();
    i += literal?.[0].length ?? 0;
  };
  const string = () => {
    for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    if (i >= text.length) fail();
    i++;
  };
  try {
    value();
    space();
    if (i < text.length) fail();
    return undefined;
  } catch (offset) {
    return lineAt(text, typeof offset === 'number' ? offset : 0);
  }
}
