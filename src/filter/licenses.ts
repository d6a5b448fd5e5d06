// Trivy's filterLicenses (pkg/result/filter.go) and IgnoreConfig.MatchLicense (pkg/result/ignore.go): licenses
// of the severities asked for, then `--ignored-licenses`, then the ignore file's `licenses` entries. An entry
// matches a license by its name (and its file path against the entry's paths); an expression is also ignored
// when each of its licenses is an SPDX id that an entry names on its own.
import type { DetectedLicense, ModifiedLicense } from '../licensing/types.js';
import {
  expressionString,
  isSpdxExpression,
  type LicenseExpr,
  normalizeExpression,
  normalizeLicenseNames,
} from '../report/license-expression.js';
import type { Severity, TargetResult } from '../types.js';
import { globRegExp, type IgnoreConfig, type IgnoreEntry } from './ignore-file.js';

/** Trivy's statement for an expression whose parts are each ignored. */
const ALL_PARTS = 'All license components are individually ignored';

/** The entry naming `id` exactly, for `filePath`, not expired at `now` (IgnoreFindings.Match). */
function entryFor(entries: readonly IgnoreEntry[], id: string, filePath: string, now: Date): IgnoreEntry | undefined {
  return entries.find(
    (entry) =>
      entry.id === id &&
      !(entry.expiresAt && entry.expiresAt.getTime() < now.getTime()) &&
      (entry.paths.length === 0 || entry.paths.some((p) => globRegExp(p)?.test(filePath))),
  );
}

/** Each node Trivy's normalize visits, parents before children (Normalize with the matchLicenses step). */
function* nodes(expr: LicenseExpr): Generator<LicenseExpr> {
  yield expr;
  if (expr.kind === 'compound') {
    yield* nodes(expr.left);
    yield* nodes(expr.right);
  }
}

/** The statement an ignore list gives `name` at `filePath`, or undefined when it is not ignored (MatchLicense). */
export function licenseIgnoreStatement(
  entries: readonly IgnoreEntry[],
  name: string,
  filePath: string,
  now: Date,
): string | undefined {
  const exact = entryFor(entries, name, filePath, now);
  if (exact) return exact.statement;
  const expr = normalizeExpression(name, normalizeLicenseNames);
  if (!expr) return undefined;
  for (const node of nodes(expr)) {
    // An AND / OR is not looked at itself; a WITH is one license (and its sides are looked at too, as in Trivy).
    if (node.kind === 'compound' && node.conjunction !== 'WITH') continue;
    if (!isSpdxExpression(node) || !entryFor(entries, expressionString(node), filePath, now)) return undefined;
  }
  return ALL_PARTS;
}

export interface LicenseFilterOptions {
  readonly severities: readonly Severity[];
  /** `--ignored-licenses`. */
  readonly ignoredLicenses?: readonly string[];
  readonly ignore?: IgnoreConfig;
  readonly now?: Date;
}

/** A license target with the licenses the options keep; the ignored ones kept as modified licenses. */
export function filterLicenses(target: TargetResult, options: LicenseFilterOptions): TargetResult {
  const now = options.now ?? new Date();
  const severities = new Set<string>(options.severities);
  const flagEntries: IgnoreEntry[] = (options.ignoredLicenses ?? []).map((id) => ({
    id,
    paths: [],
    purls: [],
    statement: '',
  }));
  const kept: DetectedLicense[] = [];
  const modified: ModifiedLicense[] = [];
  for (const license of target.licenses ?? []) {
    if (!severities.has(license.severity)) continue;
    if (licenseIgnoreStatement(flagEntries, license.name, license.filePath, now) !== undefined) {
      modified.push({
        type: 'license',
        status: 'ignored',
        statement: '',
        source: '--ignored-licenses',
        finding: license,
      });
      continue;
    }
    const statement = options.ignore
      ? licenseIgnoreStatement(options.ignore.licenses ?? [], license.name, license.filePath, now)
      : undefined;
    if (statement !== undefined && options.ignore) {
      modified.push({ type: 'license', status: 'ignored', statement, source: options.ignore.file, finding: license });
      continue;
    }
    kept.push(license);
  }
  const out: TargetResult = { ...target, licenses: kept };
  return modified.length > 0 ? { ...out, modifiedLicenses: [...(target.modifiedLicenses ?? []), ...modified] } : out;
}
