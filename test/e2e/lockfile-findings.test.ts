// `barnacle fs` on real Cargo.lock and Gemfile.lock files with a DB of the real crates.io and RubyGems records
// that name their packages: the findings must equal an expectation computed here from the same records, with
// versions compared by the npm semver package (Cargo's versions are SemVer 2) and by Ruby's own Gem::Version.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import semver from 'semver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { barnacle } from '../barnacle-cli.js';
import { inRange, type OsvEvent, rubyOrder } from '../osv-expectation.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const LOCKS = path.join(ROOT, 'test', 'fixtures', 'analyzer', 'lockfiles', 'trivy-testdata');
const OSV = path.join(ROOT, 'test', 'fixtures', 'lang', 'osv-locks');

interface OsvRecord {
  id: string;
  affected: {
    package: { ecosystem: string; name: string };
    ranges?: { type: string; events: OsvEvent[] }[];
    database_specific?: { informational?: string };
  }[];
}
interface Report {
  Results?: {
    Target: string;
    Type: string;
    Vulnerabilities?: { VulnerabilityID: string; VendorIDs?: string[]; PkgName: string }[];
  }[];
}

/** name and version of every locked package, read with plain patterns. */
const cargoPackages = (text: string) =>
  [...text.matchAll(/^name = "([^"]+)"\nversion = "([^"]+)"/gm)].map((m) => ({
    name: m[1] ?? '',
    version: m[2] ?? '',
  }));
const gemPackages = (text: string) =>
  [...text.matchAll(/^ {4}([A-Za-z0-9_.-]+) \(([^)]+)\)$/gm)].map((m) => ({ name: m[1] ?? '', version: m[2] ?? '' }));

function expected(
  ecosystem: string,
  packages: readonly { name: string; version: string }[],
  cmp: (a: string, b: string) => number,
): string[] {
  const records = readdirSync(OSV)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(path.join(OSV, f), 'utf8')) as OsvRecord);
  return packages
    .flatMap((pkg) =>
      records
        // RustSec's informational notices (unmaintained, unsound) are not vulnerabilities: the DB leaves them out.
        .filter((r) => !r.affected.every((a) => a.database_specific?.informational))
        .filter((r) =>
          r.affected.some(
            (a) =>
              a.package.ecosystem === ecosystem &&
              a.package.name === pkg.name &&
              (a.ranges ?? []).some((range) => inRange(range.events, pkg.version, cmp)),
          ),
        )
        .map((r) => `${pkg.name} ${r.id}`),
    )
    .sort();
}

let work: string;
let report: Report;
beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'barnacle-locks-'));
  const tree = path.join(work, 'tree');
  cpSync(path.join(LOCKS, 'cargo', 'Cargo.lock'), path.join(tree, 'rust', 'Cargo.lock'));
  cpSync(path.join(LOCKS, 'bundler', 'Gemfile.lock'), path.join(tree, 'ruby', 'Gemfile.lock'));
  const cache = path.join(work, 'cache');
  expect((await barnacle(['db', 'import', OSV, '--cache-dir', cache])).code).toBe(0);
  const scan = await barnacle(['fs', tree, '--cache-dir', cache, '--skip-db-update', '--format', 'json']);
  expect(scan.code, scan.stderr).toBe(0);
  report = JSON.parse(scan.stdout) as Report;
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const found = (target: string) =>
  (report.Results?.find((r) => r.Target === target)?.Vulnerabilities ?? [])
    // A record's own id is the VulnerabilityID or, grouped under its CVE, one of the VendorIDs.
    .map((v) => `${v.PkgName} ${[v.VulnerabilityID, ...(v.VendorIDs ?? [])].find((id) => /^RU(ST|BY)SEC-/.test(id))}`)
    .sort();

describe('lock file findings with the crates.io and RubyGems records', () => {
  it('Cargo.lock: the crates.io records whose SemVer ranges hold each locked version', () => {
    const packages = cargoPackages(readFileSync(path.join(LOCKS, 'cargo', 'Cargo.lock'), 'utf8'));
    const want = expected('crates.io', packages, (a, b) => semver.compare(a, b));
    expect(want.length).toBeGreaterThan(0);
    expect(found('rust/Cargo.lock')).toEqual(want);
  });

  it('Gemfile.lock: the RubyGems records whose ranges hold each locked version, as Gem::Version orders them', () => {
    const packages = gemPackages(readFileSync(path.join(LOCKS, 'bundler', 'Gemfile.lock'), 'utf8'));
    const records = readdirSync(OSV).filter((f) => f.startsWith('RUBYSEC'));
    const points = records.flatMap((f) =>
      (JSON.parse(readFileSync(path.join(OSV, f), 'utf8')) as OsvRecord).affected.flatMap((a) =>
        (a.ranges ?? []).flatMap((r) => r.events.flatMap((e) => Object.values(e))),
      ),
    );
    const want = expected('RubyGems', packages, rubyOrder([...packages.map((p) => p.version), ...points]));
    // Some records hold a locked version (concurrent-ruby 1.1.5) and some do not (i18n 1.6.0).
    expect(want.length).toBeGreaterThan(0);
    expect(want.length).toBeLessThan(records.length);
    expect(found('ruby/Gemfile.lock')).toEqual(want);
  });
});
