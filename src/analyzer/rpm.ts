// Installed rpm packages from the rpmdb (Berkeley DB `Packages`, NDB `Packages.db`, SQLite `rpmdb.sqlite`), with
// the files each installed. Follows Trivy's rpm analyzer (pkg/fanal/analyzer/pkg/rpm/rpm.go).
import type { Package, Problem } from '../types.js';
import { HeaderError, parseHeader, RpmdbError, type RpmHeader, readBlobs } from './rpmdb/index.js';
import type { Analyzer, AnalyzerResult, LayerFile } from './types.js';

/** Trivy's requiredFiles: the three formats under var/lib/rpm and usr/lib/sysimage/rpm, and CoreOS's copy. */
const DATABASES = new Set([
  'usr/lib/sysimage/rpm/Packages',
  'var/lib/rpm/Packages',
  'usr/lib/sysimage/rpm/Packages.db',
  'var/lib/rpm/Packages.db',
  'usr/lib/sysimage/rpm/rpmdb.sqlite',
  'var/lib/rpm/rpmdb.sqlite',
  'usr/share/rpm/rpmdb.sqlite',
]);

/**
 * Vendors whose packages are the distribution's own (Trivy's osVendors): only their files count as installed
 * by the OS, so a third-party rpm's files are still scanned by the language analyzers.
 */
const OS_VENDORS = [
  'Amazon Linux', // Amazon Linux 1
  'Amazon.com', // Amazon Linux 2
  'CentOS',
  'Fedora Project',
  'Oracle America',
  'Red Hat',
  'AlmaLinux',
  'CloudLinux', // AlmaLinux
  'VMware', // Photon OS
  'SUSE',
  'openSUSE',
  'Microsoft Corporation', // CBL-Mariner, Azure Linux
  'Rocky',
];

/** Official Amazon packages may have no Vendor (Trivy issue #5887): their release names amzn. */
const isVendorProvided = (header: RpmHeader): boolean =>
  header.vendor === ''
    ? header.release.includes('amzn')
    : OS_VENDORS.some((vendor) => header.vendor.startsWith(vendor));

/**
 * `name-version-release.arch.rpm` split as yum's splitFilename (and Trivy) does: arch after the last dot,
 * release and version after the last two hyphens before it. Undefined when the name has not that shape.
 */
export function splitSourceRpm(file: string): { name: string; version: string; release: string } | undefined {
  const base = file.endsWith('.rpm') ? file.slice(0, -'.rpm'.length) : file;
  const archAt = base.lastIndexOf('.');
  const releaseAt = archAt < 0 ? -1 : base.lastIndexOf('-', archAt - 1);
  const versionAt = releaseAt < 0 ? -1 : base.lastIndexOf('-', releaseAt - 1);
  if (versionAt < 0) return undefined;
  return {
    name: base.slice(0, versionAt),
    version: base.slice(versionAt + 1, releaseAt),
    release: base.slice(releaseAt + 1, archAt),
  };
}

/** One header's package (Trivy's types.Package for rpm) and what it provides and requires. */
function packageOf(header: RpmHeader): Package {
  const source = header.sourceRpm === '' ? undefined : splitSourceRpm(header.sourceRpm);
  const files = isVendorProvided(header) ? header.files : [];
  return {
    id: `${header.name}@${header.version}-${header.release}.${header.arch}`,
    name: header.name,
    version: header.version,
    release: header.release,
    // SOURCERPM carries no epoch: Trivy gives the source package the binary package's.
    ...(header.epoch && { epoch: header.epoch, srcEpoch: header.epoch }),
    arch: header.arch === '' ? 'None' : header.arch,
    ...(source && { srcName: source.name, srcVersion: source.version, srcRelease: source.release }),
    ...(header.license !== '' && { licenses: [header.license] }),
    ...(header.vendor !== '' && { maintainer: header.vendor }),
    ...(header.modularityLabel !== '' && { modularityLabel: header.modularityLabel }),
    ...(files.length > 0 && { installedFiles: files }),
    // rpm's digests of record are MD5 (Trivy: digest.NewDigestFromString(digest.MD5, pkg.SigMD5)).
    ...(header.sigMd5 !== '' && { digest: `md5:${header.sigMd5}` }),
  };
}

/** Requires become the ids of the packages providing them, sorted, without the package itself. */
function withDependencies(built: readonly { pkg: Package; header: RpmHeader }[]): Package[] {
  const providers = new Map<string, string>();
  for (const { pkg, header } of built) for (const provide of header.provides) providers.set(provide, pkg.id);
  return built.map(({ pkg, header }) => {
    const ids = new Set<string>();
    for (const require of header.requires) {
      const id = providers.get(require);
      if (id !== undefined && id !== pkg.id) ids.add(id);
    }
    return ids.size > 0 ? { ...pkg, dependsOn: [...ids].sort() } : pkg;
  });
}

async function analyze(file: LayerFile): Promise<AnalyzerResult> {
  const problems: Problem[] = [];
  let list: ReturnType<typeof readBlobs>;
  try {
    list = readBlobs(await file.bytes());
  } catch (error) {
    if (!(error instanceof RpmdbError)) throw error;
    return { problems: [{ path: file.path, reason: `cannot read the rpm database: ${error.message}` }] };
  }
  for (const reason of list.problems) problems.push({ path: file.path, reason });
  const built: { pkg: Package; header: RpmHeader }[] = [];
  for (const [index, { where, blob }] of list.blobs.entries()) {
    try {
      const header = parseHeader(blob);
      if (header.name === '') throw new HeaderError('header has no NAME');
      built.push({ pkg: packageOf(header), header });
    } catch (error) {
      if (!(error instanceof HeaderError)) throw error;
      problems.push({ path: file.path, index, reason: `${where}: ${error.message}; the package is skipped` });
    }
  }
  const packages = withDependencies(built);
  const systemFiles: string[] = [];
  for (const pkg of packages) for (const path of pkg.installedFiles ?? []) systemFiles.push(path);
  return { packageInfos: [{ filePath: file.path, packages }], systemFiles, problems };
}

export const rpm: Analyzer = {
  id: 'rpm',
  version: 1,
  wants: (path) => DATABASES.has(path),
  analyze,
};
