import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demoScan, reportFixture, reportOptions } from '../../test/fixtures/report/demo.js';
import { loadIgnoreFile } from '../filter/ignore-file.js';
import { applyFilters } from '../filter/index.js';
import { SEVERITIES } from '../types.js';
import { json } from './json.js';
import { scanResultFromJson } from './json-read.js';
import { table } from './table.js';

const golden = (name: string) => new URL(`../../test/golden/${name}`, import.meta.url);

describe('reading a JSON report back', () => {
  const files = [
    { name: 'the demo scan with packages, purls and layers', file: reportFixture('flask-app.scan.json') },
    { name: 'the golden report of every package', file: golden('flask-app.list-all-pkgs.json').pathname },
  ];
  it.each(files)('$name is written again byte for byte', ({ file }) => {
    const text = readFileSync(file, 'utf8');
    const result = scanResultFromJson(JSON.parse(text));
    expect(typeof result).toBe('object');
    if (typeof result === 'string') return;
    expect(json.render(result, reportOptions({ listAllPkgs: true }))).toBe(text);
  });

  const bad: { name: string; value: unknown; reason: string }[] = [
    { name: 'schema version 1', value: { SchemaVersion: 1 }, reason: 'SchemaVersion' },
    {
      name: 'a finding without an id',
      value: { SchemaVersion: 2, Results: [{ Target: 't', Vulnerabilities: [{ PkgName: 'x' }] }] },
      reason: 'Results.0.Vulnerabilities.0.VulnerabilityID',
    },
    { name: 'an array', value: [], reason: 'top level' },
  ];
  it.each(bad)('$name is not a report', ({ value, reason }) => {
    const result = scanResultFromJson(value);
    expect(typeof result).toBe('string');
    expect(result).toContain(reason);
  });

  it('results of scanners barnacle does not have (misconfigurations) are left out', () => {
    const result = scanResultFromJson({ SchemaVersion: 2, Results: [{ Target: 'Dockerfile', Class: 'config' }] });
    expect(typeof result !== 'string' && result.results).toEqual([]);
  });

  // Trivy v0.44.1's secret results on the secrets test image (see the fixture's README): three files, a finding
  // with its layer and history line, code lines with and without Highlighted.
  const trivySecrets = JSON.parse(
    readFileSync(new URL('../../test/fixtures/secret-scan/trivy-0.44.1-image.json', import.meta.url), 'utf8'),
  ) as { Results: unknown[] };

  it("Trivy's secret results are read and written again as Trivy wrote them", () => {
    const result = scanResultFromJson({ SchemaVersion: 2, ArtifactName: 'secrets', Results: trivySecrets.Results });
    expect(typeof result).toBe('object');
    if (typeof result === 'string') return;
    expect(result.results.map((r) => `${r.target} ${r.class} ${r.secrets?.length}`)).toEqual([
      '/app/deploy/notes.txt secret 2',
      '/app/config.env secret 1',
      '/app/old-token.txt secret 1',
    ]);
    expect(JSON.parse(json.render(result, reportOptions())).Results).toEqual(trivySecrets.Results);
  });

  it('a secret an ignore file suppressed is read back with its statement', () => {
    const [first] = trivySecrets.Results as { Target: string; Class: string; Secrets: { RuleID: string }[] }[];
    if (!first) throw new Error('the fixture has no results');
    const suppressed = {
      Type: 'secret',
      Status: 'ignored',
      Statement: 'a revoked test key',
      Source: '.trivyignore',
      Finding: first.Secrets[1],
    };
    const report = { SchemaVersion: 2, Results: [{ ...first, ExperimentalModifiedFindings: [suppressed] }] };
    const result = scanResultFromJson(report);
    if (typeof result === 'string') throw new Error(result);
    expect(result.results[0]?.modifiedSecrets?.map((m) => [m.statement, m.finding.ruleId])).toEqual([
      ['a revoked test key', first.Secrets[1]?.RuleID],
    ]);
    const again = JSON.parse(json.render(result, reportOptions({ showSuppressed: true })));
    expect(again.Results[0].ExperimentalModifiedFindings).toEqual([suppressed]);
  });
});

describe('suppressed findings in JSON and table (--show-suppressed)', () => {
  const filtered = applyFilters(demoScan(), {
    severities: [...SEVERITIES],
    ignoreUnfixed: false,
    pkgTypes: ['os', 'library'],
    ignore: loadIgnoreFile(reportFixture('accept-risk/trivyignore.yaml')),
    now: new Date('2026-01-02T00:00:00Z'),
  });

  it('JSON carries them as ExperimentalModifiedFindings only with --show-suppressed, and reads them back', () => {
    expect(json.render(filtered, reportOptions())).not.toContain('ExperimentalModifiedFindings');
    const text = json.render(filtered, reportOptions({ showSuppressed: true }));
    const report = JSON.parse(text);
    const python = report.Results.find((r: { Target: string }) => r.Target === 'Python');
    expect(python.ExperimentalModifiedFindings[0]).toMatchObject({
      Type: 'vulnerability',
      Status: 'ignored',
      Statement: "multipart parsing is behind the proxy's size limit",
      Source: reportFixture('accept-risk/trivyignore.yaml'),
      Finding: { VulnerabilityID: 'CVE-2024-49767', PkgName: 'Werkzeug' },
    });
    const back = scanResultFromJson(report);
    expect(typeof back !== 'string' && back.results[1]?.modifiedFindings).toEqual(
      filtered.results[1]?.modifiedFindings,
    );
  });

  it('the table lists them under "Suppressed Vulnerabilities" only with --show-suppressed', () => {
    expect(table.render(filtered, reportOptions())).not.toContain('Suppressed Vulnerabilities');
    const text = table.render(filtered, reportOptions({ showSuppressed: true }));
    expect(text).toContain('Suppressed Vulnerabilities (Total: 2)');
    expect(text).toMatch(/│ Werkzeug +│ CVE-2024-49767 +│ MEDIUM +│ ignored +│ multipart parsing/);
  });
});
