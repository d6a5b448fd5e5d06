// The filter stage: pure functions from a scan result to the scan result the user asked to see.
// Composed as Trivy applies them (pkg/result/filter.go): targets by package type, then each finding by
// severity and status, then one finding per (vulnerability, package) and Trivy's order.
// Ignore files and VEX documents are further finding filters and slot in after the status filter.
import { uniqueFindings } from '../match/match.js';
import { sortFindings } from '../match/sort.js';
import type { Finding, ScanResult, Severity, TargetResult, VulnStatus } from '../types.js';
import { byPkgTypes } from './pkg-types.js';
import { bySeverity } from './severity.js';
import { byStatus, ignoredStatuses } from './status.js';

export interface FilterOptions {
  /** `--severity`: the severities kept. */
  readonly severities: readonly Severity[];
  /** `--ignore-unfixed`: keep only findings with a fix. */
  readonly ignoreUnfixed: boolean;
  /** `--ignore-status`: statuses to drop; when given, `--ignore-unfixed` is ignored (as Trivy does). */
  readonly ignoreStatuses?: readonly VulnStatus[];
  /** `--pkg-types` / `--vuln-type`: 'os' and/or 'library'. */
  readonly pkgTypes: readonly string[];
  /**
   * `--list-all-pkgs`. Packages stay in the result whatever its value: the table summary and dependency
   * views need them. Reporters drop them where Trivy does (JSON without `--list-all-pkgs`).
   */
  readonly listAllPkgs?: boolean;
}

type FindingFilter = (finding: Finding, target: TargetResult) => boolean;

function findingFilters(options: FilterOptions): FindingFilter[] {
  return [bySeverity(options.severities), byStatus(ignoredStatuses(options.ignoreUnfixed, options.ignoreStatuses))];
}

/** The result with the targets and findings the options keep, findings in Trivy's order. */
export function applyFilters(result: ScanResult, options: FilterOptions): ScanResult {
  const keepTarget = byPkgTypes(options.pkgTypes);
  const filters = findingFilters(options);
  const results = result.results.filter(keepTarget).map((target) => ({
    ...target,
    vulnerabilities: sortFindings(
      uniqueFindings(target.vulnerabilities.filter((finding) => filters.every((keep) => keep(finding, target)))),
    ),
  }));
  return { ...result, results };
}
