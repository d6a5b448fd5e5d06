import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type OsvRecord, parseOsvRecord } from './osv.js';
import { type Interpretation, interpretRecord } from './record.js';

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/osv/', import.meta.url));
const NOW = new Date('2026-11-01T00:00:00Z');

function raw(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(`${FIXTURES}${file}`, 'utf8')) as Record<string, unknown>;
}

function record(file: string): OsvRecord {
  const parsed = parseOsvRecord(raw(file));
  if (!parsed.ok) throw new Error(`${file}: ${parsed.reason}`);
  return parsed.record;
}

function imported(file: string, now = NOW): Extract<Interpretation, { kind: 'import' }> {
  const result = interpretRecord(record(file), now);
  if (result.kind !== 'import') throw new Error(`${file} was skipped: ${result.reason}`);
  return result;
}

describe('parseOsvRecord', () => {
  const good = [
    'Debian/DSA-1011-1.json',
    'PyPI/PYSEC-2024-154.json',
    'Go/GO-2022-0379.json',
    'crates.io/RUSTSEC-2016-0001.json',
    'npm/NSWG-ECO-1.json',
    'GHSA/GHSA-qq97-vm5h-rrhg.json',
  ];
  it.each(good)('real record %s parses', (file) => expect(parseOsvRecord(raw(file)).ok).toBe(true));

  // Each case is a real record with one field made wrong in the way the reason names.
  const bad: { name: string; file: string; change: (r: Record<string, unknown>) => unknown; reason: string }[] = [
    {
      name: 'a range without events (real: RUBYSEC-ckeditor-CVE-2021-32808)',
      file: 'RubyGems/RUBYSEC-ckeditor-CVE-2021-32808.json',
      change: (r) => r,
      reason: 'affected.0.ranges.0.events: a range needs at least one event',
    },
    {
      name: 'a range without an introduced event',
      file: 'Debian/DLA-0016-1.json',
      change: (r) => ({
        ...r,
        affected: [
          {
            package: { ecosystem: 'Debian:6.0', name: 'libxml2' },
            ranges: [{ type: 'ECOSYSTEM', events: [{ fixed: '1' }] }],
          },
        ],
      }),
      reason: 'affected.0.ranges.0.events: the range has no introduced event',
    },
    {
      name: 'an event with two kinds',
      file: 'Debian/DLA-0016-1.json',
      change: (r) => ({
        ...r,
        affected: [
          {
            package: { ecosystem: 'Debian:6.0', name: 'libxml2' },
            ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0', fixed: '1' }] }],
          },
        ],
      }),
      reason: 'affected.0.ranges.0.events.0: an event has exactly one of introduced, fixed, last_affected or limit',
    },
    {
      name: 'an unknown range type',
      file: 'Debian/DLA-0016-1.json',
      change: (r) => ({
        ...r,
        affected: [
          {
            package: { ecosystem: 'Debian:6.0', name: 'libxml2' },
            ranges: [{ type: 'DPKG', events: [{ introduced: '0' }] }],
          },
        ],
      }),
      reason: 'affected.0.ranges.0.type',
    },
    {
      name: 'an empty package name',
      file: 'npm/NSWG-ECO-1.json',
      change: (r) => ({ ...r, affected: [{ package: { ecosystem: 'npm', name: '' }, ranges: [] }] }),
      reason: 'affected.0.package.name: must not be empty',
    },
    { name: 'no id', file: 'npm/NSWG-ECO-1.json', change: ({ id: _, ...r }) => r, reason: 'id' },
    {
      name: 'schema 2.x',
      file: 'GHSA/GHSA-qq97-vm5h-rrhg.json',
      change: (r) => ({ ...r, schema_version: '2.0.0' }),
      reason: 'schema_version: only OSV schema 1.x is supported',
    },
    { name: 'not an object', file: 'npm/NSWG-ECO-1.json', change: () => [1, 2], reason: 'record' },
  ];
  it.each(bad)('rejects $name', ({ file, change, reason }) => {
    const result = parseOsvRecord(change(raw(file)));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });

  it('accepts null lists as real exports write them', () => {
    const result = parseOsvRecord({ ...raw('npm/NSWG-ECO-1.json'), aliases: null, references: null });
    expect(result.ok && result.record.aliases).toEqual([]);
  });
});

describe('interpretRecord: vulnerability ids', () => {
  const cases: { name: string; file: string; want: string[] }[] = [
    {
      name: 'a DSA naming two CVEs is stored under each (upstream)',
      file: 'Debian/DSA-1011-1.json',
      want: ['CVE-2005-4347', 'CVE-2005-4418'],
    },
    { name: 'a DLA naming no CVE keeps its own id', file: 'Debian/DLA-0016-1.json', want: ['DLA-0016-1'] },
    { name: 'a CVE listed twice in aliases counts once', file: 'Go/GO-2025-4249.json', want: ['CVE-2025-68120'] },
    { name: 'a record with only a GHSA alias keeps its own id', file: 'Go/GO-2022-0379.json', want: ['GO-2022-0379'] },
    { name: 'a malformed CVE alias is left out (CVE-2014-4671A)', file: 'npm/NSWG-ECO-12.json', want: ['NSWG-ECO-12'] },
  ];
  it.each(cases)('$name', ({ file, want }) => {
    expect(imported(file).details.map((d) => d.vulnerabilityId)).toEqual(want);
  });

  it('stores one affected row per package and CVE', () => {
    const rows = imported('Debian/DSA-1011-1.json').affected.map((r) => [
      r.vulnerabilityId,
      r.ecosystem,
      r.namespace,
      r.name,
    ]);
    expect(rows).toEqual([
      ['CVE-2005-4347', 'Debian', '3.1', 'kernel-patch-vserver'],
      ['CVE-2005-4347', 'Debian', '3.1', 'util-vserver'],
      ['CVE-2005-4418', 'Debian', '3.1', 'kernel-patch-vserver'],
      ['CVE-2005-4418', 'Debian', '3.1', 'util-vserver'],
    ]);
  });

  it('keeps the other ids as aliases of each CVE', () => {
    const [first] = imported('Debian/DSA-1011-1.json').details;
    expect(first?.aliases).toEqual(['DSA-1011-1', 'DEBIAN-CVE-2005-4347', 'DEBIAN-CVE-2005-4418', 'CVE-2005-4418']);
  });

  it('normalises PyPI names and keeps the written one', () => {
    const [row] = imported('PyPI/PYSEC-2020-341.json').affected;
    expect([row?.name, row?.packageName]).toEqual(['jw-util', 'jw.util']);
  });
});

describe('interpretRecord: skipped records', () => {
  const cases: { name: string; file: string; now?: Date; category: string; reason: string }[] = [
    {
      name: 'withdrawn before now',
      file: 'PyPI/PYSEC-2023-313.json',
      category: 'withdrawn',
      reason: 'withdrawn on 2026-07-09T16:23:00Z',
    },
    {
      name: 'an informational notice',
      file: 'crates.io/RUSTSEC-2024-0331.json',
      category: 'informational',
      reason: 'informational notice (unmaintained)',
    },
  ];
  it.each(cases)('$name', ({ file, category, reason }) => {
    const result = interpretRecord(record(file), NOW);
    expect(result).toMatchObject({ kind: 'skip', category, reason: expect.stringContaining(reason) });
  });

  it('keeps a record withdrawn only after now', () => {
    expect(interpretRecord(record('PyPI/PYSEC-2023-313.json'), new Date('2026-01-01T00:00:00Z')).kind).toBe('import');
  });
});

describe('interpretRecord: severity and CVSS', () => {
  const cases: { name: string; file: string; severity?: string; cvss: object }[] = [
    {
      name: 'CVSS v3.1 and v4.0 vectors of a PyPI record are scored',
      file: 'PyPI/PYSEC-2024-154.json',
      cvss: {
        v3Vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:N/I:H/A:N',
        v3Score: 8.6,
        v40Vector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:H/VA:N/SC:N/SI:N/SA:N',
        v40Score: 8.7,
      },
    },
    {
      name: "RubySec's bare cvss_v2 and cvss_v3 scores are kept",
      file: 'RubyGems/RUBYSEC-actionpack-CVE-2011-1497.json',
      cvss: { v2Score: 4.3, v3Score: 6.1 },
    },
    {
      name: "npm security-wg's vector is read from severity",
      file: 'npm/NSWG-ECO-1.json',
      cvss: { v3Vector: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:N', v3Score: 6.5 },
    },
    {
      name: "GHSA's database_specific severity is the record's own rating",
      file: 'GHSA/GHSA-qq97-vm5h-rrhg.json',
      severity: 'LOW',
      cvss: { v3Vector: 'CVSS:3.1/AV:N/AC:H/PR:L/UI:R/S:C/C:N/I:L/A:N', v3Score: 3 },
    },
    { name: 'a Debian advisory has neither', file: 'Debian/DSA-4963-1.json', cvss: {} },
  ];
  it.each(cases)('$name', ({ file, severity, cvss }) => {
    const [detail] = imported(file).details;
    expect(detail?.severity).toBe(severity);
    expect(detail?.cvss).toEqual(cvss);
  });

  it("reads GHSA's CWE ids", () => {
    expect(imported('GHSA/GHSA-qq97-vm5h-rrhg.json').details[0]?.cweIds).toEqual(['CWE-843']);
  });
});
