// An exclusive lock file in the cache directory, so that two updates of one DB never run at once.
import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { DbError } from '../errors.js';

export interface LockOptions {
  /** How long to wait for another process's lock before giving up (ms). */
  readonly waitMs?: number;
  /** How often the lock is tried again (ms). */
  readonly pollMs?: number;
  /** Told once when the lock is held by someone else and we wait. */
  readonly onWait?: (holder: number) => void;
}

/** A lock file whose content is still being written (no pid yet) is taken as stale after this long. */
const EMPTY_LOCK_GRACE_MS = 5000;

/**
 * Takes the lock `file` (created with O_EXCL, holding our pid) and returns its release function. A lock whose
 * process is gone (killed mid-update) is stale and taken over; a live holder is waited for up to `waitMs`,
 * then DbError. Release removes the file only while it is still ours.
 */
export async function acquireLock(file: string, options: LockOptions = {}): Promise<() => void> {
  const waitMs = options.waitMs ?? 10 * 60_000;
  const pollMs = options.pollMs ?? 100;
  const deadline = Date.now() + waitMs;
  let told = false;
  for (;;) {
    if (tryCreate(file)) return () => release(file);
    const holder = holderOf(file);
    if (holder === 'stale') {
      breakStale(file);
      continue;
    }
    if (holder !== 'gone' && !told) {
      told = true;
      options.onWait?.(holder);
    }
    if (Date.now() >= deadline) {
      throw new DbError(
        `the vulnerability DB is being updated by process ${holder === 'gone' ? '?' : holder} (lock ${file}); try again later`,
      );
    }
    await sleep(pollMs);
  }
}

function tryCreate(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new DbError(`cannot create the DB lock ${file}: ${(error as Error).message}`, { cause: error });
  }
  try {
    writeSync(fd, `${process.pid}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Removes a stale lock. Two waiters may both find it stale: only the one that creates `<file>.break` removes it
 * (after checking again that it is still stale), so neither removes the lock the other has just taken.
 */
function breakStale(file: string): void {
  const breaker = `${file}.break`;
  if (!tryCreate(breaker)) {
    const holder = holderOf(breaker);
    if (holder === 'stale') rmSync(breaker, { force: true });
    return;
  }
  try {
    if (holderOf(file) === 'stale') rmSync(file, { force: true });
  } finally {
    rmSync(breaker, { force: true });
  }
}

/** The pid holding the lock, 'stale' when its process is gone, 'gone' when the file vanished meanwhile. */
function holderOf(file: string): number | 'stale' | 'gone' {
  let text: string;
  let age: number;
  try {
    text = readFileSync(file, 'utf8');
    age = Date.now() - statSync(file).mtimeMs;
  } catch {
    return 'gone';
  }
  const pid = Number(text.trim());
  if (!Number.isInteger(pid) || pid <= 0) return age > EMPTY_LOCK_GRACE_MS ? 'stale' : 0;
  return isRunning(pid) ? pid : 'stale';
}

function release(file: string): void {
  try {
    if (Number(readFileSync(file, 'utf8').trim()) === process.pid) rmSync(file, { force: true });
  } catch {
    // already gone
  }
}

/** Whether a process exists (EPERM: it exists but is not ours). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
