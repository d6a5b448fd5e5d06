// License scanning end to end: the bullseye test image and the demo flask-app image through the whole CLI,
// compared with what Trivy v0.44.1 printed for the same tarballs (test/fixtures/license-scan/README.md).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { barnacle } from '../barnacle-cli.js';
import { testImage } from '../images.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'license-scan');
const FLASK = path.join(ROOT, 'examples', 'demo', 'flask-app.tar');

interface License {
  Severity: string;
  Category: string;
  PkgName: string;
  FilePath: string;
  Name: string;
}
interface Result {
  Target: string;
  Class?: string;
  Licenses?: License[];
}
interface Report {
  Results?: Result[];
}

const fixture = (name: string): Report => JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as Report;
const licenseResults = (report: Report): Result[] => (report.Results ?? []).filter((r) => r.Class === 'license');

/** Category and severity of each license name a report gives. */
function classes(report: Report): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of licenseResults(report))
    for (const l of r.Licenses ?? []) out.set(l.Name, `${l.Category} ${l.Severity}`);
  return out;
}

/** How many licenses each package of a target has, sorted. */
const perPackage = (result: Result | undefined): string[] => {
  const counts = new Map<string, number>();
  for (const l of result?.Licenses ?? []) counts.set(l.PkgName, (counts.get(l.PkgName) ?? 0) + 1);
  return [...counts.entries()].map(([pkg, n]) => `${pkg} ${n}`).sort();
};

let work: string;
let bullseye: string;
beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'barnacle-license-'));
  const image = await testImage('bullseye');
  if (!image.dockerArchive) throw new Error('the bullseye test image has no docker archive');
  bullseye = image.dockerArchive;
}, 1_800_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const scan = async (input: string, ...args: string[]) => {
  const run = await barnacle(['image', '--input', input, '--cache-dir', path.join(work, 'cache'), '--quiet', ...args]);
  return { ...run, report: run.stdout.startsWith('{') ? (JSON.parse(run.stdout) as Report) : {} };
};

describe('license scanning', () => {
  const images = [
    { name: 'bullseye', input: () => bullseye, trivy: 'bullseye.trivy.json', common: 60 },
    { name: 'flask-app', input: () => FLASK, trivy: 'flask-app.trivy.json', common: 3 },
  ];

  it.each(images)('$name: every license name Trivy also reports is classified as Trivy classifies it', async (c) => {
    const { code, report } = await scan(c.input(), '--scanners', 'license', '--format', 'json');
    expect(code).toBe(0);
    const ours = classes(report);
    const trivy = classes(fixture(c.trivy));
    const common = [...trivy.keys()].filter((name) => ours.has(name));
    expect(common.length).toBeGreaterThanOrEqual(c.common);
    expect(new Map(common.map((name) => [name, ours.get(name)]))).toEqual(
      new Map(common.map((name) => [name, trivy.get(name)])),
    );
  });

  it.each(images)("$name: the license targets and the number of licenses of each package are Trivy's", async (c) => {
    const { report } = await scan(c.input(), '--scanners', 'license', '--format', 'json');
    const trivy = licenseResults(fixture(c.trivy)).filter(
      (r) => (r.Licenses ?? []).length > 0 || r.Target === 'OS Packages',
    );
    const ours = licenseResults(report);
    expect(ours.map((r) => r.Target)).toEqual(trivy.map((r) => r.Target));
    if (c.name === 'flask-app') {
      // Today's dpkg license normalisation splits some copyright files' names differently: Python only.
      expect(perPackage(ours.find((r) => r.Target === 'Python'))).toEqual(
        perPackage(trivy.find((r) => r.Target === 'Python')),
      );
    } else {
      const packages = (r: Result | undefined) => [...new Set((r?.Licenses ?? []).map((l) => l.PkgName))].sort();
      expect(packages(ours[0])).toEqual(packages(trivy[0]));
    }
  });

  it("rootfs: the license targets and each package's number of licenses are Trivy's", async () => {
    const rootfs = path.join(ROOT, 'examples', 'demo', 'rootfs');
    const cache = path.join(work, 'cache');
    const run = await barnacle([
      'rootfs',
      rootfs,
      '--scanners',
      'license',
      '--format',
      'json',
      '--quiet',
      '--cache-dir',
      cache,
    ]);
    expect(run.code).toBe(0);
    const ours = licenseResults(JSON.parse(run.stdout) as Report);
    const trivy = licenseResults(fixture('demo-rootfs.trivy.json'));
    expect(ours.map((r) => r.Target)).toEqual(trivy.map((r) => r.Target));
    expect(ours.map(perPackage)).toEqual(trivy.map(perPackage));
  });

  it("renders Trivy's license table for Trivy's own JSON (convert, detailed tables)", async () => {
    const out = path.join(work, 'bullseye.txt');
    const args = ['convert', '--format', 'table', '--table-mode', 'detailed', '--scanners', 'license', '--output', out];
    expect((await barnacle([...args, path.join(FIXTURES, 'bullseye.trivy.json')])).code).toBe(0);
    const trivy = readFileSync(path.join(FIXTURES, 'bullseye.trivy.txt'), 'utf8').replaceAll('\x1b[0m', '');
    expect(readFileSync(out, 'utf8')).toBe(trivy);
  });

  it('the summary counts licenses per license target and - elsewhere', async () => {
    const { stdout } = await scan(FLASK, '--scanners', 'license');
    expect(stdout).toMatch(/│ OS Packages +│ +- +│ +0 +│/);
    expect(stdout).toMatch(/flask-app\.tar \(debian 11\.5\) +│ +debian +│ +- +│/);
    expect(stdout).toContain('Python (license)\n================\nTotal: 31 (UNKNOWN: ');
  });

  it('trivy.yaml license.forbidden with --severity CRITICAL --exit-code 1 fails the scan as Trivy does', async () => {
    const config = path.join(FIXTURES, 'forbid-mit.yaml');
    const args = ['--scanners', 'license', '--config', config, '--severity', 'CRITICAL', '--exit-code', '1'];
    const { code, report } = await scan(FLASK, ...args, '--format', 'json');
    expect(code).toBe(1);
    const pairs = (r: Report) =>
      licenseResults(r).flatMap((t) =>
        (t.Licenses ?? []).map((l) => `${l.PkgName} ${l.Name} ${l.Category} ${l.Severity}`),
      );
    const ours = pairs(report);
    // Trivy v0.44.1 kept `MIT License` as written where today's normalisation makes it MIT: ours has more.
    expect(ours).toEqual(expect.arrayContaining(pairs(fixture('flask-app.forbid-mit.trivy.json'))));
    expect(new Set(ours.map((p) => p.split(' ').slice(1).join(' ')))).toEqual(new Set(['MIT forbidden CRITICAL']));
  });

  const exits = [
    { name: 'the default lists hold nothing forbidden here', args: [], code: 0, kept: false },
    {
      name: '--ignored-licenses MIT leaves nothing forbidden',
      args: ['--config', 'forbid', '--ignored-licenses', 'MIT'],
      code: 0,
      kept: false,
    },
    {
      name: 'an ignore file entry for MIT leaves nothing forbidden',
      args: ['--config', 'forbid', '--ignorefile', 'ignore'],
      code: 0,
      kept: false,
    },
    {
      name: 'without --exit-code a forbidden license exits 0',
      args: ['--config', 'forbid', '--exit-code', '0'],
      code: 0,
      kept: true,
    },
  ];
  it.each(exits)('exit code: $name', async ({ args, code, kept }) => {
    const ignore = path.join(work, '.trivyignore.yaml');
    writeFileSync(ignore, 'licenses:\n  - id: MIT\n');
    const resolved = args.map((a) =>
      a === 'forbid' ? path.join(FIXTURES, 'forbid-mit.yaml') : a === 'ignore' ? ignore : a,
    );
    const base = ['--scanners', 'license', '--severity', 'CRITICAL', '--exit-code', '1', '--format', 'json'];
    const run = await scan(FLASK, ...base, ...resolved);
    expect(run.code).toBe(code);
    expect(licenseResults(run.report).flatMap((r) => r.Licenses ?? []).length > 0).toBe(kept);
  });

  it('suppressed licenses are listed with --show-suppressed and read back by convert', async () => {
    const config = path.join(FIXTURES, 'forbid-mit.yaml');
    const args = ['--scanners', 'license', '--config', config, '--ignored-licenses', 'MIT', '--show-suppressed'];
    const { report, stdout } = await scan(FLASK, ...args, '--format', 'json');
    const python = licenseResults(report).find((r) => r.Target === 'Python') as Result & {
      ExperimentalModifiedFindings?: { Type: string; Source: string; Finding: License }[];
    };
    const suppressed = python.ExperimentalModifiedFindings ?? [];
    expect(suppressed.length).toBeGreaterThan(0);
    expect(new Set(suppressed.map((m) => `${m.Type} ${m.Source} ${m.Finding.Name}`))).toEqual(
      new Set(['license --ignored-licenses MIT']),
    );
    const file = path.join(work, 'suppressed.json');
    writeFileSync(file, stdout);
    const back = await barnacle(['convert', '--format', 'json', '--show-suppressed', file]);
    expect(JSON.parse(back.stdout).Results).toEqual(report.Results);
  });

  it('--pkg-types os leaves the language licenses out', async () => {
    const { report } = await scan(FLASK, '--scanners', 'license', '--pkg-types', 'os', '--format', 'json');
    expect(licenseResults(report).map((r) => r.Target)).toEqual(['OS Packages']);
  });

  it("JUnit (Trivy's contrib/junit.tpl) has a failing case per license of each license target", async () => {
    const { report } = await scan(FLASK, '--scanners', 'license', '--format', 'json');
    const { stdout } = await scan(
      FLASK,
      '--scanners',
      'license',
      '--format',
      'template',
      '--template',
      '@contrib/junit.tpl',
    );
    const python = licenseResults(report).find((r) => r.Target === 'Python')?.Licenses ?? [];
    expect(python.length).toBeGreaterThan(0);
    expect(stdout).toContain(`<testsuite tests="${python.length}" failures="${python.length}" name="Python" time="0">`);
    for (const l of python) {
      expect(stdout).toContain(
        `<testcase classname="${l.PkgName}" name="[${l.Severity}] ${l.Name}">\n            <failure/>`,
      );
    }
  });

  it('SBOM formats describe packages only; markdown lists the licenses in their own section', async () => {
    const withLicenses = await scan(FLASK, '--scanners', 'license', '--format', 'cyclonedx');
    const without = await scan(FLASK, '--scanners', 'misconfig', '--format', 'cyclonedx');
    const components = (text: string) =>
      (JSON.parse(text) as { components?: { name: string }[] }).components?.map((c) => c.name);
    expect(components(withLicenses.stdout)).toEqual(components(without.stdout));
    const { stdout } = await scan(FLASK, '--scanners', 'license', '--format', 'markdown');
    expect(stdout).toMatch(/\*\*31 licenses\*\* in 1 target \(CRITICAL: 0, /);
    expect(stdout).toContain('<details><summary><b>Python</b> (license): 31</summary>');
    expect(stdout).toContain('| LOW | Flask | BSD-3-Clause | notice |');
  });

  it('SARIF has a rule per package and license, with the classification', async () => {
    const { stdout } = await scan(FLASK, '--scanners', 'license', '--format', 'sarif', '--severity', 'LOW');
    const sarif = JSON.parse(stdout) as {
      runs: {
        tool: { driver: { rules: { id: string; name: string; help: { text: string } }[] } };
        results: { ruleId: string; level: string }[];
      }[];
    };
    const [run] = sarif.runs;
    const flask = run?.tool.driver.rules.find((r) => r.id === 'Flask:BSD-3-Clause');
    expect(flask?.name).toBe('License');
    expect(flask?.help.text).toContain('Classification: notice');
    expect(run?.results.find((r) => r.ruleId === 'Flask:BSD-3-Clause')?.level).toBe('note');
  });
});
