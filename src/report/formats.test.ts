// Every machine format of the demo image's scan: valid against its published schema, golden output, and the
// facts each format must carry (rule per vulnerability, a result per finding, components with purls).
import { PackageURL } from 'packageurl-js';
import { describe, expect, it } from 'vitest';
import {
  cyclonedxValidator,
  demoScan,
  readJson,
  reportFixture,
  reportOptions,
  sarifValidator,
  spdxValidator,
} from '../../test/fixtures/report/demo.js';
import { reporters } from './index.js';

const scan = demoScan();
const findings = scan.results.flatMap((t) => t.vulnerabilities);
const packages = scan.results.flatMap((t) => t.packages);
const render = (format: string, over = {}) => reporters.get(format)?.render(scan, reportOptions(over)) ?? '';
const canonical = (purl: string) => PackageURL.fromString(purl).toString();

describe('report formats of the demo image', () => {
  const golden: { format: string; file: string }[] = [
    { format: 'sarif', file: 'flask-app.sarif' },
    { format: 'cyclonedx', file: 'flask-app.cdx.json' },
    { format: 'spdx-json', file: 'flask-app.spdx.json' },
    { format: 'github', file: 'flask-app.github.json' },
    { format: 'junit', file: 'flask-app.junit.xml' },
    { format: 'markdown', file: 'flask-app.md' },
  ];
  it.each(golden)('$format matches its golden file', async ({ format, file }) => {
    await expect(render(format)).toMatchFileSnapshot(`../../test/golden/${file}`);
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

  it.each(schemas)('the $format schema rejects a document without its required members', ({ validator }) => {
    expect(validator()({ unrelated: true })).toBe(false);
  });

  it('sarif: one rule per vulnerability id, one result per finding, rule indexes pointing at their rule', () => {
    const log = JSON.parse(render('sarif'));
    const run = log.runs[0];
    const ids = [...new Set(findings.map((f) => f.vulnerabilityId))];
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(ids);
    expect(run.results).toHaveLength(findings.length);
    for (const result of run.results) expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
    const python = run.results.find((r: { ruleId: string }) => r.ruleId === 'CVE-2026-27205');
    expect(python.locations[0].physicalLocation.artifactLocation.uri).toBe(
      'usr/local/lib/python3.8/site-packages/Flask-2.2.2.dist-info/METADATA',
    );
    const os = run.results.find((r: { ruleId: string }) => r.ruleId === 'CVE-2022-32221');
    expect(os.locations[0].physicalLocation.artifactLocation.uri).toBe('examples/demo/flask-app.tar');
    for (const rule of run.tool.driver.rules) {
      expect(Number(rule.properties['security-severity'])).toBeGreaterThanOrEqual(0);
      expect(rule.help.markdown).toContain(`**Vulnerability ${rule.id}**`);
    }
  });

  it('sarif: security-severity is the CVSS v3 score of the severity source, else the severity score', () => {
    const withCvss = findings.find((f) => f.severitySource && f.cvss?.[f.severitySource]?.v3Score);
    const rules = JSON.parse(render('sarif')).runs[0].tool.driver.rules;
    const unknown = rules.find((r: { properties: { tags: string[] } }) => r.properties.tags[2] === 'UNKNOWN');
    expect(unknown.properties['security-severity']).toBe('0.0');
    if (withCvss) {
      const rule = rules.find((r: { id: string }) => r.id === withCvss.vulnerabilityId);
      const score = withCvss.cvss?.[withCvss.severitySource ?? '']?.v3Score ?? 0;
      expect(rule.properties['security-severity']).toBe(score.toFixed(1));
    }
  });

  it('cyclonedx: a component per package with its purl, and a vulnerability per id affecting its packages', () => {
    const bom = JSON.parse(render('cyclonedx'));
    expect(bom.specVersion).toBe('1.6');
    const purls = bom.components.filter((c: { purl?: string }) => c.purl).map((c: { purl: string }) => c.purl);
    expect(new Set(purls)).toEqual(new Set(packages.map((p) => p.purl)));
    expect(bom.vulnerabilities).toHaveLength(new Set(findings.map((f) => f.vulnerabilityId)).size);
    const affects = bom.vulnerabilities.reduce((n: number, v: { affects: unknown[] }) => n + v.affects.length, 0);
    expect(affects).toBe(findings.length);
    const refs = new Set(bom.components.map((c: { 'bom-ref': string }) => c['bom-ref']));
    for (const v of bom.vulnerabilities) for (const a of v.affects) expect(refs.has(a.ref)).toBe(true);
  });

  it('spdx: a package per installed package with its purl, each contained by its target', () => {
    const doc = JSON.parse(render('spdx-json'));
    const purls = doc.packages.flatMap((p: { externalRefs?: { referenceLocator: string }[] }) =>
      (p.externalRefs ?? []).map((r) => r.referenceLocator),
    );
    expect(new Set(purls)).toEqual(new Set(packages.map((p) => p.purl)));
    const contained = doc.relationships.filter((r: { relationshipType: string }) => r.relationshipType === 'CONTAINS');
    expect(contained).toHaveLength(packages.length + scan.results.length);
  });

  it('github: one manifest per target, every package resolved with its purl', () => {
    const snapshot = JSON.parse(render('github', { env: { GITHUB_REF: 'refs/heads/main', GITHUB_SHA: 'abc' } }));
    expect(Object.keys(snapshot.manifests)).toEqual(scan.results.map((t) => t.target).sort());
    expect(snapshot.ref).toBe('refs/heads/main');
    const python = snapshot.manifests.Python.resolved.Flask;
    expect(python).toEqual({
      package_url: 'pkg:pypi/flask@2.2.2',
      relationship: 'direct',
      scope: 'runtime',
      metadata: { source_location: 'usr/local/lib/python3.8/site-packages/Flask-2.2.2.dist-info/METADATA' },
    });
  });

  it('junit: a failing test case per finding in a suite per target', () => {
    const xml = render('junit');
    expect(xml.match(/<testcase /g)).toHaveLength(findings.length);
    expect(xml).toContain(`tests="${scan.results[0]?.vulnerabilities.length}" failures=`);
  });
});

describe('comparison with Trivy v0.44.1 on the same image (test/fixtures/report/README.md)', () => {
  it('cyclonedx: the same components by purl as Trivy lists', () => {
    const trivy = readJson(reportFixture('trivy/flask-app.cdx.json')) as { components: { purl?: string }[] };
    const ours = JSON.parse(render('cyclonedx')) as { components: { purl?: string }[] };
    const purls = (bom: { components: { purl?: string }[] }) =>
      new Set(bom.components.flatMap((c) => (c.purl ? [canonical(c.purl)] : [])));
    expect(purls(ours)).toEqual(purls(trivy));
    expect(ours.components).toHaveLength(trivy.components.length + 1); // + the Python application component
  });

  it('spdx-json: the same packages by purl as Trivy lists', () => {
    const trivy = readJson(reportFixture('trivy/flask-app.spdx.json')) as {
      packages: { externalRefs?: { referenceLocator: string }[] }[];
    };
    const ours = JSON.parse(render('spdx-json')) as typeof trivy;
    const purls = (doc: typeof trivy) =>
      new Set(doc.packages.flatMap((p) => (p.externalRefs ?? []).map((r) => canonical(r.referenceLocator))));
    expect(purls(ours)).toEqual(purls(trivy));
    expect(ours.packages).toHaveLength(trivy.packages.length);
  });
});

describe('every reporter renders a scan without targets', () => {
  const empty = { ...scan, results: [] };
  it.each(reporters.all.map((r) => r.id))('%s', (id) => {
    const text = reporters.get(id)?.render(empty, reportOptions({ template: '@contrib/html.tpl' })) ?? '';
    expect(text.length).toBeGreaterThan(0);
  });
  it('and the machine formats stay schema-valid', () => {
    const options = reportOptions();
    expect(sarifValidator()(JSON.parse(reporters.get('sarif')?.render(empty, options) ?? ''))).toBe(true);
    expect(cyclonedxValidator()(JSON.parse(reporters.get('cyclonedx')?.render(empty, options) ?? ''))).toBe(true);
    expect(spdxValidator()(JSON.parse(reporters.get('spdx-json')?.render(empty, options) ?? ''))).toBe(true);
  });
});
