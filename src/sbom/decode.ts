// SBOM input: a CycloneDX or SPDX JSON document (from barnacle, Trivy or Syft) read back into the OS and the
// package targets an image scan would have produced, so the normal match → filter → report path applies.
// Package facts come from Trivy's `aquasecurity:trivy:*` properties (SPDX: attribution texts) where the
// producer wrote them, else from the purl (type, namespace, name, version, epoch/arch/distro/upstream
// qualifiers), as Trivy's SBOM decoder does (trivy pkg/sbom/io/decode.go).
import { PackageURL } from 'packageurl-js';
import { AGGREGATED_TARGETS } from '../inventory/merge.js';
import { packageKey } from '../package-key.js';
import type { LayerRef, OS, Package, Problem, TargetResult } from '../types.js';

export type SbomFormat = 'cyclonedx' | 'spdx';

/** One package of the SBOM before it is placed in a target. */
export interface SbomPackage {
  readonly name: string;
  readonly version?: string;
  readonly purl?: string;
  /** Trivy's properties without their namespace (PkgID, PkgType, SrcName, FilePath, LayerDiffID, ...). */
  readonly properties: ReadonlyMap<string, string>;
  readonly licenses?: readonly string[];
  readonly supplier?: string;
  /**
   * The application component whose dependencies hold the package (Trivy's `aquasecurity:trivy:Type` on an
   * application component: a lock file, a binary, or an aggregated language); none for an orphan package.
   */
  readonly application?: SbomApplication;
}

/** An application component of the SBOM: its package type and its name (a file path, or the language). */
export interface SbomApplication {
  readonly type: string;
  readonly name: string;
}

export interface DecodedSbom {
  readonly format: SbomFormat;
  readonly os?: OS;
  readonly targets: readonly TargetResult[];
  readonly problems: readonly Problem[];
}

/**
 * The application each package belongs to, as Trivy's decoder walks an SBOM's dependency graph
 * (pkg/sbom/io/decode.go): from each root in turn (the OS first, then the applications), the packages it
 * reaches through `edges`, directly or through other packages, are that root's, first come first served.
 * Only `packages` are claimed and walked through. A package of the OS has `null`; an orphan is not in the map.
 */
export function applicationOwners(
  edges: ReadonlyMap<string, readonly string[]>,
  packages: ReadonlySet<string>,
  roots: Iterable<readonly [string, SbomApplication | null]>,
): Map<string, SbomApplication | null> {
  const owner = new Map<string, SbomApplication | null>();
  for (const [root, application] of roots) {
    // A stack, not recursion: an SBOM's dependency chains can be as long as it likes.
    const stack = [root];
    for (let ref = stack.pop(); ref !== undefined; ref = stack.pop()) {
      for (const dep of edges.get(ref) ?? []) {
        if (!packages.has(dep) || owner.has(dep)) continue;
        owner.set(dep, application);
        stack.push(dep);
      }
    }
  }
  return owner;
}

/** purl type → Trivy's package type, for SBOMs without Trivy's PkgType property. */
const PURL_TYPES: Readonly<Record<string, string>> = {
  pypi: 'python-pkg',
  npm: 'node-pkg',
  gem: 'gemspec',
  maven: 'jar',
  golang: 'gobinary',
  cargo: 'rustbinary',
  composer: 'composer',
  nuget: 'nuget',
  conda: 'conda-pkg',
};

/** purl types of OS packages, with the version split Trivy applies. */
const OS_PURL_TYPES = new Set(['deb', 'rpm', 'apk']);

/**
 * OS family names as SBOM producers write them → Trivy's family names: Trivy's own aliases (OSTypeAliases in
 * pkg/fanal/types/const.go: the old openSUSE and SUSE names, EKS's and Kind's), and other producers' spellings.
 */
const FAMILY_ALIASES: Readonly<Record<string, string>> = {
  'opensuse.leap': 'opensuse-leap',
  'opensuse.tumbleweed': 'opensuse-tumbleweed',
  'suse linux enterprise micro': 'slem',
  'suse linux enterprise server': 'sles',
  'amazon linux': 'amazon',
  'debian gnu/linux': 'debian',
  rhel: 'redhat',
  'red hat enterprise linux': 'redhat',
  almalinux: 'alma',
  'rocky linux': 'rocky',
  amzn: 'amazon',
  // openSUSE Leap 42's os-release ID, read as Leap by the os-release analyzer too.
  opensuse: 'opensuse-leap',
};

export function familyOf(name: string): string {
  const lower = name.toLowerCase();
  return FAMILY_ALIASES[lower] ?? lower;
}

function parsePurl(text: string | undefined): PackageURL | undefined {
  if (!text) return undefined;
  try {
    return PackageURL.fromString(text);
  } catch {
    return undefined;
  }
}

/** `epoch:version-release` split as dpkg and rpm write it (apk keeps `-rN` in the version, as Trivy does). */
function splitVersion(
  purlType: string,
  full: string,
  epochQualifier?: string,
): { epoch?: number; version: string; release?: string } {
  let rest = full;
  let epoch = epochQualifier && /^\d+$/.test(epochQualifier) ? Number(epochQualifier) : undefined;
  const colon = /^(\d+):(.*)$/.exec(rest);
  if (colon) {
    epoch = Number(colon[1]);
    rest = colon[2] ?? '';
  }
  if (purlType !== 'deb' && purlType !== 'rpm') return { epoch: epoch || undefined, version: rest };
  const dash = rest.lastIndexOf('-');
  if (dash <= 0) return { epoch: epoch || undefined, version: rest };
  return { epoch: epoch || undefined, version: rest.slice(0, dash), release: rest.slice(dash + 1) };
}

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== '')) as T;
}

/** The package name Trivy uses for a purl: `group:artifact` for Maven, `@scope/name` for npm. */
function purlName(purl: PackageURL): string {
  if (!purl.namespace) return purl.name;
  if (purl.type === 'maven') return `${purl.namespace}:${purl.name}`;
  if (purl.type === 'npm') return `${purl.namespace}/${purl.name}`;
  if (purl.type === 'golang') return `${purl.namespace}/${purl.name}`;
  return purl.name;
}

interface Placed {
  readonly type: string;
  readonly os: boolean;
  readonly pkg: Package;
}

/** The package (and its type) one SBOM entry stands for, or a reason it cannot be used. */
export function packageOf(entry: SbomPackage): Placed | string {
  const props = entry.properties;
  const purl = parsePurl(entry.purl);
  const purlType = purl?.type ?? '';
  const isOs = OS_PURL_TYPES.has(purlType);
  const type = entry.application?.type ?? props.get('PkgType') ?? (isOs ? purlType : PURL_TYPES[purlType]);
  if (!type) return `package '${entry.name}' has no purl or package type barnacle can match`;
  const fullVersion = purl?.version ?? entry.version ?? '';
  if (fullVersion === '') return `package '${entry.name}' has no version`;
  const qualifiers = purl?.qualifiers ?? {};
  const { epoch, version, release } = isOs
    ? splitVersion(purlType, fullVersion, qualifiers.epoch)
    : { epoch: undefined, version: fullVersion, release: undefined };
  // Syft names the source package in the `upstream` qualifier: `name` or `name@version`.
  const [upstreamName, upstreamVersion] = (qualifiers.upstream ?? '').split('@');
  const srcName = props.get('SrcName') ?? (isOs ? upstreamName || (purl?.name ?? entry.name) : undefined);
  let src = { epoch, version, release } as { epoch?: number; version?: string; release?: string };
  if (props.has('SrcVersion')) {
    const srcEpoch = props.get('SrcEpoch');
    src = {
      epoch: srcEpoch ? Number(srcEpoch) : undefined,
      version: props.get('SrcVersion'),
      release: props.get('SrcRelease'),
    };
  } else if (upstreamVersion) src = splitVersion(purlType, upstreamVersion);
  const name = isOs ? (purl?.name ?? entry.name) : entry.name || (purl ? purlName(purl) : '');
  const layer: LayerRef | undefined =
    props.get('LayerDiffID') || props.get('LayerDigest')
      ? defined({ diffId: props.get('LayerDiffID') ?? '', digest: props.get('LayerDigest') })
      : undefined;
  const pkg = defined<Package>({
    id: props.get('PkgID') ?? `${name}@${isOs ? fullVersion : version}`,
    name,
    version,
    release,
    epoch,
    arch: qualifiers.arch,
    srcName: isOs ? srcName : undefined,
    srcVersion: isOs ? src.version : undefined,
    srcRelease: isOs ? src.release : undefined,
    srcEpoch: isOs ? src.epoch : undefined,
    licenses: entry.licenses && entry.licenses.length > 0 ? entry.licenses : undefined,
    maintainer: entry.supplier,
    purl: entry.purl,
    filePath: props.get('FilePath'),
    layer,
  });
  return { type, os: isOs, pkg };
}

/** The OS named by a `distro` qualifier (`debian-11.5`, `alpine-3.18.4`), for SBOMs without an OS component. */
export function osFromPurls(entries: readonly SbomPackage[]): OS | undefined {
  for (const entry of entries) {
    const distro = parsePurl(entry.purl)?.qualifiers?.distro;
    const m = distro ? /^([a-z.]+?)-(\d.*)$/i.exec(distro) : null;
    if (m?.[1] && m[2]) return { family: familyOf(m[1]), name: m[2] };
  }
  return undefined;
}

/** Places decoded packages into targets named as an image scan of `artifactName` names them. */
export function targetsOf(
  entries: readonly SbomPackage[],
  os: OS | undefined,
  artifactName: string,
  source: string,
): { targets: TargetResult[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const osPackages: Package[] = [];
  const lang = new Map<string, { type: string; packages: Package[] }>();
  const seen = new Set<string>();
  for (const [index, entry] of entries.entries()) {
    const placed = packageOf(entry);
    if (typeof placed === 'string') {
      problems.push({ path: source, index, reason: placed });
      continue;
    }
    const key = `${placed.type}\0${packageKey(placed.pkg)}\0${placed.pkg.filePath ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (placed.os) {
      osPackages.push(placed.pkg);
      continue;
    }
    // Trivy's decoder: a package under an application is in that application's result, named by the
    // application (its file path, or the language for aggregated types); an orphan is grouped by its type.
    const application = entry.application?.name;
    const targetName = AGGREGATED_TARGETS[placed.type] ?? application ?? placed.pkg.filePath ?? placed.type;
    const group = lang.get(`${placed.type}\0${targetName}`) ?? { type: placed.type, packages: [] };
    group.packages.push(placed.pkg);
    lang.set(`${placed.type}\0${targetName}`, group);
  }
  const byName = (a: Package, b: Package) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const targets: TargetResult[] = [];
  if (osPackages.length > 0 || os) {
    targets.push({
      target: os ? `${artifactName} (${os.family} ${os.name})` : artifactName,
      class: 'os-pkgs',
      type: os?.family ?? 'unknown',
      packages: osPackages.sort(byName),
      vulnerabilities: [],
    });
  }
  for (const [key, group] of [...lang.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    targets.push({
      target: key.split('\0')[1] ?? group.type,
      class: 'lang-pkgs',
      type: group.type,
      packages: group.packages.sort(byName),
      vulnerabilities: [],
    });
  }
  return { targets, problems };
}
