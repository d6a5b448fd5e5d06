import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countsOf } from '../../action/summary.js';
import { scanResultFromJson } from '../../src/report/json-read.js';

describe('countsOf', () => {
  // Trivy v0.44.1's secret results on the secrets test image (test/fixtures/secret-scan/README.md): four secrets in
  // three files; one vulnerability added beside them.
  const trivy = JSON.parse(
    readFileSync(new URL('../fixtures/secret-scan/trivy-0.44.1-image.json', import.meta.url), 'utf8'),
  ) as { Results: object[] };
  const vulnerable = {
    Target: 'app (debian 11.2)',
    Class: 'os-pkgs',
    Type: 'debian',
    Vulnerabilities: [{ VulnerabilityID: 'CVE-2022-1304', PkgName: 'e2fsprogs', Severity: 'HIGH' }],
  };
  const result = scanResultFromJson({ SchemaVersion: 2, Results: [vulnerable, ...trivy.Results] });

  it('counts vulnerabilities by severity and secrets apart', () => {
    if (typeof result === 'string') throw new Error(result);
    const counts = countsOf(result);
    expect(counts.findings).toBe(1);
    expect(counts.bySeverity.HIGH).toBe(1);
    expect(counts.bySeverity.CRITICAL).toBe(0);
    expect(counts.secrets).toBe(4);
  });
});
