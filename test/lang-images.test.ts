// The language analyzers on a real image (test/lang-images.ts): the packages found equal what the package
// files themselves say, packages dpkg installed stay in the OS result, and the findings equal an expectation
// computed here from the OSV records with the ecosystems' own version libraries (pep440, semver, and Ruby's
// Gem::Version asked of ruby).
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compare as comparePep440 } from '@renovatebot/pep440';
import semver from 'semver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { barnacle } from './barnacle-cli.js';
import { type LangImage, type LangTruth, langImage } from './lang-images.js';
import { inRange, type OsvEvent, rubyOrder } from './osv-expectation.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const OSV_DIRS = [path.join(ROOT, 'examples', 'demo', 'osv'), path.join(ROOT, 'test', 'fixtures', 'lang', 'osv')];

interface Report {
  Results: {
    Target: string;
    Type: string;
    Packages?: { Name: string; Version: string; FilePath?: string }[];
    Vulnerabilities?: {
      VulnerabilityID: string;
      VendorIDs?: string[];
      PkgName: string;
      InstalledVersion: string;
      PkgPath?: string;
    }[];
  }[];
}

let image: LangImage;
let cacheDir: string;
let listed: Report;
let scanned: Report;

beforeAll(async () => {
  image = await langImage();
  cacheDir = mkdtempSync(path.join(os.tmpdir(), 'barnacle-lang-'));
  const osv = path.join(cacheDir, 'osv');
  for (const dir of OSV_DIRS) cpSync(dir, osv, { recursive: true, filter: (f) => !f.endsWith('.md') });
  expect((await barnacle(['db', 'import', osv, '--cache-dir', cacheDir])).code).toBe(0);
  const input = ['image', '--input', image.dockerArchive, '--cache-dir', cacheDir, '--format', 'json'];
  const list = await barnacle([...input, '--list-all-pkgs', '--scanners', 'license']);
  expect(list.code).toBe(0);
  listed = JSON.parse(list.stdout) as Report;
  const scan = await barnacle(input);
  expect(scan.code).toBe(0);
  scanned = JSON.parse(scan.stdout) as Report;
}, 1_800_000);
afterAll(() => {
  if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
});

const key = (name: string, version: string, filePath = '') => `${name}@${version} ${filePath}`;

describe('lang image', () => {
  const targets: { type: LangTruth['type']; target: string }[] = [
    { type: 'python-pkg', target: 'Python' },
    { type: 'node-pkg', target: 'Node.js' },
    { type: 'gemspec', target: 'Ruby' },
  ];
  it.each(targets)('$type: the packages equal their own metadata files, in target $target', ({ type, target }) => {
    const result = listed.Results.find((r) => r.Type === type);
    expect(result?.Target).toBe(target);
    const got = (result?.Packages ?? []).map((p) => key(p.Name, p.Version, p.FilePath)).sort();
    const want = image.truth
      .filter((t) => t.type === type)
      .map((t) => key(t.name, t.version, t.path))
      .sort();
    expect(want.length).toBeGreaterThan(0);
    expect(got).toEqual(want);
  });

  it('leaves the packages whose files dpkg installed to the OS result (python3-flask, ruby-rack)', () => {
    const langPaths = listed.Results.flatMap((r) => (r.Type === 'debian' ? [] : (r.Packages ?? []))).map(
      (p) => p.FilePath ?? '',
    );
    expect(
      langPaths.filter((p) => p.startsWith('usr/lib/python3/') || p.startsWith('usr/share/rubygems-integration/')),
    ).toEqual([]);
    const debian = listed.Results.find((r) => r.Type === 'debian')?.Packages?.map((p) => p.Name) ?? [];
    expect(debian).toEqual(
      expect.arrayContaining(['python3-flask', 'python3-jinja2', 'python3-requests', 'ruby-rack']),
    );
  });

  // `someMiss`: some of the ecosystem's records hold no installed version (the two npm records both do).
  const ecosystems: { type: LangTruth['type']; ecosystem: string; someMiss: boolean }[] = [
    { type: 'python-pkg', ecosystem: 'PyPI', someMiss: true },
    { type: 'node-pkg', ecosystem: 'npm', someMiss: false },
    { type: 'gemspec', ecosystem: 'RubyGems', someMiss: true },
  ];
  it.each(ecosystems)(
    '$type: finds the vulnerabilities the $ecosystem records give the installed versions',
    ({ type, ecosystem, someMiss }) => {
      const records = readRecords();
      const want = expectedMatches(
        records,
        image.truth.filter((t) => t.type === type),
        ecosystem,
      );
      expect(want.length).toBeGreaterThan(0);
      const ofEcosystem = records.filter((r) => r.affected?.some((a) => a.package.ecosystem === ecosystem));
      expect(new Set(want.map((m) => m.id)).size < ofEcosystem.length).toBe(someMiss);
      const findings = scanned.Results.filter((r) => r.Type === type).flatMap((r) => r.Vulnerabilities ?? []);
      // Every expected advisory is reported on its package (under its id or an alias), and nothing else is.
      for (const match of want) {
        const ids = new Set([match.id, ...match.aliases]);
        const hit = findings.some(
          (f) =>
            key(f.PkgName, f.InstalledVersion, f.PkgPath) === match.pkg &&
            [f.VulnerabilityID, ...(f.VendorIDs ?? [])].some((id) => ids.has(id)),
        );
        expect(hit, `${match.id} on ${match.pkg}`).toBe(true);
      }
      for (const f of findings) {
        const pkg = key(f.PkgName, f.InstalledVersion, f.PkgPath);
        const explained = want.some((m) => m.pkg === pkg && [m.id, ...m.aliases].includes(f.VulnerabilityID));
        expect(explained, `${f.VulnerabilityID} on ${pkg}`).toBe(true);
      }
    },
  );
});

interface Record {
  id: string;
  aliases?: string[];
  withdrawn?: string;
  affected?: {
    package: { ecosystem: string; name: string };
    ranges?: { type: string; events: OsvEvent[] }[];
    versions?: string[];
  }[];
}

/** PEP 503 for PyPI, exact names for npm and RubyGems. */
const sameName = (ecosystem: string, a: string, b: string) =>
  ecosystem === 'PyPI' ? a.toLowerCase().replace(/[-_.]+/g, '-') === b.toLowerCase().replace(/[-_.]+/g, '-') : a === b;

const readRecords = (): Record[] =>
  OSV_DIRS.flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Record),
  );

/** Each (record, package) pair whose range contains the version, decided by pep440 / semver / Gem::Version directly. */
function expectedMatches(
  records: readonly Record[],
  packages: readonly LangTruth[],
  ecosystem: string,
): { id: string; aliases: string[]; pkg: string }[] {
  const affected = records.flatMap((record) =>
    record.withdrawn ? [] : (record.affected ?? []).filter((a) => a.package.ecosystem === ecosystem),
  );
  const cmp =
    ecosystem === 'PyPI'
      ? comparePep440
      : ecosystem === 'npm'
        ? semver.compare
        : rubyOrder([
            ...packages.map((p) => p.version),
            ...affected.flatMap((a) => (a.ranges ?? []).flatMap((r) => r.events.flatMap((e) => Object.values(e)))),
          ]);
  const matches: { id: string; aliases: string[]; pkg: string }[] = [];
  for (const record of records) {
    if (record.withdrawn) continue;
    for (const pkg of packages) {
      const hit = (record.affected ?? []).some(
        (a) =>
          a.package.ecosystem === ecosystem &&
          sameName(ecosystem, a.package.name, pkg.name) &&
          ((a.versions ?? []).includes(pkg.version) ||
            (a.ranges ?? []).some((r) => r.type === 'ECOSYSTEM' && inRange(r.events, pkg.version, cmp))),
      );
      if (hit)
        matches.push({ id: record.id, aliases: record.aliases ?? [], pkg: key(pkg.name, pkg.version, pkg.path) });
    }
  }
  return matches;
}
