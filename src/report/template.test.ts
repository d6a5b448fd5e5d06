import { describe, expect, it } from 'vitest';
import { demoScan, reportOptions } from '../../test/fixtures/report/demo.js';
import { UsageError } from '../errors.js';
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

  const bad = ['my-own.tpl', '@contrib/asff.tpl', ''];
  it.each(bad)('template %j is a UsageError naming the bundled templates', (name) => {
    expect(() => render(name)).toThrow(UsageError);
  });
});
