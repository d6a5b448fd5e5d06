// npm's package-lock.json (lockfileVersion 1, 2 and 3) as Trivy's npm analyzer reads it
// (pkg/fanal/analyzer/language/nodejs/npm, parser/nodejs/npm): v1 from the nested "dependencies", v2/v3 from
// the flat "packages" map; packages keyed by name@version, dev flags, direct/indirect, lines in the file.
import { z } from 'zod';
import type { Location, Package } from '../types.js';
import { memberSpans } from './json-spans.js';
import { lockResult, packageId, parseJsonLock } from './lockfile.js';
import { isNodeModulesPackage, nodeModulesPackage } from './node-modules.js';
import { licenseNames } from './node-pkg.js';
import type { Analyzer, AnalyzerResult } from './types.js';

const Deps = z.record(z.string(), z.string()).nullish();
const LockPackage = z.object({
  name: z.string().nullish(),
  version: z.string().nullish(),
  dependencies: Deps,
  optionalDependencies: Deps,
  devDependencies: Deps,
  peerDependencies: Deps,
  resolved: z.string().nullish(),
  dev: z.boolean().nullish(),
  link: z.boolean().nullish(),
  // npm copies package.json's license field; a shape Trivy cannot read gives no license, never a failure.
  license: z.unknown().optional(),
});
type LockPackage = z.infer<typeof LockPackage>;
interface V1Dependency {
  version?: string | null;
  dev?: boolean | null;
  requires?: Record<string, string> | null;
  dependencies?: Record<string, V1Dependency> | null;
}
const V1Dependency: z.ZodType<V1Dependency> = z.lazy(() =>
  z.object({
    version: z.string().nullish(),
    dev: z.boolean().nullish(),
    requires: z.record(z.string(), z.string()).nullish(),
    dependencies: z.record(z.string(), V1Dependency).nullish(),
  }),
);
const LockFile = z.object({
  lockfileVersion: z.number().nullish(),
  packages: z.record(z.string(), LockPackage).nullish(),
  dependencies: z.record(z.string(), V1Dependency).nullish(),
});

const NODE_MODULES = 'node_modules';

/** The package name from a `node_modules/...` path: what follows its last node_modules. */
function nameFromPath(path: string): string {
  const index = path.lastIndexOf(NODE_MODULES);
  return index === -1 ? path : path.slice(index + NODE_MODULES.length).replace(/^\//, '');
}

/** Trivy's findDependsOn: the nearest node_modules/<name> from the package's own directory up to the root. */
function resolvedId(pkgPath: string, name: string, packages: Readonly<Record<string, LockPackage>>): string | null {
  const parts = `${pkgPath}/${NODE_MODULES}`.split('/');
  for (let i = parts.length - 1; i >= 0; i--) {
    if (parts[i] !== NODE_MODULES) continue;
    const dep = packages[[...parts.slice(0, i + 1), name].join('/')];
    if (dep) return packageId('npm', name, dep.version ?? '');
  }
  return null;
}

/** Links (workspaces) moved to the path that links to them, as Trivy's resolveLinks does. */
function resolveLinks(packages: Record<string, LockPackage>): void {
  const links = Object.entries(packages).filter(([, pkg]) => pkg.link);
  for (const [path, pkg] of links) if (!pkg.resolved) delete packages[path];
  const live = links.filter(([, pkg]) => pkg.resolved);
  if (live.length === 0) return;
  for (const [pkgPath, pkg] of Object.entries(packages)) {
    for (const [linkPath, link] of live) {
      const target = link.resolved ?? '';
      if (!pkgPath.startsWith(target)) continue;
      delete packages[pkgPath];
      packages[pkgPath.replace(target, linkPath)] = { ...pkg, resolved: pkg.resolved || target };
      break;
    }
  }
}

function parseV2(text: string, input: Readonly<Record<string, LockPackage>>): Package[] {
  const packages = { ...input };
  resolveLinks(packages);
  const spans = memberSpans(text, ['packages']);
  const root = packages[''] ?? {};
  const direct = new Set(
    Object.keys({
      ...root.dependencies,
      ...root.optionalDependencies,
      ...root.devDependencies,
      ...root.peerDependencies,
    })
      .map((name) => `${NODE_MODULES}/${name}`)
      .filter((path) => packages[path]),
  );
  const byId = new Map<string, Package>();
  for (const [pkgPath, pkg] of Object.entries(packages)) {
    if (!pkgPath.startsWith(NODE_MODULES)) continue;
    const name = pkg.name || nameFromPath(pkgPath);
    const version = pkg.version ?? '';
    const id = packageId('npm', name, version);
    const indirect = !direct.has(pkgPath);
    const location: Location | undefined = spans.get(pkgPath);
    const licenses = licenseNames(pkg.license);
    const saved = byId.get(id);
    if (saved) {
      const locations = [...(saved.locations ?? []), ...(location ? [location] : [])].sort(
        (a, b) => a.startLine - b.startLine,
      );
      byId.set(id, {
        ...saved,
        dev: Boolean(saved.dev) && Boolean(pkg.dev),
        relationship: saved.relationship === 'indirect' && !indirect ? 'direct' : saved.relationship,
        // A license the first entry lacks is taken from a later one.
        ...(!saved.licenses && licenses.length > 0 && { licenses }),
        locations,
      });
      continue;
    }
    const dependsOn = Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies, ...pkg.peerDependencies })
      .flatMap((dep) => resolvedId(pkgPath, dep, packages) ?? [])
      .sort();
    byId.set(id, {
      id,
      name,
      version,
      relationship: indirect ? 'indirect' : 'direct',
      ...(licenses.length > 0 && { licenses }),
      dev: Boolean(pkg.dev),
      ...(dependsOn.length > 0 && { dependsOn: [...new Set(dependsOn)] }),
      ...(location && { locations: [location] }),
    });
  }
  return [...byId.values()].map(({ dev, ...pkg }) => (dev ? { ...pkg, dev } : pkg));
}

function parseV1(
  text: string,
  dependencies: Readonly<Record<string, V1Dependency>>,
  keys: readonly string[],
  inherited: ReadonlyMap<string, string>,
): Package[] {
  const versions = new Map(inherited);
  for (const [name, dep] of Object.entries(dependencies)) versions.set(name, dep.version ?? '');
  const spans = memberSpans(text, keys);
  const packages: Package[] = [];
  for (const [name, dep] of Object.entries(dependencies)) {
    const version = dep.version ?? '';
    const dependsOn = Object.keys(dep.requires ?? {}).flatMap((required) => {
      const nested = dep.dependencies?.[required];
      const resolved = nested ? (nested.version ?? '') : versions.get(required);
      return resolved === undefined ? [] : [packageId('npm', required, resolved)];
    });
    const location = spans.get(name);
    packages.push({
      id: packageId('npm', name, version),
      name,
      version,
      relationship: 'unknown', // v1 does not tell direct from indirect dependencies
      ...(dep.dev && { dev: true }),
      ...(dependsOn.length > 0 && { dependsOn: [...new Set(dependsOn)].sort() }),
      ...(location && { locations: [location] }),
    });
    if (dep.dependencies) {
      packages.push(...parseV1(text, dep.dependencies, [...keys, name, 'dependencies'], versions));
    }
  }
  return packages;
}

/** Trivy's UniquePackages for v1: one package per id, its locations joined. */
function unique(packages: readonly Package[]): Package[] {
  const byId = new Map<string, Package>();
  for (const pkg of packages) {
    const saved = byId.get(pkg.id);
    if (!saved) byId.set(pkg.id, pkg);
    else {
      const locations = [...(saved.locations ?? []), ...(pkg.locations ?? [])].sort(
        (a, b) => a.startLine - b.startLine,
      );
      byId.set(pkg.id, { ...saved, locations });
    }
  }
  return [...byId.values()];
}

/** Whether a path is inside a node_modules directory (those lock files are npm's own copies). */
const inNodeModules = (path: string): boolean => path.split('/').includes(NODE_MODULES);

export const npm: Analyzer = {
  id: 'npm',
  // 2: licenses of v2/v3 lock files' packages, and installed package.json files for the others' licenses.
  version: 2,
  wants: (path) =>
    ((path === 'package-lock.json' || path.endsWith('/package-lock.json')) && !inNodeModules(path)) ||
    isNodeModulesPackage(path),
  async analyze(file): Promise<AnalyzerResult> {
    const text = await file.text();
    if (isNodeModulesPackage(file.path)) return nodeModulesPackage(file.path, text);
    const read = parseJsonLock(file, text, LockFile, 'package-lock.json');
    if ('failed' in read) return read.failed;
    const lock = read.data;
    const packages =
      lock.lockfileVersion === 1
        ? unique(parseV1(text, lock.dependencies ?? {}, ['dependencies'], new Map()))
        : parseV2(text, lock.packages ?? {});
    return lockResult('npm', file, packages);
  },
};
