import { describe, expect, it } from 'vitest';
import type { Finding, ScanResult, Severity, TargetResult, VulnStatus } from '../types.js';
import { applyFilters, type FilterOptions } from './index.js';
import { ignoredStatuses } from './status.js';

const finding = (id: string, severity: Severity, status: VulnStatus, pkgName = 'libexpat1'): Finding => ({
  vulnerabilityId: id,
  pkgId: `${pkgName}@1`,
  pkgName,
  installedVersion: '1',
  fixedVersion: status === 'fixed' ? '2' : undefined,
  status,
  severity,
});

const os: TargetResult = {
  target: 'demo (debian 11.5)',
  class: 'os-pkgs',
  type: 'debian',
  packages: [{ id: 'libexpat1@1', name: 'libexpat1', version: '1' }],
  vulnerabilities: [
    finding('CVE-2022-43680', 'HIGH', 'fixed'),
    finding('CVE-2022-40674', 'CRITICAL', 'fixed'),
    finding('CVE-2013-0340', 'LOW', 'affected'),
    finding('CVE-2023-0001', 'UNKNOWN', 'will_not_fix', 'curl'),
  ],
};
const python: TargetResult = {
  target: 'Python',
  class: 'lang-pkgs',
  type: 'python-pkg',
  packages: [],
  vulnerabilities: [finding('CVE-2023-30861', 'HIGH', 'fixed', 'flask')],
};
const result: ScanResult = {
  schemaVersion: 2,
  createdAt: '2026-01-01T00:00:00Z',
  artifactName: 'demo',
  artifactType: 'container_image',
  metadata: {},
  results: [os, python],
};
const ALL: FilterOptions = {
  severities: ['UNKNOWN', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'],
  ignoreUnfixed: false,
  pkgTypes: ['os', 'library'],
};

describe('applyFilters', () => {
  const cases: { name: string; options: Partial<FilterOptions>; want: Record<string, string[]> }[] = [
    {
      name: 'no filter keeps everything, in Trivy order (package, then severity, highest first)',
      options: {},
      want: {
        'demo (debian 11.5)': ['CVE-2023-0001', 'CVE-2022-40674', 'CVE-2022-43680', 'CVE-2013-0340'],
        Python: ['CVE-2023-30861'],
      },
    },
    {
      name: 'a severity list keeps only those severities',
      options: { severities: ['HIGH', 'CRITICAL'] },
      want: { 'demo (debian 11.5)': ['CVE-2022-40674', 'CVE-2022-43680'], Python: ['CVE-2023-30861'] },
    },
    {
      name: 'UNKNOWN findings go unless UNKNOWN is selected',
      options: { severities: ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] },
      want: { 'demo (debian 11.5)': ['CVE-2022-40674', 'CVE-2022-43680', 'CVE-2013-0340'], Python: ['CVE-2023-30861'] },
    },
    {
      name: '--ignore-unfixed drops affected and will_not_fix findings',
      options: { ignoreUnfixed: true },
      want: { 'demo (debian 11.5)': ['CVE-2022-40674', 'CVE-2022-43680'], Python: ['CVE-2023-30861'] },
    },
    {
      name: '--ignore-status wins over --ignore-unfixed',
      options: { ignoreUnfixed: true, ignoreStatuses: ['will_not_fix'] },
      want: { 'demo (debian 11.5)': ['CVE-2022-40674', 'CVE-2022-43680', 'CVE-2013-0340'], Python: ['CVE-2023-30861'] },
    },
    {
      name: '--pkg-types os keeps only the OS target',
      options: { pkgTypes: ['os'] },
      want: { 'demo (debian 11.5)': ['CVE-2023-0001', 'CVE-2022-40674', 'CVE-2022-43680', 'CVE-2013-0340'] },
    },
    {
      name: '--pkg-types library keeps only language targets',
      options: { pkgTypes: ['library'] },
      want: { Python: ['CVE-2023-30861'] },
    },
  ];
  it.each(cases)('$name', ({ options, want }) => {
    const filtered = applyFilters(result, { ...ALL, ...options });
    expect(
      Object.fromEntries(filtered.results.map((t) => [t.target, t.vulnerabilities.map((f) => f.vulnerabilityId)])),
    ).toEqual(want);
  });

  it('packages stay for the reporters', () =>
    expect(applyFilters(result, ALL).results[0]?.packages).toEqual(os.packages));
  it('leaves its input alone', () => {
    applyFilters(result, { ...ALL, severities: [] });
    expect(result.results[0]?.vulnerabilities).toHaveLength(4);
  });
  it('the same vulnerability twice for one package is one finding', () => {
    const twice = {
      ...result,
      results: [{ ...python, vulnerabilities: [...python.vulnerabilities, ...python.vulnerabilities] }],
    };
    expect(applyFilters(twice, ALL).results[0]?.vulnerabilities).toHaveLength(1);
  });
});

describe('ignoredStatuses', () => {
  it('--ignore-unfixed is every status but fixed', () =>
    expect(ignoredStatuses(true)).toEqual([
      'unknown',
      'not_affected',
      'affected',
      'under_investigation',
      'will_not_fix',
      'fix_deferred',
      'end_of_life',
    ]));
  it('nothing is ignored by default', () => expect(ignoredStatuses(false)).toEqual([]));
});
