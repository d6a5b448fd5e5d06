// `barnacle db update` and the update before a scan: fetch what changed in an OSV repository, rebuild, swap in.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { DbError, messageOf } from '../errors.js';
import { lookupFeeds } from '../match/ecosystems.js';
import { type BuildInput, buildDb, NVD_FEED } from './build.js';
import {
  createDispatcher,
  DEFAULT_HTTP,
  type FetchResult,
  fetchLocalZip,
  fetchZip,
  type HttpOptions,
  type Validators,
} from './download.js';
import { acquireLock, isRunning } from './lock.js';
import { openDb } from './open.js';
import type { DbMetadata } from './types.js';

/** The public OSV bucket: `<base>/<Ecosystem>/all.zip` (https://google.github.io/osv.dev/data/#data-dumps). */
export const DEFAULT_REPOSITORY = 'https://osv-vulnerabilities.storage.googleapis.com';

/**
 * The OSV ecosystems barnacle looks packages up in (src/match/ecosystems.ts: OS releases and language package
 * types), one all.zip each. A repository that lacks one (HTTP 404, no file) simply has no data for it.
 */
export const DEFAULT_FEEDS: readonly string[] = lookupFeeds();

/** A scan checks for changes at most this often (Trivy skips its DB update within an hour of a download). */
export const UPDATE_INTERVAL_MS = 3_600_000;

export interface UpdateOptions {
  readonly cacheDir: string;
  /** An http(s) base URL or a local directory of the OSV layout. */
  readonly repository?: string;
  readonly feeds?: readonly string[];
  readonly http?: Partial<HttpOptions>;
  /** How long to wait for another update holding the lock (ms). */
  readonly lockWaitMs?: number;
  readonly now?: () => Date;
  /** Progress as one short line (bytes, then records); the caller decides whether to show it. */
  readonly onProgress?: (line: string) => void;
}

export interface UpdateSummary {
  readonly dbPath: string;
  /** Feeds downloaded and imported. */
  readonly changed: readonly string[];
  /** Feeds the repository said were unchanged (conditional request), copied from the previous DB. */
  readonly unchanged: readonly string[];
  /** Feeds the repository does not have. */
  readonly absent: readonly string[];
  readonly bytes: number;
  /** Records in the DB after the update. */
  readonly records: number;
  /** Whether a new DB was built (false: nothing changed). */
  readonly rebuilt: boolean;
}

/** The DB file and its companions inside a cache directory. */
export function dbPaths(cacheDir: string) {
  const dir = path.join(cacheDir, 'db');
  return {
    dir,
    db: path.join(dir, 'barnacle.db'),
    lock: path.join(dir, 'update.lock'),
    state: path.join(dir, 'update.json'),
    downloads: path.join(dir, 'download'),
  };
}

/** update.json: when the repository was last checked and found current (no DB rewrite for a no-change update). */
const UpdateState = z.object({ repository: z.string(), checkedAt: z.string() });
type UpdateState = z.infer<typeof UpdateState>;

export async function readUpdateState(cacheDir: string): Promise<UpdateState | undefined> {
  try {
    const parsed = UpdateState.safeParse(JSON.parse(await readFile(dbPaths(cacheDir).state, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

async function writeUpdateState(cacheDir: string, state: UpdateState): Promise<void> {
  const file = dbPaths(cacheDir).state;
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(state)}\n`);
  await rename(temp, file);
}

/** Forgets the update state, so that a DB put in place by `db import` is not taken for a repository's. */
export async function clearUpdateState(cacheDir: string): Promise<void> {
  await rm(dbPaths(cacheDir).state, { force: true });
}

/**
 * Brings the DB up to date with the repository. Under the cache directory's lock: each feed is fetched with a
 * conditional request (validators of the current DB, when it came from the same repository); when any changed,
 * a new DB is built from the changed feeds plus the rows of the unchanged ones (and NVD rows) copied from the
 * current DB, then renamed over it. Any failure leaves the current DB as it was: DbError.
 */
export async function updateDb(options: UpdateOptions): Promise<UpdateSummary> {
  const repository = normaliseRepository(options.repository ?? DEFAULT_REPOSITORY);
  const feeds = options.feeds ?? DEFAULT_FEEDS;
  const http: HttpOptions = { ...DEFAULT_HTTP, ...options.http };
  const now = options.now ?? (() => new Date());
  const paths = dbPaths(options.cacheDir);
  await mkdir(paths.downloads, { recursive: true });
  const release = await acquireLock(paths.lock, {
    waitMs: options.lockWaitMs,
    onWait: (pid) => options.onProgress?.(`waiting for the update of process ${pid}`),
  });
  const dispatcher = isUrl(repository) ? createDispatcher(http) : undefined;
  const temps: string[] = [];
  try {
    await removeStaleDownloads(paths.downloads);
    const current = currentMetadata(paths.db);
    const same = current?.repository === repository;
    const previous = new Map((same ? (current?.sources ?? []) : []).map((s) => [s.ecosystem, s]));

    const results = new Map<string, FetchResult>();
    let bytes = 0;
    const fetchFeed = async (feed: string, validators: Validators): Promise<void> => {
      const source = feedLocation(repository, feed);
      let result: FetchResult;
      if (dispatcher) {
        const dest = path.join(paths.downloads, `${feed}.${process.pid}.${randomBytes(4).toString('hex')}.zip`);
        temps.push(dest);
        result = await fetchZip(source, dest, validators, http, dispatcher, (received, total) =>
          options.onProgress?.(`downloading ${feed}: ${megabytes(received)}${total ? ` of ${megabytes(total)}` : ''}`),
        );
      } else {
        result = await fetchLocalZip(source, validators);
      }
      if (result.kind === 'downloaded') bytes += result.bytes;
      results.set(feed, result);
    };
    await inParallel(feeds, 3, (feed) => {
      const known = previous.get(feed);
      return fetchFeed(feed, known ? { etag: known.etag, lastModified: known.lastModified } : {});
    });

    // A feed whose copy of a record was dropped as a duplicate of a re-imported feed's is re-imported as well.
    for (let more = linkedFeeds(paths.db, same, changedOf(results)); more.length > 0; ) {
      await inParallel(more, 3, (feed) => fetchFeed(feed, {}));
      more = linkedFeeds(paths.db, same, changedOf(results)).filter((f) => results.get(f)?.kind !== 'downloaded');
    }

    const changed = changedOf(results);
    const absent = feeds.filter((f) => results.get(f)?.kind === 'absent');
    const unchanged = feeds.filter((f) => results.get(f)?.kind === 'unchanged');
    if (absent.length === feeds.length) {
      throw new DbError(`the repository ${repository} has none of the OSV feeds (${feeds.join(', ')})`);
    }
    const vanished = absent.filter((f) => previous.has(f));
    const checkedAt = now().toISOString();
    if (current && same && changed.length === 0 && vanished.length === 0) {
      await writeUpdateState(options.cacheDir, { repository, checkedAt });
      return summaryOf(paths.db, changed, unchanged, absent, bytes, current, false);
    }

    const inputs: BuildInput[] = changed.map((feed) => {
      const result = results.get(feed) as Extract<FetchResult, { kind: 'downloaded' }>;
      return { path: result.file, feed, origin: feedLocation(repository, feed), ...result.validators };
    });
    const carried = [...unchanged, ...(current?.sources.some((s) => s.ecosystem === NVD_FEED) ? [NVD_FEED] : [])];
    try {
      await buildDb(
        { inputs, carry: current ? { dbPath: paths.db, feeds: carried } : undefined, metadata: { repository } },
        paths.db,
        { now: now(), onRecords: (n) => options.onProgress?.(`importing: ${n} records`) },
      );
    } catch (error) {
      if (error instanceof DbError) throw error;
      // Name the URL, not the temporary file it was downloaded to.
      let message = messageOf(error);
      for (const input of inputs) message = message.split(input.path).join(input.origin ?? input.path);
      throw new DbError(`the update from ${repository} failed: ${message}`, { cause: error });
    }
    await writeUpdateState(options.cacheDir, { repository, checkedAt });
    return summaryOf(paths.db, changed, unchanged, absent, bytes, currentMetadata(paths.db), true);
  } finally {
    await Promise.all(temps.map((t) => rm(t, { force: true })));
    await dispatcher?.close();
    release();
  }
}

function summaryOf(
  dbPath: string,
  changed: readonly string[],
  unchanged: readonly string[],
  absent: readonly string[],
  bytes: number,
  meta: DbMetadata | undefined,
  rebuilt: boolean,
): UpdateSummary {
  const records = (meta?.sources ?? []).filter((s) => s.ecosystem !== NVD_FEED).reduce((n, s) => n + s.records, 0);
  return { dbPath, changed, unchanged, absent, bytes, records, rebuilt };
}

/** The summary line of an update. */
export function updateLine(summary: UpdateSummary): string {
  const head = summary.rebuilt
    ? `updated the vulnerability DB: ${summary.changed.length} changed (${summary.changed.join(', ')}), ${megabytes(summary.bytes)} downloaded`
    : 'the vulnerability DB is up to date';
  return `${head}; ${summary.unchanged.length} unchanged, ${summary.records} records in ${summary.dbPath}`;
}

/** Downloaded feeds, sorted, so that imports (and which copy of a duplicate is kept) are deterministic. */
function changedOf(results: ReadonlyMap<string, FetchResult>): string[] {
  return [...results.entries()]
    .filter(([, r]) => r.kind === 'downloaded')
    .map(([f]) => f)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Feeds of the current DB holding duplicates of records kept in one of `changed`. */
function linkedFeeds(dbPath: string, same: boolean, changed: readonly string[]): string[] {
  if (!same || changed.length === 0) return [];
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare('SELECT DISTINCT feed FROM duplicate WHERE kept_in IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(changed)) as { feed: string }[];
    return rows.map((r) => r.feed).filter((f) => !changed.includes(f));
  } finally {
    db.close();
  }
}

/** The metadata of the current DB, or undefined when there is none that this barnacle can read. */
export function currentMetadata(dbPath: string): DbMetadata | undefined {
  if (!existsSync(dbPath)) return undefined;
  try {
    const db = openDb(dbPath);
    try {
      return db.metadata();
    } finally {
      db.close();
    }
  } catch {
    return undefined;
  }
}

export function isUrl(repository: string): boolean {
  return /^https?:\/\//i.test(repository);
}

/** URLs lose a trailing slash; directories become absolute. Anything else is refused. */
export function normaliseRepository(repository: string): string {
  if (isUrl(repository)) return repository.replace(/\/+$/, '');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(repository)) {
    throw new DbError(`--db-repository ${repository}: only http(s) URLs and local directories are supported`);
  }
  return path.resolve(repository);
}

function feedLocation(repository: string, feed: string): string {
  return isUrl(repository)
    ? `${repository}/${encodeURIComponent(feed)}/all.zip`
    : path.join(repository, feed, 'all.zip');
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}

async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (next < items.length && failure === undefined) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  if (failure !== undefined) throw failure;
}

/** Downloads of updates whose process is gone (killed) are removed. */
async function removeStaleDownloads(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    const pid = Number(/\.(\d+)\.[0-9a-f]+\.zip$/.exec(name)?.[1]);
    if (pid && !isRunning(pid)) await rm(path.join(dir, name), { force: true });
  }
}

export interface PrepareOptions extends UpdateOptions {
  /** --skip-db-update or --offline-scan: never update, only check that a DB exists. */
  readonly skipUpdate: boolean;
  /** Whether --db-repository was given: a DB from elsewhere (or from `db import`) is then replaced. */
  readonly repositoryGiven: boolean;
  readonly warn: (message: string) => void;
  readonly info: (message: string) => void;
}

/**
 * What a scan does before opening the DB, as Trivy's DownloadDB: with --skip-db-update a DB must exist; without
 * it the DB is downloaded when missing or unusable, and brought up to date when `db update` put it there and it
 * was not checked within the last hour. A DB put in place by `db import` (OSV files or an exported DB) is left
 * alone unless --db-repository names where to update it from. A failed update is a warning when a usable DB remains, else DbError.
 */
export async function prepareDb(options: PrepareOptions): Promise<void> {
  const paths = dbPaths(options.cacheDir);
  const how = 'run `barnacle db update` (or `barnacle db import PATH...` where there is no network) first';
  if (options.skipUpdate) {
    if (!existsSync(paths.db)) {
      throw new DbError(
        `vulnerability DB not found at ${paths.db} and --skip-db-update (or --offline-scan) is set; ${how}`,
      );
    }
    return;
  }
  const repository = normaliseRepository(options.repository ?? DEFAULT_REPOSITORY);
  const current = currentMetadata(paths.db);
  const now = (options.now ?? (() => new Date()))();
  if (current) {
    // Managed: `db update` put it there (update.json names its repository). An imported DB, even one exported
    // from an updated cache, is not replaced behind the user's back.
    const state = await readUpdateState(options.cacheDir);
    const managed = state !== undefined && state.repository === current.repository;
    if (!managed && !options.repositoryGiven) return;
    if (managed && current.repository === repository) {
      const checked = Math.max(Date.parse(current.builtAt) || 0, Date.parse(state.checkedAt) || 0);
      if (now.getTime() - checked < UPDATE_INTERVAL_MS) return;
    }
  }
  try {
    const summary = await updateDb(options);
    options.info(updateLine(summary));
  } catch (error) {
    if (!current) {
      throw new DbError(
        `no usable vulnerability DB at ${paths.db} and the update from ${repository} failed (${messageOf(error)}); ${how}`,
        { cause: error },
      );
    }
    options.warn(`vulnerability DB update failed (${messageOf(error)}); scanning with the DB built ${current.builtAt}`);
  }
}
