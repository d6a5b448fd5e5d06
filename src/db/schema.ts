// The SQLite layout of barnacle.db, written by db/build.ts and read by db/open.ts.

/** Bump when the layout or the meaning of a column changes; open.ts refuses any other version. */
export const SCHEMA_VERSION = 2;

/**
 * - `metadata`: key/value facts about the build (schema_version, built_at, repository when built by
 *   `db update`).
 * - `source`: one row per feed imported (an OSV ecosystem, or 'NVD'), with counts, origin, when it was fetched
 *   and the HTTP validators of its download.
 * - `duplicate`: records a feed also carried but whose copy from another feed was kept; an update that
 *   re-imports the keeping feed re-imports these feeds too, so no record is lost.
 * - Rows of `affected` and `vulnerability_detail` name the `feed` they came from, so an update copies the rows
 *   of unchanged feeds from the previous DB instead of re-importing them.
 * - `affected`: one row per (package, namespace, vulnerability id, advisory), looked up by
 *   (ecosystem, namespace, normalised name); ranges and versions as JSON.
 * - `vulnerability_detail`: what each record says about a vulnerability id, per source; the read side merges
 *   the rows of one id as Trivy merges its per-source details (trivy-db's vulnerability-detail bucket).
 */
export const SCHEMA_SQL = `
CREATE TABLE metadata (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE source (
  ecosystem TEXT PRIMARY KEY,
  records INTEGER NOT NULL,
  skipped INTEGER NOT NULL,
  skip_reasons TEXT NOT NULL,
  newest_modified TEXT,
  imported_at TEXT NOT NULL,
  origin TEXT NOT NULL,
  etag TEXT,
  last_modified TEXT
);

CREATE TABLE duplicate (
  advisory_id TEXT NOT NULL,
  feed TEXT NOT NULL,
  kept_in TEXT NOT NULL
);

CREATE TABLE affected (
  ecosystem TEXT NOT NULL,
  namespace TEXT NOT NULL,
  name TEXT NOT NULL,
  package_name TEXT NOT NULL,
  advisory_id TEXT NOT NULL,
  vulnerability_id TEXT NOT NULL,
  source_id TEXT NOT NULL,
  ranges TEXT NOT NULL,
  versions TEXT NOT NULL,
  severity TEXT,
  feed TEXT NOT NULL
);

CREATE TABLE vulnerability_detail (
  vulnerability_id TEXT NOT NULL,
  advisory_id TEXT NOT NULL,
  source_id TEXT NOT NULL,
  title TEXT,
  description TEXT,
  severity TEXT,
  cvss TEXT NOT NULL,
  cwe_ids TEXT NOT NULL,
  refs TEXT NOT NULL,
  aliases TEXT NOT NULL,
  published TEXT,
  modified TEXT NOT NULL,
  feed TEXT NOT NULL,
  PRIMARY KEY (vulnerability_id, advisory_id)
);
`;

/** Built after the bulk load, which is faster than maintaining it row by row. */
export const INDEX_SQL = `
CREATE INDEX affected_by_package ON affected (ecosystem, namespace, name);
`;

/** A row of the `source` table: one imported feed. */
export interface SourceRow {
  ecosystem: string;
  records: number;
  skipped: number;
  skip_reasons: string;
  newest_modified: string | null;
  imported_at: string;
  origin: string;
  etag: string | null;
  last_modified: string | null;
}
