// Installed Debian packages from var/lib/dpkg/status (and distroless status.d/*), and the files dpkg
// installed from var/lib/dpkg/info/*.list. Follows Trivy's dpkg analyzer (pkg/fanal/analyzer/pkg/dpkg).
import type { Package, Problem } from '../types.js';
import { dpkg as dpkgScheme } from '../version/dpkg.js';
import { LineTooLongError, readLines, readStanzas } from './dpkg-status.js';
import type { Analyzer, AnalyzerResult, LayerFile } from './types.js';

const STATUS_FILE = 'var/lib/dpkg/status';
const STATUS_DIR = 'var/lib/dpkg/status.d/';
const INFO_DIR = 'var/lib/dpkg/info/';

/** The only fields read, so a large status file costs memory for these alone. */
const FIELDS = new Set(['package', 'version', 'source', 'status', 'architecture', 'maintainer', 'depends']);

/** `name` or `name (version)`, as dpkg writes the Source: field (Trivy's dpkgSrcCaptureRegexp). */
const SOURCE = /^(\S*)(?: \((.*)\))?/;

/** A direct child of `dir` (Go's filepath.Split(path) dir equality). */
function isChildOf(path: string, dir: string): boolean {
  return path.startsWith(dir) && path.length > dir.length && !path.includes('/', dir.length);
}

/**
 * Trivy treats a package as installed unless its Status: wants it removed (`deinstall`, `purge`), so
 * half-installed, unpacked and config-files packages are listed, as is a stanza without Status: (status.d).
 */
const isWanted = (status: string | undefined): boolean =>
  !(status ?? '').split(/\s+/).some((word) => word === 'deinstall' || word === 'purge');

/** Package names in Depends:, alternatives included, without version requirements, unique, in order. */
function dependencyNames(depends: string | undefined): string[] {
  const names = new Set<string>();
  for (const alternative of (depends ?? '').split(/[,|]/)) {
    const paren = alternative.indexOf('(');
    const name = (paren >= 0 ? alternative.slice(0, paren) : alternative).trim();
    if (name !== '') names.add(name);
  }
  return [...names];
}

type Built = { package: Mutable<Package>; depends: string[] } | { problem: string } | undefined;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * One copy of each value: the values many packages share (architecture, maintainer, source) are kept once per
 * status file instead of once per package.
 */
type Intern = (value: string) => string;

function interner(): Intern {
  const values = new Map<string, string>();
  return (value) => {
    const known = values.get(value);
    if (known !== undefined) return known;
    values.set(value, value);
    return value;
  };
}

/** One stanza's package, nothing for a package that is not wanted, or the reason it is unusable. */
function packageOf(fields: ReadonlyMap<string, string>, intern: Intern): Built {
  if (!isWanted(fields.get('status'))) return undefined;
  const name = fields.get('package') ?? '';
  const rawVersion = fields.get('version') ?? '';
  if (name === '' || rawVersion === '') return { problem: 'stanza has no Package: or Version: field' };
  const [, srcField = '', srcFieldVersion = ''] = SOURCE.exec(fields.get('source') ?? '') ?? [];
  // dpkg-query's ${source:Package} and ${source:Version} default to the binary package's.
  const srcName = intern(srcField.trim() || name);
  const srcRaw = srcFieldVersion.trim() || rawVersion;
  const version = dpkgScheme.parse(rawVersion);
  if (version === null) return { problem: `package ${name} has an invalid version '${rawVersion}'` };
  const src = srcRaw === rawVersion ? version : dpkgScheme.parse(srcRaw);
  if (src === null) return { problem: `package ${name} has an invalid source version '${srcRaw}'` };
  // Members are added one by one, in one order, rather than spread in: packages with the same members then share
  // one hidden class in V8, where each spread object got a map of its own (a 50 MB status file: 57,600 of them).
  const pkg: Mutable<Package> = { id: `${name}@${rawVersion}`, name, version: version.upstream };
  if (version.revision) pkg.release = version.revision;
  if (version.epoch) pkg.epoch = version.epoch;
  const arch = fields.get('architecture');
  if (arch) pkg.arch = intern(arch);
  pkg.srcName = srcName;
  pkg.srcVersion = src.upstream;
  if (src.revision) pkg.srcRelease = src.revision;
  if (src.epoch) pkg.srcEpoch = src.epoch;
  const maintainer = fields.get('maintainer');
  if (maintainer) pkg.maintainer = intern(maintainer);
  return { package: pkg, depends: dependencyNames(fields.get('depends')) };
}

/** The packages of one status file; a repeated name@version keeps its last stanza, like Trivy's map. */
async function statusResult(file: LayerFile): Promise<AnalyzerResult> {
  const problems: Problem[] = [];
  const built = new Map<string, { package: Mutable<Package>; depends: string[] }>();
  const idByName = new Map<string, string>();
  const intern = interner();
  try {
    for await (const stanza of readStanzas(file.stream(), FIELDS)) {
      const result = 'error' in stanza ? { problem: stanza.error } : packageOf(stanza.fields, intern);
      if (result === undefined) continue;
      if ('problem' in result) {
        problems.push({ path: file.path, index: stanza.index, reason: `stanza ${stanza.index}: ${result.problem}` });
        continue;
      }
      built.set(result.package.id, result);
      idByName.set(result.package.name, result.package.id);
    }
  } catch (error) {
    if (!(error instanceof LineTooLongError)) throw error;
    problems.push({ path: file.path, reason: `${error.message}; the rest of the file is skipped` });
  }
  // Depends: becomes the ids of the dependencies installed from the same file, sorted (Trivy's DependsOn).
  // The packages are this function's own, so they are completed in place rather than copied.
  const packages = [...built.values()].map(({ package: pkg, depends }) => {
    const ids = depends.flatMap((name) => idByName.get(name) ?? []).sort();
    if (ids.length > 0) pkg.dependsOn = ids;
    return pkg;
  });
  return { packageInfos: [{ filePath: file.path, packages }], problems };
}

/**
 * The files a .list names, without leading slash, leaving out directories: an entry the next line
 * continues (`/usr/bin` before `/usr/bin/tar`) is a directory, as Trivy decides.
 */
async function listResult(file: LayerFile): Promise<AnalyzerResult> {
  const files: string[] = [];
  let previous = '';
  const add = (path: string) => path !== '' && files.push(path.replace(/^\/+/, ''));
  try {
    for await (const line of readLines(file.stream())) {
      if (line === '/.') continue;
      if (!line.startsWith(`${previous}/`)) add(previous);
      previous = line;
    }
  } catch (error) {
    if (!(error instanceof LineTooLongError)) throw error;
    return {
      systemFiles: files,
      problems: [{ path: file.path, reason: `${error.message}; the rest of the file is skipped` }],
    };
  }
  add(previous);
  return { systemFiles: files, problems: [] };
}

export const dpkg: Analyzer = {
  id: 'dpkg',
  version: 1,
  wants: (path) =>
    path === STATUS_FILE ||
    (isChildOf(path, STATUS_DIR) && !path.endsWith('.md5sums')) ||
    (isChildOf(path, INFO_DIR) && path.endsWith('.list')),
  analyze: (file) => (file.path.startsWith(INFO_DIR) ? listResult(file) : statusResult(file)),
};
