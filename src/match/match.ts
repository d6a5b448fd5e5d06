// Packages × advisories → findings: looks each package up in the DB and keeps the advisories whose
// ranges contain its installed version, with the vulnerability's details as Trivy reports them.
import type { Advisory, VulnDb, VulnerabilityDetail } from '../db/types.js';
import {
  type Finding,
  formatVersion,
  type OS,
  type Package,
  type Problem,
  SEVERITIES,
  type Severity,
  type TargetResult,
} from '../types.js';
import { versionSchemes } from '../version/index.js';
import type { VersionScheme } from '../version/types.js';
import { type Lookup, langLookup, osLookup } from './ecosystems.js';
import { evaluateAffected, fixedVersionsOf } from './ranges.js';
import { sortFindings } from './sort.js';

/** One advisory that affects a package, and why. */
export interface PackageMatch {
  readonly advisory: Advisory;
  /** The range (as text) that contains the version that was compared. */
  readonly range: string;
  /** Trivy's FixedVersion: every fixed event of the advisory's ranges, ", "-joined; '' when none. */
  readonly fixedVersion: string;
}

export interface PackageMatches {
  readonly matches: readonly PackageMatch[];
  readonly problems: readonly Problem[];
}

/**
 * The version compared against the advisories: the source package's version for OS packages, as
 * Trivy compares them (utils.FormatSrcVersion), else the package's own `epoch:version-release`.
 */
export function comparedVersion(pkg: Package): string {
  return pkg.srcVersion
    ? formatVersion(pkg.srcEpoch, pkg.srcVersion, pkg.srcRelease)
    : formatVersion(pkg.epoch, pkg.version, pkg.release);
}

/** The name looked up: the source package for OS packages (OSV names source packages), else the name. */
export function lookupName(pkg: Package): string {
  return pkg.srcName || pkg.name;
}

/**
 * The entries of one record that name the same package are one advisory with all their ranges, as
 * trivy-db merges them (a record may repeat a package with different ranges).
 */
function mergeEntries(advisories: readonly Advisory[]): Advisory[] {
  const merged = new Map<string, Advisory>();
  for (const advisory of advisories) {
    const key = `${advisory.advisoryId}\u0000${advisory.vulnerabilityId}`;
    const seen = merged.get(key);
    merged.set(
      key,
      seen
        ? {
            ...seen,
            ranges: [...seen.ranges, ...advisory.ranges],
            versions: [...seen.versions, ...advisory.versions],
            severity: seen.severity ?? advisory.severity,
          }
        : advisory,
    );
  }
  return [...merged.values()];
}

/**
 * The advisories (all for this package's name and ecosystem) that affect the package. Pure: a version
 * the scheme cannot parse, in the package or in a record, is a Problem and never a match.
 */
export function matchPackage<V>(
  pkg: Package,
  advisories: readonly Advisory[],
  scheme: VersionScheme<V>,
): PackageMatches {
  const version = comparedVersion(pkg);
  // Trivy skips packages without a version (a Go main module built as `(devel)`, a local replacement) and
  // those no advisory names, quietly: only a version that could have matched is worth a warning.
  if (version === '' || advisories.length === 0) return { matches: [], problems: [] };
  const installed = scheme.parse(version);
  if (installed === null) {
    const reason = `${pkg.name}: installed version '${version}' is not a valid ${scheme.id} version; not matched`;
    return { matches: [], problems: [{ path: pkg.filePath ?? pkg.id, reason }] };
  }
  const matches: PackageMatch[] = [];
  const problems: Problem[] = [];
  for (const advisory of mergeEntries(advisories)) {
    const verdict = evaluateAffected(installed, advisory.ranges, advisory.versions, scheme);
    for (const reason of verdict.problems) {
      problems.push({ path: `${advisory.advisoryId} (${advisory.ecosystem}/${advisory.packageName})`, reason });
    }
    if (verdict.hit)
      matches.push({ advisory, range: verdict.hit.range, fixedVersion: fixedVersionsOf(advisory.ranges) });
  }
  return { matches, problems };
}

/** Findings and the problems met on the way, for one target. */
export interface TargetMatches {
  readonly findings: readonly Finding[];
  readonly problems: readonly Problem[];
}

/** The lookup for a target: by the OS for OS packages, by the target type for language packages. */
export function lookupFor(target: TargetResult, os: OS | undefined): Lookup | undefined {
  if (target.class === 'os-pkgs') return os ? osLookup(os) : undefined;
  return langLookup(target.type);
}

/** Matches every package of a target against the DB; see `matchTarget`. */
export function matchTargetWithProblems(target: TargetResult, os: OS | undefined, db: VulnDb): TargetMatches {
  const lookup = lookupFor(target, os);
  if (!lookup) {
    const what = target.class === 'os-pkgs' ? `OS ${os ? `${os.family} ${os.name}` : '(not detected)'}` : target.type;
    return { findings: [], problems: [{ path: target.target, reason: `${what} is not supported; not scanned` }] };
  }
  const scheme = versionSchemes.get(lookup.scheme);
  if (!scheme) {
    const reason = `no ${lookup.scheme} version scheme for ${lookup.ecosystem}; not scanned`;
    return { findings: [], problems: [{ path: target.target, reason }] };
  }
  const findings: Finding[] = [];
  const problems: Problem[] = [];
  const dataSource = db.dataSource(lookup.ecosystem);
  for (const pkg of target.packages) {
    const result = matchPackage(pkg, db.advisoriesFor(lookup.ecosystem, lookupName(pkg)), scheme);
    problems.push(...result.problems);
    for (const match of result.matches) {
      findings.push(findingOf(pkg, match, db, target.class === 'lang-pkgs', dataSource, lookupName(pkg)));
    }
  }
  return { findings: sortFindings(uniqueFindings(findings)), problems };
}

/**
 * The findings of a target, one per (vulnerability, package), in Trivy's order. OS packages are looked
 * up by source name in the OS release's namespace ('Debian:11'); language packages by ecosystem.
 */
export function matchTarget(target: TargetResult, os: OS | undefined, db: VulnDb): Finding[] {
  return [...matchTargetWithProblems(target, os, db).findings];
}

function findingOf(
  pkg: Package,
  match: PackageMatch,
  db: VulnDb,
  isLang: boolean,
  dataSource: ReturnType<VulnDb['dataSource']>,
  name: string,
): Finding {
  const { advisory } = match;
  const detail = db.vulnerability(advisory.vulnerabilityId);
  const vendorIds = advisory.advisoryId !== advisory.vulnerabilityId ? [advisory.advisoryId] : undefined;
  const reported = reportedSeverity(advisory, detail, dataSource?.id);
  return {
    vulnerabilityId: advisory.vulnerabilityId,
    vendorIds,
    pkgId: pkg.id,
    pkgName: pkg.name,
    // Trivy sets PkgPath for language packages only (the file the package was read from).
    pkgPath: isLang ? pkg.filePath : undefined,
    purl: pkg.purl,
    installedVersion: formatVersion(pkg.epoch, pkg.version, pkg.release),
    fixedVersion: match.fixedVersion || undefined,
    status: match.fixedVersion ? 'fixed' : 'affected',
    layer: pkg.layer,
    severitySource: reported.source,
    primaryUrl: detail?.primaryUrl,
    dataSource,
    title: detail?.title,
    description: detail?.description,
    severity: reported.severity,
    cweIds: detail?.cweIds,
    vendorSeverity: detail?.vendorSeverity,
    cvss: detail?.cvss,
    references: detail?.references,
    publishedDate: detail?.publishedDate,
    lastModifiedDate: detail?.lastModifiedDate,
    match: { advisoryId: advisory.advisoryId, ecosystem: advisory.ecosystem, lookupName: name, range: match.range },
  };
}

/**
 * The severity reported for a finding and its source, as Trivy's FillInfo and autoDetectSeverity choose it
 * (pkg/vulnerability/vulnerability.go): a severity the record gives for this package (trivy-db
 * Advisory.Severity); else the vendor severity of the finding's data source; for GHSA ids, GitHub's; then
 * NVD's; else the severity merged across sources, reported without a source.
 */
export function reportedSeverity(
  advisory: Advisory,
  detail: VulnerabilityDetail | undefined,
  dataSourceId: string | undefined,
): { severity: Severity; source?: string } {
  if (advisory.severity) return { severity: advisory.severity, source: advisory.dataSource?.id ?? dataSourceId };
  if (!detail) return { severity: 'UNKNOWN' };
  const order = [dataSourceId, ...(advisory.vulnerabilityId.startsWith('GHSA-') ? ['ghsa'] : []), 'nvd'];
  for (const source of order) {
    const rank = source === undefined ? undefined : detail.vendorSeverity[source];
    const severity = rank === undefined ? undefined : SEVERITIES[rank];
    if (severity) return { severity, source };
  }
  return { severity: detail.severity };
}

/**
 * One finding per (vulnerability, package, installed version, path). When several advisories give the same
 * vulnerability for a package, Trivy keeps the one with the greater FixedVersion string (pkg/result/filter.go
 * shouldOverwrite); their advisory ids are kept together in VendorIDs.
 */
export function uniqueFindings(findings: readonly Finding[]): Finding[] {
  const byKey = new Map<string, Finding>();
  for (const finding of findings) {
    const key = [finding.vulnerabilityId, finding.pkgId, finding.pkgName, finding.installedVersion, finding.pkgPath]
      .map((part) => part ?? '')
      .join('\u0000');
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, finding);
      continue;
    }
    const kept = (seen.fixedVersion ?? '') < (finding.fixedVersion ?? '') ? finding : seen;
    const vendorIds = [...new Set([...(seen.vendorIds ?? []), ...(finding.vendorIds ?? [])])].sort();
    byKey.set(key, { ...kept, vendorIds: vendorIds.length > 0 ? vendorIds : undefined });
  }
  return [...byKey.values()];
}
