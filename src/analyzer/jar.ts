// Java archives (.jar/.war/.ear/.par): Maven coordinates from META-INF/maven/**/pom.properties, MANIFEST.MF
// when the archive has no pom.properties of its own, and archives nested inside (fat jars, WEB-INF/lib).
// Follows Trivy's jar parser (pkg/dependency/parser/java/jar) in its offline mode: without a Java DB it trusts
// MANIFEST.MF and does not search Maven Central by SHA-1 or by artifact id.
import { posix } from 'node:path';
import { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { messageOf } from '../errors.js';
import type { Package, Problem } from '../types.js';
import { maven } from '../version/maven.js';
import { type RandomAccess, randomAccessOf } from './elf.js';
import type { Analyzer, AnalyzerResult } from './types.js';

/** Archives inside archives inside the file: deeper ones are skipped with a Problem. */
const MAX_DEPTH = 4;
/** A nested archive is inflated into memory; larger ones are skipped. */
const MAX_NESTED_BYTES = 64 * 1024 * 1024;
/** Inflated bytes read from one file, nested archives included: a zip bomb stops here. */
const MAX_TOTAL_BYTES = 256 * 1024 * 1024;
/** pom.properties and MANIFEST.MF are a few KiB (Trivy caps manifests at 10 MiB). */
const MAX_TEXT_BYTES = 1024 * 1024;
const MAX_ENTRIES = 200_000;

/** Trivy's jarFileRegEx: `spring-core-5.3.4-SNAPSHOT.jar` → spring-core, 5.3.4-SNAPSHOT. */
const JAR_FILE_NAME = /^([a-zA-Z0-9._-]*[^-*])-(\d\S*(?:-SNAPSHOT)?)\.jar$/;
const EXTENSIONS = ['.jar', '.war', '.ear', '.par'];
/** Trivy's isArtifact: nested .par files are not opened. */
const NESTED_EXTENSIONS = ['.jar', '.war', '.ear'];

interface Properties {
  readonly groupId: string;
  readonly artifactId: string;
  readonly version: string;
}

/** Why an archive or entry was skipped; becomes a Problem naming the (possibly nested) path. */
class ArchiveError extends Error {}

interface Walk {
  /** Inflated bytes still allowed for this file. */
  budget: number;
  readonly problems: Problem[];
}

const valid = (p: Partial<Properties>): p is Properties => !!(p.groupId && p.artifactId && p.version);

function packageOf(props: Properties, filePath: string): Package {
  const name = `${props.groupId}:${props.artifactId}`;
  return { id: `${name}:${props.version}`, name, version: props.version, filePath };
}

/** pom.properties lines (Trivy reads only these three keys, trimmed). */
export function parsePomProperties(text: string): Partial<Properties> {
  const props: { groupId?: string; artifactId?: string; version?: string } = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    for (const key of ['groupId', 'artifactId', 'version'] as const) {
      if (line.startsWith(`${key}=`)) props[key] = line.slice(key.length + 1);
    }
  }
  return props;
}

/**
 * Coordinates from the main section of MANIFEST.MF (up to its first blank line, continuation lines unfolded),
 * as Trivy's manifest.properties decides them: group from Implementation-Vendor-Id, Bundle-SymbolicName (up to
 * its last dot), Implementation-Vendor or Specification-Vendor; artifact from Implementation-Title,
 * Specification-Title or Bundle-Name; version from Implementation-, Specification- or Bundle-Version.
 */
export function manifestProperties(text: string): Partial<Properties> {
  const attributes = new Map<string, string>();
  const add = (line: string) => {
    const fields = line.trim().split(/\s+/);
    if (fields.length <= 1 || fields[1]?.startsWith('%')) return; // variables such as Bundle-Name: %bundleName
    const colon = line.indexOf(':');
    const key = line.slice(0, colon);
    if (colon > 0 && !attributes.has(key)) attributes.set(key, line.slice(colon + 1).trim());
  };
  let attribute = '';
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line === '') break;
    if (line.startsWith(' ')) {
      attribute += line.slice(1);
      continue;
    }
    add(attribute);
    attribute = line;
  }
  add(attribute);
  const first = (...keys: string[]) => keys.map((key) => attributes.get(key)).find((value) => value);
  const symbolic = attributes.get('Bundle-SymbolicName');
  const symbolicGroup =
    symbolic && symbolic.lastIndexOf('.') > 0 ? symbolic.slice(0, symbolic.lastIndexOf('.')) : symbolic;
  const groupId =
    attributes.get('Implementation-Vendor-Id') ||
    symbolicGroup ||
    first('Implementation-Vendor', 'Specification-Vendor');
  return {
    ...(groupId ? { groupId } : {}),
    artifactId: first('Implementation-Title', 'Specification-Title', 'Bundle-Name'),
    version: first('Implementation-Version', 'Specification-Version', 'Bundle-Version'),
  } as Partial<Properties>;
}

/** The packages of one archive and those nested in it, in Trivy's order (entries first, the archive's own last). */
async function archivePackages(source: RandomAccess, filePath: string, depth: number, walk: Walk): Promise<Package[]> {
  const fromName = JAR_FILE_NAME.exec(posix.basename(filePath));
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromRandomAccessReaderPromise(new Reader(source), source.size, {
      lazyEntries: true,
      strictFileNames: false,
      validateEntrySizes: true,
      // yauzl refuses a whole archive over one `../` name; names are decoded and checked here instead.
      decodeStrings: false,
    });
  } catch (error) {
    throw new ArchiveError(`not a valid zip archive (${messageOf(error)})`);
  }
  const packages: Package[] = [];
  let manifest: Partial<Properties> = {};
  let ownPomProperties = false;
  try {
    if (zip.entryCount > MAX_ENTRIES) throw new ArchiveError(`${zip.entryCount} entries, more than ${MAX_ENTRIES}`);
    for await (const entry of zip.eachEntry()) {
      const name = entryName(entry);
      if (escapes(name)) {
        walk.problems.push({ path: filePath, reason: `entry ${JSON.stringify(name)} points outside the archive` });
        continue;
      }
      const base = posix.basename(name);
      const extension = posix.extname(name).toLowerCase();
      if (base === 'pom.properties') {
        const props = parsePomProperties(await readText(zip, entry, walk));
        if (!valid(props)) continue;
        packages.push(packageOf(props, filePath));
        if (fromName && fromName[1] === props.artifactId && fromName[2] === props.version) ownPomProperties = true;
      } else if (base === 'MANIFEST.MF') {
        manifest = manifestProperties(await readText(zip, entry, walk));
      } else if (NESTED_EXTENSIONS.includes(extension) && !name.endsWith('/')) {
        packages.push(...(await nestedPackages(zip, entry, filePath, depth, walk)));
      }
    }
  } catch (error) {
    if (error instanceof ArchiveError) throw error;
    throw new ArchiveError(`corrupt zip archive (${messageOf(error)})`);
  } finally {
    zip.close();
  }
  if (!ownPomProperties && valid(manifest)) packages.push(packageOf(manifest, filePath));
  return packages;
}

/** The entry's name: UTF-8 when its flags say so (bit 11), else CP437, read as Latin-1 for the ASCII names jars use. */
function entryName(entry: yauzl.Entry): string {
  const raw = entry.fileName as unknown as Buffer;
  return (entry.generalPurposeBitFlag & 0x800) !== 0 ? raw.toString('utf8') : raw.toString('latin1');
}

/** A `../` name (zip slip) or an absolute one: never followed, reported once per entry. */
function escapes(name: string): boolean {
  const normalized = posix.normalize(name.replaceAll('\\', '/'));
  return normalized.startsWith('/') || normalized === '..' || normalized.startsWith('../');
}

async function nestedPackages(zip: yauzl.ZipFile, entry: yauzl.Entry, parent: string, depth: number, walk: Walk) {
  const path = posix.join(parent, entryName(entry));
  if (depth + 1 > MAX_DEPTH) {
    walk.problems.push({ path, reason: `archive nested more than ${MAX_DEPTH} levels deep, not opened` });
    return [];
  }
  try {
    const bytes = await readEntry(zip, entry, MAX_NESTED_BYTES, walk);
    const inner: RandomAccess = { size: bytes.length, read: async (o, l) => bytes.subarray(o, o + l) };
    return await archivePackages(inner, path, depth + 1, walk);
  } catch (error) {
    if (!(error instanceof ArchiveError)) throw error;
    walk.problems.push({ path, reason: error.message });
    return [];
  }
}

async function readText(zip: yauzl.ZipFile, entry: yauzl.Entry, walk: Walk): Promise<string> {
  try {
    return new TextDecoder().decode(await readEntry(zip, entry, MAX_TEXT_BYTES, walk));
  } catch (error) {
    throw error instanceof ArchiveError ? new ArchiveError(`${entryName(entry)}: ${error.message}`) : error;
  }
}

/** An entry inflated, never past `limit` nor past what is left of the file's budget, whatever its header says. */
async function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, limit: number, walk: Walk): Promise<Uint8Array> {
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

/** Trivy's removePackageDuplicates: one package per name and file path for equal Maven versions (2.17 = 2.17.0). */
function withoutDuplicates(packages: readonly Package[]): Package[] {
  const kept: Package[] = [];
  for (const pkg of packages) {
    const version = maven.parse(pkg.version);
    const same = kept.some((other) => {
      if (other.name !== pkg.name || other.filePath !== pkg.filePath) return false;
      const otherVersion = maven.parse(other.version);
      return version && otherVersion ? maven.compare(version, otherVersion) === 0 : other.version === pkg.version;
    });
    if (!same) kept.push(pkg);
  }
  return kept;
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

export const jar: Analyzer = {
  id: 'jar',
  version: 1,
  wants: (path) => EXTENSIONS.some((extension) => path.toLowerCase().endsWith(extension)),
  randomAccess: true,
  async analyze(file): Promise<AnalyzerResult> {
    const walk: Walk = { budget: MAX_TOTAL_BYTES, problems: [] };
    try {
      const packages = withoutDuplicates(await archivePackages(randomAccessOf(file), file.path, 0, walk));
      const applications = packages.length > 0 ? [{ type: 'jar', filePath: file.path, packages }] : [];
      return { applications, problems: walk.problems };
    } catch (error) {
      if (!(error instanceof ArchiveError)) throw error;
      return { problems: [...walk.problems, { path: file.path, reason: error.message }] };
    }
  },
};
