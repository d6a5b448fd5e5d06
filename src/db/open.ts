// The read side of barnacle.db: opened read-only, looked up with prepared statements.
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { DbError, messageOf } from '../errors.js';
import type { Cvss, DataSource, Severity } from '../types.js';
import { dataSourceFor, normalizeName, primaryUrlFor, sourceRank, splitEcosystem } from './ecosystem.js';
import type { DetailRow as RecordDetail } from './record.js';
import { SCHEMA_VERSION, type SourceRow } from './schema.js';
import { severityFromScore, severityRank } from './severity.js';
import type { Advisory, AffectedRange, DbMetadata, DbSource, VulnDb, VulnerabilityDetail } from './types.js';

interface AffectedRecord {
  ecosystem: string;
  namespace: string;
  package_name: string;
  advisory_id: string;
  vulnerability_id: string;
  source_id: string;
  ranges: string;
  versions: string;
  severity: Severity | null;
}

interface DetailRecord {
  vulnerability_id: string;
  advisory_id: string;
  source_id: string;
  title: string | null;
  description: string | null;
  severity: Severity | null;
  cvss: string;
  cwe_ids: string;
  refs: string;
  aliases: string;
  published: string | null;
  modified: string;
}

const IMPORT_HINT = 'run `barnacle db import PATH...` or `barnacle db update`';

/**
 * Opens the DB read-only. A missing file, a file that is not SQLite, or a DB of another schema version is a
 * DbError (exit 4) with a one-line message; the file is never written.
 */
export function openDb(dbPath: string): VulnDb {
  if (!existsSync(dbPath)) throw new DbError(`vulnerability DB not found at ${dbPath}; ${IMPORT_HINT}`);
  let db: Database.Database;
  try {
    db = new Database(dbPath, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new DbError(`cannot open the vulnerability DB at ${dbPath} (${messageOf(error)}); ${IMPORT_HINT}`, {
      cause: error,
    });
  }
  try {
    const version = (
      db.prepare("SELECT value FROM metadata WHERE key = 'schema_version'").get() as { value?: string } | undefined
    )?.value;
    if (version !== String(SCHEMA_VERSION)) {
      throw new DbError(
        `vulnerability DB at ${dbPath} has schema version ${version ?? 'none'}, this barnacle reads version ${SCHEMA_VERSION}; ${IMPORT_HINT} again`,
      );
    }
    return new SqliteVulnDb(db, dbPath);
  } catch (error) {
    db.close();
    if (error instanceof DbError) throw error;
    throw new DbError(
      `vulnerability DB at ${dbPath} is corrupt or not a barnacle DB (${messageOf(error)}); ${IMPORT_HINT} again`,
      {
        cause: error,
      },
    );
  }
}

class SqliteVulnDb implements VulnDb {
  private readonly byPackage: Database.Statement;
  private readonly detailsOf: Database.Statement;

  constructor(
    private readonly db: Database.Database,
    private readonly dbPath: string,
  ) {
    const columns =
      'ecosystem, namespace, package_name, advisory_id, vulnerability_id, source_id, ranges, versions, severity';
    this.byPackage = db.prepare(
      `SELECT ${columns} FROM affected WHERE ecosystem = ? AND namespace = ? AND name = ? ORDER BY vulnerability_id, advisory_id`,
    );
    this.detailsOf = db.prepare('SELECT * FROM vulnerability_detail WHERE vulnerability_id = ?');
  }

  /**
   * 'Debian:11' finds the entries of that namespace only; a bare 'PyPI' finds the entries written without a
   * namespace. Names are normalised as on import (PyPI: PEP 503).
   */
  advisoriesFor(ecosystem: string, name: string): readonly Advisory[] {
    const key = splitEcosystem(ecosystem);
    const rows = this.read(
      () => this.byPackage.all(key.ecosystem, key.namespace, normalizeName(key.ecosystem, name)) as AffectedRecord[],
    );
    return rows.map((row) => {
      const advisory: Advisory = {
        advisoryId: row.advisory_id,
        vulnerabilityId: row.vulnerability_id,
        ecosystem: row.namespace ? `${row.ecosystem}:${row.namespace}` : row.ecosystem,
        packageName: row.package_name,
        ranges: this.json<AffectedRange[]>(row.ranges),
        versions: this.json<string[]>(row.versions),
        dataSource: dataSourceFor(row.ecosystem, row.source_id),
      };
      return row.severity ? { ...advisory, severity: row.severity } : advisory;
    });
  }

  vulnerability(id: string): VulnerabilityDetail | undefined {
    const rows = this.details(id);
    if (rows.length === 0) return undefined;
    return mergeDetails(id, rows, (alias) => this.details(alias));
  }

  dataSource(ecosystem: string): DataSource | undefined {
    const base = splitEcosystem(ecosystem).ecosystem;
    const known = this.read(() => this.db.prepare('SELECT 1 FROM source WHERE ecosystem = ?').get(base));
    return known ? dataSourceFor(base) : undefined;
  }

  metadata(): DbMetadata {
    return this.read(() => {
      const meta = new Map(
        (this.db.prepare('SELECT key, value FROM metadata').all() as { key: string; value: string }[]).map((r) => [
          r.key,
          r.value,
        ]),
      );
      const sources = (this.db.prepare('SELECT * FROM source ORDER BY ecosystem').all() as SourceRow[]).map(
        (s): DbSource => ({
          ecosystem: s.ecosystem,
          records: s.records,
          skipped: s.skipped,
          skipReasons: this.json<Record<string, number>>(s.skip_reasons),
          newestModified: s.newest_modified ?? undefined,
          importedAt: s.imported_at,
          origin: s.origin,
          etag: s.etag ?? undefined,
          lastModified: s.last_modified ?? undefined,
        }),
      );
      const repository = meta.get('repository');
      return {
        schemaVersion: Number(meta.get('schema_version')),
        builtAt: meta.get('built_at') ?? '',
        ...(repository ? { repository } : {}),
        sources,
      };
    });
  }

  close(): void {
    this.db.close();
  }

  private details(id: string): DetailRow[] {
    return this.read(() => this.detailsOf.all(id) as DetailRecord[]).map((r) => ({
      advisoryId: r.advisory_id,
      sourceId: r.source_id,
      title: r.title ?? undefined,
      description: r.description ?? undefined,
      severity: r.severity ?? undefined,
      cvss: this.json<Cvss>(r.cvss),
      cweIds: this.json<string[]>(r.cwe_ids),
      references: this.json<string[]>(r.refs),
      aliases: this.json<string[]>(r.aliases),
      published: r.published ?? undefined,
      modified: r.modified,
    }));
  }

  /** SQLite errors while reading (a file damaged after opening) become DbError. */
  private read<T>(query: () => T): T {
    try {
      return query();
    } catch (error) {
      throw new DbError(
        `reading the vulnerability DB at ${this.dbPath} failed (${messageOf(error)}); ${IMPORT_HINT} again`,
        {
          cause: error,
        },
      );
    }
  }

  /** Columns this DB wrote as JSON; a value that does not parse means the file is damaged. */
  private json<T>(text: string): T {
    return this.read(() => JSON.parse(text) as T);
  }
}

/** One record's statement about a vulnerability id, as stored. */
export type DetailRow = Omit<RecordDetail, 'vulnerabilityId'>;

/**
 * Merges what every record says about one id, as Trivy's vulnerability.Normalize does across sources:
 * VendorSeverity per source (the record's own rating, else CVSS v4, v3, v2 scored), the reported severity
 * from the first source in Trivy's precedence that rates it, title/description/CWE from the first source
 * that has one (NVD's only when no OSV record has one: the advisories describe the affected package),
 * references united and sorted. When no record rates the id, the rating of a record it names
 * as an alias is used (`aliasDetails`, one level deep), else UNKNOWN.
 */
export function mergeDetails(
  id: string,
  rows: readonly DetailRow[],
  aliasDetails: (alias: string) => readonly DetailRow[] = () => [],
): VulnerabilityDetail {
  const ordered = [...rows].sort(
    (a, b) =>
      sourceRank(a.sourceId) - sourceRank(b.sourceId) ||
      compareText(a.sourceId, b.sourceId) ||
      compareText(b.modified, a.modified) ||
      compareText(a.advisoryId, b.advisoryId),
  );
  const vendorSeverity: Record<string, number> = {};
  const cvss: Record<string, Cvss> = {};
  for (const row of ordered) {
    const rating = rowSeverity(row);
    if (rating !== 'UNKNOWN' && vendorSeverity[row.sourceId] === undefined)
      vendorSeverity[row.sourceId] = severityRank(rating);
    // Trivy's getCVSS: a source's CVSS is reported only with a vector and a score.
    const c = row.cvss;
    if (cvss[row.sourceId] === undefined && (c.v2Vector || c.v3Vector || c.v40Vector)) {
      cvss[row.sourceId] = withoutUndefined({
        v2Vector: c.v2Vector,
        v2Score: c.v2Vector ? c.v2Score : undefined,
        v3Vector: c.v3Vector,
        v3Score: c.v3Vector ? c.v3Score : undefined,
        v40Vector: c.v40Vector,
        v40Score: c.v40Vector ? c.v40Score : undefined,
      });
    }
  }
  let rated = ordered.map((r) => ({ source: r.sourceId, rating: rowSeverity(r) })).find((r) => r.rating !== 'UNKNOWN');
  if (!rated) {
    const aliases = unique(ordered.flatMap((r) => r.aliases)).filter((a) => a !== id);
    for (const alias of aliases) {
      const found = aliasDetails(alias).map((r) => ({ source: r.sourceId, rating: rowSeverity(r) }));
      found.sort((a, b) => sourceRank(a.source) - sourceRank(b.source));
      rated = found.find((r) => r.rating !== 'UNKNOWN');
      if (rated) break;
    }
  }
  const advisoryIds = unique([...ordered.map((r) => r.advisoryId), ...ordered.flatMap((r) => r.aliases)])
    .filter((a) => a !== id && !a.startsWith('CVE-'))
    .sort();
  const references = unique([
    ...ordered.flatMap((r) => r.references),
    ...ordered
      .map((r) => r.advisoryId)
      .filter((a) => a !== id)
      .map((a) => `https://osv.dev/vulnerability/${a}`),
  ]).sort();
  const published = ordered
    .map((r) => r.published)
    .filter((p): p is string => !!p)
    .sort()[0];
  const modified = ordered
    .map((r) => r.modified)
    .filter((m) => m !== '')
    .sort()
    .at(-1);
  const detail: VulnerabilityDetail = {
    id,
    title: ordered.find((r) => r.title)?.title,
    description: (ordered.find((r) => r.sourceId !== 'nvd' && r.description) ?? ordered.find((r) => r.description))
      ?.description,
    severity: rated?.rating ?? 'UNKNOWN',
    severitySource: rated?.source,
    vendorSeverity,
    cvss,
    cweIds:
      (ordered.find((r) => r.sourceId !== 'nvd' && r.cweIds.length > 0) ?? ordered.find((r) => r.cweIds.length > 0))
        ?.cweIds ?? [],
    references,
    advisoryIds,
    primaryUrl: primaryUrlFor(id),
    publishedDate: published,
    lastModifiedDate: modified,
  };
  return withoutUndefined(detail);
}

/** One record's rating: its own word, else its CVSS v4, v3, v2 score (trivy-db's getVendorSeverity order). */
function rowSeverity(row: DetailRow): Severity {
  if (row.severity && row.severity !== 'UNKNOWN') return row.severity;
  const { v40Score, v3Score, v2Score } = row.cvss;
  if (v40Score) return severityFromScore('v40', v40Score);
  if (v3Score) return severityFromScore('v3', v3Score);
  if (v2Score) return severityFromScore('v2', v2Score);
  return 'UNKNOWN';
}

/** The same object without its undefined members, so reports and equality checks do not see them. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
