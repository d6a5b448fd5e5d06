// Package URLs as Trivy writes them (pkg/purl/purl.go): same types, namespaces and Go's percent-encoding, with
// qualifiers sorted by key as today's packageurl-go prints them (`?arch=amd64&distro=debian-10.2&epoch=1`;
// Trivy v0.44 kept insertion order).
import type { OS, Package } from '../types.js';
import { formatVersion } from '../types.js';

/** Trivy's package and OS types → purl type (purlType in pkg/purl/purl.go); others are used as they are. */
const PURL_TYPES: Readonly<Record<string, string>> = {
  jar: 'maven',
  pom: 'maven',
  gradle: 'maven',
  bundler: 'gem',
  gemspec: 'gem',
  nuget: 'nuget',
  'dotnet-core': 'nuget',
  'packages-props': 'nuget',
  'conda-pkg': 'conda',
  'python-pkg': 'pypi',
  pip: 'pypi',
  pipenv: 'pypi',
  poetry: 'pypi',
  uv: 'pypi',
  gobinary: 'golang',
  gomod: 'golang',
  cargo: 'cargo',
  rustbinary: 'cargo',
  npm: 'npm',
  'node-pkg': 'npm',
  yarn: 'npm',
  pnpm: 'npm',
  bun: 'npm',
  hex: 'hex',
  alpine: 'apk',
  debian: 'deb',
  ubuntu: 'deb',
  redhat: 'rpm',
  centos: 'rpm',
  rocky: 'rpm',
  alma: 'rpm',
  amazon: 'rpm',
  fedora: 'rpm',
  oracle: 'rpm',
  opensuse: 'rpm',
  'opensuse.leap': 'rpm',
  'opensuse.tumbleweed': 'rpm',
  'suse linux enterprise server': 'rpm',
  photon: 'rpm',
  // Today's family names (pkg/fanal/types/const.go): the SUSE names without spaces or dots, Azure Linux, CoreOS.
  'opensuse-leap': 'rpm',
  'opensuse-tumbleweed': 'rpm',
  sles: 'rpm',
  slem: 'rpm',
  azurelinux: 'rpm',
  'cbl-mariner': 'rpm',
  coreos: 'rpm',
};

/** Today's OSType.PurlNamespace: SLES and SLE Micro are `suse`, the openSUSE variants `opensuse`. */
const RPM_NAMESPACES: Readonly<Record<string, string>> = {
  sles: 'suse',
  slem: 'suse',
  'opensuse-leap': 'opensuse',
  'opensuse-tumbleweed': 'opensuse',
};

type Qualifier = readonly [key: string, value: string];

/**
 * The purl Trivy gives `pkg` of type `type` (an OS family for OS packages, a language type otherwise).
 * `os` is the image's OS when one was detected; OS purls take their namespace and distro from it.
 * Undefined for a package without a name (Trivy makes none).
 */
export function purlOf(type: string, os: OS | undefined, pkg: Package): string | undefined {
  if (pkg.name === '') return undefined;
  // Arch and epoch are qualifiers for every type; the epoch then leaves the version (purl.go parseQualifier).
  const qualifiers: Qualifier[] = [];
  if (pkg.arch) qualifiers.push(['arch', pkg.arch]);
  if (pkg.epoch) qualifiers.push(['epoch', String(pkg.epoch)]);
  const purlType = PURL_TYPES[type] ?? type;
  const version = formatVersion(undefined, pkg.version, pkg.release);
  let namespace = '';
  let name = pkg.name;
  switch (purlType) {
    case 'rpm':
      if (os) {
        // SLES's family has spaces.
        const distro = os.family === 'suse linux enterprise server' ? 'sles' : os.family;
        namespace = RPM_NAMESPACES[os.family] ?? distro;
        qualifiers.push(['distro', `${distro}-${os.name}`]);
        if (pkg.modularityLabel) qualifiers.push(['modularitylabel', pkg.modularityLabel]);
      }
      break;
    case 'deb':
      if (os) {
        qualifiers.push(['distro', `${os.family}-${os.name}`]);
        namespace = os.family;
      }
      break;
    case 'apk':
      if (os) {
        qualifiers.push(['distro', os.name]);
        namespace = os.family;
      }
      break;
    case 'maven':
      [namespace, name] = splitLast(name.replaceAll(':', '/'));
      break;
    case 'pypi':
      // PyPI names are case-insensitive and treat _ as -.
      name = name.replaceAll('_', '-').toLowerCase();
      break;
    case 'composer':
    case 'swift':
      [namespace, name] = splitLast(name);
      break;
    case 'golang':
      // A module replaced by a local directory (`./greeting`) names no package: no purl (purl.go parseGolang).
      if (name.startsWith('./') || name.startsWith('../')) return undefined;
      [namespace, name] = splitLast(name.toLowerCase());
      break;
    case 'npm':
      [namespace, name] = splitLast(name.toLowerCase());
      break;
  }
  return formatPurl(purlType, namespace, name, version, qualifiers);
}

/**
 * packageurl-go's ToString (v0.1.3, as today's Trivy uses it): namespace segments, name and version escaped
 * like QueryEscape but with a space as %20 (so `+` is %2B), qualifier values path-escaped.
 */
function formatPurl(type: string, namespace: string, name: string, version: string, qualifiers: readonly Qualifier[]) {
  const escapeSegment = (value: string) => queryEscape(value).replaceAll('+', '%20');
  let purl = `pkg:${type}/`;
  if (namespace !== '')
    purl += `${namespace
      .split('/')
      .filter((segment) => segment !== '')
      .map(escapeSegment)
      .join('/')}/`;
  purl += escapeSegment(name);
  if (version !== '') purl += `@${escapeSegment(version)}`;
  const sorted = [...qualifiers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (sorted.length > 0) purl += `?${sorted.map(([key, value]) => `${key}=${pathEscape(value)}`).join('&')}`;
  return purl;
}

function splitLast(name: string): [namespace: string, name: string] {
  const slash = name.lastIndexOf('/');
  return slash === -1 ? ['', name] : [name.slice(0, slash), name.slice(slash + 1)];
}

const UNRESERVED = /^[A-Za-z0-9\-_.~]$/;
/** Reserved characters Go's PathEscape leaves alone in a path segment (net/url shouldEscape, encodePathSegment). */
const SEGMENT_SAFE = new Set(['$', '&', '+', ':', '=', '@']);

/** Go's url.QueryEscape: everything but unreserved characters escaped, space as '+'. */
export function queryEscape(value: string): string {
  return goEscape(value, (c) => UNRESERVED.test(c), true);
}

/** Go's url.PathEscape: as a path segment, so '/', ';', ',' and '?' are escaped too. */
export function pathEscape(value: string): string {
  return goEscape(value, (c) => UNRESERVED.test(c) || SEGMENT_SAFE.has(c), false);
}

function goEscape(value: string, keep: (c: string) => boolean, spaceAsPlus: boolean): string {
  let out = '';
  for (const byte of new TextEncoder().encode(value)) {
    const c = String.fromCharCode(byte);
    if (byte < 0x80 && keep(c)) out += c;
    else if (spaceAsPlus && c === ' ') out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
