// One key per package for joining packages and findings inside a target. Trivy's PkgID where the analyzer gave
// one; `name@version` where it gave none (installed Python, Ruby and Conda packages, requirements.txt).
import type { Finding, Package } from './types.js';

export const packageKey = (pkg: Pick<Package, 'id' | 'name' | 'version'>): string =>
  pkg.id || `${pkg.name}@${pkg.version}`;

/** The key of the package a finding is about, equal to `packageKey` of that package. */
export const findingPackageKey = (finding: Pick<Finding, 'pkgId' | 'pkgName' | 'installedVersion'>): string =>
  finding.pkgId || `${finding.pkgName}@${finding.installedVersion}`;
