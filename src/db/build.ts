// `barnacle db import`: OSV records (all.zip files, directories of JSON) → a new barnacle.db, swapped in atomically.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { BarnacleError, DbError, messageOf } from '../errors.js';
import type { Problem } from '../types.js';
import { splitEcosystem } from './ecosystem.js';
import { checkInput, readInput } from './inputs.js';
import { parseOsvRecord } from './osv.js';
import { type AffectedRow, type DetailRow, interpretRecord, type SkipCategory } from './record.js';
import { INDEX_SQL, SCHEMA_SQL, SCHEMA_VERSION } from './schema.js';
import type { DbSource } from './types.js';

/** Why records were left out: the interpretation's categories, plus duplicates of a record id. */
export type SkipReason = SkipCategory | 'duplicate';

export interface ImportOptions {
  /** Build time, and the time withdrawn dates are compared with (tests fix it). */
  readonly now?: Date;
}

export interface ImportSummary {
  readonly dbPath: string;
  /** Records imported (after skips). */
  readonly records: number;
  readonly skipped: number;
  readonly skipReasons: Readonly<Partial<Record<SkipReason, number>>>;
  readonly sources: readonly DbSource[];
  /** Malformed or unreadable records, each skipped (withdrawn, informational and duplicates are only counted). */
  readonly problems: readonly Problem[];
}

interface SourceTally {
  records: number;
  skipped: number;
  reasons: Partial<Record<SkipReason, number>>;
  newestModified?: string;
  origins: Set<string>;
}

/**
 * Builds the DB at `dbPath` from OSV inputs, replacing the previous one only when the whole import succeeded:
 * the DB is written to a temporary file in the same directory, synced, and renamed over the old one, so
 * readers keep the old file and a failed or interrupted import leaves it untouched. An input that cannot be
 * read, or a corrupt zip, fails the import (InputError); a bad record is skipped and reported as a Problem.
 */
export async function importSources(
  paths: readonly string[],
  dbPath: string,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const now = options.now ?? new Date();
  for (const input of paths) await checkInput(input);
  const dir = path.dirname(dbPath);
  await mkdir(dir, { recursive: true });
  await removeStaleTemps(dir, path.basename(dbPath));
  const temp = path.join(dir, `.${path.basename(dbPath)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let db: Database.Database | undefined;
  try {
    db = new Database(temp);
    const writer = new Writer(db, now);
    for (const input of paths) await writer.importInput(input);
    const summary = writer.finish(dbPath);
    db.close();
    db = undefined;
    syncFile(temp);
    await rename(temp, dbPath);
    syncFile(dir);
    return summary;
  } catch (error) {
    try {
      db?.close();
    } catch {
      // already failing: the original error is the one to report
    }
    await rm(temp, { force: true });
    if (error instanceof BarnacleError) throw error;
    throw new DbError(`building the vulnerability DB at ${dbPath} failed: ${messageOf(error)}`, { cause: error });
  }
}

/** Writes rows into the temporary DB inside one transaction and keeps the per-ecosystem tallies. */
class Writer {
  private readonly insertAffected: Database.Statement;
  private readonly insertDetail: Database.Statement;
  private readonly tallies = new Map<string, SourceTally>();
  /** Imported record ids → their ecosystem and modified time, to settle duplicates. */
  private readonly seen = new Map<string, { ecosystem: string; modified: string }>();
  private readonly problems: Problem[] = [];

  constructor(
    private readonly db: Database.Database,
    private readonly now: Date,
  ) {
    // A temporary file nobody reads until it is renamed: no journal, no syncs until the end.
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.exec(SCHEMA_SQL);
    this.insertAffected = db.prepare(
      `INSERT INTO affected (ecosystem, namespace, name, package_name, advisory_id, vulnerability_id, source_id, ranges, versions, severity)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertDetail = db.prepare(
      `INSERT INTO vulnerability_detail (vulnerability_id, advisory_id, source_id, title, description, severity, cvss, cwe_ids, refs, aliases, published, modified)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    db.exec('BEGIN');
  }

  async importInput(input: string): Promise<void> {
    // Records that cannot be attributed to an ecosystem (not JSON) count under the input's main ecosystem.
    const unattributed: SkipReason[] = [];
    const counted = new Map<string, number>();
    for await (const item of readInput(input)) {
      if (item.kind === 'unreadable') {
        this.problems.push({ path: item.path, reason: item.reason });
        unattributed.push('malformed');
        continue;
      }
      let json: unknown;
      try {
        json = JSON.parse(item.text);
      } catch (error) {
        this.problems.push({ path: item.path, reason: `not valid JSON (${messageOf(error)})` });
        unattributed.push('malformed');
        continue;
      }
      const ecosystem = this.importRecord(item.path, json, input);
      counted.set(ecosystem, (counted.get(ecosystem) ?? 0) + 1);
    }
    const main = [...counted.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'unknown';
    for (const reason of unattributed) this.skip(main, reason, input);
  }

  /** Imports one JSON document; returns the ecosystem it was counted under. */
  private importRecord(where: string, json: unknown, origin: string): string {
    const parsed = parseOsvRecord(json);
    if (!parsed.ok) {
      const ecosystem = rawEcosystem(json);
      this.problems.push({ path: where, reason: parsed.reason });
      this.skip(ecosystem, 'malformed', origin);
      return ecosystem;
    }
    const record = parsed.record;
    const result = interpretRecord(record, this.now);
    if (result.kind === 'skip') {
      if (result.category === 'malformed') this.problems.push({ path: where, reason: result.reason });
      this.skip(result.ecosystem, result.category, origin);
      return result.ecosystem;
    }
    const previous = this.seen.get(record.id);
    if (previous) {
      // The same record in two inputs: the newer one (by `modified`) stays.
      if (!(Date.parse(record.modified) > Date.parse(previous.modified))) {
        this.skip(result.ecosystem, 'duplicate', origin);
        return result.ecosystem;
      }
      this.db.prepare('DELETE FROM affected WHERE advisory_id = ?').run(record.id);
      this.db.prepare('DELETE FROM vulnerability_detail WHERE advisory_id = ?').run(record.id);
      const old = this.tally(previous.ecosystem, origin);
      old.records -= 1;
      this.skip(previous.ecosystem, 'duplicate', origin);
    }
    this.seen.set(record.id, { ecosystem: result.ecosystem, modified: record.modified });
    for (const row of result.affected) this.writeAffected(row);
    for (const row of result.details) this.writeDetail(row);
    const tally = this.tally(result.ecosystem, origin);
    tally.records += 1;
    if (isNewer(record.modified, tally.newestModified)) tally.newestModified = record.modified;
    return result.ecosystem;
  }

  private writeAffected(row: AffectedRow): void {
    this.insertAffected.run(
      row.ecosystem,
      row.namespace,
      row.name,
      row.packageName,
      row.advisoryId,
      row.vulnerabilityId,
      row.sourceId,
      JSON.stringify(row.ranges),
      JSON.stringify(row.versions),
      row.severity ?? null,
    );
  }

  private writeDetail(row: DetailRow): void {
    this.insertDetail.run(
      row.vulnerabilityId,
      row.advisoryId,
      row.sourceId,
      row.title ?? null,
      row.description ?? null,
      row.severity ?? null,
      JSON.stringify(row.cvss),
      JSON.stringify(row.cweIds),
      JSON.stringify(row.references),
      JSON.stringify(row.aliases),
      row.published ?? null,
      row.modified,
    );
  }

  private tally(ecosystem: string, origin: string): SourceTally {
    let tally = this.tallies.get(ecosystem);
    if (!tally) {
      tally = { records: 0, skipped: 0, reasons: {}, origins: new Set() };
      this.tallies.set(ecosystem, tally);
    }
    tally.origins.add(origin);
    return tally;
  }

  private skip(ecosystem: string, reason: SkipReason, origin: string): void {
    const tally = this.tally(ecosystem, origin);
    tally.skipped += 1;
    tally.reasons[reason] = (tally.reasons[reason] ?? 0) + 1;
  }

  /** Writes metadata, commits, builds the indexes and returns the summary. */
  finish(dbPath: string): ImportSummary {
    const importedAt = this.now.toISOString();
    const sources: DbSource[] = [...this.tallies.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([ecosystem, t]) => ({
        ecosystem,
        records: t.records,
        skipped: t.skipped,
        skipReasons: t.reasons,
        newestModified: t.newestModified,
        importedAt,
        origin: [...t.origins].join(', '),
      }));
    const insertSource = this.db.prepare(
      `INSERT INTO source (ecosystem, records, skipped, skip_reasons, newest_modified, imported_at, origin)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const s of sources) {
      insertSource.run(
        s.ecosystem,
        s.records,
        s.skipped,
        JSON.stringify(s.skipReasons),
        s.newestModified ?? null,
        s.importedAt,
        s.origin,
      );
    }
    const insertMeta = this.db.prepare('INSERT INTO metadata (key, value) VALUES (?, ?)');
    insertMeta.run('schema_version', String(SCHEMA_VERSION));
    insertMeta.run('built_at', importedAt);
    this.db.exec('COMMIT');
    this.db.exec(INDEX_SQL);
    // The renamed file is opened read-only: it must not need a journal.
    this.db.pragma('journal_mode = DELETE');
    const skipReasons: Partial<Record<SkipReason, number>> = {};
    for (const s of sources) {
      for (const [reason, n] of Object.entries(s.skipReasons ?? {})) {
        skipReasons[reason as SkipReason] = (skipReasons[reason as SkipReason] ?? 0) + n;
      }
    }
    return {
      dbPath,
      records: sources.reduce((n, s) => n + s.records, 0),
      skipped: sources.reduce((n, s) => n + s.skipped, 0),
      skipReasons,
      sources,
      problems: this.problems,
    };
  }
}

/** The summary line printed after an import. */
export function summaryLine(summary: ImportSummary): string {
  const sources = summary.sources.filter((s) => s.records > 0).length;
  const head = `imported ${summary.records} records from ${sources} ${sources === 1 ? 'source' : 'sources'}`;
  if (summary.skipped === 0) return head;
  const reasons = Object.entries(summary.skipReasons)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([reason, n]) => `${n} ${reason}`);
  return `${head} (${summary.skipped} skipped: ${reasons.join(', ')})`;
}

/** The ecosystem named by a record that failed the schema, when it names one. */
function rawEcosystem(json: unknown): string {
  if (typeof json !== 'object' || json === null) return 'unknown';
  const affected = (json as { affected?: unknown }).affected;
  if (!Array.isArray(affected)) return 'unknown';
  const packages = affected.map((a: unknown) =>
    typeof a === 'object' && a !== null ? (a as { package?: unknown }).package : undefined,
  );
  const ecosystems = packages.map((p) =>
    typeof p === 'object' && p !== null ? (p as { ecosystem?: unknown }).ecosystem : undefined,
  );
  const first = ecosystems.find((e): e is string => typeof e === 'string' && e !== '');
  return first ? splitEcosystem(first).ecosystem : 'unknown';
}

function isNewer(modified: string, than: string | undefined): boolean {
  const at = Date.parse(modified);
  return !Number.isNaN(at) && (than === undefined || at > Date.parse(than));
}

/** fsync a file or directory, so the rename is durable and never exposes a half-written file. */
function syncFile(file: string): void {
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Temporary files of imports that were killed (their process is gone) are removed. */
async function removeStaleTemps(dir: string, base: string): Promise<void> {
  const pattern = new RegExp(`^\\.${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)\\.[0-9a-f]+\\.tmp$`);
  for (const name of await readdir(dir)) {
    const pid = Number(pattern.exec(name)?.[1]);
    if (pid && !isRunning(pid)) await rm(path.join(dir, name), { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
