import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../db/open.js';
import { InputError } from '../errors.js';
import { dbCommand } from './db-command.js';

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/osv/', import.meta.url));
const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

async function run(args: string[]): Promise<{ cacheDir: string; stderr: string; error?: unknown }> {
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'barnacle-dbcmd-'));
  temps.push(cacheDir);
  let stderr = '';
  const command = dbCommand({ cacheDir: () => cacheDir, stderr: (text) => (stderr += text) });
  try {
    await command.parseAsync(args, { from: 'user' });
    return { cacheDir, stderr };
  } catch (error) {
    return { cacheDir, stderr, error };
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
