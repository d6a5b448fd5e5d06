// An Alpine image end to end: Alpine 3.6.2's real release files and apk database laid into a two-layer OCI image
// with umoci, matched through the CLI against real Alpine secdb records (test/fixtures/analyzer/apk/README.md).
// The expected findings are worked out here from the records themselves and the installed database, with the
// version order of each pair written out by hand, independently of src/version/apk.ts.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { barnacle as run } from '../barnacle-cli.js';
import { buildLayout, type FixtureLayer } from './oci-image.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'analyzer');
const OSV = path.join(FIXTURES, 'apk', 'osv');
const FILES: Record<string, string> = {
  'etc/alpine-release': path.join(FIXTURES, 'alpine', '3.6', 'etc', 'alpine-release'),
  'etc/os-release': path.join(FIXTURES, 'os-release', 'alpine-3.6', 'etc', 'os-release'),
  'lib/apk/db/installed': path.join(FIXTURES, 'apk', 'alpine-3.6', 'lib', 'apk', 'db', 'installed'),
};
const pick = (...paths: string[]) => Object.fromEntries(paths.map((p) => [p, FILES[p] ?? '']));
const LAYERS: FixtureLayer[] = [
  { created: 'Alpine 3.6.2 release files', files: pick('etc/alpine-release', 'etc/os-release') },
  { created: 'apk database', files: pick('lib/apk/db/installed') },
];
/** 2026-01-02: Alpine 3.6 reached its end of life on 2019-05-01. */
const ENV = { SOURCE_DATE_EPOCH: '1767323045' };

/**
 * `installed < fixed` for every pair the records and the database bring together, as apk orders them: `-rN`
 * revisions compare as numbers (r9 < r14), and a higher upstream version wins whatever the revision.
 */
const INSTALLED_BELOW_FIX: Readonly<Record<string, boolean>> = {
  '1.1.16-r9 < 1.1.15-r4': false,
  '1.1.16-r9 < 1.1.16-r14': true,
  '1.26.2-r5 < 1.26.2-r9': true,
  '2.5.4-r0 < 2.5.3-r1': false,
};

interface Record_ {
  id: string;
  upstream?: string[];
  affected: { package: { ecosystem: string; name: string }; ranges?: { events: Record<string, string>[] }[] }[];
}

interface Report {
  Metadata: { OS?: { Family: string; Name: string; EOSL?: boolean } };
  Results?: {
    Target: string;
    Class: string;
    Type: string;
    Packages?: { ID: string; SrcName?: string; Identifier: { PURL?: string } }[];
    Vulnerabilities?: { VulnerabilityID: string; PkgName: string; InstalledVersion: string; FixedVersion?: string }[];
  }[];
}

const barnacle = (args: readonly string[]) => run(args, ENV);

/** name, version and origin of each stanza of the database, read with a plain line split. */
function installedPackages(): { name: string; version: string; origin: string }[] {
  const text = readFileSync(FILES['lib/apk/db/installed'] ?? '', 'utf8');
  return text
    .split('\n\n')
    .filter((stanza) => stanza.trim() !== '')
    .map((stanza) => {
      const field = (key: string) =>
        stanza
          .split('\n')
          .find((l) => l.startsWith(`${key}:`))
          ?.slice(2) ?? '';
      return { name: field('P'), version: field('V'), origin: field('o') };
    });
}

/** `CVE pkg installed fixed` for every record affecting a package's origin in Alpine:v3.6 below its fix. */
function expectedFindings(): string[] {
  const records = readdirSync(OSV).map((f) => JSON.parse(readFileSync(path.join(OSV, f), 'utf8')) as Record_);
  const findings: string[] = [];
  for (const pkg of installedPackages()) {
    for (const record of records) {
      for (const affected of record.affected) {
        if (affected.package.ecosystem !== 'Alpine:v3.6' || affected.package.name !== pkg.origin) continue;
        for (const range of affected.ranges ?? []) {
          const fixed = range.events.find((e) => e.fixed)?.fixed ?? '';
          const pair = `${pkg.version} < ${fixed}`;
          const below = INSTALLED_BELOW_FIX[pair];
          if (below === undefined) throw new Error(`no expected order for ${pair}`);
          if (below) findings.push(`${record.upstream?.[0]} ${pkg.name} ${pkg.version} ${fixed}`);
        }
      }
    }
  }
  return findings.sort();
}

let work: string;
let layout: string;
let cacheDir: string;
let scan: { code: number; stdout: string; stderr: string };
let report: Report;

beforeAll(async () => {
  mkdirSync(path.join(ROOT, '.cache'), { recursive: true });
  work = mkdtempSync(path.join(ROOT, '.cache', 'alpine-image-'));
  layout = buildLayout(work, LAYERS);
  cacheDir = path.join(work, 'cache');
  const imported = await barnacle(['db', 'import', OSV, '--cache-dir', cacheDir]);
  expect(imported.code, imported.stderr).toBe(0);
  scan = await barnacle(['image', '--input', layout, '--cache-dir', cacheDir, '--format', 'json', '--list-all-pkgs']);
  expect(scan.code, scan.stderr).toBe(0);
  report = JSON.parse(scan.stdout) as Report;
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('an Alpine 3.6 image', () => {
  it('is detected as alpine 3.6.2, past its end of life', () => {
    expect(report.Metadata.OS).toEqual({ Family: 'alpine', Name: '3.6.2', EOSL: true });
    expect(report.Results?.map((r) => [r.Target, r.Class, r.Type])).toEqual([
      [`${layout} (alpine 3.6.2)`, 'os-pkgs', 'alpine'],
    ]);
  });

  it("prints Trivy's end-of-life warnings on stderr", () => {
    expect(scan.stderr).toContain(
      'warning: This OS version is no longer supported by the distribution family="alpine" version="3.6.2"',
    );
    expect(scan.stderr).toContain(
      'warning: The vulnerability detection may be insufficient because security updates are not provided',
    );
  });

  it('lists every package of the database with its origin and purl', () => {
    const packages = report.Results?.[0]?.Packages ?? [];
    expect(packages.map((p) => p.ID).sort()).toEqual(
      installedPackages()
        .map((p) => `${p.name}@${p.version}`)
        .sort(),
    );
    const scanelf = packages.find((p) => p.ID === 'scanelf@1.2.2-r0');
    expect(scanelf?.SrcName).toBe('pax-utils');
    expect(scanelf?.Identifier.PURL).toBe('pkg:apk/alpine/scanelf@1.2.2-r0?arch=x86_64&distro=3.6.2');
  });

  it('has exactly the findings the Alpine:v3.6 records give for each package origin', () => {
    const found = (report.Results?.[0]?.Vulnerabilities ?? [])
      .map((v) => `${v.VulnerabilityID} ${v.PkgName} ${v.InstalledVersion} ${v.FixedVersion}`)
      .sort();
    const expected = expectedFindings();
    expect(found).toEqual(expected);
    // Not empty, and scoped by release: the v3.7 busybox record (fixed in 1.27.2-r4) must not apply.
    expect(expected.length).toBeGreaterThan(0);
    expect(found.some((f) => f.startsWith('CVE-2017-15874 '))).toBe(false);
  });

  it('exits with the --exit-on-eol code and says why', async () => {
    const args = ['image', '--input', layout, '--cache-dir', cacheDir, '--format', 'json', '--exit-on-eol', '7'];
    const eol = await barnacle(args);
    expect(eol.code).toBe(7);
    expect(eol.stderr).toContain('error: Detected EOL OS family="alpine" version="3.6.2"');
    // --exit-on-eol comes before --exit-code, as in Trivy.
    expect((await barnacle([...args, '--exit-code', '5'])).code).toBe(7);
  });

  it('is not EOL and exits 0 with --exit-on-eol while the release is supported', async () => {
    const args = ['image', '--input', layout, '--cache-dir', cacheDir, '--format', 'json', '--exit-on-eol', '7'];
    const { code, stdout } = await run(args, { SOURCE_DATE_EPOCH: String(Date.UTC(2019, 0, 1) / 1000) });
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as Report).Metadata.OS).toEqual({ Family: 'alpine', Name: '3.6.2' });
  });
});
