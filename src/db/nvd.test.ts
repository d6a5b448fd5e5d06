import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { matchTarget, reportedSeverity } from '../match/match.js';
import type { OS, Package, Severity, TargetResult } from '../types.js';
import { buildDb, type ImportSummary } from './build.js';
import { readNvdFeed } from './nvd.js';
import { openDb } from './open.js';
import type { Advisory, VulnDb, VulnerabilityDetail } from './types.js';

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/', import.meta.url));
const FEED = path.join(FIXTURES, 'nvd', 'nvdcve-2.0-sample.json');
const OSV = ['Debian', 'PyPI'].map((d) => path.join(FIXTURES, 'osv', d));
const NOW = new Date('2026-11-01T00:00:00Z');
/** The start of NVD's description of CVE-2023-30861, which differs from the PyPA record's. */
const NVD_FLASK =
  "Flask is a lightweight WSGI web application framework. When all of the following conditions are met, a response containing data intended for one client may be cached and subsequently sent by the proxy to other clients. If the proxy also caches `Set-Cookie` headers, it may send one client's `session` cookie to other clients. Versions 2.3.2 and 2.2.5 contain a patch for this issue.";

const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'barnacle-nvd-'));
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe('readNvdFeed', () => {
  it('keeps NVD’s own metrics (v3.1 before v3.0, Primary nvd@nist.gov), CWE ids and the English description', async () => {
    const entries = await readNvdFeed(FEED);
    expect(entries.map((e) => e.id)).toEqual([
      'CVE-2021-3711',
      'CVE-2021-3712',
      'CVE-2019-17402',
      'CVE-2023-30861',
      'CVE-2021-44228',
    ]);
    expect(entries[0]).toMatchObject({
      cvss: {
        v2Vector: 'AV:N/AC:L/Au:N/C:P/I:P/A:P',
        v2Score: 7.5,
        v3Vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
        v3Score: 9.8,
      },
      cweIds: ['CWE-120'],
      published: '2021-08-24T15:15:09.133Z',
      lastModified: '2024-11-21T06:22:15.033Z',
    });
    expect(entries[0]?.description).toMatch(/^In order to decrypt SM2 encrypted data/);
    // The CNA's Secondary metric comes first in the file; NVD's Primary one is kept.
    expect(entries[3]?.cvss).toEqual({ v3Vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', v3Score: 7.5 });
  });

  const bad: { name: string; text: string; message: RegExp }[] = [
    { name: 'not JSON', text: '{"vulnerabilities": [', message: /^cannot read NVD feed .*bad\.json: / },
    {
      name: 'JSON of another shape (a 1.1 feed)',
      text: '{"CVE_Items": []}',
      message: /^NVD feed .*bad\.json is not NVD CVE API 2\.0 JSON \(vulnerabilities: /,
    },
  ];
  it.each(bad)('a file that is $name is an InputError naming it', async ({ text, message }) => {
    const file = path.join(tempDir(), 'bad.json');
    writeFileSync(file, text);
    const error = await readNvdFeed(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(message);
  });
});

describe('a DB built with an NVD feed', () => {
  let db: VulnDb;
  let summary: ImportSummary;
  beforeAll(async () => {
    const dbPath = path.join(tempDir(), 'barnacle.db');
    summary = await buildDb({ inputs: OSV.map((p) => ({ path: p })), nvd: [FEED] }, dbPath, { now: NOW });
    db = openDb(dbPath);
  });
  afterAll(() => db.close());

  it('adds NVD rows only for the CVE ids the OSV records name', () => {
    expect(summary.sources.find((s) => s.ecosystem === 'NVD')).toMatchObject({ records: 4, origin: FEED });
    expect(db.vulnerability('CVE-2021-44228')).toBeUndefined();
  });

  it('puts NVD’s CVSS and rating under nvd, and fills the description and CWE the OSV record lacks', () => {
    const detail = db.vulnerability('CVE-2021-3711');
    expect(detail).toMatchObject({
      title: 'openssl - security update',
      vendorSeverity: { nvd: 4 },
      cvss: { nvd: { v2Score: 7.5, v3Score: 9.8, v3Vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' } },
      cweIds: ['CWE-120'],
    });
    expect(detail?.description).toMatch(/^In order to decrypt SM2/);
    expect(detail?.references).toContain('https://www.openssl.org/news/secadv/20210824.txt');
  });

  it('keeps the OSV record’s own description first', () => {
    const detail = db.vulnerability('CVE-2023-30861');
    expect(detail?.vendorSeverity).toEqual({ nvd: 3 });
    const record = JSON.parse(readFileSync(path.join(FIXTURES, 'osv', 'PyPI', 'PYSEC-2023-62.json'), 'utf8'));
    expect(detail?.description).toBe(record.details.trim());
    expect(detail?.description).not.toBe(NVD_FLASK);
  });

  const pkg = (name: string, version: string, extra: Partial<Package> = {}): Package => ({
    id: `${name}@${version}`,
    name,
    version,
    ...extra,
  });
  const findings: {
    name: string;
    target: TargetResult;
    os?: OS;
    want: [string, string, string | undefined][];
  }[] = [
    {
      name: 'Debian gives no rating: NVD’s is reported, with SeveritySource nvd',
      os: { family: 'debian', name: '11.0' },
      target: {
        target: 'x (debian 11.0)',
        class: 'os-pkgs',
        type: 'debian',
        packages: [
          pkg('libssl1.1', '1.1.1k', { release: '1', srcName: 'openssl', srcVersion: '1.1.1k', srcRelease: '1' }),
        ],
        vulnerabilities: [],
      },
      want: [
        ['CVE-2021-3711', 'CRITICAL', 'nvd'],
        ['CVE-2021-3712', 'HIGH', 'nvd'],
      ],
    },
    {
      name: 'the PyPI record gives no rating either',
      target: {
        target: 'Python',
        class: 'lang-pkgs',
        type: 'python-pkg',
        packages: [pkg('flask', '2.2.4')],
        vulnerabilities: [],
      },
      want: [['CVE-2023-30861', 'HIGH', 'nvd']],
    },
  ];
  it.each(findings)('$name', ({ target, os, want }) => {
    expect(matchTarget(target, os, db).map((f) => [f.vulnerabilityId, f.severity, f.severitySource])).toEqual(want);
  });
});

describe('reportedSeverity (Trivy autoDetectSeverity)', () => {
  const advisory = (vulnerabilityId: string, extra: Partial<Advisory> = {}): Advisory => ({
    advisoryId: 'X-1',
    vulnerabilityId,
    ecosystem: 'PyPI',
    packageName: 'p',
    ranges: [],
    versions: [],
    ...extra,
  });
  const detail = (vendorSeverity: Record<string, number>, severity: Severity = 'LOW'): VulnerabilityDetail => ({
    id: 'x',
    severity,
    severitySource: 'debian',
    vendorSeverity,
    cvss: {},
    cweIds: [],
    references: [],
    advisoryIds: [],
  });
  const cases: {
    name: string;
    advisory: Advisory;
    detail?: VulnerabilityDetail;
    source?: string;
    want: { severity: Severity; source?: string };
  }[] = [
    {
      name: 'the data source’s own rating comes before NVD’s',
      advisory: advisory('CVE-1'),
      detail: detail({ osv: 2, nvd: 4 }),
      source: 'osv',
      want: { severity: 'MEDIUM', source: 'osv' },
    },
    {
      name: 'NVD’s when the data source has none',
      advisory: advisory('CVE-1'),
      detail: detail({ ghsa: 3, nvd: 4 }),
      source: 'osv',
      want: { severity: 'CRITICAL', source: 'nvd' },
    },
    {
      name: 'GitHub’s for a GHSA id, before NVD’s',
      advisory: advisory('GHSA-xxxx-xxxx-xxxx'),
      detail: detail({ ghsa: 3, nvd: 4 }),
      source: 'govulndb',
      want: { severity: 'HIGH', source: 'ghsa' },
    },
    {
      name: 'another vendor’s merged rating, without a source, when neither rates it',
      advisory: advisory('CVE-1'),
      detail: detail({ debian: 1 }),
      source: 'osv',
      want: { severity: 'LOW' },
    },
    {
      name: 'a rating the record gives for this package wins, under the data source',
      advisory: advisory('CVE-1', { severity: 'HIGH' }),
      detail: detail({ nvd: 1 }),
      source: 'debian',
      want: { severity: 'HIGH', source: 'debian' },
    },
    { name: 'no detail is UNKNOWN', advisory: advisory('CVE-1'), source: 'osv', want: { severity: 'UNKNOWN' } },
  ];
  it.each(cases)('$name', ({ advisory: a, detail: d, source, want }) =>
    expect(reportedSeverity(a, d, source)).toEqual(want),
  );
});

describe('db import --nvd on an existing DB', () => {
  it('carries every row over and adds NVD’s; a second feed replaces NVD rows of the same id', async () => {
    const dbPath = path.join(tempDir(), 'barnacle.db');
    await buildDb({ inputs: OSV.map((p) => ({ path: p })) }, dbPath, { now: NOW });
    const before = openDb(dbPath);
    const plain = before.vulnerability('CVE-2021-3711');
    const sources = before.metadata().sources.map((s) => s.ecosystem);
    before.close();
    expect(plain?.vendorSeverity).toEqual({});
    const carry = { dbPath, feeds: sources };
    await buildDb({ inputs: [], carry, nvd: [FEED] }, dbPath, { now: NOW });
    const edited = path.join(tempDir(), 'nvd-edited.json');
    const text = readFileSync(FEED, 'utf8').replace('"baseScore": 9.8', '"baseScore": 8.1');
    writeFileSync(edited, text);
    await buildDb({ inputs: [], carry: { dbPath, feeds: [...sources, 'NVD'] }, nvd: [edited] }, dbPath, { now: NOW });
    const after = openDb(dbPath);
    expect(after.advisoriesFor('Debian:11', 'openssl')).toHaveLength(2);
    expect(after.vulnerability('CVE-2021-3711')?.cvss.nvd?.v3Score).toBe(8.1);
    expect(after.metadata().sources.find((s) => s.ecosystem === 'NVD')?.records).toBe(4);
    after.close();
  });
});
