import { describe, expect, it } from 'vitest';
import { fixtureFile, fixtureRoot, textFile } from '../../test/fixture-file.js';
import { debian } from './debian.js';
import type { AnalyzerResult } from './types.js';

describe('debian', () => {
  const paths: { path: string; want: boolean }[] = [
    { path: 'etc/debian_version', want: true },
    { path: 'etc/os-release', want: false },
    { path: 'usr/etc/debian_version', want: false },
    { path: 'etc/debian_version.dpkg-old', want: false },
  ];
  it.each(paths)('wants $path: $want', ({ path, want }) => expect(debian.wants(path, 10, 0o644)).toBe(want));

  const fixtures: { name: string; dir: string; want: AnalyzerResult }[] = [
    {
      name: 'bullseye gives its point release',
      dir: 'bullseye',
      want: { os: { family: 'debian', name: '11.11' }, problems: [] },
    },
    {
      name: 'bookworm gives its point release',
      dir: 'bookworm',
      want: { os: { family: 'debian', name: '12.11' }, problems: [] },
    },
  ];
  it.each(fixtures)('fixture: $name', async ({ dir, want }) => {
    expect(await debian.analyze(fixtureFile(fixtureRoot('debian', dir), 'etc/debian_version'))).toEqual(want);
  });

  const texts: { name: string; content: string; want: AnalyzerResult }[] = [
    {
      name: 'testing and sid name the next release, kept as written',
      content: 'trixie/sid\n',
      want: { os: { family: 'debian', name: 'trixie/sid' }, problems: [] },
    },
    {
      name: 'only the first line counts',
      content: '11.2\nsomething else\n',
      want: { os: { family: 'debian', name: '11.2' }, problems: [] },
    },
    {
      name: 'an empty file is a problem, not an OS',
      content: '',
      want: { problems: [{ path: 'etc/debian_version', reason: 'file is empty; no Debian release found' }] },
    },
  ];
  it.each(texts)('$name', async ({ content, want }) => {
    expect(await debian.analyze(textFile('etc/debian_version', content))).toEqual(want);
  });
});
