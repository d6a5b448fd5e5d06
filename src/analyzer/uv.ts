// uv's uv.lock as Trivy's uv analyzer reads it (pkg/dependency/parser/python/uv): every [[package]], the one
// root (source editable or virtual "."), direct when the root depends on it (dev groups included), dev when the
// root's non-dev dependencies (optional ones included) do not reach it. No lines: Trivy gives none.
import { z } from 'zod';
import type { Package } from '../types.js';
import { lockResult, packageId, parseTomlLock, unreadable } from './lockfile.js';
import type { Analyzer, AnalyzerResult } from './types.js';

const Dependencies = z.array(z.object({ name: z.string() })).optional();
const UvPackage = z.object({
  name: z.string(),
  version: z.string().optional(),
  source: z.object({ editable: z.string().optional(), virtual: z.string().optional() }).optional(),
  dependencies: Dependencies,
  'dev-dependencies': z.record(z.string(), Dependencies).optional(),
  'optional-dependencies': z.record(z.string(), Dependencies).optional(),
});
type UvPackage = z.infer<typeof UvPackage>;
const UvLock = z.object({ package: z.array(UvPackage).optional() });

const names = (groups: readonly (readonly { name: string }[] | undefined)[]) =>
  new Set(groups.flatMap((group) => (group ?? []).map((dep) => dep.name)));
/** Dependencies and optional dependencies (extras). */
const nonDevDeps = (pkg: UvPackage) => names([pkg.dependencies, ...Object.values(pkg['optional-dependencies'] ?? {})]);
/** Those and the dependency groups (`uv add --group`, `--dev`). */
const directDeps = (pkg: UvPackage) =>
  new Set([...nonDevDeps(pkg), ...names(Object.values(pkg['dev-dependencies'] ?? {}))]);
// uv's lock has exactly one project package (uv-resolver lock/mod.rs); Trivy finds it by its source.
const isRoot = (pkg: UvPackage) => pkg.source?.editable === '.' || pkg.source?.virtual === '.';

/** The packages of a uv.lock, or why it cannot be read. */
export function uvPackages(lock: z.infer<typeof UvLock>): Package[] | string {
  const entries = lock.package ?? [];
  const roots = entries.filter(isRoot);
  const root = roots[0];
  if (!root || roots.length > 1) return `a uv.lock must have exactly one root package, found ${roots.length}`;
  const byName = new Map(entries.map((pkg) => [pkg.name, pkg]));
  // Production packages: those the root's non-dev dependencies reach.
  const production = new Set<string>();
  const walk = (pkg: UvPackage) => {
    if (production.has(pkg.name)) return;
    production.add(pkg.name);
    for (const name of nonDevDeps(pkg)) {
      const dep = byName.get(name);
      if (dep) walk(dep);
    }
  };
  walk(root);
  const direct = directDeps(root);
  const id = (name: string, version: string | undefined) => packageId('uv', name, version ?? '');
  return entries.map((pkg): Package => {
    const dependsOn = [...directDeps(pkg)]
      .flatMap((name) => {
        const dep = byName.get(name);
        return dep ? [id(name, dep.version)] : [];
      })
      .sort();
    return {
      id: id(pkg.name, pkg.version),
      name: pkg.name,
      version: pkg.version ?? '',
      relationship: isRoot(pkg) ? 'root' : direct.has(pkg.name) ? 'direct' : 'indirect',
      ...(!production.has(pkg.name) && { dev: true }),
      ...(dependsOn.length > 0 && { dependsOn }),
    };
  });
}

export const uv: Analyzer = {
  id: 'uv',
  version: 1,
  wants: (path) => path === 'uv.lock' || path.endsWith('/uv.lock'),
  async analyze(file): Promise<AnalyzerResult> {
    const read = parseTomlLock(file, await file.text(), UvLock, 'uv.lock');
    if ('failed' in read) return read.failed;
    const packages = uvPackages(read.data);
    return typeof packages === 'string' ? unreadable(file, packages) : lockResult('uv', file, packages);
  },
};
