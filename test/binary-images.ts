// Real binaries and archives for the gobinary, jar and rustbinary tests, built on first use by
// scripts/binary-images/build-binaries.sh into .cache/binary-images/binaries/ and keyed by a hash of that
// folder: Go programs compiled by Debian's golang-go, Debian's jars, and the image holding them. The build is
// test/images.ts's buildOnce (lazy, one builder at a time).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildOnce } from './images.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SCRIPTS = join(ROOT, 'scripts', 'binary-images');
const DIR = join(ROOT, '.cache', 'binary-images', 'binaries');

export interface BinaryImage {
  readonly dir: string;
  /** The image's only layer unpacked: usr/local/bin/hello-go, usr/share/java/*.jar, ... */
  readonly rootfs: string;
  readonly dockerArchive: string;
  readonly ociTar: string;
  /** Ground truth files written by the build (truth/hello-go.txt is `go version -m`). */
  readonly truth: (name: string) => string;
}

let pending: Promise<BinaryImage> | undefined;

/** Builds the `binaries` image once per version of its scripts, and describes it. */
export function binaryImage(): Promise<BinaryImage> {
  pending ??= build();
  return pending;
}

async function build(): Promise<BinaryImage> {
  const key = hashOf([SCRIPTS, join(ROOT, 'scripts', 'test-images', 'lib.sh')]);
  await buildOnce(DIR, key, join(SCRIPTS, 'build-binaries.sh'), {});
  return {
    dir: DIR,
    rootfs: join(DIR, 'rootfs'),
    dockerArchive: join(DIR, 'docker.tar'),
    ociTar: join(DIR, 'oci.tar'),
    truth: (name) => readFileSync(join(DIR, 'truth', name), 'utf8'),
  };
}

/** sha256 over the files under `paths` (names and contents), in a stable order. */
function hashOf(paths: readonly string[]): string {
  const hash = createHash('sha256');
  const visit = (path: string) => {
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) visit(join(path, name));
      return;
    }
    hash
      .update(`${relative(ROOT, path)}\0`)
      .update(readFileSync(path))
      .update('\0');
  };
  for (const path of paths) visit(path);
  return hash.digest('hex');
}
