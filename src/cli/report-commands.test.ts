// `barnacle sbom`, `barnacle convert` and the accepted-risk flags, through the whole CLI on the demo image
// with a DB built from the demo's real OSV records.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PackageURL } from 'packageurl-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { barnacle as run } from '../../test/barnacle-cli.js';
import { reportFixture } from '../../test/fixtures/report/demo.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const IMAGE = path.join(ROOT, 'examples', 'demo', 'flask-app.tar');
const OSV = path.join(ROOT, 'examples', 'demo', 'osv');
const ENV = { SOURCE_DATE_EPOCH: '1767323045' };

const barnacle = (args: readonly string[]) => run(args, ENV);

interface Report {
  Results?: { Class: string; Vulnerabilities?: Record<string, string>[] }[];
}

/** Class, id, package, installed and fixed version and severity of every finding. */
function findingsOf(text: string): string[] {
  const report = JSON.parse(text) as Report;
  return (report.Results ?? [])
    .flatMap((r) =>
      (r.Vulnerabilities ?? []).map((v) =>
        [r.Class, v.VulnerabilityID, v.PkgName, v.InstalledVersion, v.FixedVersion ?? '', v.Severity].join(' '),
      ),
    )
    .sort();
}

let dir: string;
let common: string[];
let imageJson: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'barnacle-report-cli-'));
  expect((await barnacle(['db', 'import', OSV, '--cache-dir', dir])).code).toBe(0);
  common = ['--cache-dir', dir, '--skip-db-update'];
  const run = await barnacle(['image', '--input', IMAGE, '--format', 'json', '--list-all-pkgs', ...common]);
  expect(run.code).toBe(0);
  imageJson = run.stdout;
  writeFileSync(path.join(dir, 'image.json'), imageJson);
  for (const format of ['cyclonedx', 'spdx-json']) {
    const sbom = await barnacle(['image', '--input', IMAGE, '--format', format, ...common]);
    expect(sbom.code).toBe(0);
    writeFileSync(path.join(dir, `barnacle.${format}`), sbom.stdout);
  }
});

describe('barnacle sbom', () => {
  const sboms = [
    { name: "Trivy's CycloneDX SBOM of the image", file: () => reportFixture('trivy/flask-app.cdx.json') },
    { name: "barnacle's CycloneDX SBOM of the image", file: () => path.join(dir, 'barnacle.cyclonedx') },
    { name: "Trivy's SPDX SBOM of the image", file: () => reportFixture('trivy/flask-app.spdx.json') },
    { name: "barnacle's SPDX SBOM of the image", file: () => path.join(dir, 'barnacle.spdx-json') },
  ];
  it.each(sboms)('$name gives the findings of scanning the image', async ({ file }) => {
    const run = await barnacle(['sbom', file(), '--format', 'json', ...common]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const want = findingsOf(imageJson);
    expect(want.length).toBeGreaterThan(250);
    expect(findingsOf(run.stdout)).toEqual(want);
  });

  it('names the SBOM as the artifact and its OS in the target', async () => {
    const file = reportFixture('trivy/flask-app.cdx.json');
    const report = JSON.parse((await barnacle(['sbom', file, '--format', 'json', ...common])).stdout);
    expect(report.ArtifactType).toBe('cyclonedx');
    expect(report.Results[0].Target).toBe(`${file} (debian 11.5)`);
  });

  it('a file that is not an SBOM is an input error (exit 3) on one line', async () => {
    const run = await barnacle(['sbom', path.join(dir, 'image.json'), ...common]);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(
      `barnacle: error: ${path.join(dir, 'image.json')}: not a CycloneDX or SPDX JSON document\n`,
    );
  });
});

describe('barnacle convert', () => {
  const formats = ['sarif', 'cyclonedx', 'table', 'markdown', 'junit', 'github'];
  it.each(formats)('--format %s from the saved JSON equals the format written by the scan', async (format) => {
    // An SBOM format scans for vulnerabilities only when asked to.
    const scanners = format === 'cyclonedx' ? ['--scanners', 'vuln'] : [];
    const direct = await barnacle(['image', '--input', IMAGE, '--format', format, ...scanners, ...common]);
    // The table's summary has the columns of the scanners convert is told the report was made with.
    const columns = format === 'table' ? ['--scanners', 'vuln,secret'] : [];
    const converted = await barnacle(['convert', '--format', format, ...columns, path.join(dir, 'image.json')]);
    expect(converted.code).toBe(0);
    expect(converted.stdout).toBe(direct.stdout);
  });

  it("without --scanners the table has no summary, with Trivy's warning", async () => {
    const run = await barnacle(['convert', '--format', 'table', path.join(dir, 'image.json')]);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('Report Summary');
    expect(run.stdout).toContain('Total: ');
    expect(run.stderr).toContain('No enabled scanners found. Summary table will not be displayed.');
  });

  it('takes --table-mode and --dependency-tree as the scan does', async () => {
    const args = ['--format', 'table', '--table-mode', 'detailed', '--dependency-tree'];
    const direct = await barnacle(['image', '--input', IMAGE, ...args, ...common]);
    const converted = await barnacle(['convert', ...args, path.join(dir, 'image.json')]);
    expect(converted.stdout).toBe(direct.stdout);
    expect(converted.stdout).not.toContain('Report Summary');
    const json = await barnacle([
      'convert',
      '--format',
      'json',
      '--table-mode',
      'summary',
      path.join(dir, 'image.json'),
    ]);
    expect(json.code).toBe(2);
    expect(json.stderr).toContain('"--table-mode" can be used only with "--format table".');
  });

  it("Trivy v0.44.1's JSON (no purls) converts to a CycloneDX SBOM with Trivy's own purls", async () => {
    const run = await barnacle(['convert', '--format', 'cyclonedx', reportFixture('trivy/flask-app.json')]);
    expect(run.code).toBe(0);
    const purls = (bom: { components: { purl?: string }[] }) =>
      new Set(bom.components.flatMap((c) => (c.purl ? [PackageURL.fromString(c.purl).toString()] : [])));
    const trivy = JSON.parse(readFileSync(reportFixture('trivy/flask-app.cdx.json'), 'utf8'));
    expect(purls(JSON.parse(run.stdout))).toEqual(purls(trivy));
  });

  it('filters again: --severity HIGH keeps only HIGH findings', async () => {
    const run = await barnacle(['convert', '--format', 'json', '--severity', 'HIGH', path.join(dir, 'image.json')]);
    const kept = findingsOf(run.stdout);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.every((f) => f.endsWith(' HIGH'))).toBe(true);
  });

  it('a file that is not a JSON report is an input error (exit 3)', async () => {
    const run = await barnacle(['convert', '--format', 'table', reportFixture('trivy/flask-app.cdx.json')]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/flask-app\.cdx\.json: not a schema v2 JSON report/);
  });
});

describe('SBOM formats', () => {
  it('--format cyclonedx lists packages only unless --scanners is given, as Trivy does', async () => {
    const plain = await barnacle(['image', '--input', IMAGE, '--format', 'cyclonedx', ...common]);
    expect(plain.stderr).toContain('"--format cyclonedx" disables security scanning');
    expect(JSON.parse(plain.stdout).vulnerabilities ?? []).toEqual([]);
    const scanned = await barnacle([
      'image',
      '--input',
      IMAGE,
      '--format',
      'cyclonedx',
      '--scanners',
      'vuln',
      ...common,
    ]);
    expect(scanned.stderr).toBe('');
    expect(JSON.parse(scanned.stdout).vulnerabilities.length).toBeGreaterThan(100);
  });
});

describe('accepted risk on the command line', () => {
  it('--vex suppresses what the document says does not apply; --show-suppressed lists it', async () => {
    const vex = reportFixture('accept-risk/openvex.json');
    const run = await barnacle(['image', '--input', IMAGE, '--format', 'json', '--vex', vex, ...common]);
    expect(findingsOf(run.stdout).some((f) => f.includes('CVE-2026-27205 Flask'))).toBe(false);
    const hidden = await barnacle(['image', '--input', IMAGE, '--vex', vex, ...common]);
    expect(hidden.stderr).toContain('Use the "--show-suppressed" flag to display them.');
    expect(hidden.stdout).not.toContain('Suppressed Vulnerabilities');
    const shown = await barnacle(['image', '--input', IMAGE, '--vex', vex, '--show-suppressed', ...common]);
    expect(shown.stdout).toMatch(/│ Flask +│ CVE-2026-27205 +│ MEDIUM +│ not_affected +│ the app never reads/);
  });

  it('--ignorefile with an expired entry suppresses only the live ones', async () => {
    const file = reportFixture('accept-risk/trivyignore');
    const run = await barnacle(['convert', '--format', 'json', '--ignorefile', file, path.join(dir, 'image.json')]);
    const kept = findingsOf(run.stdout);
    expect(kept.some((f) => f.includes('CVE-2023-23916 curl'))).toBe(false);
    expect(kept.some((f) => f.includes('CVE-2022-43552 curl'))).toBe(true);
  });

  const malformed = [
    {
      name: 'an ignore file with a bad expiry date',
      flag: '--ignorefile',
      text: 'CVE-1\nCVE-2 exp:2026-02-30\n',
      line: 2,
    },
    { name: 'a VEX document that is not JSON', flag: '--vex', text: '{\n "statements": [\n  }\n', line: 3 },
  ];
  it.each(malformed)('$name is a usage error (exit 2) naming the file and line', async ({ flag, text, line }) => {
    const file = path.join(dir, `bad-${flag.slice(2)}`);
    writeFileSync(file, text);
    const run = await barnacle(['image', '--input', IMAGE, flag, file, ...common]);
    expect(run.code).toBe(2);
    expect(run.stderr.startsWith(`barnacle: error: ${file}:${line}: `)).toBe(true);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('SARIF shows every severity unless --limit-severities-for-sarif', async () => {
    const args = ['convert', '--format', 'sarif', '--severity', 'CRITICAL', path.join(dir, 'image.json')];
    const all = JSON.parse((await barnacle(args)).stdout).runs[0].results;
    const limited = JSON.parse((await barnacle([...args, '--limit-severities-for-sarif'])).stdout).runs[0].results;
    expect(all).toHaveLength(findingsOf(readFileSync(path.join(dir, 'image.json'), 'utf8')).length);
    expect(limited).toHaveLength(0); // the demo image has no CRITICAL finding
  });
});
