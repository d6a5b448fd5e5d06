// The license scanner's report targets (trivy pkg/scan/local/service.go scanLicenses): one "OS Packages" target
// with every OS package's licenses, then one target per language target whose packages declare licenses, each
// license classified. A license given as text (`text://...`) is classified by the lists' text patterns and
// named `CUSTOM License: <first three words>...`.
import { AGGREGATED_TARGETS } from '../inventory/merge.js';
import { LICENSE_TEXT_PREFIX } from '../report/license-expression.js';
import type { Package, TargetResult } from '../types.js';
import type { LicenseClassifier } from './category.js';
import type { DetectedLicense } from './types.js';

/** What the license scan reads of a package target. */
export type PackageTarget = Pick<TargetResult, 'target' | 'class' | 'type' | 'packages'>;

/** Trivy's target of the OS packages' licenses. */
export const OS_LICENSE_TARGET = 'OS Packages';

/** Trivy's CustomLicensePrefix and TrimLicenseText: the first three space-separated words and `...`. */
const customName = (text: string): string => `CUSTOM License: ${text.split(' ').slice(0, 3).join(' ')}...`;

/** One declared license of a package, classified (Trivy's toDetectedLicense). */
export function detectLicense(
  classifier: LicenseClassifier,
  license: string,
  pkgName: string,
  filePath: string,
): DetectedLicense {
  const base = { pkgName, filePath, confidence: 1, link: '' };
  if (license.startsWith(LICENSE_TEXT_PREFIX)) {
    const text = license.slice(LICENSE_TEXT_PREFIX.length);
    return { ...classifier.classifyText(text), ...base, name: customName(text), text };
  }
  return { ...classifier.classify(license), ...base, name: license, text: '' };
}

const licensesOf = (
  classifier: LicenseClassifier,
  packages: readonly Package[],
  filePathOf: (pkg: Package) => string,
): DetectedLicense[] =>
  packages.flatMap((pkg) =>
    (pkg.licenses ?? []).map((license) => detectLicense(classifier, license, pkg.name, filePathOf(pkg))),
  );

export interface LicenseScanOptions {
  /** `--pkg-types`: OS packages' licenses with `os`, language packages' with `library`. */
  readonly pkgTypes: readonly string[];
}

/**
 * The license targets of a scan's package targets: OS packages first (a target even when none declares a
 * license, as Trivy's), then each language target with at least one license, in Trivy's order of applications
 * (by type, so `Ruby` (gemspec) before `Node.js` (node-pkg) before `Python` (python-pkg)). A language package's FilePath is
 * its own file, else its target's file (lock files); language-named targets have no file of their own.
 */
export function licenseTargets(
  targets: readonly PackageTarget[],
  classifier: LicenseClassifier,
  options: LicenseScanOptions,
): TargetResult[] {
  const out: TargetResult[] = [];
  const os = targets.filter((t) => t.class === 'os-pkgs' && t.packages.length > 0);
  if (options.pkgTypes.includes('os') && os.length > 0) {
    const licenses = os.flatMap((t) => licensesOf(classifier, t.packages, () => ''));
    out.push(licenseTarget(OS_LICENSE_TARGET, licenses));
  }
  if (options.pkgTypes.includes('library')) {
    for (const target of applicationOrder(targets.filter((t) => t.class === 'lang-pkgs'))) {
      const appPath = appPathOf(target);
      const licenses = licensesOf(classifier, target.packages, (pkg) => pkg.filePath || appPath);
      if (licenses.length > 0) out.push(licenseTarget(target.target, licenses));
    }
  }
  return out;
}

/** The file of an application: none for targets named by their language (Trivy's aggregated applications). */
const appPathOf = (target: PackageTarget): string => (target.type in AGGREGATED_TARGETS ? '' : target.target);

const goLess = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Trivy's order of applications (ArtifactDetail.Sort): by type, then file, then number of packages. */
const applicationOrder = (targets: readonly PackageTarget[]): PackageTarget[] =>
  [...targets].sort(
    (a, b) => goLess(a.type, b.type) || goLess(appPathOf(a), appPathOf(b)) || a.packages.length - b.packages.length,
  );

const licenseTarget = (target: string, licenses: readonly DetectedLicense[]): TargetResult => ({
  target,
  class: 'license',
  type: '',
  packages: [],
  vulnerabilities: [],
  licenses,
});
