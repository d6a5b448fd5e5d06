// The OSV inputs of an import: all.zip files (entries streamed one at a time), directories of JSON, JSON files.
import { closeSync, createReadStream, type Dirent, fstatSync, openSync, readSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { inflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';
import { InputError, messageOf } from '../errors.js';

/** One OSV JSON document found in an input, or why an entry could not be read. */
export type InputItem =
  | { readonly kind: 'json'; readonly path: string; readonly text: string }
  | { readonly kind: 'unreadable'; readonly path: string; readonly reason: string };

/** Records larger than this are not OSV records (the largest real ones are a few hundred KiB). */
export const MAX_RECORD_BYTES = 32 * 1024 * 1024;

/** Checks that an input exists and is a zip file, a JSON file or a directory, before anything is written. */
export async function checkInput(input: string): Promise<void> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(input);
  } catch (error) {
    throw new InputError(`cannot read OSV input ${input}: ${messageOf(error)}`, { cause: error });
  }
  if (info.isDirectory() || input.endsWith('.json')) return;
  if (!info.isFile()) throw new InputError(`OSV input ${input} is not a file or a directory`);
  const head = await readHead(input);
  // Local file header, or the end-of-central-directory record of an empty archive.
  if (!(head.startsWith('PK\x03\x04') || head.startsWith('PK\x05\x06'))) {
    throw new InputError(`OSV input ${input} is not a zip file (OSV all.zip), a JSON file or a directory`);
  }
}

/** Every JSON document of an input, in a stable order (zip order; directories sorted by path). */
export async function* readInput(input: string): AsyncGenerator<InputItem> {
  const info = await stat(input);
  if (info.isDirectory()) yield* readDirectory(input);
  else if (input.endsWith('.json')) yield await readJsonFile(input);
  else yield* readZip(input);
}

async function* readZip(zipPath: string): AsyncGenerator<InputItem> {
  let reader: WindowReader;
  let zip: yauzl.ZipFile;
  try {
    reader = new WindowReader(zipPath);
  } catch (error) {
    throw new InputError(`cannot read OSV input ${zipPath}: ${messageOf(error)}`, { cause: error });
  }
  try {
    zip = await yauzl.fromRandomAccessReaderPromise(reader, reader.size, { lazyEntries: true, strictFileNames: false });
  } catch (error) {
    reader.dispose();
    throw new InputError(`OSV input ${zipPath} is not a valid zip file (${messageOf(error)})`, { cause: error });
  }
  try {
    const entries = zip.eachEntry();
    for (;;) {
      let next: IteratorResult<yauzl.Entry>;
      try {
        next = await entries.next();
      } catch (error) {
        throw new InputError(`OSV input ${zipPath} is a corrupt zip file (${messageOf(error)})`, { cause: error });
      }
      if (next.done) break;
      const entry = next.value;
      if (entry.fileName.endsWith('/') || !entry.fileName.endsWith('.json')) continue;
      const where = `${zipPath}:${entry.fileName}`;
      // A deflated record is never much larger than the record itself.
      if (entry.uncompressedSize > MAX_RECORD_BYTES || entry.compressedSize > MAX_RECORD_BYTES + 65536) {
        yield {
          kind: 'unreadable',
          path: where,
          reason: `entry of ${entry.uncompressedSize} bytes is too large for an OSV record`,
        };
        continue;
      }
      let text: string;
      try {
        text = await readEntry(zip, entry);
      } catch (error) {
        throw new InputError(`OSV input ${zipPath} is a corrupt zip file: ${entry.fileName}: ${messageOf(error)}`, {
          cause: error,
        });
      }
      yield { kind: 'json', path: where, text };
    }
  } finally {
    zip.close();
    reader.dispose();
  }
}

/**
 * An entry's bytes, inflated synchronously: OSV records are small, and inflating thousands of them through
 * zlib streams costs more in thread-pool round trips than in inflating. Sizes are checked against the
 * central directory, so a lying entry (zip bomb, truncation) is an error.
 */
async function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<string> {
  const stream = await zip.openReadStreamPromise(entry, { decompress: false });
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  let data: Buffer;
  if (entry.compressionMethod === 0) data = raw;
  else if (entry.compressionMethod === 8) data = inflateRawSync(raw, { maxOutputLength: MAX_RECORD_BYTES });
  else throw new Error(`unsupported compression method ${entry.compressionMethod}`);
  if (data.length !== entry.uncompressedSize) {
    throw new Error(`expected ${entry.uncompressedSize} bytes, got ${data.length}`);
  }
  return data.toString('utf8');
}

/**
 * A zip file read through two windows of a few MiB with synchronous reads: yauzl alternates between the
 * central directory (one window) and the entries' data in file order (the other), so nearly every range
 * it asks for is already in memory. Memory stays at two windows, whatever the zip size.
 */
class WindowReader extends yauzl.RandomAccessReader {
  static readonly WINDOW = 4 * 1024 * 1024;
  readonly size: number;
  private readonly fd: number;
  /** Most recently used first. */
  private windows: { start: number; data: Buffer }[] = [];

  constructor(file: string) {
    super();
    this.fd = openSync(file, 'r');
    this.size = fstatSync(this.fd).size;
  }

  private slice(start: number, end: number): Buffer {
    let hit = this.windows.find((w) => start >= w.start && end <= w.start + w.data.length);
    if (!hit) {
      const length = Math.min(Math.max(WindowReader.WINDOW, end - start), this.size - start);
      const data = Buffer.allocUnsafe(Math.max(length, 0));
      const read = length > 0 ? readSync(this.fd, data, 0, length, start) : 0;
      if (end > start + read) throw new Error(`unexpected end of file at byte ${start + read}`);
      hit = { start, data: data.subarray(0, read) };
    }
    this.windows = [hit, ...this.windows.filter((w) => w !== hit)].slice(0, 2);
    return hit.data.subarray(start - hit.start, end - hit.start);
  }

  override _readStreamForRange(start: number, end: number): Readable {
    try {
      return Readable.from([this.slice(start, end)]);
    } catch (error) {
      return new Readable({
        read() {
          this.destroy(error as Error);
        },
      });
    }
  }

  override read(
    buffer: Buffer,
    offset: number,
    length: number,
    position: number,
    callback: (err: Error | null) => void,
  ): void {
    try {
      this.slice(position, position + length).copy(buffer, offset);
      process.nextTick(callback, null);
    } catch (error) {
      process.nextTick(callback, error as Error);
    }
  }

  dispose(): void {
    closeSync(this.fd);
  }
}

/** JSON files under a directory, recursively, sorted; symbolic links are not followed (no loops, no escapes). */
async function* readDirectory(dir: string): AsyncGenerator<InputItem> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw new InputError(`cannot read OSV directory ${dir}: ${messageOf(error)}`, { cause: error });
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* readDirectory(full);
    else if (entry.isFile() && entry.name.endsWith('.json')) yield await readJsonFile(full);
  }
}

async function readJsonFile(file: string): Promise<InputItem> {
  try {
    const size = (await stat(file)).size;
    if (size > MAX_RECORD_BYTES) {
      return { kind: 'unreadable', path: file, reason: `file of ${size} bytes is too large for an OSV record` };
    }
    return { kind: 'json', path: file, text: await readFile(file, 'utf8') };
  } catch (error) {
    return { kind: 'unreadable', path: file, reason: messageOf(error) };
  }
}

async function readHead(file: string): Promise<string> {
  const stream = createReadStream(file, { start: 0, end: 3 });
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of stream) chunks.push(chunk as Buffer);
  } catch (error) {
    throw new InputError(`cannot read OSV input ${file}: ${messageOf(error)}`, { cause: error });
  }
  return Buffer.concat(chunks).toString('latin1');
}
