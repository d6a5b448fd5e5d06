// Dart's pubspec.lock as Trivy's pub analyzer reads it (pkg/dependency/parser/dart/pub): every package of
// `packages` (dev ones kept, as Pub cannot tell transitive dev dependencies apart), direct or indirect by its
// `dependency` field. SDK packages keep their `0.0.0` version, as Trivy does by default.
import { parse } from 'yaml';
import { z } from 'zod';
import { messageOf } from '../errors.js';
import type { Package, Relationship } from '../types.js';
import { lockResult, packageId, unreadable } from './lockfile.js';
import type { Analyzer, AnalyzerResult } from './types.js';

const PubspecLock = z.object({
  packages: z
    .record(z.string(), z.object({ dependency: z.string().nullish(), version: z.unknown() }).nullable())
    .nullish(),
});

const RELATIONSHIPS: Readonly<Record<string, Relationship>> = {
  'direct main': 'direct',
  'direct dev': 'direct',
  transitive: 'indirect',
};

export const pubspec: Analyzer = {
  id: 'pub',
  version: 1,
  wants: (path) => path === 'pubspec.lock' || path.endsWith('/pubspec.lock'),
  async analyze(file): Promise<AnalyzerResult> {
    let doc: unknown;
    try {
      doc = parse(await file.text());
    } catch (error) {
      const line = (error as { linePos?: { line: number }[] }).linePos?.[0]?.line;
      return unreadable(file, `not valid YAML (${messageOf(error).split('\n')[0]})`, line);
    }
    const parsed = PubspecLock.safeParse(doc ?? {});
    if (!parsed.success) return unreadable(file, "it does not have pubspec.lock's shape");
    const packages: Package[] = Object.entries(parsed.data.packages ?? {}).map(([name, dep]) => {
      const version = dep?.version === undefined || dep.version === null ? '' : String(dep.version);
      return {
        id: packageId('pub', name, version),
        name,
        version,
        relationship: RELATIONSHIPS[dep?.dependency ?? ''] ?? 'unknown',
      };
    });
    return lockResult('pub', file, packages);
  },
};
