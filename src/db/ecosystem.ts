// OSV ecosystem strings: namespace split, package name normalisation, and the data source each one maps to.
import type { DataSource } from '../types.js';

/** An OSV ecosystem string split at its first colon: 'Debian:11' → { ecosystem: 'Debian', namespace: '11' }. */
export interface EcosystemKey {
  readonly ecosystem: string;
  /** Release or variant after the first colon ('11', 'v3.18', '22.04:LTS'); '' when there is none. */
  readonly namespace: string;
}

export function splitEcosystem(raw: string): EcosystemKey {
  const colon = raw.indexOf(':');
  return colon < 0
    ? { ecosystem: raw, namespace: '' }
    : { ecosystem: raw.slice(0, colon), namespace: raw.slice(colon + 1) };
}

/**
 * Ecosystems whose package names are compared exactly. Distribution package names are written as the
 * distribution's tools write them, and Go module paths are case-sensitive (trivy-db's NormalizePkgName
 * keeps Go's case too).
 */
const CASE_SENSITIVE = new Set([
  'AlmaLinux',
  'Alpine',
  'Bitnami',
  'Chainguard',
  'Debian',
  'Go',
  'Mageia',
  'MinimOS',
  'openSUSE',
  'Photon OS',
  'Red Hat',
  'Rocky Linux',
  'SUSE',
  'Ubuntu',
  'Wolfi',
]);

/**
 * The one place package names are normalised, on both the write and the read side of the DB.
 * PyPI follows PEP 503 (lower case, runs of '-', '_' and '.' become one '-'); registries that treat names
 * case-insensitively are lower-cased, as trivy-db's vulnerability.NormalizePkgName does (npm, RubyGems,
 * crates.io, Packagist, Maven, NuGet, ...); distributions and Go keep names as written.
 */
export function normalizeName(ecosystem: string, name: string): string {
  if (ecosystem === 'PyPI') return name.toLowerCase().replace(/[-_.]+/g, '-');
  if (CASE_SENSITIVE.has(ecosystem)) return name;
  return name.toLowerCase();
}

/**
 * Trivy's source id for the records of each OSV ecosystem, as trivy-db names the data source it reads for
 * that ecosystem (pkg/vulnsrc/vulnerability/const.go). The ids key VendorSeverity and CVSS in reports.
 */
const SOURCE_IDS: Readonly<Record<string, string>> = {
  AlmaLinux: 'alma', // trivy-db alma
  Alpine: 'alpine', // trivy-db alpine (secdb)
  Bitnami: 'bitnami', // trivy-db bitnami vulndb
  Chainguard: 'chainguard',
  Debian: 'debian', // trivy-db debian (security tracker)
  Go: 'govulndb', // trivy-db govulndb
  MinimOS: 'minimos',
  npm: 'nodejs-security-wg', // NSWG-ECO records come from nodejs/security-wg
  'Photon OS': 'photon',
  'Red Hat': 'redhat',
  'Rocky Linux': 'rocky',
  RubyGems: 'ruby-advisory-db', // RUBYSEC records come from rubysec/ruby-advisory-db
  SUSE: 'suse-cvrf',
  openSUSE: 'suse-cvrf',
  Ubuntu: 'ubuntu',
  Wolfi: 'wolfi',
};

/**
 * The source id of one record: GitHub advisories ('GHSA-…') are 'ghsa' in every ecosystem, as in trivy-db;
 * otherwise the ecosystem's source, and 'osv' (trivy-db's id for PyPA and RustSec data read as OSV) for the rest.
 */
export function sourceIdFor(ecosystem: string, advisoryId: string): string {
  if (advisoryId.startsWith('GHSA-')) return 'ghsa';
  return SOURCE_IDS[ecosystem] ?? 'osv';
}

/**
 * The DataSource reported with a finding. barnacle reads the OSV exports, so the name and URL say so
 * ('OSV Debian', https://osv.dev/list?ecosystem=Debian) while the id is the one Trivy uses for that data.
 */
export function dataSourceFor(ecosystem: string, sourceId: string = sourceIdFor(ecosystem, '')): DataSource {
  return {
    id: sourceId,
    name: `OSV ${ecosystem}`,
    url: `https://osv.dev/list?ecosystem=${encodeURIComponent(ecosystem)}`,
  };
}

/**
 * Trivy's precedence of sources when one value (severity, title, description, CWE) is chosen among several
 * (trivy-db pkg/vulnsrc/vulnerability/const.go, AllSourceIDs). Unlisted sources come after, by name.
 */
export const SOURCE_PRECEDENCE: readonly string[] = [
  'nvd',
  'redhat',
  'redhat-oval',
  'debian',
  'ubuntu',
  'alpine',
  'amazon',
  'oracle-oval',
  'suse-cvrf',
  'photon',
  'arch-linux',
  'alma',
  'rocky',
  'cbl-mariner',
  'azure',
  'ruby-advisory-db',
  'php-security-advisories',
  'nodejs-security-wg',
  'ghsa',
  'glad',
  'aqua',
  'osv',
  'k8s',
  'wolfi',
  'chainguard',
  'bitnami',
  'govulndb',
  'echo',
  'minimos',
  'rootio',
];

/** Sort key of a source id in SOURCE_PRECEDENCE order. */
export function sourceRank(sourceId: string): number {
  const index = SOURCE_PRECEDENCE.indexOf(sourceId);
  return index < 0 ? SOURCE_PRECEDENCE.length : index;
}

const CVE_ID = /^CVE-\d{4}-\d{4,}$/;

/** A well-formed CVE id ('CVE-2021-3449'). */
export function isCveId(id: string): boolean {
  return CVE_ID.test(id);
}

/** Whether an id claims to be a CVE id (starts with 'CVE', any case), well-formed or not. */
export function looksLikeCveId(id: string): boolean {
  return /^cve/i.test(id);
}

/** Where a vulnerability id is described: NVD for CVE ids, osv.dev for everything else. */
export function primaryUrlFor(id: string): string {
  return isCveId(id) ? `https://nvd.nist.gov/vuln/detail/${id}` : `https://osv.dev/vulnerability/${id}`;
}
