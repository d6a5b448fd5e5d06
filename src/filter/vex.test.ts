import { describe, expect, it } from 'vitest';
import { demoScan, reportFixture } from '../../test/fixtures/report/demo.js';
import { UsageError } from '../errors.js';
import { SEVERITIES } from '../types.js';
import { applyFilters } from './index.js';
import { loadVex, parseVex } from './vex.js';

const ALL = { severities: [...SEVERITIES], ignoreUnfixed: false, pkgTypes: ['os', 'library'] };
const scan = demoScan();
const fixture = (name: string) => reportFixture(`accept-risk/${name}`);

function outcome(files: string[]) {
  const result = applyFilters(scan, { ...ALL, vex: files.map((f) => loadVex(fixture(f))) });
  const kept = new Set(
    result.results.flatMap((t) => t.vulnerabilities.map((f) => `${f.vulnerabilityId} ${f.pkgName}`)),
  );
  const suppressed = result.results.flatMap((t) =>
    (t.modifiedFindings ?? []).map((m) => ({
      finding: `${m.finding.vulnerabilityId} ${m.finding.pkgName}`,
      status: m.status,
      statement: m.statement,
      justification: m.justification,
      source: m.source,
    })),
  );
  return { kept, suppressed };
}

describe('VEX documents on the demo image', () => {
  it('OpenVEX: not_affected and fixed suppress, with the justification; other statuses and products do not', () => {
    const { kept, suppressed } = outcome(['openvex.json']);
    expect(suppressed).toEqual([
      {
        finding: 'CVE-2026-27205 Flask',
        status: 'not_affected',
        statement: 'the app never reads the session with the in operator',
        justification: 'vulnerable_code_not_in_execute_path',
        source: fixture('openvex.json'),
      },
      // A subcomponent of the image product.
      {
        finding: 'CVE-2023-46136 Werkzeug',
        status: 'fixed',
        statement: '',
        justification: undefined,
        source: fixture('openvex.json'),
      },
    ]);
    expect(kept.has('CVE-2024-34069 Werkzeug')).toBe(true); // under_investigation does not suppress
    expect(kept.has('CVE-2024-6345 setuptools')).toBe(true); // the statement names setuptools 99.0.0
  });

  it('CycloneDX VEX: an analysis state of not_affected suppresses the package its BOM-Link names', () => {
    const { kept, suppressed } = outcome(['cyclonedx-vex.json']);
    expect(suppressed.map((s) => [s.finding, s.status, s.justification])).toEqual([
      ['CVE-2022-32221 curl', 'not_affected', 'vulnerable_code_not_in_execute_path'],
    ]);
    expect(kept.has('CVE-2022-32221 libcurl4')).toBe(true); // another package
    expect(kept.has('CVE-2022-43552 curl')).toBe(true); // exploitable
  });

  it('CSAF VEX: known_not_affected through a product-tree relationship suppresses the component', () => {
    const { suppressed } = outcome(['csaf-vex.json']);
    expect(suppressed).toEqual([
      {
        finding: 'CVE-2025-47273 setuptools',
        status: 'not_affected',
        statement: 'setuptools is only used at build time',
        justification: 'vulnerable_code_not_in_execute_path',
        source: fixture('csaf-vex.json'),
      },
    ]);
  });

  it('several documents apply together', () => {
    const { suppressed } = outcome(['openvex.json', 'cyclonedx-vex.json', 'csaf-vex.json']);
    expect(suppressed).toHaveLength(4);
  });

  const bad: { name: string; text: string; message: string }[] = [
    {
      name: 'JSON cut short',
      text: '{\n  "@context": "https://openvex.dev/ns/v0.2.0",\n  "statements": [\n',
      message: 'v.json:4:',
    },
    { name: 'a syntax error on line 2', text: '{\n  "statements": ]\n}', message: 'v.json:2:' },
    { name: 'an array', text: '[]', message: 'v.json:1:' },
    { name: 'an unknown format', text: '{"hello": 1}', message: 'not an OpenVEX, CycloneDX VEX or CSAF VEX document' },
  ];
  it.each(bad)('malformed: $name is a UsageError', ({ text, message }) => {
    expect(() => parseVex(text, 'v.json')).toThrow(UsageError);
    expect(() => parseVex(text, 'v.json')).toThrow(message);
  });
});

describe("--vex sources of Trivy's other than files", () => {
  it.each(['repo', 'repository', 'oci', 'sbom-ref'])('--vex %s is a usage error saying files are read', (value) => {
    expect(() => loadVex(value)).toThrow(UsageError);
    expect(() => loadVex(value)).toThrow(/are not supported; give OpenVEX, CycloneDX or CSAF VEX files$/);
  });
});
