// The Analyzer plug-in interface: an analyzer names the paths it wants and turns file contents into facts.
import type { Readable } from 'node:stream';
import type { FileSecrets } from '../secret/types.js';
import type { OS, Package, Problem } from '../types.js';

/** A regular file inside a layer (or a directory for fs scans), handed to the analyzers that want it. */
export interface LayerFile {
  /** Relative path inside the image, no leading slash, `/` separators, normalised (no `.` or `..`). */
  readonly path: string;
  readonly size: number;
  /** Unix mode bits (permission bits, e.g. 0o755). */
  readonly mode: number;
  /** The whole content as bytes. Only for files an analyzer knows to be small; bounded by the walker. */
  bytes(): Promise<Uint8Array>;
  /** The whole content decoded as UTF-8. */
  text(): Promise<string>;
  /** The content as a stream, for large files. Call at most once, and only instead of bytes()/text(). */
  stream(): Readable;
  /**
   * `length` bytes from `offset` (fewer past the end), for formats read by offset (ELF, zip). Files in memory
   * and files spilled to disk have it; the walker gives analyzers declaring `randomAccess` only such files.
   */
  read?(offset: number, length: number): Promise<Uint8Array>;
  /**
   * fs and rootfs scans: the scanned directory as given on the command line, cleaned (Trivy's
   * AnalysisInput.Dir), for formats whose package IDs name the file by it (pom.xml).
   */
  readonly scanRoot?: string;
  /**
   * fs and rootfs scans: another regular file of the scanned tree by its relative path (`/` separators), or
   * undefined when there is none or it lies outside the tree; for formats that refer to neighbouring files
   * (a pom.xml's parent and modules).
   */
  readRelated?(path: string): Promise<string | undefined>;
}

/** A group of language packages found in one file (Trivy's Application). */
export interface Application {
  /** Trivy's type: 'python-pkg', 'node-pkg', 'gobinary', 'jar', 'npm', ... */
  readonly type: string;
  /** File the packages were read from; empty for aggregated types (python-pkg, node-pkg...). */
  readonly filePath: string;
  readonly packages: readonly Package[];
  /**
   * yarn.lock: each package id's patterns (`name@range`) from its block, which the inventory compares with the
   * package.json beside the lock file (Trivy's yarn parser returns them for its analyzer).
   */
  readonly patterns?: Readonly<Record<string, readonly string[]>>;
}

/**
 * The facts of a manifest that a lock file beside it needs, as Trivy's post-analyzers read them: a package.json
 * outside node_modules for yarn.lock (the root's and its workspaces', to tell direct from indirect and production
 * from dev), a composer.json for composer.lock (`require` as dependencies, `require-dev` as devDependencies).
 */
export interface PackageManifest {
  readonly filePath: string;
  readonly name?: string;
  readonly version?: string;
  readonly licenses?: readonly string[];
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
  /** Workspace globs (`packages/*`), relative to the file's directory. */
  readonly workspaces?: readonly string[];
  /** Why the file cannot be used (not JSON, a member of the wrong type, a name that is not URL-friendly). */
  readonly invalid?: string;
  /** A Cargo.toml's facts, for the Cargo.lock beside it. */
  readonly cargo?: CargoManifest;
}

/**
 * A Cargo.toml as Trivy's cargo analyzer reads it (pkg/fanal/analyzer/language/rust/cargo): the package it
 * describes, the workspace members, and the dependencies that make lock-file packages direct.
 */
export interface CargoManifest {
  /** `package.name`, '' when there is none (a virtual workspace). */
  readonly name: string;
  /** `package.version`; null when it comes from the workspace (absent, or `version.workspace = true`). */
  readonly version: string | null;
  /** `workspace.package.version`, '' when there is none. */
  readonly workspaceVersion: string;
  /** Trivy's id for a manifest without a package name: the hash of its decoded fields, in hex ('' with a name). */
  readonly hash: string;
  /** `workspace.members` globs, relative to the file's directory. */
  readonly members: readonly string[];
  /**
   * `dependencies`, every `target.<cfg>.dependencies` and `workspace.dependencies`, later tables overriding
   * earlier ones: each name's version requirement, or null when it gives none (a path or `workspace = true`).
   */
  readonly dependencies: Readonly<Record<string, string | null>>;
}

/** OS packages read from one package database file (Trivy's PackageInfo). */
export interface PackageInfo {
  /** The database file, e.g. `var/lib/dpkg/status`, `var/lib/dpkg/status.d/base`. */
  readonly filePath: string;
  readonly packages: readonly Package[];
}

/**
 * Licenses of an OS package read outside its package database (Debian's usr/share/doc/<name>/copyright,
 * Trivy's dpkg-license analyzer). The inventory gives them to the OS packages of that name.
 */
export interface PackageLicenses {
  readonly pkgName: string;
  /** The file they were read from. */
  readonly filePath: string;
  readonly licenses: readonly string[];
}

/**
 * An installed package's package.json under node_modules, as the npm, pnpm and bun lock-file analyzers read it
 * for the licenses of the lock file's packages (Trivy's nodejs/license Traverse). The inventory fills them in.
 */
export interface NodeModulesPackage {
  /** The package.json file. */
  readonly filePath: string;
  /** `name@version`; '' when either is missing. */
  readonly id: string;
  /** The license field's names as written (a string, a `{type}` object or a list of them). */
  readonly licenses: readonly string[];
}

/** What one analyzer learnt from one file. Every member is optional but `problems`. */
export interface AnalyzerResult {
  /** OS facts. Partial facts from several files (os-release, debian_version) are merged by the inventory. */
  readonly os?: Partial<OS> & { readonly family?: string };
  readonly packageInfos?: readonly PackageInfo[];
  readonly applications?: readonly Application[];
  /** Files installed by the OS package manager (dpkg info/*.list, apk R: lines, rpm file lists). */
  readonly systemFiles?: readonly string[];
  readonly packageLicenses?: readonly PackageLicenses[];
  /** Manifest facts, combined by the inventory with the lock files of the same directory and layer. */
  readonly manifests?: readonly PackageManifest[];
  /** package.json files under node_modules, combined by the inventory with the lock files above them. */
  readonly nodeModules?: readonly NodeModulesPackage[];
  /** Secrets found in the file (the secret analyzer). */
  readonly secrets?: readonly FileSecrets[];
  readonly problems: readonly Problem[];
}

export interface Analyzer {
  /** Trivy's analyzer type name ('dpkg', 'os-release', 'python-pkg', ...). Unique in the registry. */
  readonly id: string;
  /** Bump when the output changes: part of the layer cache key. */
  readonly version: number;
  /**
   * A digest of the analyzer's configuration (the secret scanner's rules), part of the layer cache key beside
   * the version, for analyzers whose output depends on more than the files (Trivy's cache key takes the
   * analyzer options' hash).
   */
  readonly configHash?: string;
  /** Whether this analyzer wants the file at `path` (relative, no leading slash). No I/O. */
  wants(path: string, size: number, mode: number): boolean;
  /** The analyzer reads large files by offset (LayerFile.read): they are spilled to disk, never only streamed. */
  readonly randomAccess?: boolean;
  analyze(file: LayerFile): Promise<AnalyzerResult>;
}
