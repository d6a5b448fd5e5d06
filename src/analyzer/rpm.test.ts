import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { fixtureFile, fixtureRoot } from '../../test/fixture-file.js';
import type { Package } from '../types.js';
import { rpm, splitSourceRpm } from './rpm.js';
import type { AnalyzerResult, LayerFile } from './types.js';

const SQLITE = 'var/lib/rpm/rpmdb.sqlite';
const BDB = 'var/lib/rpm/Packages';
const NDB = 'usr/lib/sysimage/rpm/Packages.db';

/** An in-memory copy of a fixture database, to damage. */
const fixtureBytes = (name: string, path: string): Uint8Array =>
  new Uint8Array(readFileSync(join(fixtureRoot('rpm', name), ...path.split('/'))));

const bytesFile = (path: string, content: Uint8Array): LayerFile => ({
  path,
  size: content.length,
  mode: 0o644,
  bytes: async () => content,
  text: async () => Buffer.from(content).toString('utf8'),
  stream: () => Readable.from([Buffer.from(content)]),
});

const packagesOf = (result: AnalyzerResult): readonly Package[] => result.packageInfos?.[0]?.packages ?? [];

/** A package as the rpm -qa --qf line of the fixture's expected.tsv writes it (see the README). */
function qaLine(pkg: Package): string {
  const source = pkg.srcName ? `${pkg.srcName}-${pkg.srcVersion}-${pkg.srcRelease}.src.rpm` : '(none)';
  return [
    pkg.name,
    String(pkg.epoch ?? 0),
    pkg.version,
    pkg.release,
    pkg.arch,
    source,
    pkg.licenses?.[0] ?? '(none)',
    pkg.maintainer ?? '(none)',
    pkg.modularityLabel ?? '(none)',
  ].join('\t');
}

const expectedLines = (name: string): string[] =>
  readFileSync(join(fixtureRoot('rpm', name), 'expected.tsv'), 'utf8')
    .split('\n')
    .filter(Boolean);

describe('rpm', () => {
  const paths: { path: string; want: boolean }[] = [
    { path: 'var/lib/rpm/Packages', want: true },
    { path: 'var/lib/rpm/Packages.db', want: true },
    { path: 'var/lib/rpm/rpmdb.sqlite', want: true },
    { path: 'usr/lib/sysimage/rpm/Packages', want: true },
    { path: 'usr/lib/sysimage/rpm/Packages.db', want: true },
    { path: 'usr/lib/sysimage/rpm/rpmdb.sqlite', want: true },
    { path: 'usr/share/rpm/rpmdb.sqlite', want: true },
    { path: 'var/lib/rpm/Name', want: false },
    { path: 'var/lib/rpm/rpmdb.sqlite-wal', want: false },
    { path: 'usr/share/rpm/Packages', want: false },
    { path: 'home/user/var/lib/rpm/Packages', want: false },
  ];
  it.each(paths)('wants $path: $want', ({ path, want }) => expect(rpm.wants(path, 1, 0o644)).toBe(want));

  const databases = [
    { name: 'a CBL-Mariner 2.0 SQLite rpmdb lists what rpm -qa lists', fixture: 'mariner-sqlite', path: SQLITE },
    { name: 'a UBI 8 Berkeley DB rpmdb lists what rpm -qa lists', fixture: 'ubi8-bdb', path: BDB },
    { name: 'a SLE 15 NDB rpmdb lists what go-rpmdb expects', fixture: 'sle15-ndb', path: NDB },
  ];
  it.each(databases)('$name', async ({ fixture, path }) => {
    const result = await rpm.analyze(fixtureFile(fixtureRoot('rpm', fixture), path));
    expect(result.problems).toEqual([]);
    expect(packagesOf(result).map(qaLine)).toEqual(expectedLines(fixture));
  });

  it('reads the whole package of a Red Hat vendor, files included (rpm -qa --qf [%{FILENAMES}])', async () => {
    const result = await rpm.analyze(fixtureFile(fixtureRoot('rpm', 'ubi8-bdb'), BDB));
    const files = [
      '/usr/lib/.build-id',
      '/usr/lib/.build-id/df/ef6a880adac817216ab9866779a0725e017647',
      '/usr/lib64/libuuid.so.1',
      '/usr/lib64/libuuid.so.1.3.0',
      '/usr/share/licenses/libuuid',
      '/usr/share/licenses/libuuid/COPYING',
      '/usr/share/licenses/libuuid/COPYING.BSD-3',
    ];
    expect(packagesOf(result)).toEqual([
      {
        id: 'libuuid@2.32.1-42.el8_8.x86_64',
        name: 'libuuid',
        version: '2.32.1',
        release: '42.el8_8',
        arch: 'x86_64',
        srcName: 'util-linux',
        srcVersion: '2.32.1',
        srcRelease: '42.el8_8',
        licenses: ['BSD'],
        maintainer: 'Red Hat, Inc.',
        installedFiles: files,
        digest: 'md5:c1e561f13d39aee443a1f00258fba000',
      },
    ]);
    expect(result.systemFiles).toEqual(files);
  });

  it('gives a package the ids of the packages providing what it requires (rpm -q --requires, --whatprovides)', async () => {
    const result = await rpm.analyze(fixtureFile(fixtureRoot('rpm', 'mariner-sqlite'), SQLITE));
    const curl = packagesOf(result).find((pkg) => pkg.name === 'curl');
    expect(curl?.dependsOn).toEqual([
      'bash@5.1.8-1.cm2.x86_64',
      'curl-libs@7.76.0-6.cm2.x86_64',
      'glibc@2.34-2.cm2.x86_64',
      'krb5@1.18-2.cm2.x86_64',
      'libssh2@1.9.0-1.cm2.x86_64',
      'openssl@1.1.1k-7.cm2.x86_64',
      'zlib@1.2.11-5.cm2.x86_64',
    ]);
    expect(curl?.installedFiles).toEqual([
      '/usr/bin/curl',
      '/usr/bin/curl-config',
      '/usr/share/licenses/curl',
      '/usr/share/licenses/curl/COPYING',
      '/usr/share/man/man1/curl-config.1.gz',
      '/usr/share/man/man1/curl.1.gz',
    ]);
  });

  it("gives an NDB package the digest Trivy v0.44.1 reports for it (go-rpmdb's SigMD5 of libcap2)", async () => {
    const result = await rpm.analyze(fixtureFile(fixtureRoot('rpm', 'sle15-ndb'), NDB));
    const libcap = packagesOf(result).find((pkg) => pkg.name === 'libcap2');
    expect(libcap?.digest).toBe('md5:9a3cfe53cd724b794d7db73e20ffc446');
  });

  const sources: { name: string; input: string; want: ReturnType<typeof splitSourceRpm> }[] = [
    {
      name: 'a plain source rpm',
      input: 'util-linux-2.32.1-42.el8_8.src.rpm',
      want: { name: 'util-linux', version: '2.32.1', release: '42.el8_8' },
    },
    {
      name: 'hyphens stay in the name',
      input: 'rpm-config-SUSE-1-5.6.1.src.rpm',
      want: { name: 'rpm-config-SUSE', version: '1', release: '5.6.1' },
    },
    { name: 'a name without version and release', input: 'foo.src.rpm', want: undefined },
  ];
  it.each(sources)('splits SOURCERPM: $name', ({ input, want }) => expect(splitSourceRpm(input)).toEqual(want));
});

describe('rpm with damaged databases', () => {
  const expectOnlyProblemsNaming = (result: AnalyzerResult, path: string) => {
    expect(result.problems.length).toBeGreaterThan(0);
    for (const problem of result.problems) expect(problem.path).toBe(path);
  };

  it('skips an NDB package whose header blob is truncated and keeps the others', async () => {
    const bytes = fixtureBytes('sle15-ndb', NDB);
    const view = new DataView(bytes.buffer);
    // The first used slot's blob: its header claims more index entries than the blob holds.
    const slot = 32;
    const blobAt = view.getUint32(slot + 8, true) * 16;
    view.setInt32(blobAt + 16, 100_000);
    const result = await rpm.analyze(bytesFile(NDB, bytes));
    expectOnlyProblemsNaming(result, NDB);
    expect(result.problems[0]?.reason).toMatch(/header needs \d+ bytes but the blob has \d+/);
    expect(packagesOf(result).map(qaLine)).toEqual(expectedLines('sle15-ndb').slice(1));
  });

  it('skips an NDB slot with a bad magic number and a slot pointing past the end', async () => {
    const bytes = fixtureBytes('sle15-ndb', NDB);
    const view = new DataView(bytes.buffer);
    view.setUint32(32, 0xdeadbeef, true);
    view.setUint32(32 + 16 + 8, 0xffffffff, true);
    const result = await rpm.analyze(bytesFile(NDB, bytes));
    expectOnlyProblemsNaming(result, NDB);
    expect(result.problems).toHaveLength(2);
    expect(packagesOf(result).map(qaLine)).toEqual(expectedLines('sle15-ndb').slice(2));
  });

  it('refuses an NDB header naming billions of slots without allocating them', async () => {
    const bytes = fixtureBytes('sle15-ndb', NDB);
    new DataView(bytes.buffer).setUint32(12, 0xffffffff, true);
    const result = await rpm.analyze(bytesFile(NDB, bytes));
    expect(result.problems).toEqual([
      { path: NDB, reason: 'cannot read the rpm database: NDB header names 4294967295 slot pages' },
    ]);
  });

  const bdbDamage: { name: string; damage: (view: DataView, pageSize: number) => void; reason: RegExp }[] = [
    {
      name: 'an overflow chain that loops back on itself',
      damage: (view, pageSize) => {
        const page = firstOverflowPage(view, pageSize);
        view.setUint32(page * pageSize + 16, page, true);
      },
      reason: /overflow (chain from page \d+ loops|page \d+ holds \d+ bytes, more than)/,
    },
    {
      name: 'an overflow page number past the end of the file',
      damage: (view, pageSize) => {
        const page = firstOverflowPage(view, pageSize);
        view.setUint32(page * pageSize + 16, 0x7fffffff, true);
      },
      reason: /overflow page 2147483647 is past the last page/,
    },
    {
      name: 'an item length of 4 GiB',
      damage: (view, pageSize) => {
        const { page, item } = firstOffPageItem(view, pageSize);
        view.setUint32(page * pageSize + item + 8, 0xffffffff, true);
      },
      reason: /item of 4294967295 bytes is larger than the file/,
    },
    {
      name: 'a last page number past the end of the file',
      damage: (view) => view.setUint32(32, 0xfffffff, true),
      reason: /the database names 268435456 pages but the file holds \d+/,
    },
  ];
  it.each(bdbDamage)('reports a Berkeley DB with $name, naming the file', async ({ damage, reason }) => {
    const bytes = fixtureBytes('ubi8-bdb', BDB);
    const view = new DataView(bytes.buffer);
    damage(view, view.getUint32(20, true));
    const result = await rpm.analyze(bytesFile(BDB, bytes));
    expectOnlyProblemsNaming(result, BDB);
    expect(result.problems.map((problem) => problem.reason).join('\n')).toMatch(reason);
  });

  it('keeps the rows of an SQLite rpmdb before a truncation, or reports it unreadable', async () => {
    const bytes = fixtureBytes('mariner-sqlite', SQLITE).subarray(0, 1_000_000);
    const result = await rpm.analyze(bytesFile(SQLITE, bytes));
    expectOnlyProblemsNaming(result, SQLITE);
    const lines = packagesOf(result).map(qaLine);
    expect(lines).toEqual(expectedLines('mariner-sqlite').slice(0, lines.length));
  });

  const garbage: { name: string; content: Uint8Array; reason: string }[] = [
    {
      name: 'an empty file',
      content: new Uint8Array(0),
      reason: 'cannot read the rpm database: not an rpm database (neither SQLite, NDB nor Berkeley DB)',
    },
    {
      name: 'text',
      content: new TextEncoder().encode('not a database at all, just some words in a file\n'.repeat(4)),
      reason: 'cannot read the rpm database: not an rpm database (neither SQLite, NDB nor Berkeley DB)',
    },
  ];
  it.each(garbage)('reports $name as no rpm database', async ({ content, reason }) => {
    const result = await rpm.analyze(bytesFile(BDB, content));
    expect(result).toEqual({ problems: [{ path: BDB, reason }] });
  });
});

/** The page of the first off-page item of the first hash page, and the item's offset in it (Berkeley DB layout). */
function firstOffPageItem(view: DataView, pageSize: number): { page: number; item: number } {
  const last = view.getUint32(32, true);
  for (let page = 1; page <= last; page++) {
    const at = page * pageSize;
    if (view.getUint8(at + 25) !== 13) continue;
    const entries = view.getUint16(at + 20, true);
    for (let value = 1; value < entries; value += 2) {
      const item = view.getUint16(at + 26 + value * 2, true);
      if (view.getUint8(at + item) === 3) return { page, item };
    }
  }
  throw new Error('no off-page item in the fixture');
}

function firstOverflowPage(view: DataView, pageSize: number): number {
  const { page, item } = firstOffPageItem(view, pageSize);
  return view.getUint32(page * pageSize + item + 4, true);
}
