import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoScan, readJson, reportFixture, reportOptions } from '../../test/fixtures/report/demo.js';
import { UsageError } from '../errors.js';
import { goTime } from './go-json.js';
import { scanResultFromJson } from './json-read.js';
import { junit } from './junit.js';
import { sarif } from './sarif.js';
import { template } from './template.js';

const scan = demoScan();
const findings = scan.results.flatMap((t) => t.vulnerabilities);
const render = (name: string) => template.render(scan, reportOptions({ template: name }));

describe('--format template with Trivy bundled templates', () => {
  const same = [
    { name: '@contrib/junit.tpl', native: () => junit.render(scan, reportOptions()) },
    { name: '@contrib/sarif.tpl', native: () => sarif.render(scan, reportOptions()) },
    { name: '/usr/local/share/trivy/templates/contrib/junit.tpl', native: () => junit.render(scan, reportOptions()) },
  ];
  it.each(same)('$name renders as the native format', ({ name, native }) => {
    expect(render(name)).toBe(native());
  });

  it('@contrib/gitlab.tpl: a vulnerability per finding with its solution and location', () => {
    const report = JSON.parse(render('@contrib/gitlab.tpl'));
    expect(report.version).toBe('15.0.7');
    expect(report.vulnerabilities).toHaveLength(findings.length);
    const flask = report.vulnerabilities.find((v: { id: string }) => v.id === 'CVE-2026-27205');
    expect(flask).toMatchObject({
      severity: 'Medium',
      solution: 'Upgrade Flask to 3.1.3',
      location: {
        dependency: { package: { name: 'Flask' }, version: '2.2.2' },
        operating_system: 'debian 11.5',
        image: 'examples/demo/flask-app.tar',
      },
    });
  });

  it('@contrib/html.tpl: a row per finding, a group per target', () => {
    const html = render('@contrib/html.tpl');
    expect(html.match(/<tr class="severity-/g)).toHaveLength(findings.length);
    expect(html.match(/class="group-header"/g)).toHaveLength(scan.results.length);
  });

  // Trivy's own rendering of the same reports with its contrib templates (test/fixtures/report/README.md).
  const rendered = [
    { report: 'flask-app.scan.json', tpl: 'gitlab-codequality', file: 'flask-app.codequality.json' },
    { report: 'templates-edge.scan.json', tpl: 'gitlab-codequality', file: 'templates-edge.codequality.json' },
    { report: 'flask-app.scan.json', tpl: 'asff', file: 'flask-app.asff.json' },
    { report: 'templates-edge.scan.json', tpl: 'asff', file: 'templates-edge.asff.json' },
  ];
  it.each(rendered)('@contrib/$tpl.tpl on $report reads as Trivy renders it', ({ report, tpl: name, file }) => {
    const input = scanResultFromJson(readJson(reportFixture(report)));
    if (typeof input === 'string') throw new Error(input);
    const env = { AWS_REGION: 'eu-west-1', AWS_ACCOUNT_ID: '123456789012' };
    const ours = JSON.parse(template.render(input, reportOptions({ template: `@contrib/${name}.tpl`, env })));
    const trivys = readJson(reportFixture(path.join('trivy', file)));
    // The template's `now` is the time Trivy rendered it; ours is the scan's time.
    const withoutTimes = (value: unknown) =>
      JSON.stringify(value, (key, v) => (/^(Created|Updated)At$/.test(key) ? 'T' : v));
    expect(withoutTimes(ours)).toBe(withoutTimes(trivys));
    if (name === 'asff') expect(ours.Findings[0].CreatedAt).toBe(goTime(input.createdAt));
  });

  it('@contrib/asff.tpl cuts a long description at 512 bytes without splitting a character', () => {
    const base = scan.results.find((t) => t.vulnerabilities.length > 0);
    const finding = base?.vulnerabilities[0];
    if (!base || !finding) throw new Error('the demo scan has findings');
    const description = `${'x'.repeat(511)}é and more`;
    const one = { ...scan, results: [{ ...base, vulnerabilities: [{ ...finding, description }] }] };
    const asff = JSON.parse(template.render(one, reportOptions({ template: '@contrib/asff.tpl' })));
    expect(asff.Findings[0].Description).toBe(`${'x'.repeat(511)} ..`);
    expect(asff.Findings[0].AwsAccountId).toBe('');
  });

  const bad = ['my-own.tpl', '@contrib/trivy.tpl', ''];
  it.each(bad)('template %j is a UsageError naming the bundled templates', (name) => {
    expect(() => render(name)).toThrow(UsageError);
  });
});
