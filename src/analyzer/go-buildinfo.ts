// Go build information of an ELF executable: the `\xff Go buildinf:` blob the linker writes (Go's
// debug/buildinfo), in the pointer format of Go < 1.18 and the inline format of Go >= 1.18, and the module
// lines of runtime/debug's BuildInfo text (path, mod, dep, => replacements, build settings).
import { ElfError, type ElfFile, PF_W, PF_X, PT_LOAD, readVirtual } from './elf.js';

export interface GoModule {
  readonly path: string;
  readonly version: string;
  readonly sum: string;
  readonly replace?: GoModule;
}

export interface GoBuildInfo {
  /** As the toolchain wrote it: 'go1.19.8', 'go1.15.15', 'go1.22.1 X:boringcrypto'. */
  readonly goVersion: string;
  /** The main package path (`path` line); '' for binaries built without modules. */
  readonly path: string;
  readonly main?: GoModule;
  readonly deps: readonly GoModule[];
  /** `build` lines, in order: -ldflags, GOOS, vcs.revision, ... */
  readonly settings: readonly (readonly [key: string, value: string])[];
}

const MAGIC = Uint8Array.from(Buffer.from('\xff Go buildinf:', 'latin1'));
/** debug/buildinfo: the blob is 16-byte aligned and has a 32-byte header. */
const ALIGN = 16;
const HEADER = 32;
/** How far into the data section the blob is searched for (Go's own reader searches the first MiB). */
const SEARCH_BYTES = 1024 * 1024;
/** Version and module strings longer than this are not real build info. */
const MAX_STRING = 16 * 1024 * 1024;
/** Bit of the flags byte: strings inline after the header (Go >= 1.18). */
const FLAG_INLINE = 2;

/**
 * The build info of a Go executable; null when the file is not a Go executable (no blob, or a blob with no
 * Go version, as debug/buildinfo's errNotGoExe). Throws ElfError when the blob is there but broken.
 */
export async function readGoBuildInfo(elf: ElfFile): Promise<GoBuildInfo | null> {
  const found = await findBlob(elf);
  if (!found) return null;
  const { data, addr } = found;
  const ptrSize = data[14] ?? 0;
  const flags = data[15] ?? 0;
  let version: string;
  let modinfo: string;
  if (flags & FLAG_INLINE) {
    let rest = data.subarray(HEADER);
    [version, rest] = await inlineString(elf, rest, addr + HEADER);
    [modinfo] = await inlineString(elf, rest, addr + (data.length - rest.length));
  } else {
    if (ptrSize !== 4 && ptrSize !== 8) throw new ElfError(`Go build info has a pointer size of ${ptrSize}`);
    const littleEndian = flags === 0; // the old format's byte 15 is the byte order only
    const header = await readVirtual(elf, addr, HEADER);
    if (!header || header.length < 16 + 2 * ptrSize) throw new ElfError('Go build info header is cut short');
    const pointer = (bytes: Uint8Array, at: number) => readPointer(bytes, at, ptrSize, littleEndian);
    version = await pointerString(elf, pointer(header, 16), ptrSize, littleEndian);
    modinfo = await pointerString(elf, pointer(header, 16 + ptrSize), ptrSize, littleEndian);
  }
  if (version === '') return null;
  // The module text is framed by 16-byte sentinels (cmd/go/internal/modload.ModInfoData).
  const framed = modinfo.length >= 33 && modinfo[modinfo.length - 17] === '\n';
  return { goVersion: version, ...parseModInfo(framed ? modinfo.slice(16, -16) : '') };
}

/** runtime/debug.ParseBuildInfo's module lines; malformed lines throw ElfError naming the line. */
export function parseModInfo(text: string): Omit<GoBuildInfo, 'goVersion'> {
  let path = '';
  let main: GoModule | undefined;
  const deps: GoModule[] = [];
  const settings: [string, string][] = [];
  let last: { index: number } | undefined;
  for (const [n, line] of text.split('\n').entries()) {
    const [word, ...elem] = line.split('\t');
    const bad = (what: string) => new ElfError(`Go build info line ${n + 1}: ${what}: ${JSON.stringify(line)}`);
    switch (word) {
      case 'path':
        path = elem.join('\t');
        break;
      case 'mod':
        if (elem.length < 2 || elem.length > 3) throw bad('expected 3 columns');
        main = module(elem);
        last = { index: -1 };
        break;
      case 'dep':
        if (elem.length < 2 || elem.length > 3) throw bad('expected 2 or 3 columns');
        deps.push(module(elem));
        last = { index: deps.length - 1 };
        break;
      case '=>': {
        if (elem.length !== 3) throw bad('expected 3 columns');
        if (!last) throw bad('a replacement with no module before it');
        const target = last.index === -1 ? main : deps[last.index];
        const replaced = { ...(target as GoModule), replace: module(elem) };
        if (last.index === -1) main = replaced;
        else deps[last.index] = replaced;
        last = undefined;
        break;
      }
      case 'build': {
        const setting = elem.join('\t');
        const eq = setting.indexOf('=');
        if (eq < 1) throw bad('a build setting without key=value');
        settings.push([unquote(setting.slice(0, eq)), unquote(setting.slice(eq + 1))]);
        break;
      }
      default: // 'go' lines and lines of later toolchains are not needed
    }
  }
  return { path, ...(main ? { main } : {}), deps, settings };
}

function module([path = '', version = '', sum = '']: readonly string[]): GoModule {
  return { path, version, sum };
}

/** Build setting keys and values are Go-quoted when they hold spaces, tabs, quotes or '='. */
function unquote(value: string): string {
  if (!value.startsWith('"')) return value;
  try {
    return JSON.parse(value) as string;
  } catch {
    return value;
  }
}

async function findBlob(elf: ElfFile): Promise<{ data: Uint8Array; addr: number } | null> {
  // debug/buildinfo's elfExe.DataStart: the .go.buildinfo section, else the first writable, non-executable segment.
  const section = elf.sections.find((s) => s.name === '.go.buildinfo');
  const segment = elf.segments.find((p) => p.type === PT_LOAD && (p.flags & (PF_X | PF_W)) === PF_W);
  const start = section
    ? { addr: section.addr, size: section.size }
    : segment && { addr: segment.vaddr, size: segment.memsz };
  if (!start) return null;
  const data = await readVirtual(elf, start.addr, Math.min(start.size, SEARCH_BYTES));
  if (!data) return null;
  for (let at = 0; at + HEADER <= data.length; at += ALIGN) {
    if (MAGIC.every((byte, i) => data[at + i] === byte)) return { data: data.subarray(at), addr: start.addr + at };
  }
  return null;
}

/** A uvarint-length string inline in the blob; read past the search window when it is long. */
async function inlineString(elf: ElfFile, data: Uint8Array, addr: number): Promise<[string, Uint8Array]> {
  let length = 0;
  let shift = 0;
  let at = 0;
  for (;;) {
    const byte = data[at++];
    if (byte === undefined || shift > 28) throw new ElfError('Go build info string length is cut short');
    length += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) break;
  }
  if (length > MAX_STRING) throw new ElfError(`Go build info string of ${length} bytes`);
  let bytes = data.subarray(at, at + length);
  if (bytes.length < length) bytes = (await readVirtual(elf, addr + at, length)) ?? bytes;
  if (bytes.length < length) throw new ElfError('Go build info string is cut short');
  return [new TextDecoder().decode(bytes), data.subarray(at + length)];
}

/** A Go string header {data pointer, length} at `addr`, and the string it points at (pointer format). */
async function pointerString(elf: ElfFile, addr: number, ptrSize: number, littleEndian: boolean): Promise<string> {
  const header = await readVirtual(elf, addr, 2 * ptrSize);
  if (!header || header.length < 2 * ptrSize) return '';
  const dataAddr = readPointer(header, 0, ptrSize, littleEndian);
  const length = readPointer(header, ptrSize, ptrSize, littleEndian);
  if (length > MAX_STRING) return '';
  const data = await readVirtual(elf, dataAddr, length);
  return data && data.length === length ? new TextDecoder().decode(data) : '';
}

function readPointer(bytes: Uint8Array, at: number, size: number, littleEndian: boolean): number {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (size === 4) return v.getUint32(at, littleEndian);
  const value = v.getBigUint64(at, littleEndian);
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
}
