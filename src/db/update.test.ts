import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Behaviour, type OsvServer, startOsvServer } from '../../test/fixtures/db/server.js';
import { DbError } from '../errors.js';
import { importSources } from './build.js';
import { retryAfterMs } from './download.js';
import { openDb } from './open.js';
import { dbPaths, prepareDb, type UpdateOptions, updateDb } from './update.js';

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/', import.meta.url));
const REPO = path.join(FIXTURES, 'db', 'repo');
const NPM_CHANGED = path.join(FIXTURES, 'db', 'npm-changed.zip');
const FEEDS = ['Debian', 'PyPI', 'npm'];
/** Quick failures: the retry and timeout logic is the same at any scale. */
const HTTP = { timeoutMs: 400, retries: 2, backoffMs: 20, maxRetryAfterMs: 1500 };

let server: OsvServer;
const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'barnacle-update-'));
  temps.push(dir);
  return dir;
}
beforeAll(async () => {
  server = await startOsvServer(REPO);
});
afterAll(async () => {
  await server.close();
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => server.reset());

const options = (cacheDir: string, extra: Partial<UpdateOptions> = {}): UpdateOptions => ({
  cacheDir,
  repository: server.url,
  feeds: FEEDS,
  http: HTTP,
  ...extra,
});
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const advisories = (cacheDir: string, ecosystem: string, name: string) => {
  const db = openDb(dbPaths(cacheDir).db);
  try {
    return db.advisoriesFor(ecosystem, name).map((a) => a.advisoryId);
  } finally {
    db.close();
  }
};

/** A cache directory holding a DB updated once from the server. */
async function updatedOnce(): Promise<string> {
  const cacheDir = tempDir();
  await updateDb(options(cacheDir));
  server.reset();
  return cacheDir;
}

describe('updateDb from an OSV repository on 127.0.0.1', () => {
  it('downloads every feed the first time, and says which ones the repository lacks', async () => {
    const cacheDir = tempDir();
    const summary = await updateDb(options(cacheDir, { feeds: [...FEEDS, 'Maven'] }));
    expect([summary.changed, summary.unchanged, summary.absent, summary.rebuilt]).toEqual([FEEDS, [], ['Maven'], true]);
    expect(server.requests.map((r) => [r.path, r.status, r.ifNoneMatch]).sort()).toEqual([
      ['/Debian/all.zip', 200, undefined],
      ['/Maven/all.zip', 404, undefined],
      ['/PyPI/all.zip', 200, undefined],
      ['/npm/all.zip', 200, undefined],
    ]);
    expect(summary.records).toBe(6 + 4 + 2);
    expect(advisories(cacheDir, 'Debian:11', 'openssl')).toEqual(['DSA-4963-1', 'DSA-4963-1']);
    const meta = openDb(dbPaths(cacheDir).db).metadata();
    expect(meta.repository).toBe(server.url);
    expect(meta.sources.find((s) => s.ecosystem === 'npm')).toMatchObject({
      origin: `${server.url}/npm/all.zip`,
      etag: expect.stringMatching(/^"[0-9a-f]{16}"$/),
      lastModified: 'Wed, 01 Jan 2025 00:00:00 GMT',
    });
    // Nothing is left in the download directory.
    expect(readdirSync(dbPaths(cacheDir).downloads)).toEqual([]);
  });

  it('sends conditional requests the second time, downloads nothing and leaves the DB file alone', async () => {
    const cacheDir = await updatedOnce();
    const before = statSync(dbPaths(cacheDir).db);
    const summary = await updateDb(options(cacheDir));
    expect([summary.changed, summary.unchanged, summary.rebuilt, summary.bytes]).toEqual([[], FEEDS, false, 0]);
    expect(server.requests.every((r) => r.status === 304 && r.ifNoneMatch && r.ifModifiedSince)).toBe(true);
    expect(server.requests).toHaveLength(3);
    const after = statSync(dbPaths(cacheDir).db);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  });

  it('re-imports only the feed that changed and copies the others from the previous DB', async () => {
    const cacheDir = await updatedOnce();
    const old = openDb(dbPaths(cacheDir).db).metadata();
    server.set('npm', { kind: 'serve', file: NPM_CHANGED });
    const summary = await updateDb(options(cacheDir, { now: () => new Date(Date.now() + 60_000) }));
    expect([summary.changed, summary.unchanged]).toEqual([['npm'], ['Debian', 'PyPI']]);
    expect(server.requests.filter((r) => r.status === 200).map((r) => r.path)).toEqual(['/npm/all.zip']);
    const meta = openDb(dbPaths(cacheDir).db).metadata();
    const of = (m: typeof meta, e: string) => m.sources.find((s) => s.ecosystem === e);
    // Unchanged feeds keep their fetch time and validators; the changed one is new.
    expect(of(meta, 'Debian')).toEqual(of(old, 'Debian'));
    expect(of(meta, 'npm')?.records).toBe(5);
    expect(of(meta, 'npm')?.importedAt).not.toBe(of(old, 'npm')?.importedAt);
    expect(advisories(cacheDir, 'Debian:11', 'openssl')).toEqual(['DSA-4963-1', 'DSA-4963-1']);
    expect(advisories(cacheDir, 'PyPI', 'jw.util')).toEqual(['PYSEC-2020-341']);
  });

  it('keeps a feed the repository no longer has out of the new DB', async () => {
    const cacheDir = await updatedOnce();
    server.set('PyPI', { kind: 'status', status: 404 });
    const summary = await updateDb(options(cacheDir));
    expect([summary.absent, summary.rebuilt]).toEqual([['PyPI'], true]);
    expect(advisories(cacheDir, 'PyPI', 'jw.util')).toEqual([]);
    expect(advisories(cacheDir, 'npm', 'hapi')).toEqual(['NSWG-ECO-12']);
  });

  it('honours Retry-After of a 429 and goes on', async () => {
    const cacheDir = tempDir();
    server.set('npm', { kind: 'status', status: 429, retryAfter: '1', times: 1 });
    const started = Date.now();
    const summary = await updateDb(options(cacheDir));
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(summary.changed).toEqual(FEEDS);
    expect(server.requests.filter((r) => r.path === '/npm/all.zip').map((r) => r.status)).toEqual([429, 200]);
  });

  const failures: { name: string; behaviour: Behaviour; message: RegExp; attempts: number }[] = [
    {
      name: '429 with a Retry-After beyond the bound',
      behaviour: { kind: 'status', status: 429, retryAfter: '3600' },
      message: /npm\/all\.zip failed: HTTP 429; the server asks to wait 3600 s$/,
      attempts: 1,
    },
    {
      name: '500 on every attempt',
      behaviour: { kind: 'status', status: 500 },
      message: /npm\/all\.zip failed after 3 attempts: HTTP 500$/,
      attempts: 3,
    },
    {
      name: 'a body shorter than its Content-Length',
      behaviour: { kind: 'truncate', file: NPM_CHANGED },
      message: /npm\/all\.zip failed after 3 attempts: (truncated body|the body broke off)/,
      attempts: 3,
    },
    {
      name: 'a zip without its central directory',
      behaviour: { kind: 'serve', file: path.join(FIXTURES, 'osv', 'debian-truncated.zip') },
      message: /npm\/all\.zip failed after 3 attempts: not a valid zip file/,
      attempts: 3,
    },
    {
      name: 'a zip whose entry data is corrupt',
      behaviour: { kind: 'serve', file: path.join(FIXTURES, 'osv', 'debian-corrupt.zip') },
      message: /npm\/all\.zip is a corrupt zip file/,
      attempts: 1,
    },
    {
      name: 'a connection that never answers',
      behaviour: { kind: 'hang' },
      message: /npm\/all\.zip failed after 3 attempts: timed out$/,
      attempts: 3,
    },
  ];
  it.each(failures)(
    '$name: DbError, and the previous DB is intact and usable',
    async ({ behaviour, message, attempts }) => {
      const cacheDir = await updatedOnce();
      const before = sha256(dbPaths(cacheDir).db);
      server.set('npm', behaviour);
      const error = await updateDb(options(cacheDir)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DbError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('\n');
      expect(server.requests.filter((r) => r.path === '/npm/all.zip')).toHaveLength(attempts);
      expect(sha256(dbPaths(cacheDir).db)).toBe(before);
      expect(advisories(cacheDir, 'npm', 'hapi')).toEqual(['NSWG-ECO-12']);
      expect(readdirSync(dbPaths(cacheDir).dir).sort()).toEqual(['barnacle.db', 'download', 'update.json']);
      expect(readdirSync(dbPaths(cacheDir).downloads)).toEqual([]);
    },
  );

  it('fails at once, without retries, when nobody listens at the repository', async () => {
    const cacheDir = tempDir();
    const closed = await startOsvServer(REPO);
    await closed.close();
    const started = Date.now();
    const error = await updateDb({
      ...options(cacheDir),
      repository: closed.url,
      http: { ...HTTP, backoffMs: 5000 },
    }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(2000);
    expect((error as Error).message).toMatch(
      /^downloading http:\/\/127\.0\.0\.1:\d+\/\w+\/all\.zip failed: ECONNREFUSED/,
    );
    expect(existsSync(dbPaths(cacheDir).db)).toBe(false);
  });

  it('updates from a local directory of the same layout, and finds it unchanged the second time', async () => {
    const cacheDir = tempDir();
    const first = await updateDb({ cacheDir, repository: REPO, feeds: [...FEEDS, 'Go'] });
    expect([first.changed, first.absent]).toEqual([FEEDS, ['Go']]);
    const second = await updateDb({ cacheDir, repository: REPO, feeds: [...FEEDS, 'Go'] });
    expect([second.unchanged, second.rebuilt]).toEqual([FEEDS, false]);
  });

  it('refuses a repository that is neither http(s) nor a directory', async () => {
    await expect(updateDb({ cacheDir: tempDir(), repository: 'ftp://mirror.example/osv' })).rejects.toThrow(
      '--db-repository ftp://mirror.example/osv: only http(s) URLs and local directories are supported',
    );
  });
});

describe('a record carried by two feeds', () => {
  const LINKED = path.join(FIXTURES, 'db', 'linked');
  let linked: OsvServer;
  beforeAll(async () => {
    linked = await startOsvServer(path.join(LINKED, 'repo'));
  });
  afterAll(() => linked.close());

  it('is kept once; when the feed that kept it changes, the other feed is fetched again so it is not lost', async () => {
    const cacheDir = tempDir();
    const opts = { cacheDir, repository: linked.url, feeds: ['Go', 'npm'], http: HTTP };
    const first = await updateDb(opts);
    expect(first.records).toBe(3);
    const ghsa = () => advisories(cacheDir, 'Go', 'github.com/docker/distribution');
    expect(ghsa()).toEqual(['GHSA-qq97-vm5h-rrhg', 'GO-2022-0379']);
    linked.reset();
    // The Go feed drops the GHSA record (and gains GO-2025-4249); npm still carries it.
    linked.set('Go', { kind: 'serve', file: path.join(LINKED, 'go-changed.zip') });
    const second = await updateDb(opts);
    expect(second.changed).toEqual(['Go', 'npm']);
    expect(linked.requests.map((r) => [r.path, r.status, r.ifNoneMatch !== undefined]).sort()).toEqual([
      ['/Go/all.zip', 200, true],
      ['/npm/all.zip', 200, false],
      ['/npm/all.zip', 304, true],
    ]);
    expect(ghsa()).toEqual(['GHSA-qq97-vm5h-rrhg', 'GO-2022-0379']);
  });
});

describe('prepareDb before a scan', () => {
  const messages: string[] = [];
  const prepare = (cacheDir: string, extra: Partial<Parameters<typeof prepareDb>[0]> = {}) =>
    prepareDb({
      ...options(cacheDir),
      skipUpdate: false,
      repositoryGiven: true,
      warn: (m) => messages.push(`warn: ${m}`),
      info: (m) => messages.push(`info: ${m}`),
      ...extra,
    });
  beforeEach(() => {
    messages.length = 0;
  });

  it('downloads a missing DB', async () => {
    const cacheDir = tempDir();
    await prepare(cacheDir);
    expect(existsSync(dbPaths(cacheDir).db)).toBe(true);
    expect(messages).toEqual([expect.stringMatching(/^info: updated the vulnerability DB: 3 changed/)]);
  });

  it('does not ask the repository again within the hour', async () => {
    const cacheDir = await updatedOnce();
    await prepare(cacheDir);
    expect(server.requests).toEqual([]);
    await prepare(cacheDir, { now: () => new Date(Date.now() + 2 * 3_600_000) });
    expect(server.requests.map((r) => r.status)).toEqual([304, 304, 304]);
  });

  it('warns and keeps the DB when the update fails', async () => {
    const cacheDir = await updatedOnce();
    server.set('PyPI', { kind: 'status', status: 503 });
    await prepare(cacheDir, { now: () => new Date(Date.now() + 2 * 3_600_000) });
    expect(messages).toEqual([
      expect.stringMatching(
        /^warn: vulnerability DB update failed \(downloading .*\/PyPI\/all\.zip failed after 3 attempts: HTTP 503\); scanning with the DB built /,
      ),
    ]);
  });

  it('is a DbError when the update fails and there is no DB', async () => {
    server.set('Debian', { kind: 'status', status: 500 });
    const cacheDir = tempDir();
    await expect(prepare(cacheDir)).rejects.toThrow(
      new RegExp(`^no usable vulnerability DB at ${dbPaths(cacheDir).db} and the update from .* failed \\(downloading`),
    );
  });

  it('with --skip-db-update and no DB, says how to get one', async () => {
    const cacheDir = tempDir();
    const error = await prepare(cacheDir, { skipUpdate: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DbError);
    expect((error as Error).message).toBe(
      `vulnerability DB not found at ${dbPaths(cacheDir).db} and --skip-db-update (or --offline-scan) is set; run \`barnacle db update\` (or \`barnacle db import PATH...\` where there is no network) first`,
    );
    expect(server.requests).toEqual([]);
  });

  it('leaves a DB built by db import alone unless a repository is named', async () => {
    const cacheDir = tempDir();
    await importSources([path.join(FIXTURES, 'osv', 'npm')], dbPaths(cacheDir).db);
    await prepare(cacheDir, { repositoryGiven: false });
    expect(server.requests).toEqual([]);
    await prepare(cacheDir, { repositoryGiven: true });
    expect(server.requests).toHaveLength(3);
    expect(advisories(cacheDir, 'PyPI', 'jw.util')).toEqual(['PYSEC-2020-341']);
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2026-11-01T00:00:00Z');
  const cases: { name: string; value: string | undefined; want: number | undefined }[] = [
    { name: 'seconds', value: '120', want: 120_000 },
    { name: 'an HTTP date', value: 'Sun, 01 Nov 2026 00:00:30 GMT', want: 30_000 },
    { name: 'a date in the past is no wait', value: 'Sat, 31 Oct 2026 00:00:00 GMT', want: 0 },
    { name: 'garbage is ignored', value: 'soon', want: undefined },
    { name: 'no header', value: undefined, want: undefined },
  ];
  it.each(cases)('$name', ({ value, want }) => expect(retryAfterMs(value, now)).toBe(want));
});
