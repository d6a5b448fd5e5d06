// An image archive file (plain or gzipped tar), indexed once; a gzipped one is decompressed to a temporary
// file inside the cache directory first, removed again on close().
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, open, rm } from 'node:fs/promises';
import path from 'node:path';
import type { TransformOptions } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, type ZlibOptions } from 'node:zlib';
import { InputError, messageOf } from '../errors.js';
import { indexTar, type TarIndex } from './tar-index.js';

export interface Archive {
  /** The archive as the user named it, for messages and locations. */
  readonly label: string;
  readonly index: TarIndex;
  /** Removes the temporary decompressed copy, if any. */
  close(): Promise<void>;
}

export type ArchiveCompression = 'gzip' | 'zstd' | 'none';

/** Reads and writes of a gzipped archive in 1 MiB pieces, inflated 256 KiB at a time (see layer/decompress.ts). */
const CHUNK = 1024 * 1024;
// zlib's streams are Transforms and take a highWaterMark, which @types/node's ZlibOptions leaves out.
const GUNZIP_OPTIONS: ZlibOptions & TransformOptions = { chunkSize: CHUNK / 4, highWaterMark: CHUNK };

/** The compression of a file or blob from its first bytes: gzip (RFC 1952 §2.3.1), zstd (RFC 8878 §3.1.1). */
export function compressionOfHead(head: Uint8Array): ArchiveCompression {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  return 'none';
}

/** The first `length` bytes of a file (fewer if it is shorter). */
export async function headOf(file: string, length = 4, position = 0): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(length);
    const { bytesRead } = await handle.read(head, 0, length, position);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Opens `file` as a tar archive, detecting gzip by its magic bytes rather than by its name. */
export async function openArchive(file: string, cacheDir: string): Promise<Archive> {
  const head = await headOf(file);
  if (head.length === 0) throw new InputError(`${file}: empty file, not an image archive`);
  const compression = compressionOfHead(head);
  if (compression === 'zstd') {
    throw new InputError(`${file}: zstd-compressed archives are not supported; decompress it first (zstd -d)`);
  }
  if (compression === 'none') return { label: file, index: await indexTar(file, file), close: async () => {} };

  await mkdir(cacheDir, { recursive: true });
  const tempDir = await mkdtemp(path.join(cacheDir, 'source-'));
  const close = () => rm(tempDir, { recursive: true, force: true });
  try {
    const tarFile = path.join(tempDir, 'image.tar');
    try {
      await pipeline(
        createReadStream(file, { highWaterMark: CHUNK }),
        createGunzip(GUNZIP_OPTIONS),
        createWriteStream(tarFile, { highWaterMark: CHUNK }),
      );
    } catch (error) {
      throw new InputError(`${file}: not a valid gzip stream (${messageOf(error)}); re-export the image`, {
        cause: error,
      });
    }
    return { label: file, index: await indexTar(tarFile, file), close };
  } catch (error) {
    await close();
    throw error;
  }
}
