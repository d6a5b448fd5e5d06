// Poetry's poetry.lock as Trivy's poetry analyzer reads it (pkg/dependency/parser/python/poetry): every
// [[package]], dev when its category is "dev" or its groups leave out "main", dependencies resolved to the locked
// version their specifier accepts.
import { satisfies } from '@renovatebot/pep440';
import { z } from 'zod';
import type { Package } from '../types.js';
import { lockResult, packageId, parseTomlLock } from './lockfile.js';
import type { Analyzer, AnalyzerResult } from './types.js';

const PoetryLock = z.object({
  package: z
    .array(
      z.object({
        name: z.string(),
        version: z.string(),
        category: z.string().optional(),
        groups: z.array(z.string()).optional(),
        dependencies: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .optional(),
});

/** PEP 503 normalisation in lower case (Trivy's python.NormalizePkgName(name, true)). */
export const normalizedName = (name: string): string => name.replace(/[-_.]+/g, '-').toLowerCase();

/** The specifier of a dependency: a string, or a table's "version". */
function specifierOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'version' in value && typeof value.version === 'string') {
    return value.version;
  }
  return '';
}

/** Whether `version` satisfies `specifier`; `*` and an empty specifier accept any version. */
function accepts(version: string, specifier: string): boolean {
  const trimmed = specifier.trim();
  if (trimmed === '' || trimmed === '*') return true;
  try {
    return satisfies(version, trimmed, { prereleases: true });
  } catch {
    return false;
  }
}

export const poetry: Analyzer = {
  id: 'poetry',
  version: 1,
  wants: (path) => path === 'poetry.lock' || path.endsWith('/poetry.lock'),
  async analyze(file): Promise<AnalyzerResult> {
    const text = await file.text();
    const read = parseTomlLock(file, text, PoetryLock, 'poetry.lock');
    if ('failed' in read) return read.failed;
    const entries = read.data.package ?? [];
    const versions = new Map<string, string[]>();
    for (const entry of entries) {
      if (entry.category === 'dev') continue; // Trivy resolves dependencies to non-dev packages only
      versions.set(entry.name, [...(versions.get(entry.name) ?? []), entry.version]);
    }
    const packages = entries.map((entry): Package => {
      const dependsOn = Object.entries(entry.dependencies ?? {})
        .flatMap(([name, value]) => {
          const normalized = normalizedName(name);
          const version = versions.get(normalized)?.find((v) => accepts(v, specifierOf(value)));
          return version === undefined ? [] : [packageId('poetry', normalized, version)];
        })
        .sort();
      const dev = entry.category === 'dev' || ((entry.groups?.length ?? 0) > 0 && !entry.groups?.includes('main'));
      return {
        id: packageId('poetry', entry.name, entry.version),
        name: entry.name,
        version: entry.version,
        ...(dev && { dev }),
        ...(dependsOn.length > 0 && { dependsOn }),
      };
    });
    return lockResult('poetry', file, packages);
  },
};
