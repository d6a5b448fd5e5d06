import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DbError, InputError } from '../errors.js';
import { type ImportSummary, importSources, summaryLine } from './build.js';
import { openDb } from './open.js';
import { SCHEMA_VERSION } from './schema.js';
import type { VulnDb } from './types.js';

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/osv/', import.meta.url));
const NOW = new Date('2026-11-01T00:00:00Z');
const DIRS = ['Debian', 'PyPI', 'Go', 'GHSA', 'RubyGems', 'crates.io', 'npm'].map((d) => path.join(FIXTURES, d));
const fixture = (name: string) => path.join(FIXTURES, name);

const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'barnacle-db-'));
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe('importSources and openDb on the fixtures', () => {
  let summary: ImportSummary;
  let db: VulnDb;
  beforeAll(async () => {
    const dbPath = path.join(tempDir(), 'db', 'barnacle.db');
    summary = await importSources([fixture('alpine-subset.zip'), ...DIRS], dbPath, { now: NOW });
    db = openDb(dbPath);
  });
  afterAll(() => db.close());

  it('counts imported and skipped records per ecosystem', () => {
    const counts = Object.fromEntries(summary.sources.map((s) => [s.ecosystem, [s.records, s.skipped, s.skipReasons]]));
    expect(counts).toEqual({
      Alpine: [2, 7, { malformed: 7 }],
      Debian: [6, 0, {}],
      Go: [3, 0, {}],
      PyPI: [4, 2, { withdrawn: 2 }],
      RubyGems: [1, 1, { malformed: 1 }],
      'crates.io': [1, 1, { informational: 1 }],
      npm: [2, 0, {}],
    });
  });

  it('says so in one line', () => {
    expect(summaryLine(summary)).toBe(
      'imported 19 records from 7 sources (11 skipped: 8 malformed, 2 withdrawn, 1 informational)',
    );
  });

  it('reports each malformed record with its file and reason', () => {
    const zip = fixture('alpine-subset.zip');
    expect(summary.problems).toEqual([
      { path: `${zip}:ALPINE-CVE.json`, reason: "id 'CVE' is not a well-formed CVE id" },
      { path: `${zip}:ALPINE-CVE-2017-17434-1.json`, reason: "id 'CVE-2017-17434-1' is not a well-formed CVE id" },
      { path: `${zip}:ALPINE-CVE-2017-17434-2.json`, reason: "id 'CVE-2017-17434-2' is not a well-formed CVE id" },
      {
        path: `${zip}:ALPINE-CVE-2017-8073.patch.json`,
        reason: "id 'CVE-2017-8073.patch' is not a well-formed CVE id",
      },
      {
        path: `${zip}:ALPINE-CVE-2019-19451.patch.json`,
        reason: "id 'CVE-2019-19451.patch' is not a well-formed CVE id",
      },
      { path: `${zip}:ALPINE-CVE-????-?????.json`, reason: "id 'CVE-????-?????' is not a well-formed CVE id" },
      { path: `${zip}:ALPINE-CVE_2019-2426.json`, reason: "id 'CVE_2019-2426' is not a well-formed CVE id" },
      {
        path: path.join(FIXTURES, 'RubyGems', 'RUBYSEC-ckeditor-CVE-2021-32808.json'),
        reason: 'affected.0.ranges.0.events: a range needs at least one event',
      },
    ]);
  });

  it('records metadata: schema version, build time, origin, newest modified', () => {
    const meta = db.metadata();
    const alpine = meta.sources.find((s) => s.ecosystem === 'Alpine');
    expect([meta.schemaVersion, meta.builtAt]).toEqual([SCHEMA_VERSION, '2026-11-01T00:00:00.000Z']);
    expect(alpine).toMatchObject({ origin: fixture('alpine-subset.zip'), newestModified: '2020-06-08T13:44:53Z' });
  });

  const lookups: { name: string; ecosystem: string; pkg: string; want: [string, string][] }[] = [
    {
      name: 'a Debian release finds its advisories, one per CVE',
      ecosystem: 'Debian:11',
      pkg: 'openssl',
      want: [
        ['CVE-2021-3711', 'DSA-4963-1'],
        ['CVE-2021-3712', 'DSA-4963-1'],
      ],
    },
    { name: 'a release the advisory does not list finds nothing', ecosystem: 'Debian:12', pkg: 'openssl', want: [] },
    {
      name: 'an Alpine branch',
      ecosystem: 'Alpine:v3.4',
      pkg: 'expat',
      want: [['CVE-2012-6702', 'ALPINE-CVE-2012-6702']],
    },
    { name: 'a skipped Alpine record adds nothing', ecosystem: 'Alpine:v3.10', pkg: 'rsync', want: [] },
    {
      name: 'PyPI names are compared as PEP 503 says',
      ecosystem: 'PyPI',
      pkg: 'JW_Util',
      want: [['CVE-2020-13388', 'PYSEC-2020-341']],
    },
    { name: 'a withdrawn record adds nothing', ecosystem: 'PyPI', pkg: 'vantage6', want: [] },
    {
      name: 'the Go advisory and the GHSA record for one module',
      ecosystem: 'Go',
      pkg: 'github.com/docker/distribution',
      want: [
        ['GHSA-qq97-vm5h-rrhg', 'GHSA-qq97-vm5h-rrhg'],
        ['GO-2022-0379', 'GO-2022-0379'],
      ],
    },
    { name: 'a bare ecosystem does not match namespaced entries', ecosystem: 'Debian', pkg: 'openssl', want: [] },
  ];
  it.each(lookups)('advisoriesFor: $name', ({ ecosystem, pkg, want }) => {
    expect(db.advisoriesFor(ecosystem, pkg).map((a) => [a.vulnerabilityId, a.advisoryId])).toEqual(want);
  });

  it('returns ranges, versions and the data source of an advisory', () => {
    const [advisory] = db.advisoriesFor('Alpine:v3.4', 'expat');
    expect(advisory).toEqual({
      advisoryId: 'ALPINE-CVE-2012-6702',
      vulnerabilityId: 'CVE-2012-6702',
      ecosystem: 'Alpine:v3.4',
      packageName: 'expat',
      ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2.2.0-r0' }] }],
      versions: [],
      dataSource: { id: 'alpine', name: 'OSV Alpine', url: 'https://osv.dev/list?ecosystem=Alpine' },
    });
  });

  it('merges the records that share a CVE: Debian advisories and a rated PyPI record', () => {
    expect(db.vulnerability('CVE-2014-6633')).toMatchObject({
      id: 'CVE-2014-6633',
      severity: 'HIGH',
      severitySource: 'osv',
      vendorSeverity: { osv: 3 },
      cvss: { osv: { v3Vector: 'CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', v3Score: 8.8 } },
      advisoryIds: ['DEBIAN-CVE-2014-6633', 'DLA-70-1', 'DSA-3043-1', 'GHSA-m9jj-5qvj-5fhx', 'PYSEC-2026-3390'],
      primaryUrl: 'https://nvd.nist.gov/vuln/detail/CVE-2014-6633',
    });
  });

  it('takes the title from the first source in precedence (debian before osv)', () => {
    expect(db.vulnerability('CVE-2014-6633')?.title).toBe('tryton-server - security update');
  });

  it('rates an unrated id by the record it names as an alias', () => {
    expect(db.vulnerability('GO-2022-0379')).toMatchObject({
      severity: 'LOW',
      severitySource: 'ghsa',
      vendorSeverity: {},
      advisoryIds: ['GHSA-qq97-vm5h-rrhg'],
      primaryUrl: 'https://osv.dev/vulnerability/GO-2022-0379',
    });
  });

  it('reports GHSA severity, CVSS and CWE under ghsa', () => {
    expect(db.vulnerability('GHSA-qq97-vm5h-rrhg')).toMatchObject({
      severity: 'LOW',
      severitySource: 'ghsa',
      vendorSeverity: { ghsa: 1 },
      cvss: { ghsa: { v3Vector: 'CVSS:3.1/AV:N/AC:H/PR:L/UI:R/S:C/C:N/I:L/A:N', v3Score: 3 } },
      cweIds: ['CWE-843'],
    });
  });

  it('rates bare RubySec scores but reports no CVSS without a vector', () => {
    expect(db.vulnerability('CVE-2011-1497')).toMatchObject({
      severity: 'MEDIUM',
      vendorSeverity: { 'ruby-advisory-db': 2 },
      cvss: {},
    });
  });

  it('says UNKNOWN when nothing rates an id', () => {
    expect(db.vulnerability('DLA-0016-1')).toMatchObject({
      severity: 'UNKNOWN',
      vendorSeverity: {},
      title: 'libxml2 - security update',
    });
    expect(db.vulnerability('DLA-0016-1')?.severitySource).toBeUndefined();
  });

  it('knows nothing of an id no record names', () => {
    expect(db.vulnerability('CVE-1999-0001')).toBeUndefined();
  });

  it('gives the data source of an imported ecosystem only', () => {
    expect([db.dataSource('Debian:11')?.id, db.dataSource('Maven')]).toEqual(['debian', undefined]);
  });
});

describe('importSources: atomic replacement', () => {
  async function previousDb(): Promise<{ dbPath: string; bytes: Buffer }> {
    const dbPath = path.join(tempDir(), 'db', 'barnacle.db');
    await importSources([path.join(FIXTURES, 'npm')], dbPath, { now: NOW });
    return { dbPath, bytes: readFileSync(dbPath) };
  }

  const failures: { name: string; inputs: string[]; error: typeof InputError; message: string }[] = [
    {
      name: 'a corrupt entry in a zip',
      inputs: ['debian-subset.zip', 'debian-corrupt.zip'],
      error: InputError,
      message: 'is a corrupt zip file: DLA-2019-1.json',
    },
    {
      name: 'a truncated zip',
      inputs: ['debian-subset.zip', 'debian-truncated.zip'],
      error: InputError,
      message: 'is not a valid zip file',
    },
    {
      name: 'a file that is not a zip',
      inputs: ['debian-subset.zip', 'README.md'],
      error: InputError,
      message: 'README.md is not a zip file',
    },
    {
      name: 'a path that does not exist',
      inputs: ['debian-subset.zip', 'nothing.zip'],
      error: InputError,
      message: 'cannot read OSV input',
    },
  ];
  it.each(failures)(
    '$name fails the import and leaves the previous DB as it was',
    async ({ inputs, error, message }) => {
      const { dbPath, bytes } = await previousDb();
      const attempt = importSources(inputs.map(fixture), dbPath, { now: NOW });
      await expect(attempt).rejects.toThrow(error);
      await expect(attempt).rejects.toThrow(message);
      expect(readFileSync(dbPath).equals(bytes)).toBe(true);
      expect(readdirSync(path.dirname(dbPath))).toEqual(['barnacle.db']);
      const db = openDb(dbPath);
      expect(db.advisoriesFor('npm', 'bassmaster').map((a) => a.advisoryId)).toEqual(['NSWG-ECO-1']);
      db.close();
    },
  );

  it('replaces the DB when the import succeeds, while an open reader keeps the old one', async () => {
    const { dbPath } = await previousDb();
    const reader = openDb(dbPath);
    await importSources([fixture('debian-subset.zip')], dbPath, { now: NOW });
    expect(reader.advisoriesFor('npm', 'bassmaster')).toHaveLength(1);
    reader.close();
    const fresh = openDb(dbPath);
    expect([fresh.advisoriesFor('npm', 'bassmaster'), fresh.advisoriesFor('Debian:11', 'openssl').length]).toEqual([
      [],
      2,
    ]);
    fresh.close();
  });

  it('removes the temporary file of an import whose process is gone', async () => {
    const { dbPath } = await previousDb();
    const stale = path.join(path.dirname(dbPath), '.barnacle.db.999999999.abcd1234.tmp');
    writeFileSync(stale, 'half a database');
    await importSources([fixture('debian-subset.zip')], dbPath, { now: NOW });
    expect(existsSync(stale)).toBe(false);
  });

  it('counts a record given twice once', async () => {
    const dbPath = path.join(tempDir(), 'barnacle.db');
    const summary = await importSources([fixture('debian-subset.zip'), path.join(FIXTURES, 'Debian')], dbPath, {
      now: NOW,
    });
    expect([summary.records, summary.skipReasons]).toEqual([6, { duplicate: 6 }]);
    const db = openDb(dbPath);
    expect(db.advisoriesFor('Debian:11', 'openssl')).toHaveLength(2);
    db.close();
  });
});

describe('importSources: JSON files and directories', () => {
  it('reads a single JSON file and counts a truncated one in a directory as malformed', async () => {
    const dir = tempDir();
    const record = readFileSync(path.join(FIXTURES, 'npm', 'NSWG-ECO-12.json'));
    writeFileSync(path.join(dir, 'NSWG-ECO-12.json'), record.subarray(0, 200));
    writeFileSync(path.join(dir, 'notes.txt'), 'not a record');
    const summary = await importSources(
      [path.join(FIXTURES, 'npm', 'NSWG-ECO-1.json'), dir],
      path.join(dir, 'db', 'barnacle.db'),
      {
        now: NOW,
      },
    );
    expect([summary.records, summary.skipReasons]).toEqual([1, { malformed: 1 }]);
    expect(summary.problems).toEqual([
      { path: path.join(dir, 'NSWG-ECO-12.json'), reason: expect.stringMatching(/^not valid JSON \(/) },
    ]);
  });
});

describe('openDb: bad files', () => {
  it('a missing DB says how to build one', () => {
    const dbPath = path.join(tempDir(), 'barnacle.db');
    expect(() => openDb(dbPath)).toThrow(
      new DbError(
        `vulnerability DB not found at ${dbPath}; run \`barnacle db import PATH...\` or \`barnacle db update\``,
      ),
    );
  });

  it('a file that is not SQLite is a DbError', () => {
    const dbPath = path.join(tempDir(), 'barnacle.db');
    copyFileSync(fixture('README.md'), dbPath);
    expect(() => openDb(dbPath)).toThrow(DbError);
    expect(() => openDb(dbPath)).toThrow(/is corrupt or not a barnacle DB \(file is not a database\)/);
  });

  it('a DB of another schema version is a DbError', async () => {
    const dbPath = path.join(tempDir(), 'barnacle.db');
    await importSources([path.join(FIXTURES, 'npm')], dbPath, { now: NOW });
    const writable = new Database(dbPath);
    writable.prepare("UPDATE metadata SET value = '99' WHERE key = 'schema_version'").run();
    writable.close();
    expect(() => openDb(dbPath)).toThrow(
      new RegExp(`has schema version 99, this barnacle reads version ${SCHEMA_VERSION}`),
    );
  });

  it('a zip fixture opened as a DB is a DbError', () => {
    expect(() => openDb(fixture('debian-subset.zip'))).toThrow(DbError);
  });
});
