import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { barnacle } from '../../test/barnacle-cli.js';

const IMAGE = path.join('examples', 'demo', 'flask-app.tar');
const OSV = path.join('examples', 'demo', 'osv');

let work: string;
let cases = 0;

beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'barnacle-clean-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A cache dir as a scan leaves it (the DB, the layer cache), with a leftover unpacked image and a file of the user. */
async function usedCacheDir(): Promise<string> {
  const cacheDir = path.join(work, `cache-${cases++}`);
  expect((await barnacle(['db', 'import', OSV, '--cache-dir', cacheDir])).code).toBe(0);
  const scan = await barnacle(['image', '--input', IMAGE, '--skip-db-update', '--cache-dir', cacheDir, '-q']);
  expect(scan.code).toBe(0);
  expect(readdirSync(path.join(cacheDir, 'layers')).length).toBeGreaterThan(0);
  mkdirSync(path.join(cacheDir, 'source-leftover'));
  writeFileSync(path.join(cacheDir, 'notes.txt'), 'kept');
  return cacheDir;
}

const present = (cacheDir: string) =>
  ['db', 'layers', 'source-leftover', 'notes.txt'].filter((name) => existsSync(path.join(cacheDir, name)));

describe('barnacle clean', () => {
  it.each([
    { args: ['--scan-cache'], env: {}, left: ['db', 'notes.txt'] },
    { args: ['--vuln-db'], env: {}, left: ['layers', 'source-leftover', 'notes.txt'] },
    { args: ['--all'], env: {}, left: ['notes.txt'] },
    { args: ['-a'], env: {}, left: ['notes.txt'] },
    {
      args: ['--java-db', '--vex-repo', '--checks-bundle'],
      env: {},
      left: ['db', 'layers', 'source-leftover', 'notes.txt'],
    },
    { args: [], env: { TRIVY_SCAN_CACHE: 'true' }, left: ['db', 'notes.txt'] },
  ])('removes what $args $env select and nothing else of the cache dir', async ({ args, env, left }) => {
    const cacheDir = await usedCacheDir();
    const run = await barnacle(['clean', ...args, '--cache-dir', cacheDir], env);
    expect(run.code).toBe(0);
    expect(present(cacheDir)).toEqual(left);
  });

  it('takes its options from trivy.yaml', async () => {
    const cacheDir = await usedCacheDir();
    const config = path.join(work, 'trivy.yaml');
    writeFileSync(config, 'clean:\n  vuln-db: true\n');
    const run = await barnacle(['clean', '--config', config, '--cache-dir', cacheDir]);
    expect(run.code).toBe(0);
    expect(present(cacheDir)).toEqual(['layers', 'source-leftover', 'notes.txt']);
  });

  it('logs each part it removes as Trivy does', async () => {
    const cacheDir = await usedCacheDir();
    const run = await barnacle(['clean', '--scan-cache', '--vuln-db', '--cache-dir', cacheDir]);
    expect(run.stderr).toBe('barnacle: Removing scan cache...\nbarnacle: Removing vulnerability database...\n');
  });

  it('scans again after the scan cache is removed, and needs a DB after the DB is removed', async () => {
    const cacheDir = await usedCacheDir();
    const scan = ['image', '--input', IMAGE, '--skip-db-update', '--cache-dir', cacheDir, '-q', '-f', 'json'];
    const before = JSON.parse((await barnacle(scan)).stdout);
    await barnacle(['clean', '--scan-cache', '--cache-dir', cacheDir]);
    const after = JSON.parse((await barnacle(scan)).stdout);
    expect(after.Results).toEqual(before.Results);
    await barnacle(['clean', '--vuln-db', '--cache-dir', cacheDir]);
    const noDb = await barnacle(scan);
    expect(noDb.code).toBe(4);
  });

  it('waits for a DB update in progress before removing the DB', async () => {
    const cacheDir = await usedCacheDir();
    const updater = spawn('sleep', ['1.5']);
    writeFileSync(path.join(cacheDir, 'db', 'update.lock'), `${updater.pid}\n`);
    const exited = new Promise((resolve) => updater.on('exit', resolve));
    const clean = barnacle(['clean', '--vuln-db', '--cache-dir', cacheDir]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(existsSync(path.join(cacheDir, 'db', 'barnacle.db'))).toBe(true);
    await exited;
    expect((await clean).code).toBe(0);
    expect(existsSync(path.join(cacheDir, 'db'))).toBe(false);
  });

  it('fails with a usage error when no part is chosen', async () => {
    const run = await barnacle(['clean', '--cache-dir', path.join(work, 'none')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^barnacle: error: no clean option is specified \(--all, --scan-cache/);
    expect(run.stderr.split('\n')).toHaveLength(2);
  });

  it('fails with a usage error naming a cache dir that is a file', async () => {
    const file = path.join(work, 'a-file');
    writeFileSync(file, 'not a directory');
    const run = await barnacle(['clean', '--all', '--cache-dir', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`barnacle: error: ${file} is not a directory (--cache-dir)\n`);
  });

  it('does nothing to a cache dir that does not exist', async () => {
    const cacheDir = path.join(work, 'missing');
    const run = await barnacle(['clean', '--all', '--cache-dir', cacheDir]);
    expect(run.code).toBe(0);
    expect(existsSync(cacheDir)).toBe(false);
  });
});
