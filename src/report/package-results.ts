// The package results of a scan, for the formats that describe packages only: Trivy's SBOM encoder takes OS and
// language results (pkg/sbom/io/encode.go) and its GitHub dependency snapshot results with packages, so a file's
// secrets and the license results make no component, SPDX package or manifest.
import type { ScanResult, TargetResult } from '../types.js';

const isFindingsOnly = (target: TargetResult): boolean => target.class === 'secret' || target.class === 'license';

/** The scan without its secret and license results. */
export function packageResults(scan: ScanResult): ScanResult {
  return scan.results.some(isFindingsOnly)
    ? { ...scan, results: scan.results.filter((target) => !isFindingsOnly(target)) }
    : scan;
}
