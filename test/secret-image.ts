// The `secrets` test image (scripts/secret-images/build-secrets.sh): plain files with made-up keys in two
// layers, one file deleted by a whiteout in the second. Built on first use into .cache/secret-images/secrets/
// by test/images.ts's buildOnce, keyed by a hash of the script.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildOnce } from './images.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SCRIPT = join(ROOT, 'scripts', 'secret-images', 'build-secrets.sh');
const LIB = join(ROOT, 'scripts', 'test-images', 'lib.sh');

export interface SecretImage {
  /** `docker save` layout (uncompressed layers, so Trivy reports no layer digests). */
  readonly dockerArchive: string;
  /** The same, gzipped. */
  readonly dockerArchiveGz: string;
  readonly ociDir: string;
}

export async function secretImage(): Promise<SecretImage> {
  const dir = join(ROOT, '.cache', 'secret-images', 'secrets');
  const key = createHash('sha256').update(readFileSync(SCRIPT)).update(readFileSync(LIB)).digest('hex');
  await buildOnce(dir, key, SCRIPT, {});
  return {
    dockerArchive: join(dir, 'docker.tar'),
    dockerArchiveGz: join(dir, 'docker.tar.gz'),
    ociDir: join(dir, 'oci'),
  };
}
