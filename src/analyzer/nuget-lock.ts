// NuGet's packages.lock.json as Trivy's nuget analyzer reads it (pkg/dependency/parser/nuget/lock): every package
// of every target framework but the project itself, direct or indirect by its `type`, with its lines and the
// packages it depends on (resolved in the same target).
import { z } from 'zod';
import type { Package } from '../types.js';
import { memberSpans } from './json-spans.js';
import { lockResult, packageId, parseJsonLock, uniquePackages } from './lockfile.js';
import type { Analyzer, AnalyzerResult } from './types.js';

const Dependency = z.object({
  type: z.string().nullish(),
  resolved: z.string().nullish(),
  dependencies: z.record(z.string(), z.string()).nullish(),
});
const LockFile = z.object({ dependencies: z.record(z.string(), z.record(z.string(), Dependency)).nullish() });

const nugetId = (name: string, version: string) => packageId('nuget', name, version);

export const nugetLock: Analyzer = {
  id: 'nuget',
  version: 1,
  wants: (path) => path === 'packages.lock.json' || path.endsWith('/packages.lock.json'),
  async analyze(file): Promise<AnalyzerResult> {
    const text = await file.text();
    const read = parseJsonLock(file, text, LockFile, 'packages.lock.json');
    if ('failed' in read) return read.failed;
    const packages: Package[] = [];
    const dependsOn = new Map<string, Set<string>>();
    for (const [target, dependencies] of Object.entries(read.data.dependencies ?? {})) {
      const spans = memberSpans(text, ['dependencies', target]);
      for (const [name, dep] of Object.entries(dependencies)) {
        // The project itself.
        if (dep.type === 'Project') continue;
        const id = nugetId(name, dep.resolved ?? '');
        const location = spans.get(name);
        packages.push({
          id,
          name,
          version: dep.resolved ?? '',
          relationship: dep.type === 'Direct' ? 'direct' : 'indirect',
          ...(location && { locations: [location] }),
        });
        const children = dependsOn.get(id) ?? new Set<string>();
        for (const child of Object.keys(dep.dependencies ?? {})) {
          children.add(nugetId(child, dependencies[child]?.resolved ?? ''));
        }
        if (children.size > 0) dependsOn.set(id, children);
      }
    }
    const withDependencies = uniquePackages(packages).map((pkg) => {
      const children = dependsOn.get(pkg.id);
      return children ? { ...pkg, dependsOn: [...children].sort() } : pkg;
    });
    return lockResult('nuget', file, withDependencies);
  },
};
