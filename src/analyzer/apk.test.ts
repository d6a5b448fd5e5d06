import { describe, expect, it } from 'vitest';
import { fixtureFile, fixtureRoot, textFile } from '../../test/fixture-file.js';
import type { Package } from '../types.js';
import { apk } from './apk.js';

const installed = (dir: string) => apk.analyze(fixtureFile(fixtureRoot('apk', dir), 'lib/apk/db/installed'));
const packagesOf = (result: Awaited<ReturnType<typeof apk.analyze>>): readonly Package[] =>
  result.packageInfos?.[0]?.packages ?? [];

describe('apk', () => {
  const paths: { path: string; want: boolean }[] = [
    { path: 'lib/apk/db/installed', want: true },
    { path: 'usr/lib/apk/db/installed', want: true },
    { path: 'lib/apk/db/triggers', want: false },
    { path: 'var/lib/apk/db/installed', want: false },
    { path: 'opt/lib/apk/db/installed', want: false },
  ];
  it.each(paths)('wants $path: $want', ({ path, want }) => expect(apk.wants(path, 100, 0o644)).toBe(want));

  // Alpine 3.6's database (see test/fixtures/analyzer/apk/README.md), every package with what it must carry:
  // id, origin (source name), licenses as Trivy reads the L: line, the ids its D: line resolves to, its file count.
  const ALPINE_36: [string, string, string[], string[], number][] = [
    ['musl@1.1.16-r9', 'musl', ['MIT'], [], 2],
    ['busybox@1.26.2-r5', 'busybox', ['GPL-2.0-only'], ['musl@1.1.16-r9'], 6],
    ['alpine-baselayout@3.0.4-r0', 'alpine-baselayout', ['GPL-2.0-only'], ['busybox@1.26.2-r5', 'musl@1.1.16-r9'], 25],
    ['alpine-keys@2.1-r1', 'alpine-keys', ['MIT'], [], 18],
    ['libressl2.5-libcrypto@2.5.4-r0', 'libressl', ['custom'], ['musl@1.1.16-r9'], 4],
    ['libressl2.5-libssl@2.5.4-r0', 'libressl', ['custom'], ['libressl2.5-libcrypto@2.5.4-r0', 'musl@1.1.16-r9'], 4],
    ['zlib@1.2.11-r0', 'zlib', ['Zlib'], ['musl@1.1.16-r9'], 2],
    [
      'apk-tools@2.7.1-r1',
      'apk-tools',
      ['GPL-2.0-only'],
      ['libressl2.5-libcrypto@2.5.4-r0', 'libressl2.5-libssl@2.5.4-r0', 'musl@1.1.16-r9', 'zlib@1.2.11-r0'],
      1,
    ],
    ['scanelf@1.2.2-r0', 'pax-utils', ['GPL-2.0-only'], ['musl@1.1.16-r9'], 1],
    // D:!uclibc-utils scanelf musl=1.1.16-r9 so:libc.musl-x86_64.so.1: a conflict, a name, a version, a provide.
    [
      'musl-utils@1.1.16-r9',
      'musl',
      ['MIT', 'BSD-3-Clause', 'GPL-2.0-or-later'],
      ['musl@1.1.16-r9', 'scanelf@1.2.2-r0'],
      5,
    ],
    ['libc-utils@0.7.1-r0', 'libc-dev', ['BSD-3-Clause'], ['musl-utils@1.1.16-r9'], 0],
  ];

  it('reads every package of Alpine 3.6 with its origin, licenses, dependencies and files', async () => {
    const result = await installed('alpine-3.6');
    expect(result.problems).toEqual([]);
    const got = packagesOf(result).map((p) => [
      p.id,
      p.srcName,
      p.licenses ?? [],
      p.dependsOn ?? [],
      p.installedFiles?.length ?? 0,
    ]);
    expect(got).toEqual(ALPINE_36);
    expect(result.systemFiles).toHaveLength(68);
  });

  it('gives name, version, arch and maintainer as written, and the origin the binary version', async () => {
    const scanelf = packagesOf(await installed('alpine-3.6')).find((p) => p.name === 'scanelf');
    expect(scanelf).toEqual({
      id: 'scanelf@1.2.2-r0',
      name: 'scanelf',
      version: '1.2.2-r0',
      srcName: 'pax-utils',
      srcVersion: '1.2.2-r0',
      arch: 'x86_64',
      licenses: ['GPL-2.0-only'],
      maintainer: 'Natanael Copa <ncopa@alpinelinux.org>',
      installedFiles: ['usr/bin/scanelf'],
      dependsOn: ['musl@1.1.16-r9'],
    });
  });

  it('joins R: files to the F: directory before them, relative to the root', async () => {
    const result = await installed('alpine-3.6');
    const busybox = packagesOf(result).find((p) => p.name === 'busybox');
    expect(busybox?.installedFiles).toEqual([
      'bin/busybox',
      'bin/sh',
      'etc/securetty',
      'etc/udhcpd.conf',
      'etc/logrotate.d/acpid',
      'etc/network/if-up.d/dad',
    ]);
    expect(result.systemFiles?.slice(0, 3)).toEqual([
      'lib/libc.musl-x86_64.so.1',
      'lib/ld-musl-x86_64.so.1',
      'bin/busybox',
    ]);
  });

  // Trivy's own test database: a stanza without V: among real ones, and packages Trivy's test expects.
  it('reports the stanza without a version by its file and index, and keeps the rest', async () => {
    const result = await installed('trivy-testdata');
    expect(result.problems).toEqual([
      {
        path: 'lib/apk/db/installed',
        index: 1,
        reason: 'stanza 1: package invalidPackageWithoutAVersion has no V: (version) line',
      },
    ]);
    const packages = packagesOf(result);
    expect(packages.map((p) => p.id)).toEqual([
      'musl@1.1.14-r10',
      'busybox@1.24.2-r9',
      'alpine-baselayout@3.0.3-r0',
      'alpine-keys@1.1-r0',
      'zlib@1.2.8-r2',
      'libcrypto1.0@1.0.2h-r1',
      'libssl1.0@1.0.2h-r1',
      'apk-tools@2.6.7-r0',
      'scanelf@1.1.6-r0',
      'musl-utils@1.1.14-r10',
      'libc-utils@0.7-r0',
      'pkgconf@1.6.0-r0',
      'sqlite-libs@3.26.0-r3',
      'test@2.9.11_pre20061021-r2',
      'ada-libs@2.7.4-r0',
    ]);
    // Trivy's expected DependsOn for these (pkg/fanal/analyzer/pkg/apk/apk_test.go).
    const byId = new Map(packages.map((p) => [p.id, p]));
    expect(byId.get('test@2.9.11_pre20061021-r2')?.dependsOn).toEqual(['pkgconf@1.6.0-r0', 'sqlite-libs@3.26.0-r3']);
    expect(byId.get('apk-tools@2.6.7-r0')?.dependsOn).toEqual([
      'libcrypto1.0@1.0.2h-r1',
      'libssl1.0@1.0.2h-r1',
      'musl@1.1.14-r10',
      'zlib@1.2.8-r2',
    ]);
    expect(byId.get('ada-libs@2.7.4-r0')?.licenses).toEqual(['Apache-2.0', 'MIT', 'MPL-2.0']);
  });

  const texts: { name: string; content: string; ids: string[]; problems: string[] }[] = [
    {
      name: 'a name installed twice keeps its first stanza',
      content: 'P:a\nV:1.0-r0\n\nP:a\nV:2.0-r0\n',
      ids: ['a@1.0-r0'],
      problems: [],
    },
    {
      name: 'an invalid version is a problem and the next stanza is kept',
      content: 'P:a\nV:1.0-1\n\nP:b\nV:1.0-r1\n',
      ids: ['b@1.0-r1'],
      problems: ["stanza 0: package a has an invalid version '1.0-1'"],
    },
    {
      name: 'CRLF line ends and no final blank line are read',
      content: 'P:a\r\nV:1.0-r0\r\n\r\nP:b\r\nV:2_rc1-r3',
      ids: ['a@1.0-r0', 'b@2_rc1-r3'],
      problems: [],
    },
    {
      name: 'runs of blank lines count as one separator',
      content: '\n\nP:a\nV:1\n\n\n\nP:b\nV:2\n\n',
      ids: ['a@1', 'b@2'],
      problems: [],
    },
    {
      name: 'a stanza without a name is a problem',
      content: 'V:1\nA:x86_64\n\nP:b\nV:2\n',
      ids: ['b@2'],
      problems: ['stanza 0: stanza has no P: (package name) line'],
    },
    { name: 'an empty file has no packages', content: '', ids: [], problems: [] },
  ];
  it.each(texts)('$name', async ({ content, ids, problems }) => {
    const result = await apk.analyze(textFile('lib/apk/db/installed', content));
    expect(packagesOf(result).map((p) => p.id)).toEqual(ids);
    expect(result.problems.map((p) => p.reason)).toEqual(problems);
  });

  it('has no source name when the stanza has no origin (o:)', async () => {
    const result = await apk.analyze(textFile('lib/apk/db/installed', 'P:a\nV:1.0-r0\n'));
    expect(packagesOf(result)).toEqual([{ id: 'a@1.0-r0', name: 'a', version: '1.0-r0' }]);
  });
});
