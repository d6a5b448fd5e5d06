// A streaming tar reader for layers: walks the headers of a chunked stream and hands out each entry's content
// as chunks of the same stream, without copying what nobody reads. Formats: ustar, GNU (long names and links,
// base-256 sizes) and pax (path, linkpath, size), as Go's archive/tar reads them for Trivy.
import { BLOCK, cString, isChecksumValid, parseOctal, parsePax, pathOf, sizeOf } from '../source/tar-index.js';

/** Entry types the walker tells apart; everything else (devices, fifos) is 'other'. */
export type TarEntryType = 'file' | 'contiguous-file' | 'directory' | 'symlink' | 'link' | 'other';

export interface TarHeader {
  /** The member name as written (pax or GNU long name applied). */
  readonly name: string;
  readonly type: TarEntryType;
  readonly size: number;
  readonly mode: number;
  /** Target of a symlink or hard link. */
  readonly linkname?: string;
}

export interface TarEntry {
  readonly header: TarHeader;
  /** The entry's content; what the consumer leaves unread is skipped when the next entry is asked for. */
  readonly content: AsyncIterable<Uint8Array>;
}

/** A tar that cannot be read: bad header checksum, bad size, data cut short. */
export class TarFormatError extends Error {}

/** GNU long names and pax headers are read whole; Go's archive/tar refuses ones over 1 MiB too. */
const MAX_META_BYTES = 1 << 20;
const EMPTY = new Uint8Array(0);

/** Pulls bytes from a chunk iterator: views of its chunks, or a copy when a read spans two. */
class ChunkReader {
  private chunk: Uint8Array = EMPTY;
  private offset = 0;

  constructor(private readonly source: AsyncIterator<Uint8Array>) {}

  /** Up to `max` bytes (at least one) from the current chunk; empty once the source has ended. */
  async take(max: number): Promise<Uint8Array> {
    while (this.offset >= this.chunk.length) {
      const next = await this.source.next();
      if (next.done) return EMPTY;
      this.chunk = next.value;
      this.offset = 0;
    }
    const end = Math.min(this.chunk.length, this.offset + max);
    const out = this.chunk.subarray(this.offset, end);
    this.offset = end;
    return out;
  }

  /** Exactly `length` bytes, or fewer when the source ends first. */
  async exactly(length: number): Promise<Buffer> {
    const first = await this.take(length);
    if (first.length === length || first.length === 0) return asBuffer(first);
    const out = Buffer.allocUnsafe(length);
    out.set(first, 0);
    let filled = first.length;
    while (filled < length) {
      const part = await this.take(length - filled);
      if (part.length === 0) return out.subarray(0, filled);
      out.set(part, filled);
      filled += part.length;
    }
    return out;
  }

  /** Skips `length` bytes; returns how many there were. */
  async skip(length: number): Promise<number> {
    let skipped = 0;
    while (skipped < length) {
      const part = await this.take(length - skipped);
      if (part.length === 0) break;
      skipped += part.length;
    }
    return skipped;
  }

  /** Reads the source to its end (data after the end-of-archive marker still counts for the diffID). */
  async drain(): Promise<void> {
    while ((await this.take(Number.MAX_SAFE_INTEGER)).length > 0) {
      // discard
    }
  }
}

const asBuffer = (bytes: Uint8Array): Buffer =>
  Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/**
 * The entries of the tar in `source`, one at a time. Each entry must be left (its content read or not) before
 * the next is asked for. The source is always read to its end, so a hash taken over it covers the whole tar.
 */
export async function* tarEntries(source: AsyncIterable<Uint8Array>): AsyncGenerator<TarEntry> {
  const iterator = source[Symbol.asyncIterator]();
  const reader = new ChunkReader(iterator);
  let position = 0;
  let longName: string | undefined;
  let longLink: string | undefined;
  let pax: Map<string, string> | undefined;
  let zeroBlocks = 0;
  try {
    for (;;) {
      const header = await reader.exactly(BLOCK);
      if (header.length === 0) return; // no end-of-archive blocks: accepted, as Go's archive/tar does
      if (header.length < BLOCK) throw new TarFormatError(`unexpected end of data in a header at byte ${position}`);
      const at = position;
      position += BLOCK;
      if (isZero(header)) {
        // Two zero blocks end the archive, as in Go's archive/tar; what follows is read but not parsed.
        if (++zeroBlocks === 2) return await reader.drain();
        continue;
      }
      zeroBlocks = 0;
      if (!isChecksumValid(header)) throw new TarFormatError(`invalid tar header checksum at byte ${at}`);
      const flag = String.fromCharCode(header[156] ?? 0);
      const size = Number(pax?.get('size') ?? sizeOf(header));
      if (!Number.isSafeInteger(size) || size < 0) throw new TarFormatError(`invalid entry size at byte ${at}`);
      const padded = Math.ceil(size / BLOCK) * BLOCK;

      if (flag === 'L' || flag === 'K' || flag === 'x' || flag === 'g') {
        if (size > MAX_META_BYTES) throw new TarFormatError(`extended header of ${size} bytes at byte ${at}`);
        const content = await reader.exactly(size);
        if (content.length < size || (await reader.skip(padded - size)) < padded - size) {
          throw new TarFormatError(`unexpected end of data in an extended header at byte ${at}`);
        }
        position += padded;
        if (flag === 'L') longName = cString(content);
        else if (flag === 'K') longLink = cString(content);
        else if (flag === 'x') pax = parsePax(content);
        continue; // 'g', a global pax header: nothing a layer walk uses
      }

      const headerName = pathOf(header);
      const name = pax?.get('path') ?? longName ?? headerName;
      const linkname = pax?.get('linkpath') ?? longLink ?? cString(header.subarray(157, 257));
      longName = undefined;
      longLink = undefined;
      pax = undefined;
      const entry = {
        header: {
          name,
          type: typeOf(flag, headerName),
          size,
          mode: parseOctal(header.subarray(100, 108)) ?? 0,
          ...(linkname ? { linkname } : {}),
        },
        remaining: size,
      };
      yield { header: entry.header, content: contentOf(reader, entry, at) };
      if ((await reader.skip(entry.remaining)) < entry.remaining) {
        throw new TarFormatError(`unexpected end of data in ${name} at byte ${at}`);
      }
      // The last entry's padding may be missing.
      await reader.skip(padded - size);
      position += padded;
    }
  } finally {
    // Only a reader that reached its end (or a failing source) leaves it unfinished on purpose.
    await iterator.return?.();
  }
}

async function* contentOf(
  reader: ChunkReader,
  entry: { readonly header: TarHeader; remaining: number },
  at: number,
): AsyncGenerator<Uint8Array> {
  while (entry.remaining > 0) {
    const part = await reader.take(entry.remaining);
    if (part.length === 0) throw new TarFormatError(`unexpected end of data in ${entry.header.name} at byte ${at}`);
    entry.remaining -= part.length;
    yield part;
  }
}

function isZero(block: Uint8Array): boolean {
  for (let i = 0; i < block.length; i++) if (block[i] !== 0) return false;
  return true;
}

/** Type flags (POSIX ustar; '7' is contiguous); an old-style file whose name ends in '/' is a directory. */
function typeOf(flag: string, name: string): TarEntryType {
  if (flag === '0' || flag === '\0') return name.endsWith('/') ? 'directory' : 'file';
  if (flag === '7') return 'contiguous-file';
  if (flag === '5') return 'directory';
  if (flag === '2') return 'symlink';
  if (flag === '1') return 'link';
  return 'other';
}
