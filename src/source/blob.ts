// Content-addressed blobs: digest syntax, hashing, and a stream wrapper that checks a blob's digest and size.
import { createHash } from 'node:crypto';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { InputError } from '../errors.js';

/** Digests as the OCI image spec (descriptor.md, "Digests") registers them: sha256 and sha512, lowercase hex. */
const DIGEST_SHAPE = /^(?<algorithm>sha256|sha512):(?<hex>[a-f0-9]+)$/;
const HEX_LENGTH: Readonly<Record<string, number>> = { sha256: 64, sha512: 128 };

/** Whether `digest` is a well-formed sha256/sha512 digest (also what keeps blob paths inside `blobs/`). */
export function isDigest(digest: string): boolean {
  const g = DIGEST_SHAPE.exec(digest)?.groups;
  return g?.algorithm !== undefined && g.hex?.length === HEX_LENGTH[g.algorithm];
}

/** `blobs/<alg>/<hex>` for a digest checked by isDigest. */
export function blobPath(digest: string): string {
  const [algorithm, hex] = digest.split(':');
  return `blobs/${algorithm}/${hex}`;
}

/** The digest of `bytes` with the algorithm `like` uses (sha256 by default). */
export function digestOf(bytes: Uint8Array, like = 'sha256:'): string {
  const algorithm = like.startsWith('sha512:') ? 'sha512' : 'sha256';
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
}

/** An abbreviated digest for messages: `sha256:ab12cd34ef56`. */
export function shortDigest(digest: string): string {
  return digest.slice(0, digest.indexOf(':') + 13);
}

/** Checks a small blob read whole against its descriptor. */
export function checkBlob(bytes: Uint8Array, expected: { digest: string; size?: number }, location: string): void {
  if (expected.size !== undefined && bytes.length !== expected.size) {
    throw new InputError(`${location}: size is ${bytes.length} bytes, its descriptor says ${expected.size}`);
  }
  const actual = digestOf(bytes, expected.digest);
  if (actual !== expected.digest) {
    throw new InputError(`${location}: content digest is ${actual}, its descriptor says ${expected.digest}`);
  }
}

/**
 * Passes `source` through unchanged while hashing and counting it; at its end the stream fails with an
 * InputError when the digest or size differs from the descriptor. A consumer that reads the stream to the
 * end has therefore read a verified blob.
 */
export function verifiedStream(
  source: Readable,
  expected: { digest: string; size?: number },
  location: string,
): Readable {
  const hash = createHash(expected.digest.startsWith('sha512:') ? 'sha512' : 'sha256');
  let length = 0;
  const check = new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      hash.update(chunk);
      length += chunk.length;
      callback(null, chunk);
    },
    flush(callback: TransformCallback) {
      if (expected.size !== undefined && length !== expected.size) {
        callback(new InputError(`${location}: blob is ${length} bytes, its descriptor says ${expected.size}`));
        return;
      }
      const actual = `${expected.digest.slice(0, expected.digest.indexOf(':'))}:${hash.digest('hex')}`;
      if (actual !== expected.digest) {
        callback(new InputError(`${location}: blob digest is ${actual}, its descriptor says ${expected.digest}`));
        return;
      }
      callback();
    },
  });
  source.on('error', (error) => check.destroy(error));
  return source.pipe(check);
}
