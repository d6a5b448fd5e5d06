// ELF headers, sections and loadable segments, read by offset from a file that is never loaded whole.
// Layout from the System V ABI (elf(5)); 32- and 64-bit, little and big endian.
import type { LayerFile } from './types.js';

/** A file read by offset: LayerFile.read when the file has it, else a slice of its bytes (small files). */
export interface RandomAccess {
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}

export function randomAccessOf(file: LayerFile): RandomAccess {
  if (file.read) return { size: file.size, read: file.read.bind(file) };
  let whole: Promise<Uint8Array> | undefined;
  return {
    size: file.size,
    read: async (offset, length) => {
      whole ??= file.bytes(); // a file without read() may be read whole once
      return (await whole).subarray(offset, offset + length);
    },
  };
}

/** The ELF file is malformed or cut short: the message says where. */
export class ElfError extends Error {}

export interface ElfSection {
  readonly name: string;
  readonly type: number;
  readonly addr: number;
  readonly offset: number;
  readonly size: number;
}

export interface ElfSegment {
  readonly type: number;
  readonly flags: number;
  readonly offset: number;
  readonly vaddr: number;
  readonly filesz: number;
  readonly memsz: number;
}

export interface ElfFile {
  readonly source: RandomAccess;
  readonly is64: boolean;
  readonly littleEndian: boolean;
  readonly sections: readonly ElfSection[];
  readonly segments: readonly ElfSegment[];
}

export const PT_LOAD = 1;
export const PF_X = 1;
export const PF_W = 2;
/** Sections without file content (.bss). */
const SHT_NOBITS = 8;
const MAGIC = [0x7f, 0x45, 0x4c, 0x46];
/** Tables larger than this are not real section or program header tables (65535 entries of 64 bytes is 4 MiB). */
const MAX_TABLE_BYTES = 4 * 1024 * 1024;
const MAX_NAMES_BYTES = 1024 * 1024;

/** Whether the bytes start with the ELF magic (\x7fELF). */
export function hasElfMagic(head: Uint8Array): boolean {
  return MAGIC.every((byte, i) => head[i] === byte);
}

/** Exactly `length` bytes at `offset`, or an ElfError naming what was cut short. */
export async function readExactly(source: RandomAccess, offset: number, length: number, what: string) {
  if (offset < 0 || length < 0 || offset + length > source.size) {
    throw new ElfError(
      `${what} (${length} bytes at offset ${offset}) lies past the end of the file (${source.size} bytes)`,
    );
  }
  const data = await source.read(offset, length);
  if (data.length < length) throw new ElfError(`${what} is cut short at offset ${offset + data.length}`);
  return data;
}

/** Where elfOf keeps a file's parsed headers: on the file itself, so they go when the file goes. */
const PARSED = Symbol('parsed ELF headers');

/**
 * The headers of an executable, read once for all the analyzers given the same file (gobinary and rustbinary
 * both read every executable). Null when it is not ELF; rejects with ElfError when it is a broken one.
 */
export function elfOf(file: LayerFile): Promise<ElfFile | null> {
  // Not a WeakMap: its entries kept the layer chunks the files' bytes are views of alive longer (measured: peak
  // RSS 10-20 MB higher on the bullseye, three-layer and big-layer test images).
  const holder = file as LayerFile & { [PARSED]?: Promise<ElfFile | null> };
  holder[PARSED] ??= readElf(randomAccessOf(file));
  return holder[PARSED];
}

/** Reads the headers of an ELF file. Null when it is not ELF; ElfError when it is a broken one. */
export async function readElf(source: RandomAccess): Promise<ElfFile | null> {
  if (source.size < 16 || !hasElfMagic(await source.read(0, 4))) return null;
  const ident = await readExactly(source, 0, 16, 'the ELF identification');
  const is64 = ident[4] === 2;
  const littleEndian = ident[5] === 1;
  if ((ident[4] !== 1 && !is64) || (ident[5] !== 1 && ident[5] !== 2)) {
    throw new ElfError(`unknown ELF class ${ident[4]} or data encoding ${ident[5]}`);
  }
  const header = view(await readExactly(source, 0, is64 ? 64 : 52, 'the ELF header'));
  const word = (at: number) => (is64 ? u64(header, at, littleEndian) : header.getUint32(at, littleEndian));
  const half = (at: number) => header.getUint16(at, littleEndian);
  const phoff = word(is64 ? 32 : 28);
  const shoff = word(is64 ? 40 : 32);
  const [phentsize, phnum, shentsize, shnum, shstrndx] = is64
    ? [half(54), half(56), half(58), half(60), half(62)]
    : [half(42), half(44), half(46), half(48), half(50)];
  const segments = await readTable(source, phoff, phentsize, phnum, is64 ? 56 : 32, 'the program header table');
  const rawSections = await readTable(source, shoff, shentsize, shnum, is64 ? 64 : 40, 'the section header table');
  const field = (v: DataView, at64: number, at32: number) =>
    is64 ? u64(v, at64, littleEndian) : v.getUint32(at32, littleEndian);
  const parsedSegments = segments.map((v) => ({
    type: v.getUint32(0, littleEndian),
    flags: is64 ? v.getUint32(4, littleEndian) : v.getUint32(24, littleEndian),
    offset: field(v, 8, 4),
    vaddr: field(v, 16, 8),
    filesz: field(v, 32, 16),
    memsz: field(v, 40, 20),
  }));
  const headers = rawSections.map((v) => ({
    nameOffset: v.getUint32(0, littleEndian),
    type: v.getUint32(4, littleEndian),
    addr: field(v, 16, 12),
    offset: field(v, 24, 16),
    size: field(v, 32, 20),
  }));
  const names = headers[shstrndx];
  let nameTable: Uint8Array = new Uint8Array(0);
  if (names && shstrndx !== 0) {
    if (names.size > MAX_NAMES_BYTES) throw new ElfError(`the section name table is ${names.size} bytes`);
    nameTable = await readExactly(source, names.offset, names.size, 'the section name table');
  }
  const sections = headers.map((h) => ({
    name: cString(nameTable, h.nameOffset),
    type: h.type,
    addr: h.addr,
    offset: h.offset,
    size: h.type === SHT_NOBITS ? 0 : h.size,
  }));
  return { source, is64, littleEndian, sections, segments: parsedSegments };
}

/** The named section's content; null when there is none. `limit` bounds what a hostile header can make us read. */
export async function sectionData(elf: ElfFile, name: string, limit: number): Promise<Uint8Array | null> {
  const section = elf.sections.find((s) => s.name === name);
  if (!section) return null;
  if (section.size > limit) throw new ElfError(`section ${name} is ${section.size} bytes, more than ${limit}`);
  return readExactly(elf.source, section.offset, section.size, `section ${name}`);
}

/** Up to `length` bytes of the loaded image at virtual address `addr`, from the PT_LOAD segment holding it. */
export async function readVirtual(elf: ElfFile, addr: number, length: number): Promise<Uint8Array | null> {
  const segment = elf.segments.find((p) => p.type === PT_LOAD && p.vaddr <= addr && addr < p.vaddr + p.filesz);
  if (!segment) return null;
  const available = Math.min(length, segment.vaddr + segment.filesz - addr);
  return readExactly(
    elf.source,
    segment.offset + (addr - segment.vaddr),
    available,
    `data at address 0x${addr.toString(16)}`,
  );
}

async function readTable(
  source: RandomAccess,
  offset: number,
  entrySize: number,
  count: number,
  minEntry: number,
  what: string,
) {
  if (count === 0 || offset === 0) return [];
  if (entrySize < minEntry) throw new ElfError(`${what} has entries of ${entrySize} bytes, fewer than ${minEntry}`);
  if (entrySize * count > MAX_TABLE_BYTES) throw new ElfError(`${what} is ${entrySize * count} bytes`);
  const data = await readExactly(source, offset, entrySize * count, what);
  return Array.from({ length: count }, (_, i) => view(data.subarray(i * entrySize, (i + 1) * entrySize)));
}

function view(data: Uint8Array): DataView {
  return new DataView(data.buffer, data.byteOffset, data.byteLength);
}

/** A 64-bit field as a number; offsets and addresses past 2^53 cannot be real in a file we can read. */
function u64(v: DataView, at: number, littleEndian: boolean): number {
  const value = v.getBigUint64(at, littleEndian);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ElfError(`a 64-bit field holds ${value}, past any real file`);
  return Number(value);
}

const latin1 = new TextDecoder('latin1');

function cString(table: Uint8Array, offset: number): string {
  if (offset >= table.length) return '';
  const end = table.indexOf(0, offset);
  return latin1.decode(table.subarray(offset, end === -1 ? table.length : end));
}
