// License scanning for a scan command: with `--scanners license`, the classifier over Trivy's category lists
// (trivy.yaml `license.<category>` replaces a list) and the license targets of the scanned packages.
import {
  createLicenseClassifier,
  DEFAULT_LICENSE_CATEGORIES,
  LICENSE_CATEGORY_NAMES,
  type LicenseCategories,
  type LicenseClassifier,
} from '../licensing/category.js';
import { licenseTargets, type PackageTarget } from '../licensing/results.js';
import type { TargetResult } from '../types.js';
import type { FlagValues } from './flags.js';

/** The category lists: each from trivy.yaml `license.<category>` when set there, else Trivy's default. */
export function licenseCategoriesOf(flags: FlagValues): LicenseCategories {
  const lists = Object.fromEntries(
    LICENSE_CATEGORY_NAMES.map((category) => {
      const value = flags[`license-${category}`];
      return [category, Array.isArray(value) ? (value as readonly string[]) : DEFAULT_LICENSE_CATEGORIES[category]];
    }),
  );
  return lists as unknown as LicenseCategories;
}

/** The classifier when `scanners` asks for licenses, else undefined. */
export function licenseClassifierFor(flags: FlagValues, scanners: readonly string[]): LicenseClassifier | undefined {
  return scanners.includes('license') ? createLicenseClassifier(licenseCategoriesOf(flags)) : undefined;
}

/** The license targets of a scan's package targets (none without a classifier), as Trivy appends them last. */
export function licenseResults(
  targets: readonly PackageTarget[],
  classifier: LicenseClassifier | undefined,
  pkgTypes: readonly string[],
): TargetResult[] {
  return classifier ? licenseTargets(targets, classifier, { pkgTypes }) : [];
}
