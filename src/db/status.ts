// What is known of the DB in a cache directory: its sources and ages (`db status`), its freshness (the
// age warning of a scan) and the lines `--version` prints.
import { statSync } from 'node:fs';
import { DbError } from '../errors.js';
import { openDb } from './open.js';
import type { DbMetadata } from './types.js';
import { dbPaths, readUpdateState, UPDATE_INTERVAL_MS } from './update.js';

export interface DbStatus {
  readonly path: string;
  readonly bytes: number;
  readonly metadata: DbMetadata;
  /** When the data was last known current: the last check that found no change, else the build. */
  readonly checkedAt: string;
  /**
   * When a scan next checks the repository for changes: an hour after `checkedAt`, for a DB that `db update`
   * manages; none for an imported DB, which is only replaced on demand.
   */
  readonly nextUpdate?: string;
}

/** The status of the DB in `cacheDir`; DbError (as openDb) when there is none or it cannot be read. */
export async function dbStatus(cacheDir: string): Promise<DbStatus> {
  const paths = dbPaths(cacheDir);
  const db = openDb(paths.db);
  let metadata: DbMetadata;
  try {
    metadata = db.metadata();
  } finally {
    db.close();
  }
  const state = await readUpdateState(cacheDir);
  const managed = state !== undefined && state.repository === metadata.repository;
  const checked = managed && state.checkedAt > metadata.builtAt ? state.checkedAt : metadata.builtAt;
  const nextUpdate = managed ? new Date(Date.parse(checked) + UPDATE_INTERVAL_MS).toISOString() : undefined;
  return { path: paths.db, bytes: statSync(paths.db).size, metadata, checkedAt: checked, nextUpdate };
}

/** `db status`: one line per fact, then a table of sources. */
export function statusText(status: DbStatus, now: Date): string {
  const m = status.metadata;
  const lines = [
    `Path: ${status.path}`,
    `Size: ${(status.bytes / 1_048_576).toFixed(1)} MB`,
    `Schema version: ${m.schemaVersion}`,
    `Built: ${m.builtAt} (${ageText(now, m.builtAt)} ago)`,
    `Checked: ${status.checkedAt} (${ageText(now, status.checkedAt)} ago)`,
    `Repository: ${m.repository ?? '(none: built by db import)'}`,
    '',
  ];
  const rows = m.sources.map((s) => [
    s.ecosystem,
    String(s.records),
    String(s.skipped),
    s.newestModified ?? '-',
    `${ageText(now, s.importedAt)} ago`,
    s.origin,
  ]);
  const header = ['Source', 'Records', 'Skipped', 'Newest record', 'Fetched', 'Origin'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  for (const row of [header, ...rows]) {
    lines.push(
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    );
  }
  const records = m.sources.reduce((n, s) => n + s.records, 0);
  lines.push('', `Total: ${records} records from ${m.sources.length} sources`);
  return `${lines.join('\n')}\n`;
}

/** '3 days', '5 hours', '12 minutes', '40 seconds'. */
export function ageText(now: Date, since: string): string {
  const seconds = Math.max(0, Math.round((now.getTime() - Date.parse(since)) / 1000));
  const units: [number, string][] = [
    [86_400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, name] of units) {
    if (seconds >= size) {
      const n = Math.floor(seconds / size);
      return `${n} ${name}${n === 1 ? '' : 's'}`;
    }
  }
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}

/** The age warning of a scan, or undefined when the DB is younger than `maxAgeMs` (0: never warn). */
export function ageWarning(status: DbStatus, now: Date, maxAgeMs: number): string | undefined {
  if (maxAgeMs <= 0 || now.getTime() - Date.parse(status.checkedAt) <= maxAgeMs) return undefined;
  return `the vulnerability DB was last updated ${ageText(now, status.checkedAt)} ago (${status.checkedAt}); run \`barnacle db update\` or drop --skip-db-update`;
}

/** Go's zero time.Time, written where the DB has no next update. */
const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

/** Trivy's VersionInfo.VulnerabilityDB (trivy-db's metadata.Metadata): what `version` shows of the DB. */
export interface DbVersion {
  readonly Version: number;
  readonly NextUpdate: string;
  readonly UpdatedAt: string;
  readonly DownloadedAt: string;
}

/** The DB part of `version`, or undefined when there is no readable DB. Times are ISO 8601 (UTC). */
export async function dbVersion(cacheDir: string): Promise<DbVersion | undefined> {
  let status: DbStatus;
  try {
    status = await dbStatus(cacheDir);
  } catch (error) {
    if (error instanceof DbError) return undefined;
    throw error;
  }
  return {
    Version: status.metadata.schemaVersion,
    NextUpdate: status.nextUpdate ?? GO_ZERO_TIME,
    UpdatedAt: status.metadata.builtAt,
    DownloadedAt: status.checkedAt,
  };
}
