// An index of a tar file on disk: one pass over the headers (contents are skipped with a seek), then any
// member can be opened as a byte-range stream, so several layers inside one archive are read in parallel.
import { createReadStream } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { InputError } from '../errors.js';

/** One entry of a tar file, its content located by byte offset. */
export interface TarEntry {
  /** Normalised member name: no leading `./` or `/`, no trailing `/`. */
  readonly name: string;
  readonly type: 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';
  /** Byte offset of the content inside the tar file. */
  readonly offset: number;
  readonly size: number;
  /** Target of a symlink or hard link, as written. */
  readonly linkName?: string;
}

export interface TarIndex {
  /** Path of the tar file on disk. */
  readonly file: string;
  readonly entries: ReadonlyMap<string, TarEntry>;
  /** The regular file `name` refers to, following symlinks and hard links inside the tar; undefined if absent. */
  resolve(name: string): TarEntry | undefined;
  /** The content of a regular file entry as a stream. */
  open(entry: TarEntry): Readable;
  /** The content of a regular file entry, read whole (small members: manifests, configs). */
  read(entry: TarEntry): Promise<Buffer>;
}

export const BLOCK = 512;
/** Reads of a member's content: 1 MiB rather than 64 KiB, a quarter of the system calls for a layer. */
const READ_CHUNK = 1024 * 1024;

/** Thrown for a file that is not a tar at all (first header unreadable). */
export class NotTarError extends InputError {}

/**
 * Indexes the tar at `file`, reading only its headers. `label` names the archive in messages (the path the
 * user gave, which may differ from `file` when a gzipped archive was decompressed to a temporary file).
 */
export async function indexTar(file: string, label: string = file): Promise<TarIndex> {
  const handle = await open(file, 'r');
  try {
    const entries = await readEntries(handle, (await handle.stat()).size, label);
    return tarIndex(file, entries);
  } finally {
    await handle.close();
  }
}

async function readEntries(handle: FileHandle, fileSize: number, label: string): Promise<Map<string, TarEntry>> {
  const entries = new Map<string, TarEntry>();
  const header = Buffer.alloc(BLOCK);
  let position = 0;
  // Names and sizes that a GNU long-name entry or a PAX extended header sets for the next entry.
  let longName: string | undefined;
  let longLink: string | undefined;
  let pax: Map<string, string> | undefined;
  for (;;) {
    const { bytesRead } = await handle.read(header, 0, BLOCK, position);
    if (bytesRead === 0) break; // no end-of-archive blocks: accepted, as GNU tar and Go's archive/tar do
    if (bytesRead < BLOCK) throw truncated(label, position, fileSize, 'a header');
    if (header.every((byte) => byte === 0)) break; // end-of-archive marker
    if (!isChecksumValid(header)) {
      if (position === 0) throw new NotTarError(`${label}: not a tar archive (no valid tar header at byte 0)`);
      throw new InputError(`${label}: corrupt tar header at byte ${position}; re-export the image`);
    }
    const typeFlag = String.fromCharCode(header[156] ?? 0);
    const headerName = pathOf(header);
    const size = Number(pax?.get('size') ?? sizeOf(header));
    const offset = position + BLOCK;
    if (!Number.isSafeInteger(size) || size < 0) {
      throw new InputError(`${label}: invalid size in the tar header at byte ${position}; re-export the image`);
    }
    if (offset + size > fileSize) throw truncated(label, position, fileSize, `member ${headerName}`);
    position = offset + Math.ceil(size / BLOCK) * BLOCK;
    if (typeFlag === 'L' || typeFlag === 'K' || typeFlag === 'x') {
      const content = Buffer.alloc(size);
      await handle.read(content, 0, size, offset);
      if (typeFlag === 'L') longName = cString(content);
      else if (typeFlag === 'K') longLink = cString(content);
      else pax = parsePax(content);
      continue;
    }
    if (typeFlag === 'g') continue; // global PAX header: nothing we use
    const name = normalise(pax?.get('path') ?? longName ?? headerName);
    const linkName = pax?.get('linkpath') ?? longLink ?? cString(header.subarray(157, 257));
    // `./`, the archive root, names no member.
    if (name !== '')
      entries.set(name, { name, type: typeOf(typeFlag, headerName), offset, size, linkName: linkName || undefined });
    longName = undefined;
    longLink = undefined;
    pax = undefined;
  }
  return entries;
}

function tarIndex(file: string, entries: ReadonlyMap<string, TarEntry>): TarIndex {
  const resolve = (name: string, depth = 0): TarEntry | undefined => {
    const entry = entries.get(normalise(name));
    if (!entry || depth > 16) return undefined;
    if (entry.type === 'file') return entry;
    if (!entry.linkName) return undefined;
    // `docker save` writes a repeated layer as a symlink relative to its own directory;
    // a hard link names its target from the archive root.
    if (entry.type === 'symlink')
      return resolve(path.posix.join(path.posix.dirname(entry.name), entry.linkName), depth + 1);
    if (entry.type === 'hardlink') return resolve(entry.linkName, depth + 1);
    return undefined;
  };
  const open = (entry: TarEntry): Readable =>
    entry.size === 0
      ? Readable.from([])
      : createReadStream(file, { start: entry.offset, end: entry.offset + entry.size - 1, highWaterMark: READ_CHUNK });
  const read = async (entry: TarEntry): Promise<Buffer> => {
    const handle = await openFile(file);
    try {
      const content = Buffer.alloc(entry.size);
      await handle.read(content, 0, entry.size, entry.offset);
      return content;
    } finally {
      await handle.close();
    }
  };
  return { file, entries, resolve, open, read };
}

const openFile = (file: string) => open(file, 'r');

function truncated(label: string, position: number, fileSize: number, what: string): InputError {
  return new InputError(
    `${label}: truncated tar (${what} at byte ${position} runs past the end of the file at byte ${fileSize}); re-export the image`,
  );
}

/** POSIX ustar §"pax Header Block": the checksum is the sum of the header bytes with the checksum field as spaces. */
export function isChecksumValid(header: Buffer): boolean {
  const stored = parseOctal(header.subarray(148, 156));
  if (stored === undefined) return false;
  let unsigned = 0;
  let signed = 0; // some old tars summed signed chars
  for (let i = 0; i < BLOCK; i++) {
    const byte = i >= 148 && i < 156 ? 0x20 : (header[i] ?? 0);
    unsigned += byte;
    signed += byte > 127 ? byte - 256 : byte;
  }
  return stored === unsigned || stored === signed;
}

export function pathOf(header: Buffer): string {
  const name = cString(header.subarray(0, 100));
  // ustar (magic "ustar\0") splits long names into prefix/name; GNU ("ustar  ") uses that space otherwise.
  const isUstar = header.subarray(257, 263).toString('latin1') === 'ustar\0';
  const prefix = isUstar ? cString(header.subarray(345, 500)) : '';
  return prefix ? `${prefix}/${name}` : name;
}

export function sizeOf(header: Buffer): number {
  const field = header.subarray(124, 136);
  if (((field[0] ?? 0) & 0x80) !== 0) {
    // GNU base-256 encoding for sizes of 8 GiB and more.
    let value = 0;
    for (let i = 1; i < field.length; i++) value = value * 256 + (field[i] ?? 0);
    return value + ((field[0] ?? 0) & 0x7f) * 256 ** (field.length - 1);
  }
  return parseOctal(field) ?? Number.NaN;
}

export function parseOctal(field: Buffer): number | undefined {
  const text = field.toString('latin1').replace(/\0.*$/s, '').trim();
  if (text === '') return 0;
  return /^[0-7]+$/.test(text) ? Number.parseInt(text, 8) : undefined;
}

export function cString(bytes: Buffer): string {
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end === -1 ? bytes.length : end).toString('utf8');
}

/** PAX records: "<length> <key>=<value>\n". */
export function parsePax(content: Buffer): Map<string, string> {
  const records = new Map<string, string>();
  let position = 0;
  while (position < content.length) {
    const space = content.indexOf(0x20, position);
    const length = Number.parseInt(content.subarray(position, space).toString('latin1'), 10);
    if (space === -1 || !Number.isSafeInteger(length) || length <= 0) break;
    const record = content.subarray(space + 1, position + length - 1).toString('utf8');
    const equals = record.indexOf('=');
    if (equals > 0) records.set(record.slice(0, equals), record.slice(equals + 1));
    position += length;
  }
  return records;
}

function typeOf(flag: string, name: string): TarEntry['type'] {
  if (flag === '0' || flag === '\0' || flag === '7') return name.endsWith('/') ? 'directory' : 'file';
  if (flag === '5') return 'directory';
  if (flag === '2') return 'symlink';
  if (flag === '1') return 'hardlink';
  return 'other';
}

/** Member names as an archive lookup wants them: `./a/b/` and `/a/b` are both `a/b`. */
export function normalise(name: string): string {
  return path.posix.normalize(`/${name}`).slice(1).replace(/\/$/, '');
}
