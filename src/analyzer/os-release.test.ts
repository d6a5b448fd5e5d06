import { describe, expect, it } from 'vitest';
import { fixtureFile, fixtureRoot, textFile } from '../../test/fixture-file.js';
import { osRelease } from './os-release.js';
import type { AnalyzerResult } from './types.js';

describe('os-release', () => {
  const paths: { path: string; want: boolean }[] = [
    { path: 'etc/os-release', want: true },
    { path: 'usr/lib/os-release', want: true },
    { path: 'etc/lsb-release', want: false },
    { path: 'x86_64-bottlerocket-linux-gnu/sys-root/usr/lib/os-release', want: true },
    { path: 'usr/lib/os-release.d/x', want: false },
    { path: 'opt/etc/os-release', want: false },
  ];
  it.each(paths)('wants $path: $want', ({ path, want }) => expect(osRelease.wants(path, 100, 0o644)).toBe(want));

  // Debian's os-release gives no OS: Trivy takes Debian from etc/debian_version (see the debian analyzer).
  // trivy-* are the os-release files of Trivy's own analyzer tests, with the results its tests expect.
  const fixtures: { name: string; dir: string; path?: string; want: AnalyzerResult }[] = [
    {
      name: 'bullseye is left to the debian analyzer',
      dir: 'bullseye',
      path: 'usr/lib/os-release',
      want: { problems: [] },
    },
    {
      name: 'bookworm is left to the debian analyzer',
      dir: 'bookworm',
      path: 'usr/lib/os-release',
      want: { problems: [] },
    },
    ...(
      [
        ['activestate', 'activestate', '1.0'],
        ['alma', 'alma', '9.4'],
        ['alpine', 'alpine', '3.15.4'],
        ['azurelinux-3.0', 'azurelinux', '3.0'],
        ['bottlerocket', 'bottlerocket', '1.34.0'],
        ['centos', 'centos', '7'],
        ['centos-stream', 'centos-stream', '8'],
        ['coreos', 'coreos', '3.15.4'],
        ['echo', 'echo', '1'],
        ['fedora', 'fedora', '42'],
        ['mariner-1.0', 'cbl-mariner', '1.0'],
        ['mariner-2.0', 'cbl-mariner', '2.0'],
        ['minimos', 'minimos', '20241031'],
        ['opensuseleap-15.2.1', 'opensuse-leap', '15.2.1'],
        ['opensuseleap-42.3', 'opensuse-leap', '42.3'],
        ['opensusetumbleweed', 'opensuse-tumbleweed', '20220412'],
        ['oracle', 'oracle', '8.10'],
        ['photon', 'photon', '4.0'],
        ['rhel', 'redhat', '9.4'],
        ['rocky', 'rocky', '9.3'],
        ['slemicro', 'slem', '5.3'],
        ['slemicro-rancher', 'slem', '5.4'],
        ['slemicro6.0', 'slem', '6.0'],
        ['sles', 'sles', '15.3'],
      ] as const
    ).map(([dir, family, name]) => ({
      name: `Trivy's ${dir} gives ${family} ${name}`,
      dir: `trivy-${dir}`,
      want: { os: { family, name }, problems: [] },
    })),
    { name: "Trivy's unknown OS gives nothing", dir: 'trivy-unknown', want: { problems: [] } },
    { name: "Trivy's file without ID gives nothing", dir: 'trivy-no-id', want: { problems: [] } },
    { name: "Trivy's file without VERSION_ID gives nothing", dir: 'trivy-no-version', want: { problems: [] } },
    {
      name: 'Wolfi gives wolfi and its VERSION_ID',
      dir: 'wolfi',
      want: { os: { family: 'wolfi', name: '20230201' }, problems: [] },
    },
    { name: 'Alpine 3.6.2', dir: 'alpine-3.6', want: { os: { family: 'alpine', name: '3.6.2' }, problems: [] } },
  ];
  it.each(fixtures)('fixture: $name', async ({ dir, path, want }) => {
    expect(await osRelease.analyze(fixtureFile(fixtureRoot('os-release', dir), path ?? 'etc/os-release'))).toEqual(
      want,
    );
  });

  // Alpine 3.18.4's /etc/os-release, and variations of it for the parsing rules.
  const ALPINE = [
    'NAME="Alpine Linux"',
    'ID=alpine',
    'VERSION_ID=3.18.4',
    'PRETTY_NAME="Alpine Linux v3.18"',
    'HOME_URL="https://alpinelinux.org/"',
    'BUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"',
    '',
  ].join('\n');
  const texts: { name: string; content: string; want: AnalyzerResult }[] = [
    {
      name: 'Alpine gives family and VERSION_ID',
      content: ALPINE,
      want: { os: { family: 'alpine', name: '3.18.4' }, problems: [] },
    },
    {
      name: 'quotes of either kind are removed',
      content: 'ID="opensuse-leap"\nVERSION_ID=\'15.5\'\n',
      want: { os: { family: 'opensuse-leap', name: '15.5' }, problems: [] },
    },
    {
      name: 'blanks around key and value are ignored',
      content: '  ID = sles \n VERSION_ID = "15.4"\n',
      want: { os: { family: 'sles', name: '15.4' }, problems: [] },
    },
    {
      name: 'a key given twice keeps its last value',
      content: 'ID=wolfi\nVERSION_ID=20230201\nVERSION_ID=1\n',
      want: { os: { family: 'wolfi', name: '1' }, problems: [] },
    },
    {
      // Chainguard's os-release as Chainguard images write it (NAME, ID, VERSION_ID, PRETTY_NAME, HOME_URL).
      name: 'Chainguard gives chainguard',
      content:
        'NAME="Chainguard"\nID=chainguard\nVERSION_ID=20231201\nPRETTY_NAME="Chainguard"\nHOME_URL="https://chainguard.dev"\n',
      want: { os: { family: 'chainguard', name: '20231201' }, problems: [] },
    },
    {
      name: 'CRLF line ends are read',
      content: 'ID=rocky\r\nVERSION_ID="9.3"\r\n',
      want: { os: { family: 'rocky', name: '9.3' }, problems: [] },
    },
    {
      name: 'Ubuntu is left to the ubuntu analyzer',
      content: 'ID=ubuntu\nVERSION_ID="22.04"\n',
      want: { problems: [] },
    },
    { name: 'no VERSION_ID gives nothing', content: 'ID=alpine\n', want: { problems: [] } },
    { name: 'an unknown ID gives nothing', content: 'ID=arch\nVERSION_ID=1\n', want: { problems: [] } },
    {
      name: 'an ID that only looks like a known one gives nothing',
      content: 'ID=toString\nVERSION_ID=1\n',
      want: { problems: [] },
    },
  ];
  it.each(texts)('$name', async ({ content, want }) => {
    expect(await osRelease.analyze(textFile('etc/os-release', content))).toEqual(want);
  });
});
