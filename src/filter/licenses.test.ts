import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DetectedLicense } from '../licensing/types.js';
import type { TargetResult } from '../types.js';
import { loadIgnoreFile } from './ignore-file.js';
import { applyFilters } from './index.js';
import { filterLicenses, licenseIgnoreStatement } from './licenses.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../test/fixtures/filter/license-ignore');
const NOW = new Date('2024-06-01T00:00:00Z');

// The licenses of Trivy's pkg/result/filter_test.go (TestFilter).
const license = (name: string, filePath: string, pkgName = ''): DetectedLicense => ({
  severity: 'LOW',
  category: 'restricted',
  pkgName,
  filePath,
  name,
  text: '',
  confidence: 1,
  link: '',
});
const license1 = license('GPL-3.0', 'usr/share/gcc/python/libstdcxx/v6/__init__.py', 'foo');
const license2 = license('GPL-3.0', 'usr/share/gcc/python/libstdcxx/v6/printers.py', 'bar');
const license3 = license('mit AND GPL-2.0-or-later', 'usr/share/gcc/python/libstdcxx/v6/__init__.py');
const license4 = license('Apache-2.0 WITH LLVM-exception', 'usr/share/llvm/LICENSE.txt');
const license5 = license('GPL-3.0 WITH GCC-exception-3.1', 'usr/share/gcc/LICENSE.txt');

const target = (licenses: DetectedLicense[]): TargetResult => ({
  target: 'LICENSE.txt',
  class: 'license',
  type: '',
  packages: [],
  vulnerabilities: [],
  licenses,
});

describe('license filter', () => {
  it("Trivy's ignore yaml: by path, by name, each part of an AND, a WITH only as a whole", () => {
    const ignore = loadIgnoreFile(path.join(FIXTURES, 'trivyignore.yaml'));
    const out = filterLicenses(target([license1, license2, license3, license4, license5]), {
      severities: ['LOW'],
      ignore,
      now: NOW,
    });
    expect(out.licenses).toEqual([license2, license5]);
    const source = path.join(FIXTURES, 'trivyignore.yaml');
    expect(out.modifiedLicenses).toEqual([
      { type: 'license', status: 'ignored', statement: '', source, finding: license1 },
      {
        type: 'license',
        status: 'ignored',
        statement: 'All license components are individually ignored',
        source,
        finding: license3,
      },
      { type: 'license', status: 'ignored', statement: '', source, finding: license4 },
    ]);
  });

  it("Trivy's plain ignore file: its ids ignore licenses too", () => {
    const ignore = loadIgnoreFile(path.join(FIXTURES, 'trivyignore'));
    const out = filterLicenses(target([license1, license3]), { severities: ['LOW'], ignore, now: NOW });
    expect(out.licenses).toEqual([license3]);
    expect(out.modifiedLicenses?.map((m) => m.finding)).toEqual([license1]);
  });

  const statements: { name: string; ids: string[]; license: string; filePath?: string; want: string | undefined }[] = [
    { name: 'a listed name', ids: ['MIT'], license: 'MIT', want: '' },
    { name: 'names are matched exactly, case included', ids: ['mit'], license: 'MIT', want: undefined },
    {
      name: 'an OR whose licenses are each listed',
      ids: ['MIT', 'Apache-2.0'],
      license: 'MIT OR Apache-2.0',
      want: 'All license components are individually ignored',
    },
    { name: 'an OR with one license not listed', ids: ['MIT'], license: 'MIT OR Apache-2.0', want: undefined },
    {
      name: 'a part that is no SPDX id is never matched by parts',
      ids: ['Foo', 'MIT'],
      license: 'Foo AND MIT',
      want: undefined,
    },
    { name: 'a name that does not parse', ids: ['MIT'], license: 'MIT (', want: undefined },
  ];
  it.each(statements)('ignore statement: $name', ({ ids, license: name, filePath = '', want }) => {
    const entries = ids.map((id) => ({ id, paths: [], purls: [], statement: '' }));
    expect(licenseIgnoreStatement(entries, name, filePath, NOW)).toBe(want);
  });

  it('--severity drops licenses of other severities, an empty severity always', () => {
    const high = { ...license1, severity: 'HIGH' as const };
    const none = { ...license2, severity: '' as const };
    const out = filterLicenses(target([license1, high, none]), { severities: ['HIGH', 'UNKNOWN'], now: NOW });
    expect(out.licenses).toEqual([high]);
    expect(out.modifiedLicenses).toBeUndefined();
  });

  it('--ignored-licenses comes before the ignore file and names itself as the source', () => {
    const ignore = loadIgnoreFile(path.join(FIXTURES, 'trivyignore.yaml'));
    const out = applyFilters(
      {
        schemaVersion: 2,
        createdAt: NOW.toISOString(),
        artifactName: 'x',
        artifactType: 'filesystem',
        metadata: {},
        results: [target([license1, license2])],
      },
      { severities: ['LOW'], ignoreUnfixed: false, pkgTypes: ['os'], ignoredLicenses: ['GPL-3.0'], ignore, now: NOW },
    );
    const [only] = out.results;
    expect(only?.licenses).toEqual([]);
    expect(only?.modifiedLicenses?.map((m) => [m.source, m.finding.pkgName])).toEqual([
      ['--ignored-licenses', 'foo'],
      ['--ignored-licenses', 'bar'],
    ]);
  });
});
