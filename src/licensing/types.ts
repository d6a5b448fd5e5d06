// The license scanner's findings (Trivy's types.DetectedLicense and fanal types.LicenseCategory).
import type { Severity } from '../types.js';

/** Trivy's license categories. */
export type LicenseCategory =
  | 'forbidden'
  | 'restricted'
  | 'reciprocal'
  | 'notice'
  | 'permissive'
  | 'unencumbered'
  | 'unknown';

/** One license of one package (Trivy's DetectedLicense). */
export interface DetectedLicense {
  /** The category's severity; empty when the name does not parse as a license expression. */
  readonly severity: Severity | '';
  readonly category: LicenseCategory;
  readonly pkgName: string;
  /** The file the package came from (language packages); empty for OS packages. */
  readonly filePath: string;
  /** The license as the package declares it (normalised), or `CUSTOM License: <first words>...` for a text. */
  readonly name: string;
  /** The license text, for a license given as text rather than a name. */
  readonly text: string;
  /** 1 for a declared license (Trivy's classifier's confidence for a license found in a file). */
  readonly confidence: number;
  readonly link: string;
}

/** A license an ignore file or `--ignored-licenses` suppressed (Trivy's ModifiedFinding of type `license`). */
export interface ModifiedLicense {
  readonly type: 'license';
  readonly status: 'ignored';
  readonly statement: string;
  /** The ignore file, or `--ignored-licenses`. */
  readonly source: string;
  readonly finding: DetectedLicense;
}
