// Reading zip archives (jars, eggs) by offset with yauzl: entry names checked for zip slip, entries inflated
// within a byte budget whatever their headers claim, so that a zip bomb stops early.
import { posix } from 'node:path';
import { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { messageOf } from '../errors.js';
import type { RandomAccess } from './elf.js';

/** Why an archive or entry was skipped; becomes a Problem naming the (possibly nested) path. */
export class ArchiveError extends Error {}

/** Inflated bytes still allowed for one analysed file, nested archives included. */
export interface Budget {
  budget: number;
}

/** The archive's central directory, entries read one by one (`zip.eachEntry()`), names left undecoded. */
export function openZip(source: RandomAccess): Promise<yauzl.ZipFile> {
  return yauzl.fromRandomAccessReaderPromise(new Reader(source), source.size, {
    lazyEntries: true,
    strictFileNames: false,
    validateEntrySizes: true,
    // yauzl refuses a whole archive over one `../` name; names are decoded and checked by `escapes` instead.
    decodeStrings: false,
  });
}

/** The entry's name: UTF-8 when its flags say so (bit 11), else CP437, read as Latin-1 for the ASCII names jars use. */
export function entryName(entry: yauzl.Entry): string {
  const raw = entry.fileName as unknown as Buffer;
  return (entry.generalPurposeBitFlag & 0x800) !== 0 ? raw.toString('utf8') : raw.toString('latin1');
}

/** A `../` name (zip slip) or an absolute one: never followed, reported once per entry. */
export function escapes(name: string): boolean {
  const normalized = posix.normalize(name.replaceAll('\\', '/'));
  return normalized.startsWith('/') || normalized === '..' || normalized.startsWith('../');
}

/** An entry inflated, never past `limit` nor past what is left of the file's budget, whatever its header says. */
export async function readEntry(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  limit: number,
  walk: Budget,
): Promise<Uint8Array> {
  const allowed = Math.min(limit, walk.budget);
  if (entry.uncompressedSize > allowed) {
    throw new ArchiveError(
      `entry of ${entry.uncompressedSize} bytes inflated is over the ${allowed === limit ? 'limit' : 'budget left'} of ${allowed} bytes`,
    );
  }
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of await zip.openReadStreamPromise(entry)) {
      length += (chunk as Buffer).length;
      if (length > allowed) throw new ArchiveError(`entry inflates past ${allowed} bytes`);
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    throw error instanceof ArchiveError ? error : new ArchiveError(`${entryName(entry)}: ${messageOf(error)}`);
  }
  walk.budget -= length;
  return Buffer.concat(chunks, length);
}

/** yauzl's view of a RandomAccess, reading through a window so the many small reads of a zip hit memory. */
class Reader extends yauzl.RandomAccessReader {
  static readonly WINDOW = 1024 * 1024;
  private window: { start: number; data: Uint8Array } | undefined;

  constructor(private readonly source: RandomAccess) {
    super();
  }

  private async slice(start: number, end: number): Promise<Uint8Array> {
    const w = this.window;
    if (w && start >= w.start && end <= w.start + w.data.length) return w.data.subarray(start - w.start, end - w.start);
    if (end - start >= Reader.WINDOW) return this.source.read(start, end - start);
    const data = await this.source.read(start, Math.min(Reader.WINDOW, this.source.size - start));
    this.window = { start, data };
    if (data.length < end - start) throw new Error(`unexpected end of file at byte ${start + data.length}`);
    return data.subarray(0, end - start);
  }

  override _readStreamForRange(start: number, end: number): Readable {
    const slice = () => this.slice(start, end);
    return Readable.from(
      (async function* () {
        yield Buffer.from(await slice());
      })(),
    );
  }
}
