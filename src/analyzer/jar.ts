// Java archives (.jar/.war/.ear/.par): Maven coordinates from META-INF/maven/**/pom.properties, MANIFEST.MF
// when the archive has no pom.properties of its own, and archives nested inside (fat jars, WEB-INF/lib); licenses
// from the embedded pom.xml files and MANIFEST.MF (jar-licenses.ts).
// Follows Trivy's jar parser (pkg/dependency/parser/java/jar) in its offline mode: without a Java DB it trusts
// MANIFEST.MF and does not search Maven Central by SHA-1 or by artifact id.
import { posix } from 'node:path';
import type yauzl from 'yauzl';
import { messageOf } from '../errors.js';
import type { Package, Problem } from '../types.js';
import { maven } from '../version/maven.js';
import { type RandomAccess, randomAccessOf } from './elf.js';
import { embeddedPomLicenses, embeddedPomName, manifestLicenses } from './jar-licenses.js';
import { manifestMainSection } from './jar-manifest.js';
import type { Analyzer, AnalyzerResult } from './types.js';
import { ArchiveError, type Budget, entryName, escapes, openZip, readEntry } from './zip.js';

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

interface Walk extends Budget {
  readonly problems: Problem[];
}

const valid = (p: Partial<Properties>): p is Properties => !!(p.groupId && p.artifactId && p.version);

/** No ID: Trivy's jar parser gives none (pkg/dependency/parser/java/jar/types.go, Properties.Package). */
function packageOf(props: Properties, filePath: string): Package {
  return { id: '', name: `${props.groupId}:${props.artifactId}`, version: props.version, filePath };
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
  for (const line of manifestMainSection(text)) {
    const colon = line.indexOf(':');
    const key = line.slice(0, colon);
    if (colon > 0 && !attributes.has(key)) attributes.set(key, line.slice(colon + 1).trim());
  }
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
    zip = await openZip(source);
  } catch (error) {
    throw new ArchiveError(`not a valid zip archive (${messageOf(error)})`);
  }
  let packages: Package[] = [];
  let manifest: Partial<Properties> = {};
  let declared: string[] = [];
  // Licenses of the embedded pom.xml files by `groupId:artifactId` (their path names no version).
  const pomLicenses = new Map<string, string[]>();
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
      const pomName = base === 'pom.xml' ? embeddedPomName(name) : undefined;
      if (pomName !== undefined) {
        const licenses = embeddedPomLicenses(await readText(zip, entry, walk));
        if (licenses && licenses.length > 0) pomLicenses.set(pomName, licenses);
      } else if (base === 'pom.properties') {
        const props = parsePomProperties(await readText(zip, entry, walk));
        if (!valid(props)) continue;
        packages.push(packageOf(props, filePath));
        if (fromName && fromName[1] === props.artifactId && fromName[2] === props.version) ownPomProperties = true;
      } else if (base === 'MANIFEST.MF') {
        const text = await readText(zip, entry, walk);
        manifest = manifestProperties(text);
        declared = manifestLicenses(text);
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
  // Trivy's attachPomLicenses: a package without licenses gets those of the pom.xml of its name, nested
  // archives' packages included.
  packages = packages.map((pkg) => {
    const licenses = pkg.licenses ? undefined : pomLicenses.get(pkg.name);
    return licenses ? { ...pkg, licenses } : pkg;
  });
  if (!ownPomProperties && valid(manifest)) packages.push(packageOf(manifest, filePath));
  return withManifestLicenses(packages, filePath, declared);
}

/**
 * Trivy's attachManifestLicenses: MANIFEST.MF's licenses go to the archive's own package, when exactly one
 * package was read from this archive and it has no license yet. (Trivy then classifies a single LICENSE file packed
 * at the root or in META-INF for such a package; barnacle has no license text classifier and leaves it without.)
 */
function withManifestLicenses(packages: Package[], filePath: string, licenses: readonly string[]): Package[] {
  const own = packages.filter((pkg) => pkg.filePath === filePath);
  const [pkg] = own;
  if (licenses.length === 0 || own.length !== 1 || !pkg || pkg.licenses) return packages;
  return packages.map((p) => (p === pkg ? { ...pkg, licenses } : p));
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

export const jar: Analyzer = {
  id: 'jar',
  // 2: licenses from embedded pom.xml files and MANIFEST.MF.
  version: 2,
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
