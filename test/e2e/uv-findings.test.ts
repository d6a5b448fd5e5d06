// `barnacle fs` on a real uv.lock with a DB of the real PyPI records that name its packages: the findings must equal
// an expectation computed here from the same records, with versions ordered by Python's own `packaging` library,
// and dev dependencies (pytest's tree) only with --include-dev-deps, as Trivy.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { barnacle } from '../barnacle-cli.js';
import { inRange, type OsvEvent, pythonOrder } from '../osv-expectation.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const LOCK = path.join(ROOT, 'test', 'fixtures', 'analyzer', 'lockfiles', 'trivy-testdata', 'uv', 'uv.lock');
const OSV = path.join(ROOT, 'test', 'fixtures', 'lang', 'osv-uv');

interface OsvRecord {
  id: string;
  affected: { package: { ecosystem: string; name: string }; ranges?: { type: string; events: OsvEvent[] }[] }[];
}
interface Report {
  Results?: {
    Target: string;
    Vulnerabilities?: { VulnerabilityID: string; VendorIDs?: string[]; PkgName: string }[];
  }[];
}

/** The packages of the lock, read with a plain pattern. */
const lockPackages = (text: string) =>
  [...text.matchAll(/^\[\[package\]\]\nname = "([^"]+)"\nversion = "([^"]+)"/gm)].map((m) => ({
    name: m[1] ?? '',
    version: m[2] ?? '',
  }));

const records = readdirSync(OSV)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(path.join(OSV, f), 'utf8')) as OsvRecord);

/** `name id` of each record holding a package of `names`, ECOSYSTEM ranges ordered by packaging. */
function expected(names: ReadonlySet<string>): string[] {
  const packages = lockPackages(readFileSync(LOCK, 'utf8')).filter((p) => names.has(p.name));
  const ranges = records.flatMap((r) =>
    r.affected.flatMap((a) => (a.ranges ?? []).filter((x) => x.type === 'ECOSYSTEM')),
  );
  const points = ranges.flatMap((r) => r.events.flatMap((e) => Object.values(e).filter((v) => v !== '0')));
  const cmp = pythonOrder([...packages.map((p) => p.version), ...points]);
  return packages
    .flatMap((pkg) =>
      records
        .filter((r) =>
          r.affected.some(
            (a) =>
              a.package.ecosystem === 'PyPI' &&
              a.package.name.toLowerCase() === pkg.name &&
              (a.ranges ?? []).some((range) => range.type === 'ECOSYSTEM' && inRange(range.events, pkg.version, cmp)),
          ),
        )
        .map((r) => `${pkg.name} ${r.id}`),
    )
    .sort();
}

let work: string;
const reports = new Map<string, Report>();
beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'barnacle-uv-'));
  const tree = path.join(work, 'tree');
  cpSync(LOCK, path.join(tree, 'uv.lock'));
  const cache = path.join(work, 'cache');
  expect((await barnacle(['db', 'import', OSV, '--cache-dir', cache])).code).toBe(0);
  for (const extra of [[], ['--include-dev-deps']]) {
    const scan = await barnacle(['fs', tree, '--cache-dir', cache, '--skip-db-update', '--format', 'json', ...extra]);
    expect(scan.code, scan.stderr).toBe(0);
    reports.set(extra.join(''), JSON.parse(scan.stdout) as Report);
  }
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const found = (report: Report | undefined) =>
  (report?.Results?.find((r) => r.Target === 'uv.lock')?.Vulnerabilities ?? [])
    // A record's own id is the VulnerabilityID or, grouped under its CVE or GHSA, one of the VendorIDs.
    .map((v) => `${v.PkgName} ${[v.VulnerabilityID, ...(v.VendorIDs ?? [])].find((id) => id.startsWith('PYSEC-'))}`)
    .sort();

// The uv.lock's packages, and those only its dev group (pytest) brings, as today's Trivy's parser test lists them.
const ALL = new Set(lockPackages(readFileSync(LOCK, 'utf8')).map((p) => p.name));
const DEV = new Set(['pytest', 'colorama', 'iniconfig', 'packaging', 'pluggy', 'tomli']);

describe('uv.lock findings with the PyPI records', () => {
  it('without --include-dev-deps: the records whose ranges hold a production package', () => {
    const want = expected(new Set([...ALL].filter((name) => !DEV.has(name))));
    expect(want.length).toBeGreaterThan(0);
    expect(want.length).toBeLessThan(records.length);
    expect(found(reports.get(''))).toEqual(want);
  });

  it('with --include-dev-deps: the dev packages’ records too', () => {
    const want = expected(ALL);
    expect(want.some((line) => line.startsWith('pytest '))).toBe(true);
    expect(found(reports.get('--include-dev-deps'))).toEqual(want);
  });
});
