// The whole CLI on the demo image (real package databases) with a DB built from the demo's real OSV records.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { barnacle } from '../barnacle-cli.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const IMAGE = path.join(ROOT, 'examples', 'demo', 'flask-app.tar');
const OSV = path.join(ROOT, 'examples', 'demo', 'osv');

interface JsonReport {
  ArtifactName: string;
  Metadata: { OS: { Family: string; Name: string }; DiffIDs: string[] };
  Results: {
    Target: string;
    Class: string;
    Type: string;
    Packages?: { Name: string }[];
    Vulnerabilities?: {
      VulnerabilityID: string;
      PkgName: string;
      InstalledVersion: string;
      FixedVersion?: string;
      Status: string;
      Severity: string;
    }[];
  }[];
}

const dpkgLess = (a: string, b: string): boolean => spawnSync('dpkg', ['--compare-versions', a, 'lt', b]).status === 0;

let cacheDir: string;
beforeAll(async () => {
  cacheDir = mkdtempSync(path.join(os.tmpdir(), 'barnacle-e2e-'));
  const imported = await barnacle(['db', 'import', OSV, '--cache-dir', cacheDir]);
  expect(imported.code).toBe(0);
  expect(imported.stderr).toMatch(/imported \d+ records from 2 sources/);
});

describe('barnacle image --input', () => {
  it('reports the OS, its packages and findings whose installed version is below the fix', async () => {
    // A clock before Debian 11's end of life (2026-08-14): after it the OS carries EOSL (test/e2e/eol.test.ts).
    const env = { SOURCE_DATE_EPOCH: '1767323045' };
    const run = await barnacle(['image', '--input', IMAGE, '--format', 'json', '--cache-dir', cacheDir], env);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.Metadata.OS).toEqual({ Family: 'debian', Name: '11.5' });
    const osTarget = report.Results.find((r) => r.Class === 'os-pkgs');
    expect(osTarget?.Target).toBe(`${IMAGE} (debian 11.5)`);
    const statusPackages = readFileSync(path.join(ROOT, 'examples/demo/rootfs/var/lib/dpkg/status'), 'utf8').match(
      /^Package: /gm,
    );
    expect(osTarget?.Packages?.length).toBe(statusPackages?.length);
    const findings = osTarget?.Vulnerabilities ?? [];
    expect(findings.length).toBeGreaterThan(50);
    for (const f of findings) {
      expect(f.Status).toBe('fixed');
      // Every fixed finding's installed version sorts below one of its fixed versions, by dpkg itself.
      const fixes = (f.FixedVersion ?? '').split(', ');
      expect(
        fixes.some((fix) => dpkgLess(f.InstalledVersion, fix)),
        `${f.PkgName} ${f.InstalledVersion} < ${f.FixedVersion}`,
      ).toBe(true);
    }
  });

  it("prints Trivy's table with a title and total per target", async () => {
    const run = await barnacle(['image', '--input', IMAGE, '--cache-dir', cacheDir, '--severity', 'HIGH,CRITICAL']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `${IMAGE} (debian 11.5)\n${'='.repeat(`${IMAGE} (debian 11.5)`.length)}\nTotal: 0 (HIGH: 0, CRITICAL: 0)`,
    );
  });

  const gates: { name: string; args: string[]; env?: NodeJS.ProcessEnv; want: number }[] = [
    { name: 'findings without --exit-code exit 0', args: [], want: 0 },
    { name: 'findings with --exit-code 1 exit 1', args: ['--exit-code', '1'], want: 1 },
    { name: 'the given exit code is returned', args: ['--exit-code', '7'], want: 7 },
    {
      name: 'no finding left after --severity CRITICAL exits 0',
      args: ['--exit-code', '1', '--severity', 'CRITICAL'],
      want: 0,
    },
    {
      name: 'TRIVY_EXIT_CODE and TRIVY_SEVERITY are honoured',
      args: [],
      env: { TRIVY_EXIT_CODE: '3', TRIVY_SEVERITY: 'UNKNOWN' },
      want: 3,
    },
    {
      name: '--pkg-types library leaves the OS findings out, not the Python ones',
      args: ['--exit-code', '1', '--pkg-types', 'library'],
      want: 1,
    },
    {
      name: '--pkg-types os leaves the Python findings out',
      args: ['--exit-code', '1', '--pkg-types', 'os', '--severity', 'HIGH,CRITICAL'],
      want: 0,
    },
    { name: 'the older --vuln-type os keeps them', args: ['--exit-code', '1', '--vuln-type', 'os'], want: 1 },
  ];
  it.each(gates)('$name', async ({ args, env, want }) => {
    const run = await barnacle(['image', '--input', IMAGE, '--cache-dir', cacheDir, '--format', 'json', ...args], env);
    expect(run.code).toBe(want);
  });

  it('--ignore-unfixed keeps only findings with a fix', async () => {
    const run = await barnacle([
      'image',
      '--input',
      IMAGE,
      '--cache-dir',
      cacheDir,
      '--format',
      'json',
      '--ignore-unfixed',
    ]);
    const report = JSON.parse(run.stdout) as JsonReport;
    const all = report.Results.flatMap((r) => r.Vulnerabilities ?? []);
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((f) => f.FixedVersion)).toBe(true);
  });

  it('--output writes the report to a file and nothing to stdout', async () => {
    const out = path.join(cacheDir, 'report.json');
    const run = await barnacle([
      'image',
      '--input',
      IMAGE,
      '--cache-dir',
      cacheDir,
      '--format',
      'json',
      '--output',
      out,
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect((JSON.parse(readFileSync(out, 'utf8')) as JsonReport).ArtifactName).toBe(IMAGE);
  });

  it('reads trivy.yaml given with --config, below the command line', async () => {
    const config = path.join(cacheDir, 'trivy.yaml');
    writeFileSync(config, `exit-code: 9\nformat: json\ncache:\n  dir: ${cacheDir}\n`);
    const fromFile = await barnacle(['image', '--input', IMAGE, '--config', config]);
    expect(fromFile.code).toBe(9);
    expect(() => JSON.parse(fromFile.stdout)).not.toThrow();
    const overridden = await barnacle(['image', '--input', IMAGE, '--config', config, '--exit-code', '0']);
    expect(overridden.code).toBe(0);
  });

  // Trivy v0.44.1 listed the packages with `--scanners secret` too; today's Trivy scans packages only for the
  // vuln scanner or an SBOM format (pkg/scan/local/service.go scanVulnerabilities), as barnacle does.
  it('scans only for secrets without a DB when the vuln scanner is off, and lists packages for an SBOM', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'barnacle-nodb-'));
    const scan = (...args: string[]) => barnacle(['image', '--input', IMAGE, '--cache-dir', empty, ...args]);
    const secretsOnly = await scan('--format', 'json', '--scanners', 'secret');
    expect(secretsOnly.code, secretsOnly.stderr).toBe(0);
    const report = JSON.parse(secretsOnly.stdout) as Partial<JsonReport>;
    expect(report.Metadata?.OS).toEqual({ Family: 'debian', Name: '11.5' });
    expect(report.Results).toBeUndefined();
    const sbom = await scan('--format', 'cyclonedx', '--scanners', 'secret');
    expect(sbom.code, sbom.stderr).toBe(0);
    expect((JSON.parse(sbom.stdout) as { components: unknown[] }).components.length).toBeGreaterThan(100);
  });
});

describe('errors', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'barnacle-bad-'));
  const truncated = path.join(tmp, 'truncated.tar');
  writeFileSync(truncated, readFileSync(IMAGE).subarray(0, 70_000));
  const notImage = path.join(tmp, 'not-image.tar');
  execFileSync('tar', ['-cf', notImage, '-C', path.join(ROOT, 'examples', 'demo'), 'README.md']);
  const garbageDbDir = mkdtempSync(path.join(os.tmpdir(), 'barnacle-garbage-db-'));

  const cases: { name: string; args: () => string[]; setup?: () => void; want: number; message: RegExp }[] = [
    {
      name: 'a missing image file is an input error',
      args: () => ['image', '--input', path.join(tmp, 'nope.tar'), '--cache-dir', cacheDir],
      want: 3,
      message: /nope\.tar/,
    },
    {
      name: 'a truncated archive is an input error',
      args: () => ['image', '--input', truncated, '--cache-dir', cacheDir],
      want: 3,
      message: /truncated\.tar/,
    },
    {
      name: 'a tar that is not an image is an input error',
      args: () => ['image', '--input', notImage, '--cache-dir', cacheDir],
      want: 3,
      message: /not-image\.tar/,
    },
    {
      name: 'a missing DB is a DB error that says how to get one',
      args: () => ['image', '--input', IMAGE, '--cache-dir', tmp],
      want: 4,
      message: /db import/,
    },
    {
      name: 'a corrupt DB is a DB error',
      setup: () => {
        execFileSync('mkdir', ['-p', path.join(garbageDbDir, 'db')]);
        writeFileSync(path.join(garbageDbDir, 'db', 'barnacle.db'), 'this is not SQLite '.repeat(100));
      },
      args: () => ['image', '--input', IMAGE, '--cache-dir', garbageDbDir],
      want: 4,
      message: /barnacle\.db/,
    },
    {
      name: 'an unknown flag is a usage error',
      args: () => ['image', '--no-such-flag'],
      want: 2,
      message: /no-such-flag/,
    },
    {
      name: 'an unknown severity is a usage error',
      args: () => ['image', '--input', IMAGE, '--severity', 'SEVERE'],
      want: 2,
      message: /--severity/,
    },
    {
      name: 'an unknown format is a usage error',
      args: () => ['image', '--input', IMAGE, '--format', 'pdf', '--cache-dir', cacheDir],
      want: 2,
      message: /--format/,
    },
  ];
  it.each(cases)('$name: one line on stderr, exit $want', async ({ args, setup, want, message }) => {
    setup?.();
    const run = await barnacle(args());
    expect(run.code).toBe(want);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^barnacle: error: /);
  });

  it('a bad input leaves nothing behind in the cache dir but the cache itself', async () => {
    const fresh = mkdtempSync(path.join(os.tmpdir(), 'barnacle-clean-'));
    await barnacle(['image', '--input', truncated, '--cache-dir', fresh, '--scanners', 'secret']);
    const left = existsSync(fresh) ? readdirSync(fresh, { recursive: true }).map(String) : [];
    expect(left.filter((p) => p.endsWith('.tmp'))).toEqual([]);
  });
});

describe('the installed binary', () => {
  const bin = path.join(ROOT, 'bin', 'barnacle.js');
  it('exits with the code main returns and prints no stack trace', () => {
    const run = spawnSync(
      process.execPath,
      [bin, 'image', '--input', '/nonexistent/image.tar', '--cache-dir', os.tmpdir()],
      { encoding: 'utf8' },
    );
    expect(run.status).toBe(3);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
  it('prints its version (and no DB block when the cache has no DB)', () => {
    const emptyCache = mkdtempSync(path.join(os.tmpdir(), 'barnacle-version-'));
    const run = spawnSync(process.execPath, [bin, '--version'], {
      encoding: 'utf8',
      env: {
        ...process.env,
        XDG_CACHE_HOME: emptyCache,
        HOME: emptyCache,
        BARNACLE_CACHE_DIR: '',
        TRIVY_CACHE_DIR: '',
      },
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`Version: ${JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version}\n`);
  });
});
