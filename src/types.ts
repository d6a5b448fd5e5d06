// The plain data that flows through the pipeline: packages, OS facts, findings and the scan result.
// Field names follow Trivy's JSON report (schema v2) in camelCase; report/json.ts maps them back.
import type { DetectedLicense, ModifiedLicense } from './licensing/types.js';
import type { SecretFinding } from './secret/types.js';

/** Trivy's severities, lowest first. */
export type Severity = 'UNKNOWN' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
export const SEVERITIES: readonly Severity[] = ['UNKNOWN', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

/** The image layer that introduced a package or file. */
export interface LayerRef {
  /** Compressed blob digest as the manifest names it (absent for uncompressed-only sources such as fs). */
  readonly digest?: string;
  /** sha256 of the uncompressed layer tar (the image config's rootfs.diff_ids). */
  readonly diffId: string;
  /** The history's `created_by` of the layer (secret findings only, as Trivy's applier sets it). */
  readonly createdBy?: string;
}

/** A line range inside the file a package came from (lock files). */
export interface Location {
  readonly startLine: number;
  readonly endLine: number;
}

/** Trivy's dependency relationship of a package to the artifact. */
export type Relationship = 'root' | 'workspace' | 'direct' | 'indirect' | 'unknown';

/** One installed package, as an analyzer found it. */
export interface Package {
  /** Trivy's PkgID: usually `name@version` with the version string as the package database wrote it. */
  readonly id: string;
  readonly name: string;
  /** Version without epoch and release where the ecosystem splits them (dpkg upstream, rpm version). */
  readonly version: string;
  /** dpkg revision / rpm release. */
  readonly release?: string;
  readonly epoch?: number;
  readonly arch?: string;
  readonly srcName?: string;
  readonly srcVersion?: string;
  readonly srcRelease?: string;
  readonly srcEpoch?: number;
  readonly licenses?: readonly string[];
  readonly maintainer?: string;
  /** Package URL (purl), filled by the inventory stage once the OS is known. */
  readonly purl?: string;
  /** Path of the file the package was read from, for language packages (Trivy omits it for OS packages). */
  readonly filePath?: string;
  readonly layer?: LayerRef;
  readonly dev?: boolean;
  readonly relationship?: Relationship;
  readonly dependsOn?: readonly string[];
  readonly locations?: readonly Location[];
  /** rpm modularity label. */
  readonly modularityLabel?: string;
  /** Files the OS package manager installed for this package (used to leave them out of language results). */
  readonly installedFiles?: readonly string[];
  /** Digest of the package as its database records it, Trivy's `Digest` (rpm: `md5:` + SIGMD5 in hex). */
  readonly digest?: string;
}

/** The operating system of an image, as os-release and the distro's own files tell. */
export interface OS {
  /** Trivy's family name: 'debian', 'ubuntu', 'alpine', 'redhat', ... */
  readonly family: string;
  /** Version as Trivy prints it in the target: Debian's point release ('11.2'), Alpine's '3.18.4'. */
  readonly name: string;
  /** End of service life reached. */
  readonly eosl?: boolean;
  readonly extended?: boolean;
}

/** A file or record that could not be used; the scan goes on without it. */
export interface Problem {
  /** Path inside the image or on disk. */
  readonly path: string;
  /** Index of the record inside the file (stanza, row), when the problem is confined to one. */
  readonly index?: number;
  readonly reason: string;
}

export type VulnStatus =
  | 'unknown'
  | 'not_affected'
  | 'affected'
  | 'fixed'
  | 'under_investigation'
  | 'will_not_fix'
  | 'fix_deferred'
  | 'end_of_life';

/** CVSS as Trivy reports it per source (`nvd`, `redhat`, `ghsa`, ...). */
export interface Cvss {
  readonly v2Vector?: string;
  readonly v3Vector?: string;
  readonly v40Vector?: string;
  readonly v2Score?: number;
  readonly v3Score?: number;
  readonly v40Score?: number;
}

export interface DataSource {
  readonly id: string;
  readonly name: string;
  readonly url: string;
}

/** Why a finding matched: the advisory and the range or version list that contains the installed version. */
export interface MatchReason {
  /** The OSV record id that matched (DSA-…, PYSEC-…, GHSA-…). */
  readonly advisoryId: string;
  readonly ecosystem: string;
  /** The package name that was looked up (source name for OS packages). */
  readonly lookupName: string;
  /** Human-readable range, e.g. `>=0, <2.31-13+deb11u6` or `in versions list`. */
  readonly range: string;
}

/** One vulnerability in one package. */
export interface Finding {
  readonly vulnerabilityId: string;
  /** Trivy's VendorIDs: the advisory ids (DSA-…, GHSA-…, PYSEC-…) behind a finding reported under a CVE id. */
  readonly vendorIds?: readonly string[];
  readonly pkgId: string;
  readonly pkgName: string;
  readonly pkgPath?: string;
  readonly purl?: string;
  readonly installedVersion: string;
  readonly fixedVersion?: string;
  readonly status: VulnStatus;
  readonly layer?: LayerRef;
  readonly severitySource?: string;
  readonly primaryUrl?: string;
  readonly dataSource?: DataSource;
  readonly title?: string;
  readonly description?: string;
  readonly severity: Severity;
  readonly cweIds?: readonly string[];
  readonly vendorSeverity?: Readonly<Record<string, number>>;
  readonly cvss?: Readonly<Record<string, Cvss>>;
  readonly references?: readonly string[];
  readonly publishedDate?: string;
  readonly lastModifiedDate?: string;
  /** barnacle's explanation of the match (not in Trivy's report; emitted as `Match` in JSON). */
  readonly match?: MatchReason;
}

/** Trivy's result classes. */
export type ResultClass = 'os-pkgs' | 'lang-pkgs' | 'secret' | 'license';

/** One target of the report: the OS packages, or one language file / package group. */
export interface TargetResult {
  /** `name (debian 11.2)` for OS packages; the file path or `Python` for language packages. */
  readonly target: string;
  readonly class: ResultClass;
  /** Trivy's type: OS family ('debian') or language type ('python-pkg', 'node-pkg', 'gobinary', ...). */
  readonly type: string;
  readonly packages: readonly Package[];
  readonly vulnerabilities: readonly Finding[];
  /**
   * Findings an ignore file or VEX document suppressed, with the reason (Trivy's ModifiedFindings, written as
   * `ExperimentalModifiedFindings` and listed by `--show-suppressed`).
   */
  readonly modifiedFindings?: readonly ModifiedFinding[];
  /** Class `secret`: the secrets found in the file named by `target` (Trivy's Result.Secrets). */
  readonly secrets?: readonly SecretFinding[];
  /** Secrets an ignore file suppressed (written among `ExperimentalModifiedFindings`). */
  readonly modifiedSecrets?: readonly ModifiedSecret[];
  /** Class `license`: the packages' licenses, classified (Trivy's Result.Licenses). */
  readonly licenses?: readonly DetectedLicense[];
  /** Licenses an ignore file or `--ignored-licenses` suppressed (written among `ExperimentalModifiedFindings`). */
  readonly modifiedLicenses?: readonly ModifiedLicense[];
}

/** A secret suppressed by an ignore file (Trivy's ModifiedFinding of type `secret`). */
export interface ModifiedSecret {
  readonly type: 'secret';
  readonly status: 'ignored';
  readonly statement: string;
  readonly source: string;
  readonly finding: SecretFinding;
}

/** Trivy's FindingStatus of a suppressed finding: `ignored` by an ignore file, or the VEX status. */
export type SuppressionStatus = 'ignored' | 'not_affected' | 'fixed' | 'under_investigation';

/** A finding suppressed by an ignore file or a VEX document, and why. */
export interface ModifiedFinding {
  readonly type: 'vulnerability';
  readonly status: SuppressionStatus;
  /** The ignore entry's statement or the VEX statement / justification text. */
  readonly statement: string;
  /** The file that suppressed it: `.trivyignore`, the VEX document path. */
  readonly source: string;
  /** The VEX justification (OpenVEX's names, e.g. `vulnerable_code_not_present`), when one was given. */
  readonly justification?: string;
  readonly finding: Finding;
}

/** The image config subset Trivy copies into Metadata.ImageConfig, kept as parsed JSON. */
export type ImageConfig = Readonly<Record<string, unknown>>;

export interface ImageMetadata {
  readonly size?: number;
  readonly os?: OS;
  readonly imageId?: string;
  readonly diffIds?: readonly string[];
  readonly repoTags?: readonly string[];
  readonly repoDigests?: readonly string[];
  readonly imageConfig?: ImageConfig;
}

export type ArtifactType = 'container_image' | 'filesystem' | 'repository' | 'cyclonedx' | 'spdx' | 'vm';

/** The whole scan, the input of every reporter. */
export interface ScanResult {
  readonly schemaVersion: 2;
  /** RFC 3339 time the scan finished. */
  readonly createdAt: string;
  readonly artifactName: string;
  readonly artifactType: ArtifactType;
  readonly metadata: ImageMetadata;
  readonly results: readonly TargetResult[];
}

/** Formats a version the way Trivy prints InstalledVersion: `epoch:version-release`. */
export function formatVersion(epoch: number | undefined, version: string, release: string | undefined): string {
  const withEpoch = epoch ? `${epoch}:${version}` : version;
  return release ? `${withEpoch}-${release}` : withEpoch;
}
