// Merges layer analyses into the image's inventory as Trivy v0.44's applier does (pkg/fanal/applier/docker.go):
// results keyed by file path, upper layers replacing lower ones, whiteouts and opaque directories removing them.
import type {
  Application,
  NodeModulesPackage,
  PackageInfo,
  PackageLicenses,
  PackageManifest,
} from '../analyzer/types.js';
import type { FileResult, LayerAnalysis } from '../layer/types.js';
import { isWithin } from '../layer/whiteout.js';
import { withNormalizedLicenses } from '../licensing/gathered.js';
import { withNodeModulesLicenses } from '../licensing/node-modules.js';
import type { LayerRef, OS, Package, Problem, ResultClass } from '../types.js';
import { formatVersion } from '../types.js';
import { withManifests } from './manifests.js';
import { purlOf } from './purl.js';

/** One group of packages, as it becomes one target of the report. */
export interface InventoryTarget {
  /** `<artifact> (<family> <name>)` for OS packages; the file path or Trivy's name (`Python`, ...) otherwise. */
  readonly target: string;
  readonly class: ResultClass;
  /** The OS family, or Trivy's language type. */
  readonly type: string;
  readonly packages: readonly Package[];
}

export interface Inventory {
  /** The image's OS; `{ family: 'none' }` when OS packages were found but no OS, as in Trivy. */
  readonly os?: OS;
  /** The OS target first (when an OS was detected), then language targets by target name. */
  readonly targets: readonly InventoryTarget[];
  readonly problems: readonly Problem[];
}

/** Language types whose packages Trivy aggregates into one target (applier aggregate, langpkg PkgTargets). */
export const AGGREGATED_TARGETS: Readonly<Record<string, string>> = {
  'python-pkg': 'Python',
  'conda-pkg': 'Conda',
  gemspec: 'Ruby',
  'node-pkg': 'Node.js',
  jar: 'Java',
};

/** Files Trivy treats as installed by dpkg even where distroless images removed dpkg's lists (handler/sysfile). */
const DEFAULT_SYSTEM_FILES = [
  'usr/lib/python2.7/argparse.egg-info',
  'usr/lib/python2.7/lib-dynload/Python-2.7.egg-info',
  'usr/lib/python2.7/wsgiref.egg-info',
];

/** One layer reduced to what the merge needs (Trivy's BlobInfo after its post handlers). */
interface Blob {
  readonly ref: LayerRef;
  readonly os: OS | undefined;
  readonly packageInfos: readonly PackageInfo[];
  readonly applications: readonly Application[];
  readonly licenses: readonly PackageLicenses[];
  readonly whiteouts: readonly string[];
  readonly opaqueDirs: readonly string[];
  /** Manifests beside lock files that could not be used. */
  readonly problems: readonly Problem[];
}

type Entry =
  | { readonly kind: 'os-pkgs'; readonly info: PackageInfo }
  | { readonly kind: 'app'; readonly app: Application }
  | { readonly kind: 'license'; readonly licenses: PackageLicenses };

export interface MergeOptions {
  readonly artifactName: string;
  /**
   * `--detection-priority comprehensive`: language packages in files the OS package manager installed are kept
   * (Trivy then disables its SystemFileFilteringPostHandler).
   */
  readonly keepSystemFiles?: boolean;
}

/** The inventory of an image from its layers, bottom first. */
export function mergeLayers(layers: readonly LayerAnalysis[], options: MergeOptions): Inventory {
  const blobs = layers.map((layer) => blobOf(layer, options.keepSystemFiles === true));
  // Keys are `<file path>/type:<kind>`: a whiteout of a path or of a directory above it removes them.
  const files = new Map<string, Entry>();
  let os: OS | undefined;
  for (const blob of blobs) {
    for (const dir of blob.opaqueDirs) removeUnder(files, dir);
    for (const path of blob.whiteouts) removeUnder(files, path);
    os = mergeOS(os, blob.os);
    for (const info of blob.packageInfos) setEntry(files, `${info.filePath}/type:ospkg`, { kind: 'os-pkgs', info });
    for (const app of blob.applications) setEntry(files, `${app.filePath}/type:${app.type}`, { kind: 'app', app });
    for (const licenses of blob.licenses) {
      setEntry(files, `${licenses.filePath}/type:license,dpkg`, { kind: 'license', licenses });
    }
  }
  const osPackages: Package[] = [];
  const applications: Application[] = [];
  const licensesByName = new Map<string, readonly string[]>();
  for (const entry of files.values()) {
    if (entry.kind === 'os-pkgs') osPackages.push(...entry.info.packages);
    else if (entry.kind === 'app') applications.push(entry.app);
    else licensesByName.set(entry.licenses.pkgName, entry.licenses.licenses);
  }
  if (!os && osPackages.length > 0) os = { family: 'none', name: '' };
  const targets: InventoryTarget[] = [];
  if (os) {
    const originOfPackage = packageOrigins(blobs);
    const packages = osPackages.map((pkg) =>
      complete(os.family, os, pkg, originOfPackage(pkg), true, licensesByName.get(pkg.name)),
    );
    targets.push({
      // An Ubuntu with ESM (Ubuntu Pro) enabled is named '18.04-ESM' in its target, as Trivy names it (pkg/scan/ospkg).
      target: `${options.artifactName} (${os.family} ${os.name}${os.extended ? '-ESM' : ''})`,
      class: 'os-pkgs',
      type: os.family,
      packages: sortPackages(packages),
    });
  }
  // Layers are looked up by the application's own file, before aggregation forgets it.
  const originOfLib = libOrigins(blobs);
  const completed = applications.map((app) => ({
    ...app,
    packages: app.packages.map((pkg) => complete(app.type, os, pkg, originOfLib(app, pkg))),
  }));
  const langTargets = aggregate(completed).flatMap((app): InventoryTarget[] => {
    if (app.packages.length === 0) return [];
    const target = app.filePath === '' ? (AGGREGATED_TARGETS[app.type] ?? '') : app.filePath;
    return [{ target, class: 'lang-pkgs', type: app.type, packages: sortPackages(app.packages) }];
  });
  targets.push(...langTargets.sort((a, b) => compareStrings(a.target, b.target) || compareStrings(a.type, b.type)));
  const problems = [...layers.flatMap(problemsOf), ...blobs.flatMap((blob) => blob.problems)];
  return { ...(os ? { os } : {}), targets, problems };
}

/**
 * A layer's results folded together, with packages the OS package manager installed left out of applications
 * unless `keepSystemFiles`.
 */
function blobOf(layer: LayerAnalysis, keepSystemFiles: boolean): Blob {
  let os: OS | undefined;
  const packageInfos: PackageInfo[] = [];
  const applications: Application[] = [];
  const licenses: PackageLicenses[] = [];
  const manifests: PackageManifest[] = [];
  const nodeModules: NodeModulesPackage[] = [];
  const systemFiles = new Set(DEFAULT_SYSTEM_FILES);
  for (const { result, path } of layer.results) {
    if (result.os) os = mergeOS(os, { ...result.os, family: result.os.family ?? '', name: result.os.name ?? '' });
    for (const info of result.packageInfos ?? []) packageInfos.push({ ...info, filePath: info.filePath || path });
    for (const app of result.applications ?? []) applications.push(withFilePath(app, path));
    licenses.push(...(result.packageLicenses ?? []));
    manifests.push(...(result.manifests ?? []));
    nodeModules.push(...(result.nodeModules ?? []));
    for (const file of result.systemFiles ?? []) {
      const relative = file.replace(/^\/+/, '');
      if (relative !== '') systemFiles.add(relative);
    }
  }
  // Trivy's post-analyzers see one layer's files: a lock file is combined with the manifest of its layer.
  const combined = withManifests(applications, manifests);
  // Trivy's npm post-analyzer fills licenses from node_modules; then AnalysisResult.Merge normalises the licenses
  // of every language package, analyzers' and post-analyzers' alike (pkg/fanal/analyzer/analyzer.go).
  const licensed = withNormalizedLicenses(withNodeModulesLicenses(combined.applications, nodeModules));
  return {
    ref: { ...(layer.digest ? { digest: layer.digest } : {}), diffId: layer.diffId },
    os,
    packageInfos,
    applications: keepSystemFiles ? licensed : licensed.flatMap((app) => withoutSystemFiles(app, systemFiles)),
    licenses,
    whiteouts: layer.whiteouts,
    opaqueDirs: layer.opaqueDirs,
    problems: combined.problems,
  };
}

/**
 * An application keyed by the file it came from. Aggregated types (python-pkg...) carry no file path of their
 * own; each package names its file, or the analysed file does.
 */
function withFilePath(app: Application, path: string): Application {
  if (app.filePath !== '') return app;
  if (!(app.type in AGGREGATED_TARGETS)) return { ...app, filePath: path };
  return { ...app, filePath: app.packages[0]?.filePath || path };
}

/**
 * Trivy's system file filter: the whole application, or the packages whose file the OS package manager owns. Since
 * Trivy v0.63 (#8842) it applies to every type (v0.44.1: gemspec, python-pkg, conda-pkg, node-pkg and gobinary
 * only), so a jar or a Rust binary from an OS package is left to the OS package's own findings.
 */
function withoutSystemFiles(app: Application, systemFiles: ReadonlySet<string>): Application[] {
  if (systemFiles.has(app.filePath)) return [];
  return [{ ...app, packages: app.packages.filter((pkg) => !pkg.filePath || !systemFiles.has(pkg.filePath)) }];
}

function removeUnder(files: Map<string, Entry>, path: string): void {
  for (const key of [...files.keys()]) {
    if (isWithin(key, path)) files.delete(key);
  }
}

function setEntry(files: Map<string, Entry>, key: string, entry: Entry): void {
  files.delete(key); // an upper layer's entry comes after the lower ones it replaces
  files.set(key, entry);
}

/**
 * Trivy's OS.Merge: facts from a later file replace a Red Hat or Debian guess entirely (Oracle Linux also has
 * redhat-release, Ubuntu also has debian_version); otherwise they only fill what is missing.
 */
export function mergeOS(current: OS | undefined, next: OS | undefined): OS | undefined {
  if (!next || (next.family === '' && next.name === '' && !next.eosl && !next.extended)) return current;
  if (!current || current.family === 'redhat' || current.family === 'debian') return definedOS(next);
  const merged = { ...current };
  const family = current.family === '' ? next.family : current.family;
  const name = current.name === '' ? next.name : current.name;
  const extended = current.extended || next.extended;
  return definedOS({ ...merged, family, name, ...(extended ? { extended } : {}) });
}

function definedOS(os: OS): OS | undefined {
  return os.family === '' && os.name === '' ? undefined : os;
}

// Each layer's packages are indexed once, so a lookup costs one set probe per layer (a 50 MB dpkg status of
// 57,600 packages took 110 s with a scan of every layer's packages per package).

/** Trivy's lookupOriginLayerForPkg: the lowest layer whose package databases hold the same name, version, release. */
function packageOrigins(blobs: readonly Blob[]): (pkg: Package) => LayerRef | undefined {
  // Keyed by the name strings the packages already hold: no key is made per package.
  const held = blobs.map((blob) => {
    const byName = new Map<string, Package[]>();
    for (const info of blob.packageInfos) {
      for (const pkg of info.packages) {
        const same = byName.get(pkg.name);
        if (same) same.push(pkg);
        else byName.set(pkg.name, [pkg]);
      }
    }
    return byName;
  });
  const holds = (byName: ReadonlyMap<string, readonly Package[]>, pkg: Package) =>
    byName.get(pkg.name)?.some((p) => p.version === pkg.version && (p.release ?? '') === (pkg.release ?? '')) ?? false;
  return (pkg) => blobs[held.findIndex((byName) => holds(byName, pkg))]?.ref;
}

/** Trivy's lookupOriginLayerForLib: the lowest layer with an application of the same file holding the package. */
function libOrigins(blobs: readonly Blob[]): (app: Application, pkg: Package) => LayerRef | undefined {
  const held = blobs.map(
    (blob) => new Set(blob.applications.flatMap((a) => a.packages.map((p) => `${a.filePath}\0${packageKey(p)}`))),
  );
  return (app, pkg) => blobs[held.findIndex((keys) => keys.has(`${app.filePath}\0${packageKey(pkg)}`))]?.ref;
}

/** What makes two packages the same for the origin lookups: name, version and release. */
function packageKey(pkg: Package): string {
  return `${pkg.name}\0${pkg.version}\0${pkg.release ?? ''}`;
}

/** Trivy's aggregate: all python-pkg, conda-pkg, gemspec, node-pkg and jar applications become one per type. */
function aggregate(applications: readonly Application[]): Application[] {
  const kept: Application[] = [];
  const byType = new Map<string, Package[]>();
  for (const app of applications) {
    const aggregated = app.type in AGGREGATED_TARGETS ? byType.get(app.type) : undefined;
    if (!(app.type in AGGREGATED_TARGETS)) kept.push(app);
    else if (aggregated) aggregated.push(...app.packages);
    else byType.set(app.type, [...app.packages]);
  }
  for (const [type, packages] of byType) kept.push({ type, filePath: '', packages });
  return kept;
}

/**
 * The package with its layer, purl and, for OS packages, Trivy's PkgID (`name@version` unless the analyzer set
 * one). A language package keeps the ID its analyzer gave: Trivy's parsers of installed Python, Ruby and Conda
 * packages and of requirements.txt and Pipfile.lock set none, and the report leaves it out.
 */
function complete(
  type: string,
  os: OS | undefined,
  pkg: Package,
  layer: LayerRef | undefined,
  osPkg = false,
  licenses?: readonly string[],
): Package {
  // A package of an unknown OS ('none') has no meaningful purl type.
  const purl = pkg.purl ?? (type === 'none' ? undefined : purlOf(type, os?.family === 'none' ? undefined : os, pkg));
  // Copied member by member onto a new object rather than spread: copies with the same members then share one
  // hidden class in V8, where each spread copy got a map of its own (about 300 bytes more per package).
  const completed: { -readonly [K in keyof Package]: Package[K] } = Object.assign({}, pkg);
  if (licenses) completed.licenses = licenses;
  completed.id = pkg.id || (osPkg ? `${pkg.name}@${formatVersion(pkg.epoch, pkg.version, pkg.release)}` : '');
  if (purl) completed.purl = flat(purl);
  if (layer) completed.layer = layer;
  return completed;
}

/**
 * The string as one run of characters. A purl is built by concatenation, which V8 keeps as a tree of the pieces
 * (about six nodes of 32 bytes each per purl); reading a character flattens the tree into one string in place.
 */
function flat(text: string): string {
  text.charCodeAt(0);
  return text;
}

/** Trivy's Packages.Less: by name, then version, then file path (byte order, as Go compares strings). */
export function sortPackages(packages: readonly Package[]): Package[] {
  return [...packages].sort(
    (a, b) =>
      compareStrings(a.name, b.name) ||
      compareStrings(a.version, b.version) ||
      compareStrings(a.filePath ?? '', b.filePath ?? ''),
  );
}

/**
 * Go's string order (UTF-8 bytes), computed on the UTF-16 code units without encoding: it agrees with code
 * point order, where a surrogate (a code point above U+FFFF) sorts after every other code unit. Sorting 57,600
 * packages encoded both sides of each of about a million comparisons, two buffers each, all left to collect.
 */
function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

const codePointRank = (unit: number): number => (unit >= 0xd800 && unit <= 0xdfff ? unit + 0x10000 : unit);

function problemsOf(layer: LayerAnalysis): Problem[] {
  return [...layer.problems, ...layer.results.flatMap((r: FileResult) => r.result.problems)];
}
