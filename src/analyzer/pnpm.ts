// pnpm's pnpm-lock.yaml (lock file versions 5 to 9) as Trivy's pnpm parser reads it
// (pkg/dependency/parser/nodejs/pnpm). Before v9 the `packages` section lists every package (dev ones marked and
// left out), direct when the top-level dependencies name it. From v9 the `snapshots` section does (ids keep the
// peer-dependency suffix), importers tell direct and dev dependencies apart, and what a production package
// depends on is production too. pnpm 11's separate environment document is skipped.

import semver from 'semver';
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';
import type { Package } from '../types.js';
import { lockResult, unreadable } from './lockfile.js';
import { isNodeModulesPackage, nodeModulesPackage } from './node-modules.js';
import type { Analyzer, AnalyzerResult } from './types.js';

const StringMap = z.record(z.string(), z.string()).nullish();
const ImporterDeps = z.record(z.string(), z.object({ version: z.string().nullish() }).nullable()).nullish();
const LockFile = z.object({
  lockfileVersion: z.union([z.number(), z.string()]).nullish(),
  dependencies: z.record(z.string(), z.unknown()).nullish(),
  packages: z
    .record(
      z.string(),
      z
        .object({
          dependencies: StringMap,
          dev: z.boolean().nullish(),
          name: z.string().nullish(),
          version: z.string().nullish(),
        })
        .nullable(),
    )
    .nullish(),
  importers: z
    .record(
      z.string(),
      z
        .object({
          dependencies: ImporterDeps,
          devDependencies: ImporterDeps,
          configDependencies: z.unknown().optional(),
          packageManagerDependencies: z.unknown().optional(),
        })
        .nullable(),
    )
    .nullish(),
  snapshots: z
    .record(z.string(), z.object({ dependencies: StringMap, optionalDependencies: StringMap }).nullable())
    .nullish(),
});
type LockFile = z.infer<typeof LockFile>;

const pnpmId = (name: string, version: string) => (version === '' ? name : `${name}@${version}`);

/** The version without its peer-dependency suffix: `7.21.5_@babel+core@7.21.8` (v5), `7.21.5(@babel/core@7.20.7)`. */
const trimPeers = (version: string, lockVersion: number) => version.split(lockVersion < 6 ? '_' : '(')[0] ?? '';

/** Name and version of a package key: `/lodash/4.17.10` (v5), `/@babel/core@7.21.0` (v6), `debug@4.3.4(...)` (v9). */
function parseKey(key: string, lockVersion: number): [name: string, version: string] {
  let path = key;
  if (lockVersion < 9) path = key.slice(key.indexOf('/') + 1);
  let scope = '';
  if (path.startsWith('@')) {
    const slash = path.indexOf('/');
    scope = path.slice(0, slash);
    path = path.slice(slash + 1);
  }
  const separator = lockVersion < 6 ? '/' : '@';
  const at = path.indexOf(separator);
  const name = at === -1 ? path : path.slice(0, at);
  const version = at === -1 ? '' : path.slice(at + 1);
  return [scope ? `${scope}/${name}` : name, trimPeers(version, lockVersion)];
}

/** Versions that are not SemVer (file:, links, tarball URLs) are left empty, as Trivy does. */
function cleanVersion(version: string, lockVersion: number): string {
  if (lockVersion < 9 && (version.startsWith('file:') || version.startsWith('http'))) return '';
  return semver.valid(version) === version ? version : '';
}

function beforeV9(lock: LockFile, lockVersion: number): Package[] {
  const direct = new Set(Object.keys(lock.dependencies ?? {}));
  const packages: Package[] = [];
  for (const [key, info] of Object.entries(lock.packages ?? {})) {
    if (info?.dev) continue;
    let name = info?.name ?? '';
    let version = info?.version ?? '';
    if (name === '') {
      [name, version] = parseKey(key, lockVersion);
      version = cleanVersion(version, lockVersion);
    }
    const dependsOn = Object.entries(info?.dependencies ?? {})
      .map(([n, v]) => pnpmId(n, v))
      .sort();
    packages.push({
      id: pnpmId(name, version),
      name,
      version,
      relationship: direct.has(name) ? 'direct' : 'indirect',
      ...(dependsOn.length > 0 ? { dependsOn } : {}),
    });
  }
  return packages;
}

function fromV9(lock: LockFile): Package[] {
  const directDev = new Set<string>();
  const directProd = new Set<string>();
  for (const importer of Object.values(lock.importers ?? {})) {
    for (const [n, v] of Object.entries(importer?.devDependencies ?? {}))
      directDev.add(pnpmId(n, trimPeers(v?.version ?? '', 9)));
    for (const [n, v] of Object.entries(importer?.dependencies ?? {}))
      directProd.add(pnpmId(n, trimPeers(v?.version ?? '', 9)));
  }
  const packages = new Map<string, Package>();
  for (const [key, snapshot] of Object.entries(lock.snapshots ?? {})) {
    const [name, version] = parseKey(key, 9);
    const id = pnpmId(name, version);
    const known = lock.packages?.[id]?.version;
    const dependsOn = Object.entries({ ...snapshot?.optionalDependencies, ...snapshot?.dependencies })
      .filter(([n, v]) => lock.packages?.[pnpmId(n, trimPeers(v, 9))] !== undefined)
      .map(([n, v]) => pnpmId(n, v))
      .sort();
    packages.set(key, {
      id: key,
      name,
      version: known || cleanVersion(version, 9),
      relationship: directDev.has(id) || directProd.has(id) ? 'direct' : 'indirect',
      dev: !directProd.has(id),
      ...(dependsOn.length > 0 ? { dependsOn } : {}),
    });
  }
  // What a production package depends on is production too.
  const stack = [...packages.values()].filter((p) => !p.dev).map((p) => p.id);
  const seen = new Set<string>();
  while (stack.length > 0) {
    const id = stack.pop() as string;
    const pkg = packages.get(id);
    if (seen.has(id) || !pkg) continue;
    seen.add(id);
    packages.set(id, { ...pkg, dev: false });
    stack.push(...(pkg.dependsOn ?? []));
  }
  return [...packages.values()].map(({ dev, ...pkg }) => (dev ? { ...pkg, dev } : pkg));
}

export const pnpm: Analyzer = {
  id: 'pnpm',
  // 2: installed package.json files read for the packages' licenses.
  version: 2,
  wants: (path) =>
    ((path === 'pnpm-lock.yaml' || path.endsWith('/pnpm-lock.yaml')) && !path.split('/').includes('node_modules')) ||
    isNodeModulesPackage(path),
  async analyze(file): Promise<AnalyzerResult> {
    if (isNodeModulesPackage(file.path)) return nodeModulesPackage(file.path, await file.text());
    const docs = parseAllDocuments(await file.text());
    const documents = Array.isArray(docs) ? docs : [docs];
    for (const doc of documents) {
      const error = doc.errors[0];
      if (error) return unreadable(file, `not valid YAML (${error.message.split('\n')[0]})`, error.linePos?.[0].line);
      const parsed = LockFile.safeParse(doc.toJS() ?? {});
      if (!parsed.success) {
        const where = parsed.error.issues[0]?.path.join('.') || 'the top level';
        return unreadable(file, `${where} does not have pnpm-lock.yaml's shape`);
      }
      const lock = parsed.data;
      // pnpm 11's environment document (config and package manager dependencies).
      const environment = Object.values(lock.importers ?? {}).some(
        (i) => i?.configDependencies !== undefined || i?.packageManagerDependencies !== undefined,
      );
      if (environment) continue;
      const lockVersion = Number(lock.lockfileVersion);
      if (lock.lockfileVersion === undefined || lock.lockfileVersion === null || Number.isNaN(lockVersion)) {
        return lockResult('pnpm', file, []);
      }
      const packages = lockVersion >= 9 ? fromV9(lock) : beforeV9(lock, lockVersion);
      return lockResult('pnpm', file, packages);
    }
    return lockResult('pnpm', file, []);
  },
};
