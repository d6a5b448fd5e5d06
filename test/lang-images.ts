// Test images with language packages, built on first use by scripts/lang-images/build-<name>.sh into
// .cache/lang-images/<name>/ on top of test/images.ts's bullseye base (see the script for the layers and
// how their ground truth is read). A build is keyed by a hash of the script and made by test/images.ts's
// buildOnce (concurrent test processes wait on its lock).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { baseTarball, buildOnce } from './images.js';

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

/** Builds `lang` if needed, on test/images.ts's bullseye base (built first if missing). */
export async function langImage(name: 'lang' = 'lang'): Promise<LangImage> {
  const dir = join(LANG_IMAGES_DIR, name);
  await buildOnce(dir, scriptKey(name), join(SCRIPTS, `build-${name}.sh`), async () => ({
    BASE_AMD64: await baseTarball('amd64'),
  }));
  const truth = readFileSync(join(dir, 'truth', 'lang.tsv'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line): LangTruth => {
      const [type, pkgName, version, path] = line.split('\t');
      return { type: type as LangTruth['type'], name: pkgName ?? '', version: version ?? '', path: path ?? '' };
    });
  return { dir, dockerArchive: join(dir, 'docker.tar'), truth };
}
