// Shared pieces of the lock-file analyzers: Trivy's package ids, its lock-file type list, one application per file.
import type { z } from 'zod';
import type { Package, Problem } from '../types.js';
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
