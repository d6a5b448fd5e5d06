// Builds barnacle.db from OSV records (all.zip files, directories of JSON), rows carried over from the previous
// DB and NVD feeds, into a temporary file that is swapped in atomically.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { BarnacleError, DbError, messageOf } from '../errors.js';
import type { Problem } from '../types.js';
import { splitEcosystem } from './ecosystem.js';
import { checkInput, readInput } from './inputs.js';
import { type NvdEntry, readNvdFeed } from './nvd.js';
import { parseOsvRecord } from './osv.js';
import { type AffectedRow, type DetailRow, interpretRecord, type SkipCategory } from './record.js';
import { INDEX_SQL, SCHEMA_SQL, SCHEMA_VERSION, type SourceRow } from './schema.js';
import type { DbSource } from './types.js';

/** Why records were left out: the interpretation's categories, plus duplicates of a record id. */
export type SkipReason = SkipCategory | 'duplicate';

export interface ImportOptions {
  /** Build time, and the time withdrawn dates are compared with (tests fix it). */
  readonly now?: Date;
  /** Called now and then with the number of records read so far (progress display). */
  readonly onRecords?: (records: number) => void;
}

/** One OSV input of a build. */
export interface BuildInput {
  readonly path: string;
  /**
   * The feed its records count under and its rows are marked with: the OSV ecosystem whose `all.zip` it is
   * (`db update`). Without it each record counts under its own first ecosystem (`db import`).
   */
  readonly feed?: string;
  /** Where it came from, as recorded in the metadata (the URL of a download); default: the path. */
  readonly origin?: string;
  /** HTTP validators of the download, kept for the next conditional request. */
  readonly etag?: string;
  readonly lastModified?: string;
}

/** What a build is made of. */
export interface BuildPlan {
  readonly inputs: readonly BuildInput[];
  /** Feeds whose rows, source rows and duplicates are copied from an existing DB of this schema version. */
  readonly carry?: { readonly dbPath: string; readonly feeds: readonly string[] };
  /** NVD CVE API 2.0 JSON files whose CVSS, CWE, title and description are added for the CVE ids of the DB. */
  readonly nvd?: readonly string[];
  /** Further metadata entries (`repository` of `db update`). */
  readonly metadata?: Readonly<Record<string, string>>;
}

/** The feed name of NVD rows. */
export const NVD_FEED = 'NVD';

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
  /** Set for carried feeds (their original fetch time) and downloads. */
  importedAt?: string;
  etag?: string;
  lastModified?: string;
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
  return buildDb({ inputs: paths.map((p) => ({ path: p })) }, dbPath, options);
}

/**
 * Builds the DB at `dbPath` from a plan, with the same guarantees as `importSources`: the previous DB is
 * replaced only by a complete, synced file. Carried feeds are copied row by row from `plan.carry.dbPath` (which
 * may be `dbPath` itself: it is only read).
 */
export async function buildDb(plan: BuildPlan, dbPath: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const now = options.now ?? new Date();
  for (const input of plan.inputs) await checkInput(input.path);
  const nvd: NvdEntry[][] = [];
  for (const file of plan.nvd ?? []) nvd.push(await readNvdFeed(file));
  const dir = path.dirname(dbPath);
  await mkdir(dir, { recursive: true });
  await removeStaleTemps(dir, path.basename(dbPath));
  const temp = path.join(dir, `.${path.basename(dbPath)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let db: Database.Database | undefined;
  try {
    db = new Database(temp);
    const writer = new Writer(db, now, options.onRecords);
    if (plan.carry && plan.carry.feeds.length > 0) writer.carry(plan.carry.dbPath, plan.carry.feeds);
    for (const input of plan.inputs) await writer.importInput(input);
    for (const [i, entries] of nvd.entries()) writer.addNvd(entries, plan.nvd?.[i] ?? '');
    const summary = writer.finish(dbPath, plan.metadata ?? {});
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
  private readonly insertDuplicate: Database.Statement;
  private read = 0;

  constructor(
    private readonly db: Database.Database,
    private readonly now: Date,
    private readonly onRecords?: (records: number) => void,
  ) {
    // A temporary file nobody reads until it is renamed: no journal, no syncs until the end.
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.exec(SCHEMA_SQL);
    this.insertAffected = db.prepare(
      `INSERT INTO affected (ecosystem, namespace, name, package_name, advisory_id, vulnerability_id, source_id, ranges, versions, severity, feed)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertDetail = db.prepare(
      `INSERT INTO vulnerability_detail (vulnerability_id, advisory_id, source_id, title, description, severity, cvss, cwe_ids, refs, aliases, published, modified, feed)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertDuplicate = db.prepare('INSERT INTO duplicate (advisory_id, feed, kept_in) VALUES (?, ?, ?)');
    db.exec('BEGIN');
  }

  /** Copies the rows, source rows and duplicates of `feeds` from the DB at `from`. */
  carry(from: string, feeds: readonly string[]): void {
    this.db.exec('COMMIT');
    this.db.prepare('ATTACH DATABASE ? AS previous').run(from);
    try {
      const version = this.db.prepare("SELECT value FROM previous.metadata WHERE key = 'schema_version'").get() as
        | { value: string }
        | undefined;
      if (version?.value !== String(SCHEMA_VERSION)) {
        throw new DbError(`cannot carry rows over from ${from}: schema version ${version?.value ?? 'none'}`);
      }
      this.db.exec('BEGIN');
      const list = JSON.stringify(feeds);
      const inList = 'IN (SELECT value FROM json_each(?))';
      this.db.prepare(`INSERT INTO affected SELECT * FROM previous.affected WHERE feed ${inList}`).run(list);
      this.db
        .prepare(`INSERT INTO vulnerability_detail SELECT * FROM previous.vulnerability_detail WHERE feed ${inList}`)
        .run(list);
      this.db
        .prepare(`INSERT INTO duplicate SELECT * FROM previous.duplicate WHERE feed ${inList} AND kept_in ${inList}`)
        .run(list, list);
      const records = this.db
        .prepare(
          `SELECT advisory_id, feed, MAX(modified) AS modified FROM previous.vulnerability_detail WHERE feed ${inList} GROUP BY advisory_id, feed`,
        )
        .all(list) as { advisory_id: string; feed: string; modified: string }[];
      for (const r of records) {
        if (r.feed !== NVD_FEED) this.seen.set(r.advisory_id, { ecosystem: r.feed, modified: r.modified });
      }
      const sources = this.db
        .prepare(`SELECT * FROM previous.source WHERE ecosystem ${inList}`)
        .all(list) as SourceRow[];
      for (const s of sources) {
        this.tallies.set(s.ecosystem, {
          records: s.records,
          skipped: s.skipped,
          reasons: JSON.parse(s.skip_reasons) as Partial<Record<SkipReason, number>>,
          newestModified: s.newest_modified ?? undefined,
          origins: new Set([s.origin]),
          importedAt: s.imported_at,
          etag: s.etag ?? undefined,
          lastModified: s.last_modified ?? undefined,
        });
      }
      this.db.exec('COMMIT');
    } finally {
      this.db.exec('DETACH DATABASE previous');
      this.db.exec('BEGIN');
    }
  }

  async importInput(spec: BuildInput): Promise<void> {
    const input = spec.path;
    const origin = spec.origin ?? input;
    if (spec.feed !== undefined) {
      // A re-imported feed starts afresh: its validators and fetch time are the new download's.
      this.tallies.set(spec.feed, {
        records: 0,
        skipped: 0,
        reasons: {},
        origins: new Set([origin]),
        importedAt: this.now.toISOString(),
        etag: spec.etag,
        lastModified: spec.lastModified,
      });
    }
    // Records that cannot be attributed to an ecosystem (not JSON) count under the input's main ecosystem.
    const unattributed: SkipReason[] = [];
    const counted = new Map<string, number>();
    for await (const item of readInput(input)) {
      this.read += 1;
      if (this.onRecords && this.read % 500 === 0) this.onRecords(this.read);
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
      const ecosystem = this.importRecord(item.path, json, origin, spec.feed);
      counted.set(ecosystem, (counted.get(ecosystem) ?? 0) + 1);
    }
    this.onRecords?.(this.read);
    const main = spec.feed ?? [...counted.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'unknown';
    for (const reason of unattributed) this.skip(main, reason, origin);
  }

  /** Imports one JSON document; returns the ecosystem (feed) it was counted under. */
  private importRecord(where: string, json: unknown, origin: string, feed: string | undefined): string {
    const parsed = parseOsvRecord(json);
    if (!parsed.ok) {
      const ecosystem = feed ?? rawEcosystem(json);
      this.problems.push({ path: where, reason: parsed.reason });
      this.skip(ecosystem, 'malformed', origin);
      return ecosystem;
    }
    const record = parsed.record;
    const result = interpretRecord(record, this.now);
    const counted = feed ?? result.ecosystem;
    if (result.kind === 'skip') {
      if (result.category === 'malformed') this.problems.push({ path: where, reason: result.reason });
      this.skip(counted, result.category, origin);
      return counted;
    }
    const previous = this.seen.get(record.id);
    if (previous) {
      // The same record in two inputs: the newer one (by `modified`) stays.
      if (!(Date.parse(record.modified) > Date.parse(previous.modified))) {
        this.skip(counted, 'duplicate', origin);
        if (previous.ecosystem !== counted) this.insertDuplicate.run(record.id, counted, previous.ecosystem);
        return counted;
      }
      this.db.prepare('DELETE FROM affected WHERE advisory_id = ?').run(record.id);
      this.db.prepare('DELETE FROM vulnerability_detail WHERE advisory_id = ? AND feed != ?').run(record.id, NVD_FEED);
      const old = this.tally(previous.ecosystem, origin);
      old.records -= 1;
      this.skip(previous.ecosystem, 'duplicate', origin);
      if (previous.ecosystem !== counted) {
        this.db.prepare('UPDATE duplicate SET kept_in = ? WHERE advisory_id = ?').run(counted, record.id);
        this.insertDuplicate.run(record.id, previous.ecosystem, counted);
      }
    }
    this.seen.set(record.id, { ecosystem: counted, modified: record.modified });
    for (const row of result.affected) this.writeAffected(row, counted);
    for (const row of result.details) this.writeDetail(row, counted);
    const tally = this.tally(counted, origin);
    tally.records += 1;
    if (isNewer(record.modified, tally.newestModified)) tally.newestModified = record.modified;
    return counted;
  }

  /**
   * Adds NVD's statement on each CVE id the DB names (others are left out: a feed holds thousands). An entry
   * replaces an earlier NVD row for the same id; an OSV record whose own id is the CVE id keeps its row.
   */
  addNvd(entries: readonly NvdEntry[], origin: string): void {
    const known = new Set(
      (this.db.prepare('SELECT DISTINCT vulnerability_id FROM affected').all() as { vulnerability_id: string }[]).map(
        (r) => r.vulnerability_id,
      ),
    );
    const remove = this.db.prepare(
      "DELETE FROM vulnerability_detail WHERE vulnerability_id = ? AND advisory_id = ? AND source_id = 'nvd'",
    );
    const insert = this.db.prepare(
      `INSERT OR IGNORE INTO vulnerability_detail (vulnerability_id, advisory_id, source_id, title, description, severity, cvss, cwe_ids, refs, aliases, published, modified, feed)
       VALUES (?, ?, 'nvd', NULL, ?, NULL, ?, ?, ?, '[]', ?, ?, ?)`,
    );
    for (const entry of entries) {
      if (!known.has(entry.id)) continue;
      remove.run(entry.id, entry.id);
      insert.run(
        entry.id,
        entry.id,
        entry.description ?? null,
        JSON.stringify(entry.cvss),
        JSON.stringify(entry.cweIds),
        JSON.stringify(entry.references),
        entry.published ?? null,
        entry.lastModified ?? '',
        NVD_FEED,
      );
    }
    const tally = this.tally(NVD_FEED, origin);
    tally.importedAt = this.now.toISOString();
    const newest = entries
      .map((e) => e.lastModified ?? '')
      .sort()
      .at(-1);
    if (newest && isNewer(newest, tally.newestModified)) tally.newestModified = newest;
  }

  private writeAffected(row: AffectedRow, feed: string): void {
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
      feed,
    );
  }

  private writeDetail(row: DetailRow, feed: string): void {
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
      feed,
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
  finish(dbPath: string, metadata: Readonly<Record<string, string>>): ImportSummary {
    const importedAt = this.now.toISOString();
    const nvd = this.tallies.get(NVD_FEED);
    if (nvd) {
      nvd.records = (
        this.db.prepare('SELECT COUNT(*) AS n FROM vulnerability_detail WHERE feed = ?').get(NVD_FEED) as { n: number }
      ).n;
    }
    const sources: DbSource[] = [...this.tallies.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([ecosystem, t]) => ({
        ecosystem,
        records: t.records,
        skipped: t.skipped,
        skipReasons: t.reasons,
        newestModified: t.newestModified,
        importedAt: t.importedAt ?? importedAt,
        origin: [...t.origins].join(', '),
        etag: t.etag,
        lastModified: t.lastModified,
      }));
    const insertSource = this.db.prepare(
      `INSERT INTO source (ecosystem, records, skipped, skip_reasons, newest_modified, imported_at, origin, etag, last_modified)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
        s.etag ?? null,
        s.lastModified ?? null,
      );
    }
    const insertMeta = this.db.prepare('INSERT INTO metadata (key, value) VALUES (?, ?)');
    insertMeta.run('schema_version', String(SCHEMA_VERSION));
    insertMeta.run('built_at', importedAt);
    for (const [key, value] of Object.entries(metadata)) insertMeta.run(key, value);
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
