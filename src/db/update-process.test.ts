// `barnacle db update` as separate processes: killed mid-download, and two at once.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type OsvServer, startOsvServer } from '../../test/fixtures/db/server.js';
import { openDb } from './open.js';
import { dbPaths, updateDb } from './update.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'barnacle.js');
const REPO = path.join(ROOT, 'test', 'fixtures', 'db', 'repo');
const NPM_CHANGED = path.join(ROOT, 'test', 'fixtures', 'db', 'npm-changed.zip');
const FEEDS = ['Debian', 'PyPI', 'npm'];

let server: OsvServer;
const temps: string[] = [];
const children: ChildProcess[] = [];
beforeAll(async () => {
  server = await startOsvServer(REPO);
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await server.close();
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => server.reset());

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'barnacle-update-proc-'));
  temps.push(dir);
  return dir;
}

interface Run {
  readonly child: ChildProcess;
  readonly done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/** `barnacle db update` against the test server; the Maven feed is absent there, like most of the defaults. */
function update(cacheDir: string): Run {
  const child = spawn(process.execPath, [BIN, 'db', 'update', '--db-repository', server.url, '--cache-dir', cacheDir], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, BARNACLE_DB_HTTP_TIMEOUT: '5s' },
  });
  children.push(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, done };
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Waits for `condition` while `run` is alive; a run that ends first fails the test with its stderr. */
async function until(condition: () => boolean, run: Run, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let ended: string | undefined;
  void run.done.then((r) => {
    ended = `exit ${r.code}: ${r.stderr}`;
  });
  while (!condition()) {
    if (ended !== undefined) throw new Error(`the update ended first (${ended})`);
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}

describe('db update processes', () => {
  it('killed with SIGKILL mid-download, leaves the previous DB intact and usable, and the next update recovers', async () => {
    const cacheDir = tempDir();
    await updateDb({ cacheDir, repository: server.url, feeds: FEEDS });
    const paths = dbPaths(cacheDir);
    const before = sha256(paths.db);
    server.reset();
    server.set('npm', { kind: 'slow', bytes: 200, everyMs: 100, file: NPM_CHANGED });

    const run = update(cacheDir);
    // Killed once part of the new npm zip is on disk.
    await until(
      () =>
        readdirSync(paths.downloads).some(
          (f) => f.startsWith('npm.') && statSync(path.join(paths.downloads, f)).size > 0,
        ),
      run,
    );
    run.child.kill('SIGKILL');
    expect((await run.done).signal).toBe('SIGKILL');

    expect(sha256(paths.db)).toBe(before);
    const db = openDb(paths.db);
    expect(db.advisoriesFor('npm', 'hapi').map((a) => a.advisoryId)).toEqual(['NSWG-ECO-12']);
    db.close();
    // The killed process left its lock and its partial download behind.
    expect(existsSync(paths.lock)).toBe(true);

    server.set('npm', { kind: 'serve', file: NPM_CHANGED });
    const next = await update(cacheDir).done;
    expect(next.code).toBe(0);
    expect(next.stderr).toMatch(/^barnacle: updated the vulnerability DB: 1 changed \(npm\)/);
    expect(existsSync(paths.lock)).toBe(false);
    expect(readdirSync(paths.downloads)).toEqual([]);
    const after = openDb(paths.db);
    expect(after.metadata().sources.find((s) => s.ecosystem === 'npm')?.records).toBe(5);
    after.close();
  });

  it('two updates started at once end with one valid DB, downloaded once', async () => {
    const cacheDir = tempDir();
    server.set('PyPI', { kind: 'slow', bytes: 1000, everyMs: 50 });
    const [a, b] = [update(cacheDir), update(cacheDir)];
    const results = await Promise.all([a.done, b.done]);
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    const lines = results.map((r) => r.stderr.trim().split('\n').at(-1) ?? '').sort();
    expect(lines[0]).toMatch(/^barnacle: the vulnerability DB is up to date; 3 unchanged, 12 records/);
    expect(lines[1]).toMatch(/^barnacle: updated the vulnerability DB: 3 changed \(Debian, PyPI, npm\)/);
    expect(
      server.requests
        .filter((r) => r.status === 200)
        .map((r) => r.path)
        .sort(),
    ).toEqual(['/Debian/all.zip', '/PyPI/all.zip', '/npm/all.zip']);
    const db = openDb(dbPaths(cacheDir).db);
    expect(db.metadata().sources.map((s) => [s.ecosystem, s.records])).toEqual([
      ['Debian', 6],
      ['PyPI', 4],
      ['npm', 2],
    ]);
    db.close();
  });
});
