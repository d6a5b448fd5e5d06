// Rust's Cargo.lock as Trivy's cargo analyzer reads it (pkg/dependency/parser/rust/cargo): every [[package]],
// its dependencies resolved by name (or "name version [source]"), and the lines of its block.
import { parse as parseToml } from 'smol-toml';
import { z } from 'zod';
import type { Location, Package } from '../types.js';
import { lockResult, packageId, unreadable } from './lockfile.js';
import type { Analyzer, AnalyzerResult } from './types.js';

const CargoLock = z.object({
  package: z
    .array(
      z.object({
        name: z.string(),
        version: z.string(),
        source: z.string().optional(),
        dependencies: z.array(z.string()).optional(),
      }),
    )
    .optional(),
});

/**
 * Trivy's naive block scan: a block starts at a line beginning with `[` and ends before the next blank line or
 * the next block; keyed by `name@version`.
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

/** The line of a TOML syntax error, from smol-toml's message. */
export function tomlErrorLine(error: unknown): number | undefined {
  const line = (error as { line?: unknown }).line;
  return typeof line === 'number' ? line : undefined;
}

export const cargo: Analyzer = {
  id: 'cargo',
  version: 1,
  wants: (path) => path === 'Cargo.lock' || path.endsWith('/Cargo.lock'),
  async analyze(file): Promise<AnalyzerResult> {
    const text = await file.text();
    let toml: unknown;
    try {
      toml = parseToml(text);
    } catch (error) {
      return unreadable(file, `not valid TOML (${(error as Error).message.split('\n')[0]})`, tomlErrorLine(error));
    }
    const parsed = CargoLock.safeParse(toml);
    if (!parsed.success) {
      const where = parsed.error.issues[0]?.path.join('.') || 'the top level';
      return unreadable(file, `${where} does not have Cargo.lock's shape`);
    }
    const lines = tomlBlockLines(text);
    const entries = parsed.data.package ?? [];
    const byName = new Map(entries.map((entry) => [entry.name, entry.version]));
    const packages = entries.map((entry): Package => {
      const id = packageId('cargo', entry.name, entry.version);
      const dependsOn = (entry.dependencies ?? []).flatMap((dep) => {
        const fields = dep.trim().split(/\s+/);
        if (fields.length === 1) {
          const version = byName.get(fields[0] ?? '');
          return version === undefined ? [] : [packageId('cargo', fields[0] ?? '', version)];
        }
        return fields.length <= 3 ? [packageId('cargo', fields[0] ?? '', fields[1] ?? '')] : [];
      });
      const location = lines.get(id);
      return {
        id,
        name: entry.name,
        version: entry.version,
        ...(dependsOn.length > 0 && { dependsOn: dependsOn.sort() }),
        ...(location && { locations: [location] }),
      };
    });
    return lockResult('cargo', file, packages);
  },
};
