// Where the packages of a target are looked up: the OSV ecosystem (with its namespace for OS packages)
// and the version scheme that orders its versions.
import type { OS } from '../types.js';

export interface Lookup {
  /** OSV ecosystem string as the records write it: 'Debian:11', 'Alpine:v3.18', 'PyPI'. */
  readonly ecosystem: string;
  /** Version scheme id (src/version/index.ts). */
  readonly scheme: string;
}

const major = (name: string): string => name.split('.')[0] ?? name;
const majorMinor = (name: string): string => name.split('.').slice(0, 2).join('.');

/**
 * OS family (Trivy's name) → OSV ecosystem for the OS release, from the OSV schema's ecosystem list
 * (https://ossf.github.io/osv-schema/#affectedpackage-field). Undefined when the release has no namespace.
 * `feed` is the ecosystem's directory in the OSV data dumps (`<feed>/all.zip`), the part before any `:`.
 */
const OS_LOOKUPS: Readonly<
  Record<string, { feed: string; scheme: string; ecosystem: (name: string) => string | undefined }>
> = {
  // Scoped by the release's major number: OS name '11.2' → 'Debian:11'.
  debian: {
    feed: 'Debian',
    scheme: 'dpkg',
    ecosystem: (name) => (/^\d/.test(name) ? `Debian:${major(name)}` : undefined),
  },
  // 'YY.MM', with ':LTS' for long-term releases (April releases of even years): 22.04 → 'Ubuntu:22.04:LTS'.
  ubuntu: {
    feed: 'Ubuntu',
    scheme: 'dpkg',
    ecosystem: (name) => {
      const match = /^(\d+)\.(\d+)/.exec(name);
      if (!match) return undefined;
      const lts = Number(match[1]) % 2 === 0 && match[2] === '04';
      return `Ubuntu:${match[1]}.${match[2]}${lts ? ':LTS' : ''}`;
    },
  },
  // 'v<major>.<minor>': OS name '3.18.4' → 'Alpine:v3.18'; edge has no release namespace.
  alpine: {
    feed: 'Alpine',
    scheme: 'apk',
    ecosystem: (name) => (/^\d+\.\d+/.test(name) ? `Alpine:v${majorMinor(name)}` : undefined),
  },
  // Rolling distributions: one unscoped ecosystem.
  wolfi: { feed: 'Wolfi', scheme: 'apk', ecosystem: () => 'Wolfi' },
  chainguard: { feed: 'Chainguard', scheme: 'apk', ecosystem: () => 'Chainguard' },
  minimos: { feed: 'MinimOS', scheme: 'apk', ecosystem: () => 'MinimOS' },
  // Echo rebuilds Debian packages: Debian versions, one unscoped ecosystem.
  echo: { feed: 'Echo', scheme: 'dpkg', ecosystem: () => 'Echo' },
  // Scoped by the major release: os-release's '3.0' → 'Azure Linux:3'.
  azurelinux: { feed: 'Azure Linux', scheme: 'rpm', ecosystem: (name) => `Azure Linux:${major(name)}` },
  // Scoped by the major release: '9.3' → 'Rocky Linux:9'.
  rocky: { feed: 'Rocky Linux', scheme: 'rpm', ecosystem: (name) => `Rocky Linux:${major(name)}` },
  alma: { feed: 'AlmaLinux', scheme: 'rpm', ecosystem: (name) => `AlmaLinux:${major(name)}` },
  // Scoped by '<major>.0': Photon's os-release says '3.0'.
  photon: { feed: 'Photon OS', scheme: 'rpm', ecosystem: (name) => `Photon OS:${major(name)}.0` },
  // SUSE's product names: '15.5' → 'SUSE:Linux Enterprise Server 15 SP5', 'openSUSE:Leap 15.5', and the rolling
  // 'openSUSE:Tumbleweed'. Today's family names, and the old ones Trivy still accepts as aliases.
  sles: { feed: 'SUSE', scheme: 'rpm', ecosystem: (name) => slesEcosystem(name) },
  'suse linux enterprise server': { feed: 'SUSE', scheme: 'rpm', ecosystem: (name) => slesEcosystem(name) },
  'opensuse-leap': { feed: 'openSUSE', scheme: 'rpm', ecosystem: (name) => `openSUSE:Leap ${name}` },
  'opensuse.leap': { feed: 'openSUSE', scheme: 'rpm', ecosystem: (name) => `openSUSE:Leap ${name}` },
  'opensuse-tumbleweed': { feed: 'openSUSE', scheme: 'rpm', ecosystem: () => 'openSUSE:Tumbleweed' },
  'opensuse.tumbleweed': { feed: 'openSUSE', scheme: 'rpm', ecosystem: () => 'openSUSE:Tumbleweed' },
};

/** SLES '15.5' → 'SUSE:Linux Enterprise Server 15 SP5'; a release without a service pack keeps its major only. */
function slesEcosystem(name: string): string | undefined {
  const match = /^(\d+)(?:\.(\d+))?/.exec(name);
  if (!match) return undefined;
  const servicePack = match[2] && match[2] !== '0' ? ` SP${match[2]}` : '';
  return `SUSE:Linux Enterprise Server ${match[1]}${servicePack}`;
}

/**
 * Language package type (Trivy's target type) → OSV ecosystem and version scheme. Lock files and
 * installed packages of one ecosystem share an entry (`pip` and `python-pkg` → PyPI).
 */
const LANG_LOOKUPS: Readonly<Record<string, Lookup>> = {
  'python-pkg': { ecosystem: 'PyPI', scheme: 'pep440' },
  pip: { ecosystem: 'PyPI', scheme: 'pep440' },
  pipenv: { ecosystem: 'PyPI', scheme: 'pep440' },
  poetry: { ecosystem: 'PyPI', scheme: 'pep440' },
  uv: { ecosystem: 'PyPI', scheme: 'pep440' },
  'node-pkg': { ecosystem: 'npm', scheme: 'semver' },
  npm: { ecosystem: 'npm', scheme: 'semver' },
  yarn: { ecosystem: 'npm', scheme: 'semver' },
  pnpm: { ecosystem: 'npm', scheme: 'semver' },
  bun: { ecosystem: 'npm', scheme: 'semver' },
  gobinary: { ecosystem: 'Go', scheme: 'go' },
  gomod: { ecosystem: 'Go', scheme: 'go' },
  jar: { ecosystem: 'Maven', scheme: 'maven' },
  pom: { ecosystem: 'Maven', scheme: 'maven' },
  gradle: { ecosystem: 'Maven', scheme: 'maven' },
  cargo: { ecosystem: 'crates.io', scheme: 'cargo' },
  rustbinary: { ecosystem: 'crates.io', scheme: 'cargo' },
  gemspec: { ecosystem: 'RubyGems', scheme: 'rubygems' },
  bundler: { ecosystem: 'RubyGems', scheme: 'rubygems' },
  composer: { ecosystem: 'Packagist', scheme: 'composer' },
  'composer-vendor': { ecosystem: 'Packagist', scheme: 'composer' },
  nuget: { ecosystem: 'NuGet', scheme: 'nuget' },
  'dotnet-core': { ecosystem: 'NuGet', scheme: 'nuget' },
  'packages-props': { ecosystem: 'NuGet', scheme: 'nuget' },
  // Dart's versions are SemVer 2.
  pub: { ecosystem: 'Pub', scheme: 'semver' },
  // Elixir's versions are SemVer 2.
  hex: { ecosystem: 'Hex', scheme: 'semver' },
  // Swift packages are named by repository URL and versioned by SemVer tags.
  swift: { ecosystem: 'SwiftURL', scheme: 'semver' },
};

/** The lookup for an OS's packages, or undefined when the family or its release is not covered. */
export function osLookup(os: OS): Lookup | undefined {
  const entry = OS_LOOKUPS[os.family];
  const ecosystem = entry?.ecosystem(os.name);
  return entry && ecosystem ? { ecosystem, scheme: entry.scheme } : undefined;
}

/** The lookup for a language target type, or undefined when the type has no OSV ecosystem. */
export function langLookup(type: string): Lookup | undefined {
  return LANG_LOOKUPS[type];
}

/** The OSV data-dump ecosystems (`<feed>/all.zip`) that hold records for some OS or language type above. */
export function lookupFeeds(): string[] {
  const feeds = [
    ...Object.values(OS_LOOKUPS).map((e) => e.feed),
    ...Object.values(LANG_LOOKUPS).map((l) => l.ecosystem),
  ];
  return [...new Set(feeds)].sort();
}
