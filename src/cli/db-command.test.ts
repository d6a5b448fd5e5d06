import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OsvServer, startOsvServer } from '../../test/fixtures/db/server.js';
import { openDb } from '../db/open.js';
import { updateDb } from '../db/update.js';
import { DbError, InputError, UsageError } from '../errors.js';
import { matchTarget } from '../match/match.js';
import type { TargetResult } from '../types.js';
import { dbCommand, progressLine } from './db-command.js';
import { main } from './main.js';

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/osv/', import.meta.url));
const REPO = fileURLToPath(new URL('../../test/fixtures/db/repo/', import.meta.url));
const NVD = fileURLToPath(new URL('../../test/fixtures/nvd/nvdcve-2.0-sample.json', import.meta.url));
const NOW = new Date('2026-11-10T12:00:00Z');
const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'barnacle-dbcmd-'));
  temps.push(dir);
  return dir;
}

async function run(
  args: string[],
  cacheDir = tempDir(),
  now = () => NOW,
): Promise<{ cacheDir: string; stderr: string; stdout: string; error?: unknown }> {
  let stderr = '';
  let stdout = '';
  const command = dbCommand({
    cacheDir: () => cacheDir,
    stderr: (text) => (stderr += text),
    stdout: (text) => (stdout += text),
    env: {},
    now,
  });
  try {
    await command.parseAsync(args, { from: 'user' });
    return { cacheDir, stderr, stdout };
  } catch (error) {
    return { cacheDir, stderr, stdout, error };
  }
}

/** What a scan of a few real packages finds with the DB of a cache directory. */
function scanResults(cacheDir: string): string[] {
  const db = openDb(path.join(cacheDir, 'db', 'barnacle.db'));
  try {
    const debian: TargetResult = {
      target: 'x (debian 11.0)',
      class: 'os-pkgs',
      type: 'debian',
      packages: [{ id: 'libssl1.1@1.1.1k-1', name: 'libssl1.1', version: '1.1.1k', release: '1', srcName: 'openssl' }],
      vulnerabilities: [],
    };
    const python: TargetResult = {
      target: 'Python',
      class: 'lang-pkgs',
      type: 'python-pkg',
      packages: [{ id: 'flask@2.2.4', name: 'flask', version: '2.2.4' }],
      vulnerabilities: [],
    };
    return [...matchTarget(debian, { family: 'debian', name: '11.0' }, db), ...matchTarget(python, undefined, db)].map(
      (f) => JSON.stringify(f),
    );
  } finally {
    db.close();
  }
}

describe('barnacle db import', () => {
  it('builds <cache-dir>/db/barnacle.db and prints warnings and the summary on stderr', async () => {
    const { cacheDir, stderr, error } = await run([
      'import',
      path.join(FIXTURES, 'alpine-subset.zip'),
      path.join(FIXTURES, 'npm'),
    ]);
    const dbPath = path.join(cacheDir, 'db', 'barnacle.db');
    expect(error).toBeUndefined();
    const lines = stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(8);
    expect(lines[0]).toBe(
      `barnacle: warning: skipped ${path.join(FIXTURES, 'alpine-subset.zip')}:ALPINE-CVE.json: id 'CVE' is not a well-formed CVE id`,
    );
    expect(lines[7]).toBe(`barnacle: imported 4 records from 2 sources (7 skipped: 7 malformed) into ${dbPath}`);
    const db = openDb(dbPath);
    expect(db.advisoriesFor('npm', 'hapi').map((a) => a.advisoryId)).toEqual(['NSWG-ECO-12']);
    db.close();
  });

  it('fails with an InputError and writes no DB when an input is not a zip', async () => {
    const { cacheDir, error } = await run(['import', path.join(FIXTURES, 'README.md')]);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(
      `OSV input ${path.join(FIXTURES, 'README.md')} is not a zip file (OSV all.zip), a JSON file or a directory`,
    );
    expect(existsSync(path.join(cacheDir, 'db', 'barnacle.db'))).toBe(false);
  });

  it('needs at least one path', async () => {
    const { error } = await run(['import']);
    expect((error as Error).message).toContain("missing required argument 'PATH'");
  });
});

describe('barnacle db update, status, export and import FILE', () => {
  it('updates from a directory repository and prints one summary line when stderr is not a terminal', async () => {
    const { cacheDir, stderr, error } = await run(['update', '--db-repository', REPO]);
    expect(error).toBeUndefined();
    expect(stderr).toBe(
      `barnacle: updated the vulnerability DB: 3 changed (Debian, PyPI, npm), 0.0 MB downloaded; 0 unchanged, 12 records in ${path.join(cacheDir, 'db', 'barnacle.db')}\n`,
    );
    const again = await run(['update', '--db-repository', REPO], cacheDir);
    expect(again.stderr).toMatch(/^barnacle: the vulnerability DB is up to date; 3 unchanged, 12 records/);
  });

  it('prints status: path, size, repository, and each source with counts and age', async () => {
    const cacheDir = tempDir();
    await run(['update', '--db-repository', REPO], cacheDir);
    const { stdout, error } = await run(['status'], cacheDir, () => new Date(NOW.getTime() + 3 * 86_400_000));
    expect(error).toBeUndefined();
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(`Path: ${path.join(cacheDir, 'db', 'barnacle.db')}`);
    expect(lines[1]).toMatch(/^Size: \d+\.\d MB$/);
    expect(lines[3]).toMatch(/^Built: \S+ \(3 days ago\)$/);
    expect(lines[5]).toBe(`Repository: ${REPO.replace(/\/$/, '')}`);
    expect(lines.slice(7, 11).map((l) => l.split(/\s{2,}/).slice(0, 3))).toEqual([
      ['Source', 'Records', 'Skipped'],
      ['Debian', '6', '0'],
      ['PyPI', '4', '2'],
      ['npm', '2', '0'],
    ]);
    expect(lines.at(-2)).toBe('Total: 12 records from 3 sources');
  });

  it('status without a DB is a DbError saying how to get one', async () => {
    const { error } = await run(['status']);
    expect(error).toBeInstanceOf(DbError);
    expect((error as Error).message).toMatch(
      /vulnerability DB not found at .*; run `barnacle db import PATH\.\.\.` or `barnacle db update`/,
    );
  });

  it('an exported DB imported elsewhere gives identical scan results', async () => {
    const source = tempDir();
    await run(['import', path.join(FIXTURES, 'Debian'), path.join(FIXTURES, 'PyPI'), '--nvd', NVD], source);
    const file = path.join(tempDir(), 'barnacle-db.export');
    const exported = await run(['export', file], source);
    expect(exported.stderr).toMatch(/^barnacle: exported the DB \(\d+ bytes, sha256 [0-9a-f]{64}\) to /);
    const target = tempDir();
    const imported = await run(['import', file], target);
    expect(imported.error).toBeUndefined();
    expect(imported.stderr).toMatch(
      /^barnacle: installed the DB exported from a build of 2026-11-10T12:00:00.000Z \(14 records\)/,
    );
    const results = scanResults(target);
    expect(results).toHaveLength(3);
    expect(results).toEqual(scanResults(source));
    expect(existsSync(path.join(target, 'db', 'update.json'))).toBe(false);
  });

  const tampering: { name: string; edit: (bytes: Buffer) => Buffer; message: RegExp }[] = [
    {
      name: 'a changed byte in the DB',
      edit: (b) => {
        const copy = Buffer.from(b);
        copy[copy.length - 100] = (copy[copy.length - 100] ?? 0) ^ 0xff;
        return copy;
      },
      message: /does not match its checksum .*: it was altered or damaged; export it again$/,
    },
    {
      name: 'a truncated file',
      edit: (b) => b.subarray(0, b.length - 4096),
      message: /does not match its checksum/,
    },
    {
      name: 'a damaged header',
      edit: (b) => Buffer.concat([b.subarray(0, 30), Buffer.from('garbage'), b.subarray(37)]),
      message: /has a damaged header/,
    },
  ];
  it.each(tampering)('$name is refused with a DbError and the current DB stays', async ({ edit, message }) => {
    const source = tempDir();
    await run(['import', path.join(FIXTURES, 'npm')], source);
    const file = path.join(tempDir(), 'db.export');
    await run(['export', file], source);
    writeFileSync(file, edit(readFileSync(file)));
    const target = tempDir();
    await run(['import', path.join(FIXTURES, 'Debian')], target);
    const before = readFileSync(path.join(target, 'db', 'barnacle.db'));
    const { error } = await run(['import', file], target);
    expect(error).toBeInstanceOf(DbError);
    expect((error as Error).message).toMatch(message);
    expect(readFileSync(path.join(target, 'db', 'barnacle.db')).equals(before)).toBe(true);
  });

  it('import --nvd alone needs a DB to add to', async () => {
    const { error } = await run(['import', '--nvd', NVD]);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(
      /^db import --nvd: there is no DB at .* to add NVD data to; give OSV inputs too$/,
    );
  });

  it('import --nvd alone adds NVD data to the current DB', async () => {
    const cacheDir = tempDir();
    await run(['update', '--db-repository', REPO], cacheDir);
    const { stderr, error } = await run(['import', '--nvd', NVD], cacheDir);
    expect(error).toBeUndefined();
    expect(stderr).toMatch(/, NVD data for 4 CVE ids into /);
    const db = openDb(path.join(cacheDir, 'db', 'barnacle.db'));
    expect(db.vulnerability('CVE-2021-3711')?.vendorSeverity).toEqual({ nvd: 4 });
    expect(db.metadata().repository).toBe(REPO.replace(/\/$/, ''));
    db.close();
  });
});

describe('progressLine', () => {
  it('redraws one terminal line and clears it', () => {
    let out = '';
    const progress = progressLine((t) => (out += t), true);
    progress.show('downloading npm: 0.1 MB');
    progress.clear();
    expect(out).toBe('\rdownloading npm: 0.1 MB\x1b[K\r\x1b[K');
  });
  it('draws nothing when stderr is not a terminal', () => {
    let out = '';
    const progress = progressLine((t) => (out += t), false);
    progress.show('downloading npm: 0.1 MB');
    progress.clear();
    expect(out).toBe('');
  });
});

describe('the DB step of a scan (barnacle image)', () => {
  const IMAGE = fileURLToPath(new URL('../../examples/demo/flask-app.tar', import.meta.url));
  let server: OsvServer;
  beforeAll(async () => {
    server = await startOsvServer(REPO);
  });
  afterAll(() => server.close());

  async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
    let stdout = '';
    let stderr = '';
    const code = await main(['node', 'barnacle', ...args], {
      env: { BARNACLE_DB_HTTP_TIMEOUT: '2s', ...env },
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      stdoutIsTty: false,
      stderrIsTty: false,
    });
    return { code, stdout, stderr };
  }
  const scan = (cacheDir: string, ...more: string[]) =>
    cli(['image', '--input', IMAGE, '--format', 'json', '--cache-dir', cacheDir, ...more]);

  it('downloads the DB on first use from --db-repository (or BARNACLE_DB_REPOSITORY) and scans', async () => {
    const cacheDir = tempDir();
    const run = await cli(['image', '--input', IMAGE, '--format', 'json', '--cache-dir', cacheDir], {
      BARNACLE_DB_REPOSITORY: server.url,
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^barnacle: updated the vulnerability DB: 3 changed \(Debian, PyPI, npm\)/);
    expect(JSON.parse(run.stdout).ArtifactName).toBeDefined();
  });

  it('goes on with the existing DB and one warning line when the update fails', async () => {
    const cacheDir = tempDir();
    // A DB last updated long ago: the update is due; the repository asks to come back in an hour.
    await updateDb({ cacheDir, repository: server.url, now: () => new Date('2000-01-01T00:00:00Z') });
    server.set('Debian', { kind: 'status', status: 429, retryAfter: '3600' });
    const run = await scan(cacheDir, '--db-repository', server.url, '--db-max-age', '0');
    server.reset();
    expect(run.code).toBe(0);
    // One line about the DB (the demo image's Debian 11 also draws the end-of-life warnings).
    const dbLines = run.stderr
      .trim()
      .split('\n')
      .filter((line) => !/no longer supported|may be insufficient/.test(line));
    expect(dbLines).toEqual([
      expect.stringMatching(
        /^barnacle: warning: vulnerability DB update failed \(downloading .*\/Debian\/all\.zip failed: HTTP 429; the server asks to wait 3600 s\); scanning with the DB built 2000-01-01T00:00:00.000Z$/,
      ),
    ]);
    expect(JSON.parse(run.stdout).Results).toBeDefined();
  });

  it('exits 4 with one line when there is no DB and the update fails', async () => {
    const cacheDir = tempDir();
    server.set('npm', { kind: 'status', status: 429, retryAfter: '600' });
    const run = await scan(cacheDir, '--db-repository', server.url);
    server.reset();
    expect(run.code).toBe(4);
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^barnacle: error: no usable vulnerability DB at .* and the update from .* failed \(.*npm\/all\.zip failed: HTTP 429; the server asks to wait 600 s\); run `barnacle db update`/,
      ),
    ]);
  });

  it('with --skip-db-update and no DB, exits 4 saying how to get one, without any request', async () => {
    const run = await scan(tempDir(), '--skip-db-update', '--db-repository', server.url);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/--skip-db-update \(or --offline-scan\) is set; run `barnacle db update`/);
    expect(server.requests).toEqual([]);
  });

  it('--offline-scan never touches the network and warns about an old DB', async () => {
    const cacheDir = tempDir();
    await run(['import', path.join(FIXTURES, 'Debian')], cacheDir, () => new Date('2026-01-01T00:00:00Z'));
    server.reset();
    const result = await scan(cacheDir, '--offline-scan', '--db-repository', server.url);
    expect(result.code).toBe(0);
    expect(server.requests).toEqual([]);
    expect(result.stderr).toMatch(
      /^barnacle: warning: the vulnerability DB was last updated \d+ days ago \(2026-01-01T00:00:00.000Z\); run `barnacle db update`/m,
    );
  });

  it('--download-db-only updates the DB and scans nothing', async () => {
    const cacheDir = tempDir();
    const run = await cli(['image', '--download-db-only', '--db-repository', server.url, '--cache-dir', cacheDir]);
    expect([run.code, run.stdout]).toEqual([0, '']);
    expect(run.stderr).toMatch(/^barnacle: updated the vulnerability DB: 3 changed/);
    const both = await cli(['image', '--download-db-only', '--skip-db-update', '--cache-dir', cacheDir]);
    expect(both.code).toBe(2);
  });

  it('--version shows the DB, as Trivy does', async () => {
    const cacheDir = tempDir();
    await updateDb({ cacheDir, repository: server.url, now: () => new Date('2026-11-10T12:00:00.5Z') });
    const run = await cli(['--version', '--cache-dir', cacheDir]);
    expect(run.stdout).toBe(
      [
        'Version: 0.1.0',
        'Vulnerability DB:',
        '  Version: 2',
        '  UpdatedAt: 2026-11-10 12:00:00.5 +0000 UTC',
        '  NextUpdate: 2026-11-10 13:00:00.5 +0000 UTC',
        '  DownloadedAt: 2026-11-10 12:00:00.5 +0000 UTC',
        '',
      ].join('\n'),
    );
    expect((await cli(['version', '--cache-dir', cacheDir])).stdout).toBe(run.stdout);
    const none = await cli(['--version', '--cache-dir', tempDir()]);
    expect(none.stdout).toBe('Version: 0.1.0\n');
  });

  it("version --format json prints Trivy's VersionInfo on one line", async () => {
    const cacheDir = tempDir();
    await updateDb({ cacheDir, repository: server.url, now: () => new Date('2026-11-10T12:00:00.5Z') });
    const run = await cli(['version', '-f', 'json', '--cache-dir', cacheDir]);
    expect(run.stdout).toBe(
      '{"Version":"0.1.0","VulnerabilityDB":{"Version":2,"NextUpdate":"2026-11-10T13:00:00.5Z",' +
        '"UpdatedAt":"2026-11-10T12:00:00.5Z","DownloadedAt":"2026-11-10T12:00:00.5Z"}}\n',
    );
    expect((await cli(['version', '--format', 'json', '--cache-dir', tempDir()])).stdout).toBe('{"Version":"0.1.0"}\n');
  });

  it("an imported DB has no next update: Go's zero time, as Trivy writes an unset time", async () => {
    const cacheDir = tempDir();
    expect((await cli(['db', 'import', path.join('examples', 'demo', 'osv'), '--cache-dir', cacheDir])).code).toBe(0);
    const info = JSON.parse((await cli(['version', '-f', 'json', '--cache-dir', cacheDir])).stdout);
    expect(info.VulnerabilityDB.NextUpdate).toBe('0001-01-01T00:00:00Z');
    expect(Date.parse(info.VulnerabilityDB.UpdatedAt)).toBeGreaterThan(Date.parse('2026-01-01'));
  });
});
