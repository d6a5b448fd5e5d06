// Test images with language packages, built on first use by scripts/lang-images/build-<name>.sh into
// .cache/lang-images/<name>/ on top of test/images.ts's bullseye base (see the script for the layers and
// how their ground truth is read). A build is keyed by a hash of the script; concurrent test processes wait
// on a lock directory.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { TEST_IMAGES_DIR } from './images.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SCRIPTS = join(ROOT, 'scripts', 'lang-images');
export const LANG_IMAGES_DIR = join(ROOT, '.cache', 'lang-images');

/** One language package as the builder read it from its own file. */
export interface LangTruth {
  readonly type: 'node-pkg' | 'python-pkg' | 'gemspec';
  readonly name: string;
  readonly version: string;
  /** The file it was read from, relative to the image root. */
  readonly path: string;
}

export interface LangImage {
  readonly dir: string;
  /** `docker save` layout, RepoTags `docker.io/barnacle-test/lang:latest`. */
  readonly dockerArchive: string;
  readonly truth: readonly LangTruth[];
}

const scriptKey = (name: string) =>
  createHash('sha256')
    .update(readFileSync(join(SCRIPTS, `build-${name}.sh`)))
    .digest('hex');

/** Builds `lang` if needed (the bullseye base comes from test/images.ts's base-amd64 build). */
export async function langImage(name: 'lang' = 'lang'): Promise<LangImage> {
  const dir = join(LANG_IMAGES_DIR, name);
  const keyFile = join(dir, 'key');
  const key = scriptKey(name);
  const isCurrent = () => existsSync(keyFile) && readFileSync(keyFile, 'utf8') === key;
  if (!isCurrent()) {
    const base = join(TEST_IMAGES_DIR, 'base-amd64', 'bullseye-amd64.tar');
    if (!existsSync(base)) throw new Error(`${base} is missing: build the test images first (test/images.ts)`);
    mkdirSync(LANG_IMAGES_DIR, { recursive: true });
    const lock = `${dir}.lock`;
    while (!tryLock(lock)) await sleep(1000);
    try {
      if (!isCurrent()) {
        rmSync(dir, { recursive: true, force: true });
        mkdirSync(dir, { recursive: true });
        const log = `${dir}.log`;
        const run = spawnSync('bash', [join(SCRIPTS, `build-${name}.sh`), dir], {
          env: { ...process.env, BASE_AMD64: base },
          encoding: 'utf8',
          maxBuffer: 1 << 26,
        });
        writeFileSync(log, `${run.stdout}${run.stderr}`);
        if (run.status !== 0) throw new Error(`building ${dir} failed (exit ${run.status}); log ${log}`);
        writeFileSync(keyFile, key);
      }
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  const truth = readFileSync(join(dir, 'truth', 'lang.tsv'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line): LangTruth => {
      const [type, pkgName, version, path] = line.split('\t');
      return { type: type as LangTruth['type'], name: pkgName ?? '', version: version ?? '', path: path ?? '' };
    });
  return { dir, dockerArchive: join(dir, 'docker.tar'), truth };
}

function tryLock(lock: string): boolean {
  try {
    mkdirSync(lock);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  }
}
