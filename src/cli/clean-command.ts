// `barnacle clean`: Trivy's command that removes caches (pkg/commands/clean). Each part of the cache directory
// is removed on its own, never the directory itself: a cache dir shared with other files keeps them.
import { readdir, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { acquireLock } from '../db/lock.js';
import { dbPaths } from '../db/update.js';
import { UsageError } from '../errors.js';
import type { FlagSpec, FlagValues } from './flags.js';
import type { Logger } from './log.js';

/** Trivy's clean flags (pkg/flag/clean_flags.go); `--all` selects every part. */
export const CLEAN_FLAGS: readonly FlagSpec[] = [
  { name: 'all', short: 'a', kind: 'boolean', description: 'remove all caches', default: false },
  {
    name: 'scan-cache',
    kind: 'boolean',
    description: 'remove scan cache (container and VM image analysis results)',
    default: false,
  },
  { name: 'vuln-db', kind: 'boolean', description: 'remove vulnerability database', default: false },
  { name: 'java-db', kind: 'boolean', description: 'remove Java database', default: false },
  { name: 'checks-bundle', kind: 'boolean', description: 'remove checks bundle', default: false },
  { name: 'vex-repo', kind: 'boolean', description: 'remove VEX repositories', default: false },
];

/** Directories a scan makes under the cache dir for an image it unpacks (source/archive.ts, source/daemon.ts). */
const SCAN_TEMPORARIES = /^(source|docker-export|podman-export)-/;

interface Part {
  readonly flag: string;
  /** As Trivy's log line names it: `Removing <name>...`. */
  readonly name: string;
  /** Removes the part; none where barnacle keeps no such thing. */
  readonly remove?: (cacheDir: string) => Promise<void>;
}

const PARTS: readonly Part[] = [
  { flag: 'scan-cache', name: 'scan cache', remove: removeScanCache },
  { flag: 'vuln-db', name: 'vulnerability database', remove: removeDb },
  // barnacle has no Java DB (Maven data comes with the vulnerability DB), no checks bundle and no VEX repositories.
  { flag: 'java-db', name: 'Java database' },
  { flag: 'checks-bundle', name: 'check bundle' },
  { flag: 'vex-repo', name: 'VEX repositories' },
];

/** Removes the parts of the cache dir the flags select; exit code 0. */
export async function runClean(flags: FlagValues, cacheDir: string, logger: Logger): Promise<number> {
  const all = flags.all === true;
  const chosen = PARTS.filter((part) => all || flags[part.flag] === true);
  if (chosen.length === 0) {
    throw new UsageError(`no clean option is specified (${CLEAN_FLAGS.map((f) => `--${f.name}`).join(', ')})`);
  }
  for (const part of chosen) {
    if (!part.remove) {
      logger.debug(`no ${part.name} to remove: barnacle keeps none`);
      continue;
    }
    logger.info(`Removing ${part.name}...`);
    await part.remove(cacheDir);
  }
  return 0;
}

/** The layer cache, and what scans that were stopped left of the images they unpacked. */
async function removeScanCache(cacheDir: string): Promise<void> {
  const temporaries = (await entries(cacheDir)).filter((name) => SCAN_TEMPORARIES.test(name));
  for (const name of ['layers', ...temporaries]) {
    await rm(path.join(cacheDir, name), { recursive: true, force: true });
  }
}

/**
 * The DB directory, under the update lock: an update in progress is waited for (as a second update would be),
 * so that it never finds its directory gone half-way. The lock file goes last, with the lock's release.
 */
async function removeDb(cacheDir: string): Promise<void> {
  const paths = dbPaths(cacheDir);
  const names = await entries(paths.dir);
  if (names.length === 0) return;
  const release = await acquireLock(paths.lock);
  try {
    const lockName = path.basename(paths.lock);
    for (const name of names.filter((n) => n !== lockName)) {
      await rm(path.join(paths.dir, name), { recursive: true, force: true });
    }
  } finally {
    release();
  }
  // Left when another update has taken the lock since: that one's DB is not ours to remove.
  await rmdir(paths.dir).catch(() => {});
}

async function entries(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return [];
    if (code === 'ENOTDIR') throw new UsageError(`${dir} is not a directory (--cache-dir)`, { cause: error });
    throw error;
  }
}
