// One parsed OSV record → the rows it adds to the DB: affected packages and vulnerability details, per CVE id.
import type { Cvss, Severity } from '../types.js';
import { isCveId, looksLikeCveId, normalizeName, sourceIdFor, splitEcosystem } from './ecosystem.js';
import type { OsvAffected, OsvRange, OsvRecord, OsvSeverity } from './osv.js';
import { scoreVector, severityFromWord } from './severity.js';
import type { AffectedRange, RangeEvent } from './types.js';

/** One row of the `affected` table: one package in one ecosystem namespace, under one vulnerability id. */
export interface AffectedRow {
  readonly ecosystem: string;
  readonly namespace: string;
  /** Normalised name, the lookup key. */
  readonly name: string;
  readonly packageName: string;
  readonly advisoryId: string;
  readonly vulnerabilityId: string;
  readonly sourceId: string;
  readonly ranges: readonly AffectedRange[];
  readonly versions: readonly string[];
  readonly severity?: Severity;
}

/** What one record says about one vulnerability id; the read side merges the rows of all records. */
export interface DetailRow {
  readonly vulnerabilityId: string;
  readonly advisoryId: string;
  readonly sourceId: string;
  readonly title?: string;
  readonly description?: string;
  /** The record's own rating (vendor word), when it gives one. */
  readonly severity?: Severity;
  readonly cvss: Cvss;
  readonly cweIds: readonly string[];
  readonly references: readonly string[];
  /** Every other id the record names (its own id, aliases, upstream), CVE or not. */
  readonly aliases: readonly string[];
  readonly published?: string;
  readonly modified: string;
}

export type SkipCategory = 'withdrawn' | 'informational' | 'malformed';

export type Interpretation =
  | {
      readonly kind: 'import';
      /** The OSV ecosystem (no namespace) the record is counted under. */
      readonly ecosystem: string;
      readonly affected: readonly AffectedRow[];
      readonly details: readonly DetailRow[];
    }
  | { readonly kind: 'skip'; readonly category: SkipCategory; readonly ecosystem: string; readonly reason: string };

/**
 * Interprets a record. Vulnerability ids follow trivy-db's groupVulnIDs: every CVE id among the record's id,
 * aliases and (Debian's, Alpine's) upstream ids is a vulnerability id, and the record is stored once per CVE
 * (trivy-db's Debian source likewise stores a DSA naming several CVEs under each CVE); a record naming no CVE
 * is stored under its own id. Withdrawn records and informational notices (RustSec 'unmaintained', ...) are
 * skipped; a record built on a malformed CVE id (Alpine's 'CVE-2017-8073.patch') is malformed.
 */
export function interpretRecord(record: OsvRecord, now: Date): Interpretation {
  const ecosystem = countedEcosystem(record);
  const skip = (category: SkipCategory, reason: string): Interpretation => ({
    kind: 'skip',
    category,
    ecosystem,
    reason,
  });

  if (record.withdrawn) {
    const at = Date.parse(record.withdrawn);
    if (Number.isNaN(at)) return skip('malformed', `withdrawn: '${record.withdrawn}' is not a date`);
    if (at <= now.getTime()) return skip('withdrawn', `withdrawn on ${record.withdrawn}`);
  }
  const informational = informationalKind(record.affected);
  if (informational) return skip('informational', `informational notice (${informational}), not a vulnerability`);

  const named = unique([record.id, ...record.aliases, ...record.upstream]);
  const malformed = named.filter((id) => looksLikeCveId(id) && !isCveId(id));
  // The record's own id is derived from the malformed one: it has no sound identity. A malformed alias in an
  // otherwise sound record (NSWG-ECO-12's 'CVE-2014-4671A') is only left out of the ids.
  const foundation = malformed.find((id) => record.id === id || record.id.endsWith(`-${id}`));
  if (foundation !== undefined) return skip('malformed', `id '${foundation}' is not a well-formed CVE id`);
  const ids = named.filter((id) => !malformed.includes(id));
  const cves = ids.filter(isCveId);
  const vulnerabilityIds = cves.length > 0 ? cves : [record.id];

  const own = ownSeverity(record);
  const cvss = cvssOf(record);
  const cweIds = stringsAt(record.database_specific, 'cwe_ids');
  const references = unique(record.references.map((r) => r.url.trim()).filter((u) => u !== ''));
  const affected: AffectedRow[] = [];
  const details: DetailRow[] = [];
  for (const vulnerabilityId of vulnerabilityIds) {
    affected.push(...affectedRows(record, vulnerabilityId));
    details.push({
      vulnerabilityId,
      advisoryId: record.id,
      sourceId: sourceIdFor(ecosystem, record.id),
      title: record.summary?.trim() || undefined,
      description: record.details?.trim() || undefined,
      severity: own,
      cvss,
      cweIds,
      references,
      aliases: ids.filter((id) => id !== vulnerabilityId),
      published: record.published ?? undefined,
      modified: record.modified,
    });
  }
  return { kind: 'import', ecosystem, affected: mergeRows(affected), details };
}

/** The ecosystem a record is counted under: that of its first package, without the namespace. */
export function countedEcosystem(record: { readonly affected: readonly OsvAffected[] }): string {
  const first = record.affected.find((a) => a.package)?.package;
  return first ? splitEcosystem(first.ecosystem).ecosystem : 'unknown';
}

function affectedRows(record: OsvRecord, vulnerabilityId: string): AffectedRow[] {
  const rows: AffectedRow[] = [];
  for (const entry of record.affected) {
    if (!entry.package) continue;
    const ranges = entry.ranges.map(toRange);
    if (ranges.length === 0 && entry.versions.length === 0) continue; // names no affected version
    const { ecosystem, namespace } = splitEcosystem(entry.package.ecosystem);
    rows.push({
      ecosystem,
      namespace,
      name: normalizeName(ecosystem, entry.package.name),
      packageName: entry.package.name,
      advisoryId: record.id,
      vulnerabilityId,
      sourceId: sourceIdFor(ecosystem, record.id),
      ranges,
      versions: entry.versions,
      severity: wordAt(entry.ecosystem_specific, 'severity') ?? wordAt(entry.database_specific, 'severity'),
    });
  }
  return rows;
}

/** The same package listed twice (different ranges, or verbatim duplicates) becomes one row with both. */
function mergeRows(rows: readonly AffectedRow[]): AffectedRow[] {
  const byKey = new Map<string, AffectedRow>();
  for (const row of rows) {
    const key = JSON.stringify([row.ecosystem, row.namespace, row.name, row.vulnerabilityId]);
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, row);
      continue;
    }
    const ranges = uniqueBy([...seen.ranges, ...row.ranges], (r) => JSON.stringify(r));
    byKey.set(key, {
      ...seen,
      ranges,
      versions: unique([...seen.versions, ...row.versions]),
      severity: seen.severity ?? row.severity,
    });
  }
  return [...byKey.values()];
}

function toRange(range: OsvRange): AffectedRange {
  const events = range.events.map((e): RangeEvent => {
    if (e.introduced !== undefined) return { introduced: e.introduced };
    if (e.fixed !== undefined) return { fixed: e.fixed };
    if (e.last_affected !== undefined) return { last_affected: e.last_affected };
    return { limit: e.limit ?? '' };
  });
  return range.repo ? { type: range.type, repo: range.repo, events } : { type: range.type, events };
}

/**
 * The record's own rating: an 'Ubuntu' severity entry, database_specific.severity (GHSA's LOW/MODERATE/HIGH/
 * CRITICAL), else the first affected entry's ecosystem_specific / database_specific severity.
 */
function ownSeverity(record: OsvRecord): Severity | undefined {
  const ubuntu = record.severity.find((s) => s.type === 'Ubuntu');
  const fromEntries = record.affected
    .map((a) => wordAt(a.ecosystem_specific, 'severity') ?? wordAt(a.database_specific, 'severity'))
    .find((s) => s !== undefined);
  return (ubuntu && severityFromWord(ubuntu.score)) ?? wordAt(record.database_specific, 'severity') ?? fromEntries;
}

/**
 * CVSS of the record: vectors from `severity` (record, then affected entries), then the vectors and bare
 * scores some databases keep in database_specific (npm security-wg 'cvss_vector'/'cvss_score', RubyGems
 * 'cvss_v2'/'cvss_v3', RustSec 'cvss'). The first valid value of each version wins.
 */
function cvssOf(record: OsvRecord): Cvss {
  const vectors: string[] = [...record.severity, ...record.affected.flatMap((a) => a.severity)]
    .filter((s: OsvSeverity) => s.type.startsWith('CVSS_'))
    .map((s) => s.score);
  const extra = [record.database_specific, ...record.affected.map((a) => a.database_specific)];
  for (const ds of extra) {
    for (const key of ['cvss_vector', 'cvss']) {
      const value = objectAt(ds)?.[key];
      if (typeof value === 'string') vectors.push(value);
    }
  }
  const cvss: { -readonly [K in keyof Cvss]: Cvss[K] } = {};
  for (const raw of vectors) {
    const scored = scoreVector(raw);
    if (!scored) continue;
    if (scored.version === 'v2' && cvss.v2Vector === undefined)
      Object.assign(cvss, { v2Vector: scored.vector, v2Score: scored.score });
    if (scored.version === 'v3' && cvss.v3Vector === undefined)
      Object.assign(cvss, { v3Vector: scored.vector, v3Score: scored.score });
    if (scored.version === 'v40' && cvss.v40Vector === undefined)
      Object.assign(cvss, { v40Vector: scored.vector, v40Score: scored.score });
  }
  const ds = objectAt(record.database_specific);
  const bare = (key: string): number | undefined => {
    const value = ds?.[key];
    return typeof value === 'number' && value > 0 && value <= 10 ? value : undefined;
  };
  cvss.v2Score ??= bare('cvss_v2');
  cvss.v3Score ??= bare('cvss_v3') ?? bare('cvss_score');
  cvss.v40Score ??= bare('cvss_v4');
  return Object.fromEntries(Object.entries(cvss).filter(([, v]) => v !== undefined)) as Cvss;
}

/** The notice kind when every package entry is a RustSec informational notice ('unmaintained', 'unsound'...). */
function informationalKind(affected: readonly OsvAffected[]): string | undefined {
  const kinds = affected.map((a) => objectAt(a.database_specific)?.informational);
  if (kinds.length === 0 || !kinds.every((k) => typeof k === 'string' && k !== '')) return undefined;
  return unique(kinds as string[]).join(', ');
}

function objectAt(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function wordAt(value: unknown, key: string): Severity | undefined {
  const word = objectAt(value)?.[key];
  return typeof word === 'string' ? severityFromWord(word) : undefined;
}

function stringsAt(value: unknown, key: string): string[] {
  const list = objectAt(value)?.[key];
  return Array.isArray(list) ? unique(list.filter((x): x is string => typeof x === 'string' && x !== '')) : [];
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}
