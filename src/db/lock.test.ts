import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DbError } from '../errors.js';
import { acquireLock } from './lock.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'barnacle-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((done) => child.on('close', done));
  return child.pid ?? 0;
}

describe('acquireLock', () => {
  it('writes our pid and removes the file on release', async () => {
    const file = path.join(dir, 'a.lock');
    const release = await acquireLock(file);
    expect(readFileSync(file, 'utf8')).toBe(`${process.pid}\n`);
    release();
    expect(existsSync(file)).toBe(false);
  });

  it('takes over a lock whose process is gone', async () => {
    const file = path.join(dir, 'b.lock');
    writeFileSync(file, `${await deadPid()}\n`);
    const release = await acquireLock(file, { waitMs: 0 });
    expect(readFileSync(file, 'utf8')).toBe(`${process.pid}\n`);
    release();
  });

  it('waits for a live holder, then gives up with a DbError naming it', async () => {
    const file = path.join(dir, 'c.lock');
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)']);
    writeFileSync(file, `${holder.pid}\n`);
    const waited: number[] = [];
    const started = Date.now();
    const error = await acquireLock(file, { waitMs: 300, pollMs: 50, onWait: (pid) => waited.push(pid) }).catch(
      (e: unknown) => e,
    );
    holder.kill('SIGKILL');
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(error).toBeInstanceOf(DbError);
    expect((error as Error).message).toBe(
      `the vulnerability DB is being updated by process ${holder.pid} (lock ${file}); try again later`,
    );
    expect(waited).toEqual([holder.pid]);
    // The holder's lock is left alone.
    expect(readFileSync(file, 'utf8')).toBe(`${holder.pid}\n`);
  });

  it('does not remove a lock that another process took after ours was broken', async () => {
    const file = path.join(dir, 'd.lock');
    const release = await acquireLock(file);
    writeFileSync(file, '1\n');
    release();
    expect(readFileSync(file, 'utf8')).toBe('1\n');
  });
});
