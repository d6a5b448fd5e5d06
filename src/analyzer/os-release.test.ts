import { describe, expect, it } from 'vitest';
import { fixtureFile, fixtureRoot, textFile } from '../../test/fixture-file.js';
import { osRelease } from './os-release.js';
import type { AnalyzerResult } from './types.js';

describe('os-release', () => {
  const paths: { path: string; want: boolean }[] = [
    { path: 'etc/os-release', want: true },
    { path: 'usr/lib/os-release', want: true },
    { path: 'etc/lsb-release', want: false },
    { path: 'usr/lib/os-release.d/x', want: false },
    { path: 'opt/etc/os-release', want: false },
  ];
  it.each(paths)('wants $path: $want', ({ path, want }) => expect(osRelease.wants(path, 100, 0o644)).toBe(want));

  // Debian's os-release gives no OS: Trivy takes Debian from etc/debian_version (see the debian analyzer).
  const fixtures: { name: string; dir: string; want: AnalyzerResult }[] = [
    { name: 'bullseye is left to the debian analyzer', dir: 'bullseye', want: { problems: [] } },
    { name: 'bookworm is left to the debian analyzer', dir: 'bookworm', want: { problems: [] } },
  ];
  it.each(fixtures)('fixture: $name', async ({ dir, want }) => {
    expect(await osRelease.analyze(fixtureFile(fixtureRoot('os-release', dir), 'usr/lib/os-release'))).toEqual(want);
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
      want: { os: { family: 'opensuse.leap', name: '15.5' }, problems: [] },
    },
    {
      name: 'blanks around key and value are ignored',
      content: '  ID = sles \n VERSION_ID = "15.4"\n',
      want: { os: { family: 'suse linux enterprise server', name: '15.4' }, problems: [] },
    },
    {
      name: 'the first complete ID and VERSION_ID pair wins',
      content: 'ID=wolfi\nVERSION_ID=20230201\nVERSION_ID=1\n',
      want: { os: { family: 'wolfi', name: '20230201' }, problems: [] },
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
