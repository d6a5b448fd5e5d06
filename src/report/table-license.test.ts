// License sections of the table report: the summary cases of Trivy's pkg/report/table/summary_test.go (osLicense,
// jarLicense, npmLicenses) and the renderer's cells (pkg/report/table/licensing.go).
import { describe, expect, it } from 'vitest';
import type { DetectedLicense } from '../licensing/types.js';
import type { ScanResult, TargetResult } from '../types.js';
import { table } from './table.js';
import type { ReportOptions } from './types.js';

const license = (over: Partial<DetectedLicense>): DetectedLicense => ({
  severity: 'LOW',
  category: 'notice',
  pkgName: '',
  filePath: '',
  name: 'MIT',
  text: '',
  confidence: 1,
  link: '',
  ...over,
});
const licenseTarget = (target: string, licenses: DetectedLicense[]): TargetResult => ({
  target,
  class: 'license',
  type: '',
  packages: [],
  vulnerabilities: [],
  licenses,
});
const report = (...results: TargetResult[]): ScanResult => ({
  schemaVersion: 2,
  createdAt: '2021-08-25T12:20:30.000000005Z',
  artifactName: 'test',
  artifactType: 'container_image',
  metadata: {},
  results,
});
const options = (over: Partial<ReportOptions> = {}): ReportOptions => ({
  severities: ['UNKNOWN', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'],
  listAllPkgs: false,
  color: false,
  version: 'dev',
  scanners: ['license'],
  ...over,
});

const osLicense = licenseTarget('OS Packages', [
  license({ name: 'GPL-2.0-only', category: 'restricted', severity: 'HIGH' }),
]);
const jarLicense = licenseTarget('Java', []);
const npmLicenses = licenseTarget('Node.js', [
  license({ filePath: 'nanoid/package.json' }),
  license({ filePath: 'loader-utils/package.json' }),
]);

describe('license table', () => {
  it("summary: a row per license target, language targets split by file and sorted, Type '-'", () => {
    const out = table.render(report(osLicense, jarLicense, npmLicenses), options({ tableModes: ['summary'] }));
    const rows = out.split('\n').filter((line) => line.startsWith('│') && !line.includes('Target'));
    expect(
      rows.map((row) =>
        row
          .split('│')
          .map((cell) => cell.trim())
          .slice(1, -1),
      ),
    ).toEqual([
      ['OS Packages', '-', '1'],
      ['loader-utils/package.json', '-', '1'],
      ['nanoid/package.json', '-', '1'],
    ]);
  });

  it('summary: license targets have no Vulnerabilities count, package targets no Licenses count', () => {
    const os: TargetResult = {
      target: 'test (alpine 3.20.3)',
      class: 'os-pkgs',
      type: 'alpine',
      packages: [],
      vulnerabilities: [],
    };
    const out = table.render(
      report(os, osLicense),
      options({ scanners: ['vuln', 'license'], tableModes: ['summary'] }),
    );
    expect(out).toMatch(/│ test \(alpine 3\.20\.3\) │ +alpine +│ +0 +│ +- +│/);
    expect(out).toMatch(/│ OS Packages +│ +- +│ +- +│ +1 +│/);
  });

  it('detailed: heading, severity count of the selected severities, then package, license, classification, severity', () => {
    const out = table.render(
      report(osLicense),
      options({ tableModes: ['detailed'], severities: ['HIGH', 'CRITICAL'] }),
    );
    expect(out).toContain('\nOS Packages (license)\n=====================\nTotal: 1 (HIGH: 1, CRITICAL: 0)\n\n');
    expect(out).toMatch(/│ +│ GPL-2\.0-only │ restricted +│ HIGH +│/);
  });

  it('detailed: a license target without licenses is not printed', () => {
    expect(table.render(report(jarLicense), options({ tableModes: ['detailed'] }))).toBe('');
  });

  const colours = [
    {
      category: 'forbidden' as const,
      severity: 'CRITICAL' as const,
      cell: '\x1b[31mForbidden\x1b[0m',
      sev: '\x1b[31mCRITICAL\x1b[0m',
    },
    {
      category: 'restricted' as const,
      severity: 'HIGH' as const,
      cell: '\x1b[91mRestricted\x1b[0m',
      sev: '\x1b[91mHIGH\x1b[0m',
    },
    {
      category: 'unknown' as const,
      severity: 'UNKNOWN' as const,
      cell: '\x1b[36mNon Standard\x1b[0m',
      sev: '\x1b[36mUNKNOWN\x1b[0m',
    },
    { category: 'notice' as const, severity: 'LOW' as const, cell: 'Notice', sev: '\x1b[34mLOW\x1b[0m' },
    { category: 'reciprocal' as const, severity: 'MEDIUM' as const, cell: 'Reciprocal', sev: '\x1b[33mMEDIUM\x1b[0m' },
  ];
  it.each(colours)('on a terminal, $category is written $cell', ({ category, severity, cell, sev }) => {
    const target = licenseTarget('OS Packages', [license({ pkgName: 'p', category, severity })]);
    const out = table.render(report(target), options({ tableModes: ['detailed'], color: true }));
    expect(out).toContain(cell);
    expect(out).toContain(sev);
  });
});
