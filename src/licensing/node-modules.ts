// Licenses of lock-file packages filled from the package.json files installed beside the lock file, as Trivy's
// npm, pnpm, bun and yarn post-analyzers do (pkg/fanal/analyzer/language/nodejs/<type> with nodejs/license
// Traverse): the package.json files under `<lock file's directory>/node_modules`, walked in Go's fs.WalkDir order (a
// later file of the same name@version replaces an earlier one), give their license to the lock file's packages.
import { posix } from 'node:path';
import type { Application, NodeModulesPackage } from '../analyzer/types.js';
import type { Package } from '../types.js';

/**
 * Trivy's IsLicenseRefToFile: a license field that is not exactly one name (none, or several) points to the
 * package's `LICENSE` file; `SEE LICENSE IN <file>` and `LicenseRef-<file>` point to that file. Undefined when the
 * field is the license itself.
 */
export function licenseFileOf(licenses: readonly string[]): string | undefined {
  if (licenses.length !== 1) return 'LICENSE';
  const [license = ''] = licenses;
  let file = '';
  if (license.startsWith('LicenseRef-')) file = license.split('-')[1] ?? '';
  else if (license.startsWith('SEE LICENSE IN ')) file = license.split(' ').at(-1) ?? '';
  return file === '' ? undefined : file;
}

/** Go's fs.WalkDir order: directory by directory, entries by name in byte order. */
function walkOrder(a: NodeModulesPackage, b: NodeModulesPackage): number {
  const x = a.filePath.split('/');
  const y = b.filePath.split('/');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const [p = '', q = ''] = [x[i], y[i]];
    if (p !== q) return Buffer.compare(Buffer.from(p), Buffer.from(q));
  }
  return x.length - y.length;
}

/**
 * Each package's license by its name@version, from the package.json files under `root`. A license that points to
 * a file gives none: Trivy classifies that file's text, but its npm, pnpm and bun analyzers are handed only
 * package.json and lock files, so the file is never found there (its yarn analyzer is handed LICENSE files too:
 * there barnacle, without a license text classifier, gives less).
 */
export function nodeModulesLicenses(
  root: string,
  installed: readonly NodeModulesPackage[],
): Map<string, readonly string[]> {
  const byPath = new Map<string, NodeModulesPackage>();
  for (const pkg of installed) if (pkg.filePath.startsWith(`${root}/`)) byPath.set(pkg.filePath, pkg);
  const licenses = new Map<string, readonly string[]>();
  for (const pkg of [...byPath.values()].sort(walkOrder)) {
    if (licenseFileOf(pkg.licenses) === undefined) licenses.set(pkg.id, pkg.licenses);
  }
  return licenses;
}

/**
 * How each lock-file type takes node_modules licenses: npm only for packages the lock file gives none, by their ID;
 * pnpm and bun for every package, pnpm by `name@version` (its IDs carry peer suffixes), bun by its ID.
 */
const FILLED: Readonly<Record<string, { readonly keep: boolean; readonly key: (pkg: Package) => string }>> = {
  npm: { keep: true, key: (pkg) => pkg.id },
  pnpm: { keep: false, key: (pkg) => (pkg.version === '' ? pkg.name : `${pkg.name}@${pkg.version}`) },
  bun: { keep: false, key: (pkg) => pkg.id },
  // yarn v1's node_modules. Trivy's yarn analyzer is also handed LICENSE files, and classifies the one a
  // package.json points to; without a classifier such a package gets no license here. Yarn 2+'s .yarn/unplugged
  // and .yarn/cache zips are not read.
  yarn: { keep: false, key: (pkg) => pkg.id },
};

/** The npm, pnpm, bun and yarn applications with licenses from node_modules; the others as they are. */
export function withNodeModulesLicenses(
  applications: readonly Application[],
  installed: readonly NodeModulesPackage[],
): Application[] {
  if (installed.length === 0) return [...applications];
  return applications.map((app) => {
    const filled = FILLED[app.type];
    if (!filled) return app;
    const dir = posix.dirname(app.filePath);
    const licenses = nodeModulesLicenses(dir === '.' ? 'node_modules' : `${dir}/node_modules`, installed);
    if (licenses.size === 0) return app;
    return {
      ...app,
      packages: app.packages.map((pkg) => {
        if (filled.keep && (pkg.licenses?.length ?? 0) > 0) return pkg;
        const found = licenses.get(filled.key(pkg));
        return found ? { ...pkg, licenses: found } : pkg;
      }),
    };
  });
}
