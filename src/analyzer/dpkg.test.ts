import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { fixtureFile, fixtureRoot } from '../../test/fixture-file.js';
import { formatVersion, type Package, type Problem } from '../types.js';
import { dpkg } from './dpkg.js';
import type { LayerFile } from './types.js';

/** A package with Trivy's JSON field names, as test/fixtures/analyzer/dpkg/<case>/trivy-packages.json holds them. */
function asTrivy(p: Package): Record<string, unknown> {
  const entries = Object.entries({
    ID: p.id,
    Name: p.name,
    Version: p.version,
    Release: p.release,
    Epoch: p.epoch,
    Arch: p.arch,
    SrcName: p.srcName,
    SrcVersion: p.srcVersion,
    SrcRelease: p.srcRelease,
    SrcEpoch: p.srcEpoch,
    Maintainer: p.maintainer,
    DependsOn: p.dependsOn,
  });
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined));
}

async function analyzeCase(dir: string, paths: readonly string[]) {
  const root = fixtureRoot('dpkg', dir);
  const results = await Promise.all(paths.map((path) => dpkg.analyze(fixtureFile(root, path))));
  const packages = results.flatMap((r) => r.packageInfos ?? []).flatMap((info) => info.packages);
  return {
    packages: packages.map(asTrivy).sort((a, b) => String(a.ID).localeCompare(String(b.ID))),
    filePaths: results.flatMap((r) => r.packageInfos ?? []).map((info) => info.filePath),
    problems: results.flatMap((r) => r.problems),
    trivy: JSON.parse(readFileSync(join(root, 'trivy-packages.json'), 'utf8')) as unknown,
  };
}

describe('dpkg', () => {
  const paths: { path: string; want: boolean }[] = [
    { path: 'var/lib/dpkg/status', want: true },
    { path: 'var/lib/dpkg/status.d/base-files', want: true },
    { path: 'var/lib/dpkg/status.d/libssl3', want: true },
    { path: 'var/lib/dpkg/status.d/base-files.md5sums', want: false },
    { path: 'var/lib/dpkg/status.d/nested/base-files', want: false },
    { path: 'var/lib/dpkg/info/bash.list', want: true },
    { path: 'var/lib/dpkg/info/libc6:amd64.list', want: true },
    { path: 'var/lib/dpkg/info/bash.md5sums', want: false },
    { path: 'var/lib/dpkg/info/bash.postinst', want: false },
    { path: 'var/lib/dpkg/info/nested/bash.list', want: false },
    { path: 'var/lib/dpkg/status-old', want: false },
    { path: 'var/lib/dpkg/available', want: false },
    { path: 'var/lib/dpkg/status.d', want: false },
    { path: 'usr/var/lib/dpkg/status', want: false },
    { path: 'var/lib/dpkg/statusX/base-files', want: false },
  ];
  it.each(paths)('wants $path: $want', ({ path, want }) => expect(dpkg.wants(path, 1000, 0o644)).toBe(want));

  // Each case lists the same packages as Trivy v0.44.1 on the same directory (trivy-packages.json).
  const cases: { name: string; dir: string; paths: string[]; problems: Problem[] }[] = [
    {
      name: 'bullseye stanzas: epochs, Source: with and without version, dependencies within the file',
      dir: 'bullseye',
      paths: ['var/lib/dpkg/status'],
      problems: [],
    },
    {
      name: 'a whole bullseye minbase status file',
      dir: 'bullseye-full',
      paths: ['var/lib/dpkg/status'],
      problems: [],
    },
    {
      name: 'removed, config-files and purge-selected packages are left out; held and unpacked are kept',
      dir: 'states',
      paths: ['var/lib/dpkg/status'],
      problems: [],
    },
    {
      name: 'distroless status.d files without Status: are installed packages',
      dir: 'distroless',
      paths: ['var/lib/dpkg/status.d/base-files', 'var/lib/dpkg/status.d/netbase', 'var/lib/dpkg/status.d/tzdata'],
      problems: [],
    },
    {
      name: 'broken stanzas are problems and the good ones are kept',
      dir: 'broken',
      paths: ['var/lib/dpkg/status'],
      problems: [
        {
          path: 'var/lib/dpkg/status',
          index: 1,
          reason: 'stanza 1: line 4 is not a "Field: value" line: "Priority required"',
        },
        {
          path: 'var/lib/dpkg/status',
          index: 2,
          reason: "stanza 2: package login has an invalid version '1:x4.8.1-1'",
        },
        { path: 'var/lib/dpkg/status', index: 3, reason: 'stanza 3: stanza has no Package: or Version: field' },
      ],
    },
  ];
  it.each(cases)('fixture: $name', async ({ dir, paths, problems }) => {
    const got = await analyzeCase(dir, paths);
    expect(got.packages).toEqual(got.trivy);
    expect(got.filePaths).toEqual(paths);
    expect(got.problems).toEqual(problems);
  });

  it('a whole status file lists what dpkg-query lists', async () => {
    const root = fixtureRoot('dpkg', 'bullseye-full');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own ${field} syntax
    const format = '${Package}\\t${Version}\\t${source:Package}\\t${source:Version}\\t${Architecture}\\n';
    const admindir = join(root, 'var/lib/dpkg');
    const want = execFileSync('dpkg-query', [`--admindir=${admindir}`, '-W', '-f', format], { encoding: 'utf8' });
    const result = await dpkg.analyze(fixtureFile(root, 'var/lib/dpkg/status'));
    const got = (result.packageInfos?.[0]?.packages ?? []).map((p) =>
      [
        p.name,
        p.id.slice(p.name.length + 1),
        p.srcName,
        formatVersion(p.srcEpoch, p.srcVersion ?? '', p.srcRelease),
        p.arch,
      ].join('\t'),
    );
    expect(got.sort()).toEqual(want.trimEnd().split('\n').sort());
    expect(got).toHaveLength(96);
  });

  const lists: { name: string; path: string; want: string[] }[] = [
    {
      name: 'files only, no directories, no leading slash',
      path: 'var/lib/dpkg/info/libcrypt1:amd64.list',
      want: [
        'lib/x86_64-linux-gnu/libcrypt.so.1.1.0',
        'usr/share/doc/libcrypt1/changelog.Debian.gz',
        'usr/share/doc/libcrypt1/changelog.gz',
        'usr/share/doc/libcrypt1/copyright',
        'lib/x86_64-linux-gnu/libcrypt.so.1',
      ],
    },
    {
      name: 'symlinks listed after the directories are files too',
      path: 'var/lib/dpkg/info/hostname.list',
      want: [
        'bin/hostname',
        'usr/share/doc/hostname/changelog.gz',
        'usr/share/doc/hostname/copyright',
        'usr/share/man/man1/hostname.1.gz',
        'bin/dnsdomainname',
        'bin/domainname',
        'bin/nisdomainname',
        'bin/ypdomainname',
        'usr/share/man/man1/dnsdomainname.1.gz',
        'usr/share/man/man1/domainname.1.gz',
        'usr/share/man/man1/nisdomainname.1.gz',
        'usr/share/man/man1/ypdomainname.1.gz',
      ],
    },
  ];
  it.each(lists)('info list: $name', async ({ path, want }) => {
    expect(await dpkg.analyze(fixtureFile(fixtureRoot('dpkg', 'bullseye'), path))).toEqual({
      systemFiles: want,
      problems: [],
    });
  });

  it('a line longer than 4 MiB is a problem and the stanzas before it are kept', async () => {
    const status = readFileSync(join(fixtureRoot('dpkg', 'bullseye'), 'var/lib/dpkg/status'), 'utf8');
    const file: LayerFile = {
      path: 'var/lib/dpkg/status',
      size: status.length + 5_000_000,
      mode: 0o644,
      bytes: () => Promise.reject(new Error('bytes() on a large file')),
      text: () => Promise.reject(new Error('text() on a large file')),
      stream: () => Readable.from([status, 'Description: ', 'x'.repeat(5_000_000), '\n']),
    };
    const lines = status.split('\n').length;
    const result = await dpkg.analyze(file);
    expect(result.packageInfos?.[0]?.packages).toHaveLength(6);
    expect(result.problems).toEqual([
      { path: 'var/lib/dpkg/status', reason: `line ${lines} is longer than 4 MiB; the rest of the file is skipped` },
    ]);
  });

  it('reads a 50 MB status file as a stream', async () => {
    // The whole bullseye status, repeated with renamed packages: 600 × 96 distinct packages.
    const status = readFileSync(join(fixtureRoot('dpkg', 'bullseye-full'), 'var/lib/dpkg/status'));
    const copies = 600;
    const chunks = function* () {
      for (let i = 0; i < copies; i++)
        yield Buffer.from(status.toString('latin1').replaceAll(/^Package: (.*)$/gm, `Package: $1-${i}`), 'latin1');
    };
    const size = status.length * copies;
    const file: LayerFile = {
      path: 'var/lib/dpkg/status',
      size,
      mode: 0o644,
      bytes: () => Promise.reject(new Error('bytes() on a large file')),
      text: () => Promise.reject(new Error('text() on a large file')),
      stream: () => Readable.from(chunks()),
    };
    const started = performance.now();
    const result = await dpkg.analyze(file);
    const seconds = (performance.now() - started) / 1000;
    expect(size).toBeGreaterThan(50_000_000);
    expect(result.packageInfos?.[0]?.packages).toHaveLength(96 * copies);
    expect(result.problems).toEqual([]);
    expect(seconds).toBeLessThan(30);
  });
});
