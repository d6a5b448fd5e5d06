// Decompresses a layer blob by its magic bytes (gzip, zstd or a plain tar), whatever its media type says.
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Decompress } from 'fzstd';

export type Compression = 'gzip' | 'zstd' | 'none';

/** gzip: RFC 1952 §2.3.1 (ID1 ID2). */
const GZIP_MAGIC = [0x1f, 0x8b] as const;
/** zstd frame magic 0xFD2FB528, little-endian: RFC 8878 §3.1.1. */
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd] as const;

/** The compression of a blob, from its first bytes. */
export function compressionOf(head: Uint8Array): Compression {
  const startsWith = (magic: readonly number[]) => magic.every((byte, i) => head[i] === byte);
  if (startsWith(GZIP_MAGIC)) return 'gzip';
  if (startsWith(ZSTD_MAGIC)) return 'zstd';
  return 'none';
}

/** A zstd decoder as a Transform, on fzstd's streaming decompressor (pure JS; Node 20's zlib has no zstd). */
export function createZstdDecompress(): Transform {
  let pending: Uint8Array[] = [];
  let ended = false;
  const decoder = new Decompress((chunk, final) => {
    pending.push(chunk);
    if (final) ended = true;
  });
  const flushTo = (stream: Transform) => {
    for (const chunk of pending) stream.push(chunk);
    pending = [];
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      try {
        decoder.push(chunk);
        flushTo(this);
        callback();
      } catch (error) {
        callback(asError(error));
      }
    },
    flush(callback: TransformCallback) {
      try {
        // A final empty push makes fzstd throw on a frame cut short.
        if (!ended) decoder.push(new Uint8Array(0), true);
        flushTo(this);
        callback();
      } catch (error) {
        callback(asError(error));
      }
    },
  });
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * Output chunk of the gunzip stream. zlib's default, 16 KiB, costs a round trip to the thread pool per chunk:
 * 256 KiB took a 129 MB bullseye layer from 1.07 s to 0.58 s (read, gunzip and sha256), gzip -dc: 0.86 s.
 */
const GUNZIP_CHUNK = 256 * 1024;

/** Reads the first bytes of `blob`, then returns its decompressed content as a stream and the compression found. */
export async function decompressed(blob: Readable): Promise<{ stream: Readable; compression: Compression }> {
  const { head, stream } = await peek(blob, ZSTD_MAGIC.length);
  const compression = compressionOf(head);
  if (compression === 'none') return { stream, compression };
  const decoder = compression === 'gzip' ? createGunzip({ chunkSize: GUNZIP_CHUNK }) : createZstdDecompress();
  stream.on('error', (error) => decoder.destroy(error));
  return { stream: stream.pipe(decoder), compression };
}

/** Reads at least `count` bytes (fewer when the stream is shorter) and returns them with the whole stream. */
async function peek(stream: Readable, count: number): Promise<{ head: Buffer; stream: Readable }> {
  const chunks: Buffer[] = [];
  let length = 0;
  while (length < count) {
    const chunk = await nextChunk(stream);
    if (chunk === null) {
      const head = Buffer.concat(chunks);
      return { head, stream: Readable.from(head.length > 0 ? [head] : []) };
    }
    chunks.push(chunk);
    length += chunk.length;
  }
  const head = Buffer.concat(chunks);
  stream.unshift(head);
  return { head, stream };
}

function nextChunk(stream: Readable): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const read = () => {
      const chunk: unknown = stream.read();
      if (chunk !== null) {
        cleanup();
        resolve(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
      }
    };
    const end = () => {
      cleanup();
      resolve(null);
    };
    const fail = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      stream.off('readable', read);
      stream.off('end', end);
      stream.off('error', fail);
    };
    if (stream.readableEnded) return resolve(null);
    stream.on('readable', read);
    stream.on('end', end);
    stream.on('error', fail);
    read();
  });
}

/** A stream over fixed bytes, for tests and cached content. */
export function streamOf(bytes: Uint8Array): Readable {
  return Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]);
}
