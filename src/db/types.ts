// The read side of the vulnerability DB, as the match stage sees it. db/open.ts implements it on SQLite.
import type { Cvss, DataSource, Severity } from '../types.js';

/** One OSV range event; exactly one member is set. */
export type RangeEvent =
  | { readonly introduced: string }
  | { readonly fixed: string }
  | { readonly last_affected: string }
  | { readonly limit: string };

/** An OSV `affected[].ranges[]` entry. */
export interface AffectedRange {
  readonly type: 'ECOSYSTEM' | 'SEMVER' | 'GIT';
  /** The repository of a GIT range. */
  readonly repo?: string;
  readonly events: readonly RangeEvent[];
}

/** One OSV `affected[]` entry for one package in one ecosystem namespace, with its record's ids. */
export interface Advisory {
  /** The OSV record id (DSA-4963-1, PYSEC-2021-1, ALPINE-CVE-2021-1234). */
  readonly advisoryId: string;
  /** The id findings are reported under: the CVE id when the record names one, else the advisory id. */
  readonly vulnerabilityId: string;
  /** The OSV ecosystem string as written in the record, including its namespace: 'Debian:11', 'PyPI'. */
  readonly ecosystem: string;
  /** The package name as the record writes it. */
  readonly packageName: string;
  readonly ranges: readonly AffectedRange[];
  /** Explicitly listed affected versions (OSV `versions`). */
  readonly versions: readonly string[];
  /** Severity given for this package entry (ecosystem_specific / database_specific), when any. */
  readonly severity?: Severity;
  /**
   * The data source of this record, when it differs by record within an ecosystem (GHSA records are 'ghsa'
   * in every ecosystem); same shape as `VulnDb.dataSource`.
   */
  readonly dataSource?: DataSource;
}

/** What is known of one vulnerability id across all records that name it. */
export interface VulnerabilityDetail {
  readonly id: string;
  readonly title?: string;
  readonly description?: string;
  /** The rating reported: vendor severity of the matched data source, else CVSS-derived, else UNKNOWN. */
  readonly severity: Severity;
  readonly severitySource?: string;
  /** Trivy's VendorSeverity: source id → 0..4 (UNKNOWN..CRITICAL). */
  readonly vendorSeverity: Readonly<Record<string, number>>;
  readonly cvss: Readonly<Record<string, Cvss>>;
  readonly cweIds: readonly string[];
  readonly references: readonly string[];
  /** Advisory ids (DSA, DLA, GHSA, PYSEC...) that name this vulnerability. */
  readonly advisoryIds: readonly string[];
  readonly primaryUrl?: string;
  readonly publishedDate?: string;
  readonly lastModifiedDate?: string;
}

export interface DbSource {
  /** The OSV ecosystem ('Debian', 'PyPI', ...). */
  readonly ecosystem: string;
  readonly records: number;
  readonly skipped: number;
  /** Skipped records by reason ('malformed', 'withdrawn', 'informational', 'duplicate'). */
  readonly skipReasons?: Readonly<Record<string, number>>;
  /** Newest `modified` among the records, RFC 3339. */
  readonly newestModified?: string;
  /** When this source was fetched or imported, RFC 3339. */
  readonly importedAt: string;
  /** Where it came from: a URL or a file path. */
  readonly origin: string;
  /** HTTP validators of the last download, for conditional requests. */
  readonly etag?: string;
  readonly lastModified?: string;
}

export interface DbMetadata {
  readonly schemaVersion: number;
  readonly builtAt: string;
  /** The repository `db update` built it from (a URL or directory); absent for a DB built by `db import`. */
  readonly repository?: string;
  readonly sources: readonly DbSource[];
}

/** A read-only vulnerability DB. */
export interface VulnDb {
  /**
   * Advisories for `name` in `ecosystem` (a bare OSV ecosystem such as 'PyPI', or with its namespace,
   * 'Debian:11'). Names are compared as the ecosystem normalises them (PyPI: PEP 503).
   */
  advisoriesFor(ecosystem: string, name: string): readonly Advisory[];
  vulnerability(id: string): VulnerabilityDetail | undefined;
  /** The data source record for an OSV ecosystem, as Trivy's DataSource ({ID, Name, URL}). */
  dataSource(ecosystem: string): DataSource | undefined;
  metadata(): DbMetadata;
  close(): void;
}
