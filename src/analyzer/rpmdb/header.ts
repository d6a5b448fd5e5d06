// The rpm header blob, as every rpmdb backend stores it: `il` index entries and `dl` bytes of data, all
// big-endian (rpm's lib/header.c, hdrblobInit/hdrblobVerifyInfo). Only the tags a scan needs are read.

/** Header tags read here (rpm's lib/rpmtag.h). */
const TAG = {
  sigMd5: 261,
  name: 1000,
  version: 1001,
  release: 1002,
  epoch: 1003,
  vendor: 1011,
  license: 1014,
  arch: 1022,
  sourceRpm: 1044,
  provideName: 1047,
  requireName: 1049,
  dirIndexes: 1116,
  baseNames: 1117,
  dirNames: 1118,
  modularityLabel: 5096,
} as const;

const WANTED: ReadonlySet<number> = new Set(Object.values(TAG));

/** Tag data types (rpm's rpmTagType). */
const TYPE = { int32: 4, string: 6, bin: 7, stringArray: 8, i18nString: 9 } as const;
const MAX_TYPE = 9;
/** Byte alignment of each type's data (rpm's typeAlign). */
const ALIGN = [1, 1, 1, 2, 4, 8, 1, 1, 1, 1];
/** rpm refuses a header past 256 MiB (headerMaxbytes). */
const HEADER_MAX_BYTES = 256 * 1024 * 1024;
const ENTRY_SIZE = 16;

/** What a scan reads from one installed package's header. Strings are '' when the tag is absent. */
export interface RpmHeader {
  readonly name: string;
  readonly epoch?: number;
  readonly version: string;
  readonly release: string;
  readonly arch: string;
  /** SOURCERPM (`name-version-release.src.rpm`), '' when absent or `(none)`. */
  readonly sourceRpm: string;
  /** '' when absent or `(none)`. */
  readonly license: string;
  /** '' when absent or `(none)`. */
  readonly vendor: string;
  readonly modularityLabel: string;
  /** SIGMD5, the MD5 digest of header and payload, in hex; '' when absent. */
  readonly sigMd5: string;
  readonly provides: readonly string[];
  readonly requires: readonly string[];
  /** Installed paths (DIRNAMES[DIRINDEXES[i]] + BASENAMES[i]), absolute as rpm lists them. */
  readonly files: readonly string[];
}

/** A header blob rpm itself would refuse; the message says why. */
export class HeaderError extends Error {}

interface Entry {
  readonly type: number;
  readonly offset: number;
  readonly count: number;
}

/** Parses one header blob. Throws HeaderError for a blob that is truncated or inconsistent. */
export function parseHeader(blob: Uint8Array): RpmHeader {
  if (blob.length < 8) throw new HeaderError(`header blob of ${blob.length} bytes is truncated`);
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const il = view.getInt32(0);
  const dl = view.getInt32(4);
  if (il < 1 || dl < 0) throw new HeaderError(`header has ${il} index entries and ${dl} data bytes`);
  const dataStart = 8 + il * ENTRY_SIZE;
  const dataEnd = dataStart + dl;
  if (dataEnd >= HEADER_MAX_BYTES) throw new HeaderError(`header of ${dataEnd} bytes is past rpm's limit`);
  if (dataEnd > blob.length) throw new HeaderError(`header needs ${dataEnd} bytes but the blob has ${blob.length}`);
  const entries = new Map<number, Entry>();
  for (let i = 0; i < il; i++) {
    const at = 8 + i * ENTRY_SIZE;
    const tag = view.getInt32(at);
    const type = view.getUint32(at + 4);
    const offset = view.getInt32(at + 8);
    const count = view.getUint32(at + 12);
    if (type > MAX_TYPE || offset < 0 || offset > dl || offset % (ALIGN[type] ?? 1) !== 0) {
      throw new HeaderError(`index entry ${i} (tag ${tag}) has type ${type} at offset ${offset} of ${dl}`);
    }
    // Later entries (the "dribble" after the immutable region) replace earlier ones, as rpm's headerImport does.
    if (WANTED.has(tag)) entries.set(tag, { type, offset, count });
  }
  const data = blob.subarray(dataStart, dataEnd);
  const reader = new TagReader(data, entries);
  const baseNames = reader.strings(TAG.baseNames);
  const dirNames = reader.strings(TAG.dirNames);
  const dirIndexes = reader.int32s(TAG.dirIndexes);
  const epoch = reader.int32s(TAG.epoch)[0];
  return {
    name: reader.string(TAG.name),
    ...(epoch !== undefined && { epoch }),
    version: reader.string(TAG.version),
    release: reader.string(TAG.release),
    arch: reader.string(TAG.arch),
    sourceRpm: noneAsEmpty(reader.string(TAG.sourceRpm)),
    license: noneAsEmpty(reader.string(TAG.license)),
    vendor: noneAsEmpty(reader.string(TAG.vendor)),
    modularityLabel: reader.string(TAG.modularityLabel),
    sigMd5: reader.hex(TAG.sigMd5),
    provides: reader.strings(TAG.provideName),
    requires: reader.strings(TAG.requireName),
    files: installedFiles(baseNames, dirNames, dirIndexes),
  };
}

const noneAsEmpty = (value: string): string => (value === '(none)' ? '' : value);

/** rpm's file list (lib/tagexts.c fnTag): each base name joined to the directory its index names. */
function installedFiles(baseNames: string[], dirNames: string[], dirIndexes: number[]): string[] {
  if (baseNames.length === 0 || dirNames.length === 0 || dirIndexes.length === 0) return [];
  if (dirIndexes.length !== baseNames.length || dirNames.length > baseNames.length) {
    throw new HeaderError(
      `file list has ${baseNames.length} names, ${dirIndexes.length} indexes, ${dirNames.length} dirs`,
    );
  }
  // rpm writes directories as `/usr/bin/` and plain base names: then the join is a concatenation.
  const clean = dirNames.map((dir) => dir.endsWith('/') && isCleanDir(dir));
  return baseNames.map((base, i) => {
    const index = dirIndexes[i] ?? -1;
    const dir = dirNames[index];
    if (dir === undefined) throw new HeaderError(`file ${base} names directory ${index} of ${dirNames.length}`);
    return clean[index] && isPlainName(base) ? `${dir}${base}` : joinPath(dir, base);
  });
}

/** Go's path.Join for a directory and a base name: one separator, `.` and `..` resolved, no trailing slash. */
function joinPath(dir: string, base: string): string {
  const parts: string[] = [];
  for (const part of `${dir}/${base}`.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

const isPlainName = (base: string): boolean => base !== '' && base !== '.' && base !== '..' && !base.includes('/');
const isCleanDir = (dir: string): boolean =>
  dir.startsWith('/') && !dir.includes('//') && !dir.includes('/./') && !dir.includes('/../');

/** Reads typed tag data from the data segment, checking every length against its end. */
class TagReader {
  private readonly buffer: Buffer;

  constructor(
    private readonly data: Uint8Array,
    private readonly entries: ReadonlyMap<number, Entry>,
  ) {
    this.buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  }

  string(tag: number): string {
    const entry = this.entries.get(tag);
    if (!entry) return '';
    // I18N strings hold one string per locale; rpm shows the first (the C locale).
    if (entry.type !== TYPE.string && entry.type !== TYPE.i18nString && entry.type !== TYPE.stringArray) {
      throw new HeaderError(`tag ${tag} has type ${entry.type}, not a string`);
    }
    return this.stringAt(tag, entry.offset);
  }

  strings(tag: number): string[] {
    const entry = this.entries.get(tag);
    if (!entry) return [];
    if (entry.type !== TYPE.stringArray && entry.type !== TYPE.string) {
      throw new HeaderError(`tag ${tag} has type ${entry.type}, not a string array`);
    }
    const count = entry.type === TYPE.string ? 1 : entry.count;
    // Each string takes at least one byte: a count past the data left is a lie, refused before any allocation.
    if (count > this.data.length - entry.offset) throw new HeaderError(`tag ${tag} claims ${count} strings`);
    // Find the end of the last string, then decode the whole run once and split it.
    let end = entry.offset - 1;
    for (let i = 0; i < count; i++) {
      end = this.data.indexOf(0, end + 1);
      if (end < 0) throw new HeaderError(`string ${i} of tag ${tag} runs past the header data`);
    }
    if (count === 0) return [];
    return this.text(entry.offset, end).split('\0');
  }

  hex(tag: number): string {
    const entry = this.entries.get(tag);
    if (!entry) return '';
    if (entry.type !== TYPE.bin) throw new HeaderError(`tag ${tag} has type ${entry.type}, not binary`);
    if (entry.count > this.data.length - entry.offset) throw new HeaderError(`tag ${tag} claims ${entry.count} bytes`);
    return this.buffer.toString('hex', entry.offset, entry.offset + entry.count);
  }

  int32s(tag: number): number[] {
    const entry = this.entries.get(tag);
    if (!entry) return [];
    if (entry.type !== TYPE.int32) throw new HeaderError(`tag ${tag} has type ${entry.type}, not int32`);
    if (entry.count > (this.data.length - entry.offset) / 4) {
      throw new HeaderError(`tag ${tag} claims ${entry.count} numbers past the header data`);
    }
    const view = new DataView(this.data.buffer, this.data.byteOffset + entry.offset, entry.count * 4);
    return Array.from({ length: entry.count }, (_, i) => view.getInt32(i * 4));
  }

  private stringAt(tag: number, offset: number): string {
    const end = this.data.indexOf(0, offset);
    if (end < 0) throw new HeaderError(`tag ${tag} runs past the header data`);
    return this.text(offset, end);
  }

  /** UTF-8 text of data[start, end). Buffer's decoder is much faster than TextDecoder on short strings. */
  private text(start: number, end: number): string {
    return this.buffer.toString('utf8', start, end);
  }
}
