import { describe, expect, it } from 'vitest';
import { dataSourceFor, normalizeName, primaryUrlFor, sourceIdFor, splitEcosystem } from './ecosystem.js';

describe('splitEcosystem', () => {
  const cases = [
    { name: 'a Debian release', raw: 'Debian:11', want: { ecosystem: 'Debian', namespace: '11' } },
    { name: 'an Alpine branch', raw: 'Alpine:v3.18', want: { ecosystem: 'Alpine', namespace: 'v3.18' } },
    {
      name: 'only the first colon splits',
      raw: 'Ubuntu:22.04:LTS',
      want: { ecosystem: 'Ubuntu', namespace: '22.04:LTS' },
    },
    { name: 'no namespace', raw: 'PyPI', want: { ecosystem: 'PyPI', namespace: '' } },
  ];
  it.each(cases)('$name', ({ raw, want }) => expect(splitEcosystem(raw)).toEqual(want));
});

describe('normalizeName', () => {
  const cases = [
    {
      name: 'PyPI follows PEP 503: case, dots and underscores',
      ecosystem: 'PyPI',
      input: 'JW_Util.Extra',
      want: 'jw-util-extra',
    },
    { name: 'PyPI collapses runs of separators', ecosystem: 'PyPI', input: 'a-_.b', want: 'a-b' },
    { name: 'npm names are compared case-insensitively', ecosystem: 'npm', input: 'JSONStream', want: 'jsonstream' },
    {
      name: 'Go module paths keep their case',
      ecosystem: 'Go',
      input: 'github.com/BurntSushi/toml',
      want: 'github.com/BurntSushi/toml',
    },
    { name: 'Debian source names are kept as written', ecosystem: 'Debian', input: 'libX11', want: 'libX11' },
  ];
  it.each(cases)('$name', ({ ecosystem, input, want }) => expect(normalizeName(ecosystem, input)).toBe(want));
});

describe('sourceIdFor', () => {
  const cases = [
    { name: 'Debian advisories are the debian source', ecosystem: 'Debian', id: 'DSA-4963-1', want: 'debian' },
    { name: 'Go advisories are govulndb', ecosystem: 'Go', id: 'GO-2022-0379', want: 'govulndb' },
    { name: 'GHSA records are ghsa in any ecosystem', ecosystem: 'Go', id: 'GHSA-qq97-vm5h-rrhg', want: 'ghsa' },
    { name: 'PyPA records are osv, as in trivy-db', ecosystem: 'PyPI', id: 'PYSEC-2024-154', want: 'osv' },
    { name: 'RubySec records are ruby-advisory-db', ecosystem: 'RubyGems', id: 'RUBYSEC-x', want: 'ruby-advisory-db' },
    { name: 'an unlisted ecosystem is osv', ecosystem: 'Hex', id: 'EEF-CVE-2023-1', want: 'osv' },
  ];
  it.each(cases)('$name', ({ ecosystem, id, want }) => expect(sourceIdFor(ecosystem, id)).toBe(want));
});

describe('dataSourceFor and primaryUrlFor', () => {
  it('names the OSV export that was read', () => {
    expect(dataSourceFor('crates.io')).toEqual({
      id: 'osv',
      name: 'OSV crates.io',
      url: 'https://osv.dev/list?ecosystem=crates.io',
    });
  });
  const urls = [
    { name: 'a CVE id points to NVD', id: 'CVE-2021-3711', want: 'https://nvd.nist.gov/vuln/detail/CVE-2021-3711' },
    { name: 'any other id points to osv.dev', id: 'DLA-0016-1', want: 'https://osv.dev/vulnerability/DLA-0016-1' },
  ];
  it.each(urls)('$name', ({ id, want }) => expect(primaryUrlFor(id)).toBe(want));
});
