// Golden reports of an Alpine 3.6.2 image (real release files and apk database, test/e2e/alpine-image.test.ts's
// layers) scanned by the CLI against real Alpine secdb OSV records, in every format; and the comparison with
// real Trivy v0.44.1's output on the same image with the same DB content (test/fixtures/report/README.md).
// Update the goldens: `vitest -u`.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { PackageURL } from 'packageurl-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { barnacle } from '../../test/barnacle-cli.js';
import { buildLayout, type FixtureLayer } from '../../test/e2e/oci-image.js';
import {
  cyclonedxValidator,
  readJson,
  reportFixture,
  reportOptions,
  sarifValidator,
  spdxValidator,
} from '../../test/fixtures/report/demo.js';
import type { ScanResult } from '../types.js';
import { reporters } from './index.js';
import { scanResultFromJson } from './json-read.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'analyzer');
const LAYERS: FixtureLayer[] = [
  {
    created: 'Alpine 3.6.2 release files',
    files: {
      'etc/alpine-release': path.join(FIXTURES, 'alpine', '3.6', 'etc', 'alpine-release'),
      'etc/os-release': path.join(FIXTURES, 'os-release', 'alpine-3.6', 'etc', 'os-release'),
    },
  },
  {
    created: 'apk database',
    files: { 'lib/apk/db/installed': path.join(FIXTURES, 'apk', 'alpine-3.6', 'lib', 'apk', 'db', 'installed') },
  },
];
/** Relative to the repository, as Trivy was run: the artifact name is the same in both reports. */
const WORK = path.join('.cache', 'alpine-golden');
/** 2026-01-02T03:04:05Z. */
const ENV = { SOURCE_DATE_EPOCH: '1767323045' };

let scan: ScanResult;

beforeAll(async () => {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const layout = path.relative(ROOT, buildLayout(WORK, LAYERS));
  const cacheDir = path.join(WORK, 'cache');
  const imported = await barnacle(['db', 'import', path.join(FIXTURES, 'apk', 'osv'), '--cache-dir', cacheDir]);
  expect(imported.code, imported.stderr).toBe(0);
  const args = ['image', '--input', layout, '--cache-dir', cacheDir, '--format', 'json', '--list-all-pkgs'];
  const run = await barnacle(args, ENV);
  expect(run.code, run.stderr).toBe(0);
  const read = scanResultFromJson(JSON.parse(run.stdout));
  if (typeof read === 'string') throw new Error(read);
  // umoci stamps the config and its history with the time of the build, and the image id is the config's
  // digest: these are the volatile fields, fixed here to the scan's clock.
  const config = JSON.parse(JSON.stringify(read.metadata.imageConfig ?? {}), (key, value) =>
    key === 'created' ? '2026-01-02T03:04:05Z' : value,
  );
  const imageId = 'sha256:image-id-varies-with-the-build-time';
  scan = { ...read, metadata: { ...read.metadata, imageId, imageConfig: config } };
}, 120_000);

const render = (format: string, over = {}) => reporters.get(format)?.render(scan, reportOptions(over)) ?? '';
const findings = () => scan.results.flatMap((t) => t.vulnerabilities);

describe('golden reports of the Alpine 3.6 image', () => {
  const golden: { format: string; file: string; over?: object }[] = [
    { format: 'json', file: 'alpine-3.6.json' },
    { format: 'table', file: 'alpine-3.6.table', over: { listAllPkgs: false } },
    { format: 'sarif', file: 'alpine-3.6.sarif' },
    { format: 'cyclonedx', file: 'alpine-3.6.cdx.json' },
    { format: 'spdx-json', file: 'alpine-3.6.spdx.json' },
    { format: 'github', file: 'alpine-3.6.github.json' },
    { format: 'junit', file: 'alpine-3.6.junit.xml' },
    { format: 'markdown', file: 'alpine-3.6.md' },
    { format: 'template', file: 'alpine-3.6.gitlab.json', over: { template: '@contrib/gitlab.tpl' } },
    { format: 'template', file: 'alpine-3.6.html', over: { template: '@contrib/html.tpl' } },
  ];
  it.each(golden)('$file', async ({ format, file, over }) => {
    await expect(render(format, over)).toMatchFileSnapshot(`../../test/golden/${file}`);
  });

  it('has findings to show', () => {
    expect(findings().length).toBeGreaterThan(0);
  });

  const schemas = [
    { format: 'sarif', validator: sarifValidator },
    { format: 'cyclonedx', validator: cyclonedxValidator },
    { format: 'spdx-json', validator: spdxValidator },
  ];
  it.each(schemas)('$format is valid against its published schema', ({ format, validator }) => {
    const validate = validator();
    const valid = validate(JSON.parse(render(format)));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });
});

interface TrivyVuln {
  VulnerabilityID: string;
  PkgName: string;
  InstalledVersion: string;
  FixedVersion?: string;
  Severity: string;
  Status?: string;
}
interface TrivyReport {
  ArtifactName: string;
  Results: {
    Target: string;
    Type: string;
    Packages?: { ID: string; Licenses?: string[] }[];
    Vulnerabilities?: TrivyVuln[];
  }[];
}
interface Sarif {
  runs: {
    tool: { driver: { rules: { id: string; name: string; properties: { tags: string[] } }[] } };
    results: {
      ruleId: string;
      level: string;
      locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
    }[];
  }[];
}
interface Bom {
  components: { purl?: string }[];
  vulnerabilities: { id: string; affects: unknown[] }[];
}

describe('comparison with Trivy v0.44.1 on the same image and DB content (test/fixtures/report/README.md)', () => {
  const trivy = (file: string) => readJson(reportFixture(`trivy/${file}`));
  const key = (v: TrivyVuln) =>
    [v.VulnerabilityID, v.PkgName, v.InstalledVersion, v.FixedVersion, v.Severity, v.Status].join(' ');

  it('json: the same targets, packages and findings', () => {
    const theirs = trivy('alpine-3.6.json') as TrivyReport;
    const ours = JSON.parse(render('json')) as TrivyReport;
    expect(ours.ArtifactName).toBe(theirs.ArtifactName);
    expect(ours.Results.map((r) => [r.Target, r.Type])).toEqual(theirs.Results.map((r) => [r.Target, r.Type]));
    const ids = (r: TrivyReport) => r.Results.flatMap((t) => (t.Packages ?? []).map((p) => p.ID)).sort();
    expect(ids(ours)).toEqual(ids(theirs));
    const all = (r: TrivyReport) => r.Results.flatMap((t) => (t.Vulnerabilities ?? []).map(key)).sort();
    expect(all(ours)).toEqual(all(theirs));
  });

  // The one documented difference (test/fixtures/report/README.md): v0.44.1 wrote GNU licenses without the
  // `-only` / `-or-later` today's Trivy writes (`GPL2` → `GPL-2.0` then, `GPL-2.0-only` now; `GPL2+` →
  // `GPL-2.0` then, `GPL-2.0-or-later` now). Every other license is the same string.
  it('json: the same licenses, GNU ones written as today’s Trivy writes them', () => {
    const bare = (name: string) => name.replace(/^((?:A|L)?GPL-\d\.\d)-(?:only|or-later)$/, '$1');
    const licenses = (r: TrivyReport, withoutGnuSuffix: boolean): [string, string[]][] =>
      r.Results.flatMap((t) => t.Packages ?? [])
        .map((p): [string, string[]] => [p.ID, (p.Licenses ?? []).map((n) => (withoutGnuSuffix ? bare(n) : n))])
        .sort(([a], [b]) => a.localeCompare(b));
    const ours = JSON.parse(render('json')) as TrivyReport;
    expect(licenses(ours, true)).toEqual(licenses(trivy('alpine-3.6.json') as TrivyReport, false));
    const suffixed = licenses(ours, false)
      .flatMap(([, names]) => names)
      .filter((n) => /-(only|or-later)$/.test(n));
    expect(new Set(suffixed)).toEqual(new Set(['GPL-2.0-only', 'GPL-2.0-or-later']));
  });

  it('sarif: the same rules, and results with the same rule, level and location', () => {
    const theirs = (trivy('alpine-3.6.sarif') as Sarif).runs[0];
    const ours = (JSON.parse(render('sarif')) as Sarif).runs[0];
    const rules = (run: typeof theirs) => run?.tool.driver.rules.map((r) => [r.id, r.name, r.properties.tags]);
    expect(rules(ours)).toEqual(rules(theirs));
    const results = (run: typeof theirs) =>
      run?.results.map((r) => [r.ruleId, r.level, r.locations[0]?.physicalLocation.artifactLocation.uri]).sort();
    expect(results(ours)).toEqual(results(theirs));
  });

  it('cyclonedx: the same components by purl, and the same vulnerabilities with the same affects', () => {
    const theirs = trivy('alpine-3.6.cdx.json') as Bom;
    const ours = JSON.parse(render('cyclonedx')) as Bom;
    const purls = (bom: Bom) =>
      bom.components.flatMap((c) => (c.purl ? [PackageURL.fromString(c.purl).toString()] : [])).sort();
    expect(purls(ours)).toEqual(purls(theirs));
    expect(ours.components).toHaveLength(theirs.components.length);
    const vulns = (bom: Bom) => bom.vulnerabilities.map((v) => [v.id, v.affects.length]).sort();
    expect(vulns(ours)).toEqual(vulns(theirs));
  });
});
