// The vulnerability DB kept between workflow runs with the Actions cache: restored before the scan (today's
// entry, else the newest earlier one), saved after it under today's key when today's was not restored. When the
// download of a fresh DB fails, the scan goes on with the restored one and says so (barnacle's own fallback).
import * as cache from '@actions/cache';
import * as core from '@actions/core';

const PREFIX = 'barnacle-db-';

export interface DbCache {
  readonly key: string;
  readonly restoredKey: string | undefined;
  readonly paths: readonly string[];
}

/** The cache key of a day: one entry per UTC date. */
export function keyOf(now: Date): string {
  return `${PREFIX}${now.toISOString().slice(0, 10)}`;
}

/** Restores the DB directory; undefined when the cache service is not there (outside GitHub's runners). */
export async function restoreDb(dbDir: string, now: Date): Promise<DbCache | undefined> {
  if (!cache.isFeatureAvailable()) {
    core.info('The Actions cache is not available here: the vulnerability DB is not cached between runs');
    return undefined;
  }
  const key = keyOf(now);
  const paths = [dbDir];
  try {
    const restoredKey = await cache.restoreCache([...paths], key, [PREFIX]);
    core.info(restoredKey ? `Vulnerability DB restored from the cache (${restoredKey})` : 'No cached DB yet');
    return { key, restoredKey, paths };
  } catch (error) {
    core.warning(`Restoring the vulnerability DB from the cache failed: ${(error as Error).message}`);
    return { key, restoredKey: undefined, paths };
  }
}

/** Saves the DB under today's key unless that entry was the one restored. */
export async function saveDb(state: DbCache): Promise<void> {
  if (state.restoredKey === state.key) return;
  try {
    await cache.saveCache([...state.paths], state.key);
    core.info(`Vulnerability DB saved to the cache (${state.key})`);
  } catch (error) {
    core.warning(`Saving the vulnerability DB to the cache failed: ${(error as Error).message}`);
  }
}
