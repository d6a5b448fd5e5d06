// The filter stage: pure functions from a scan result to the scan result the user asked to see.
// Composed as Trivy applies them (pkg/result/filter.go): targets by package type, then each finding by
// severity and status, then one finding per (vulnerability, package) and Trivy's order.
// Ignore files and VEX documents are further finding filters and slot in after the status filter.
import { uniqueFindings } from '../match/match.js';
import { sortFindings } from '../match/sort.js';
import type {
  Finding,
  ModifiedFinding,
  ModifiedSecret,
  ScanResult,
  Severity,
  TargetResult,
  VulnStatus,
} from '../types.js';
import { type IgnoreConfig, matchIgnore, matchSecretIgnore } from './ignore-file.js';
import { filterLicenses } from './licenses.js';
import { byPkgTypes } from './pkg-types.js';
import { bySeverity } from './severity.js';
import { byStatus, ignoredStatuses } from './status.js';
import { type VexDocument, vexStatementFor } from './vex.js';

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
  /** `--ignorefile`, read: its entries suppress findings (kept as modified findings). */
  readonly ignore?: IgnoreConfig;
  /** `--vex` documents, in the order given. */
  readonly vex?: readonly VexDocument[];
  /** The clock that decides whether ignore entries have expired. */
  readonly now?: Date;
  /** `--ignored-licenses`: license names whose findings are suppressed. */
  readonly ignoredLicenses?: readonly string[];
}

type FindingFilter = (finding: Finding, target: TargetResult) => boolean;

function findingFilters(options: FilterOptions): FindingFilter[] {
  return [bySeverity(options.severities), byStatus(ignoredStatuses(options.ignoreUnfixed, options.ignoreStatuses))];
}

/**
 * VEX first (on every finding, as Trivy's vex.Filter runs before the result filter), then severity and
 * status, then the ignore file: what VEX or the ignore file suppress is kept as modified findings.
 */
function suppress(
  findings: readonly Finding[],
  target: TargetResult,
  options: FilterOptions,
  filters: readonly FindingFilter[],
): { kept: Finding[]; modified: ModifiedFinding[] } {
  const kept: Finding[] = [];
  const modified: ModifiedFinding[] = [];
  for (const finding of findings) {
    const vex = (options.vex ?? [])
      .map((doc) => ({ doc, statement: vexStatementFor(doc, finding) }))
      .filter((v) => v.statement !== undefined)
      .at(-1);
    const vexStatus = vex?.statement?.status;
    if (vex?.statement && (vexStatus === 'not_affected' || vexStatus === 'fixed')) {
      const { statement, justification } = vex.statement;
      modified.push({
        type: 'vulnerability',
        status: vexStatus,
        statement: statement || justification || '',
        source: vex.doc.file,
        justification,
        finding,
      });
      continue;
    }
    if (!filters.every((keep) => keep(finding, target))) continue;
    const ignored = options.ignore
      ? matchIgnore(options.ignore, finding, target, options.now ?? new Date())
      : undefined;
    if (ignored && options.ignore) {
      modified.push({
        type: 'vulnerability',
        status: 'ignored',
        statement: ignored.statement,
        source: options.ignore.file,
        finding,
      });
      continue;
    }
    kept.push(finding);
  }
  return { kept, modified };
}

/**
 * Trivy's filterSecrets: secrets of the severities asked for, then the ignore file's `secrets` entries by rule id
 * and the file's path (what they suppress is kept as modified findings). VEX and statuses do not apply.
 */
function filterSecrets(target: TargetResult, options: FilterOptions): TargetResult {
  const severities = new Set(options.severities);
  const kept: NonNullable<TargetResult['secrets']>[number][] = [];
  const modified: ModifiedSecret[] = [];
  for (const secret of target.secrets ?? []) {
    if (!severities.has(secret.severity)) continue;
    const ignored = options.ignore
      ? matchSecretIgnore(options.ignore, secret.ruleId, target.target, options.now ?? new Date())
      : undefined;
    if (ignored && options.ignore) {
      modified.push({
        type: 'secret',
        status: 'ignored',
        statement: ignored.statement,
        source: options.ignore.file,
        finding: secret,
      });
    } else kept.push(secret);
  }
  const out: TargetResult = { ...target, secrets: kept };
  return modified.length > 0 ? { ...out, modifiedSecrets: [...(target.modifiedSecrets ?? []), ...modified] } : out;
}

/** The result with the targets and findings the options keep, findings in Trivy's order. */
export function applyFilters(result: ScanResult, options: FilterOptions): ScanResult {
  const pkgTypes = byPkgTypes(options.pkgTypes);
  // --pkg-types selects package targets; secret and license targets stay (licenses were chosen by it when scanned).
  const keepTarget = (target: TargetResult) =>
    target.class === 'secret' || target.class === 'license' || pkgTypes(target);
  const filters = findingFilters(options);
  const results = result.results.filter(keepTarget).map((target) => {
    if (target.class === 'secret') return filterSecrets(target, options);
    if (target.class === 'license') return filterLicenses(target, options);
    const { kept, modified } = suppress(target.vulnerabilities, target, options, filters);
    const out: TargetResult = { ...target, vulnerabilities: sortFindings(uniqueFindings(kept)) };
    return modified.length > 0 || target.modifiedFindings
      ? { ...out, modifiedFindings: [...(target.modifiedFindings ?? []), ...modified] }
      : out;
  });
  return { ...result, results };
}
