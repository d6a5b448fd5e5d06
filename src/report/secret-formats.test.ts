// Secret results in every format that carries them, from the scanner's real findings on a real file
// (test/fixtures/secret-scan/fs-tree/deploy.env.txt) placed in an image layer.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoScan, reportOptions } from '../../test/fixtures/report/demo.js';
import { createSecretScanner } from '../secret/scanner.js';
import type { SecretFinding } from '../secret/types.js';
import type { ScanResult, TargetResult } from '../types.js';
import { asffReport } from './asff.js';
import { codequalityReport } from './codequality.js';
import { cyclonedx } from './cyclonedx.js';
import { json } from './json.js';
import { junitXml } from './junit.js';
import { markdownReport } from './markdown.js';
import { sarif } from './sarif.js';
import { table } from './table.js';

const FILE = path.resolve(import.meta.dirname, '../../test/fixtures/secret-scan/fs-tree/deploy.env.txt');
const LAYER = { diffId: 'sha256:99344198cfc40e429d279265eb613a6bdb4e7b862d2dfde10250950295d92e1a' };

const findings: SecretFinding[] = createSecretScanner()
  .scan('/app/deploy.env', readFileSync(FILE))
  .map((f) => ({ ...f, layer: { ...LAYER, createdBy: 'COPY deploy.env /app/' } }));
const secretTarget: TargetResult = {
  target: '/app/deploy.env',
  class: 'secret',
  type: '',
  packages: [],
  vulnerabilities: [],
  secrets: findings,
};
const demo = demoScan();
const scan: ScanResult = { ...demo, results: [...demo.results, secretTarget] };

describe('secret results in the reports', () => {
  it('the fixture holds one GitHub token on line 2', () =>
    expect(findings.map((f) => [f.ruleId, f.severity, f.startLine])).toEqual([['github-pat', 'CRITICAL', 2]]));

  it("JSON: Trivy's DetectedSecret members, the layer with its history line, after the package results", () => {
    const report = JSON.parse(json.render(scan, reportOptions())) as { Results: Record<string, unknown>[] };
    const last = report.Results.at(-1);
    expect(Object.keys(last ?? {})).toEqual(['Target', 'Class', 'Secrets']);
    const [secret] = (last?.Secrets ?? []) as Record<string, unknown>[];
    expect(Object.keys(secret ?? {})).toEqual([
      'RuleID',
      'Category',
      'Severity',
      'Title',
      'StartLine',
      'EndLine',
      'Code',
      'Match',
      'Layer',
      'Offset',
    ]);
    expect(secret?.Layer).toEqual({ DiffID: LAYER.diffId, CreatedBy: 'COPY deploy.env /app/' });
  });

  it("table: the summary counts the file's secrets, '-' where a scanner does not apply", () => {
    const text = table.render(scan, reportOptions());
    expect(text).toMatch(/│ \/app\/deploy\.env +│ +text +│ +- +│ +1 +│/);
    expect(text).toMatch(/│ examples\/demo\/flask-app\.tar \(debian 11\.5\) +│ +debian +│ +\d+ +│ +- +│/);
    expect(text).toContain(
      '\n/app/deploy.env (secrets)\n=========================\nTotal: 1 (UNKNOWN: 0, LOW: 0, MEDIUM: 0, HIGH: 0, CRITICAL: 1)\n\nCRITICAL: GitHub (github-pat)\r\n',
    );
    expect(text).toContain(" (added by 'COPY deploy.env /app/')\r\n");
  });

  it('table: a file whose secrets were all filtered out has no section', () => {
    const empty: ScanResult = { ...scan, results: [{ ...secretTarget, secrets: [] }] };
    expect(table.render(empty, reportOptions({ tableModes: ['detailed'] }))).toBe('');
  });

  it('SARIF: a Secret rule and a result at the secret lines of the file', () => {
    const log = JSON.parse(sarif.render(scan, reportOptions())) as {
      runs: { tool: { driver: { rules: { id: string; name: string }[] } }; results: { ruleId: string }[] }[];
    };
    const run = log.runs[0];
    expect(run?.tool.driver.rules.filter((r) => r.name === 'Secret').map((r) => r.id)).toEqual(['github-pat']);
    expect(run?.results.filter((r) => r.ruleId === 'github-pat')).toHaveLength(1);
  });

  it("junit: the template's secrets suite, one failing case per secret", () =>
    expect(junitXml(scan)).toContain(
      '\n    <testsuite tests="1" failures="1" name="/app/deploy.env" time="0">\n        <testcase classname="github-pat" name="[CRITICAL] GitHub Personal Access Token">',
    ));

  it('GitLab Code Quality: an issue at the first line of the secret', () => {
    const issues = JSON.parse(codequalityReport(scan)) as { description: string; location: unknown }[];
    expect(issues.at(-1)).toMatchObject({
      description: 'Secret - github-pat - GitHub Personal Access Token',
      location: { path: '/app/deploy.env', lines: { begin: 2 } },
    });
  });

  it("ASFF: a 'Sensitive Data Identifications' finding naming the file", () => {
    const { Findings } = JSON.parse(asffReport(scan, reportOptions())) as { Findings: Record<string, unknown>[] };
    expect(Findings.at(-1)).toMatchObject({
      Id: '/app/deploy.env',
      Types: ['Sensitive Data Identifications'],
      Title: 'Trivy found a secret in /app/deploy.env: GitHub Personal Access Token',
    });
  });

  it('markdown: a count line and a table of the secrets, the file left out of the vulnerability table', () => {
    const text = markdownReport(scan, reportOptions());
    expect(text).toContain('**1 secret** in 1 file (CRITICAL: 1, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0)');
    expect(text).toContain('<b>/app/deploy.env</b> (secrets): 1');
    expect(text).toMatch(/\| CRITICAL \| github-pat \| 2 \| GitHub Personal Access Token \| `GITHUB_TOKEN=\*+` \|/);
    expect(text).not.toContain('| `/app/deploy.env` |');
  });

  it('CycloneDX: no component for a file with secrets', () => {
    const withSecret = JSON.parse(cyclonedx.render(scan, reportOptions())) as { components: { name: string }[] };
    const without = JSON.parse(cyclonedx.render(demo, reportOptions())) as { components: { name: string }[] };
    expect(withSecret.components.length).toBe(without.components.length);
  });
});
