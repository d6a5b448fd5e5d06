// The package results of a scan, for the formats that describe packages only: Trivy's SBOM encoder takes OS and
// language results (pkg/sbom/io/encode.go) and its GitHub dependency snapshot results with packages, so a file's
// secrets make no component, SPDX package or manifest.
import type { ScanResult } from '../types.js';

/** The scan without its secret results. */
export function packageResults(scan: ScanResult): ScanResult {
  return scan.results.some((target) => target.class === 'secret')
    ? { ...scan, results: scan.results.filter((target) => target.class !== 'secret') }
    : scan;
}
