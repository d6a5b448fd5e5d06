// LayerFile implementations: in memory (small files, shared by analyzers), live from the tar, or spilled to disk.
import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { PassThrough, Readable } from 'node:stream';
import type { LayerFile } from '../analyzer/types.js';

/** Thrown by bytes()/text() for a file larger than an analyzer may read whole; the walker makes it a Problem. */
export class FileTooLargeError extends Error {
  constructor(size: number, limit: number) {
    super(`file is ${size} bytes, more than the ${limit} bytes an analyzer may read whole`);
  }
}

const decoder = new TextDecoder('utf-8');

/** What a layer file is besides its content. */
export interface Meta {
  readonly path: string;
  readonly size: number;
  readonly mode: number;
}

/**
 * A file already read into memory; several analyzers share the same bytes. Given as the tar's chunks, it stays
 * in them: read() by offset (ELF and zip readers) copies only a range that spans two chunks, and bytes()/text()
 * join the chunks once, when an analyzer asks for the whole. The walker reads every executable for the Go and
 * Rust binary analyzers, which look at a few sections of each: not copying them took the 560 MB big-layer image
 * from 148-156 MB to 142-152 MB of peak memory, in the same time.
 */
export function memoryFile(meta: Meta, content: Uint8Array | readonly Uint8Array[]): LayerFile {
  const chunks = content instanceof Uint8Array ? [content] : content;
  let whole: Uint8Array | undefined;
  const bytes = () => {
    whole ??= joined(chunks);
    return whole;
  };
  return {
    ...meta,
    bytes: async () => bytes(),
    text: async () => decoder.decode(bytes()),
    stream: () => Readable.from(chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength))),
    read: async (offset, length) => (whole ? whole.subarray(offset, offset + length) : rangeOf(chunks, offset, length)),
  };
}

/** Bytes `offset` to `offset + length` (fewer past the end) of the concatenation of `chunks`. */
function rangeOf(chunks: readonly Uint8Array[], offset: number, length: number): Uint8Array {
  const parts: Uint8Array[] = [];
  let start = 0;
  let wanted = Math.max(0, length);
  for (const chunk of chunks) {
    const end = start + chunk.length;
    if (wanted > 0 && end > offset) {
      const from = Math.max(0, offset - start);
      const part = chunk.subarray(from, Math.min(chunk.length, from + wanted));
      parts.push(part);
      wanted -= part.length;
    }
    start = end;
    if (wanted === 0) break;
  }
  return joined(parts);
}

/** A file spilled to a temporary file, for large files several analyzers want. */
export function diskFile(meta: Meta, file: string, maxBytes: number): LayerFile {
  const bytes = async () => {
    if (meta.size > maxBytes) throw new FileTooLargeError(meta.size, maxBytes);
    return new Uint8Array(await readFile(file));
  };
  const read = async (offset: number, length: number) => {
    const handle = await open(file);
    try {
      const buffer = Buffer.allocUnsafe(Math.max(0, Math.min(length, meta.size - offset)));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  };
  return {
    ...meta,
    bytes,
    text: async () => decoder.decode(await bytes()),
    stream: () => createReadStream(file),
    read,
  };
}

/** Reads a whole async iterable of chunks, keeping them as they come. */
export async function readChunks(source: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of source) chunks.push(chunk);
  return chunks;
}

/** Reads a whole async iterable of chunks into one buffer. */
export async function readAll(source: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  return joined(await readChunks(source));
}

/** The chunks as one buffer: the only chunk itself, or a copy of them all. */
export function joined(chunks: readonly Uint8Array[]): Uint8Array {
  return chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks);
}

/**
 * A file read straight from the tar entry, for a large file one analyzer wants. The entry is consumed once:
 * by stream() (with back-pressure), by bytes()/text(), or drained by `release()` once the analyzer is done.
 */
export function liveFile(
  meta: Meta,
  entry: AsyncIterable<Uint8Array>,
  maxBytes: number,
): { file: LayerFile; release: () => Promise<void> } {
  let consumer: Promise<unknown> | undefined;
  let piped: PassThrough | undefined;
  const claim = (how: () => Promise<unknown>) => {
    if (consumer) throw new Error(`${meta.path}: the content was already read`);
    consumer = how();
    return consumer;
  };
  const bytes = async () => {
    if (meta.size > maxBytes) throw new FileTooLargeError(meta.size, maxBytes);
    return (await claim(() => readAll(entry))) as Uint8Array;
  };
  const file: LayerFile = {
    ...meta,
    bytes,
    text: async () => decoder.decode(await bytes()),
    stream() {
      const out = new PassThrough();
      piped = out;
      void claim(() => pump(entry, out));
      return out;
    },
  };
  const release = async () => {
    piped?.destroy();
    if (!consumer) consumer = drain(entry);
    await consumer.catch(() => drain(entry));
  };
  return { file, release };
}

/** Copies the entry into `out` with back-pressure; once `out` is gone the rest is drained. */
async function pump(entry: AsyncIterable<Uint8Array>, out: PassThrough): Promise<void> {
  for await (const chunk of entry) {
    if (out.destroyed) continue;
    if (!out.write(chunk)) await writable(out);
  }
  if (!out.destroyed) out.end();
}

function writable(out: PassThrough): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });
}

async function drain(entry: AsyncIterable<Uint8Array>): Promise<void> {
  for await (const _ of entry) {
    // discard
  }
}
