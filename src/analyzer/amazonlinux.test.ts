import { describe, expect, it } from 'vitest';
import { fixtureFile, fixtureRoot, textFile } from '../../test/fixture-file.js';
import { amazonlinux } from './amazonlinux.js';

describe('amazon', () => {
  it.each([
    { path: 'etc/system-release', want: true },
    { path: 'usr/lib/system-release', want: true },
    { path: 'etc/system-release-cpe', want: false },
  ])('wants $path: $want', ({ path, want }) => expect(amazonlinux.wants(path, 10, 0o644)).toBe(want));

  // Trivy's amazonlinux_test.go expectations.
  const fixtures = [
    { dir: 'al1', path: 'etc/system-release', want: 'AMI release 2018.03' },
    { dir: 'al2', path: 'etc/system-release', want: '2 (Karoo)' },
    { dir: 'al2023', path: 'usr/lib/system-release', want: '2023 (Amazon Linux)' },
  ];
  it.each(fixtures)('fixture $dir gives amazon $want', async ({ dir, path, want }) => {
    expect(await amazonlinux.analyze(fixtureFile(fixtureRoot('amazon', dir), path))).toEqual({
      os: { family: 'amazon', name: want },
      problems: [],
    });
  });

  const broken = [
    { name: "'Amazon Linux release 2' without a codename", content: 'Amazon Linux release 2' },
    { name: 'another distribution', content: 'foo bar' },
  ];
  it.each(broken)('$name is a problem', async ({ content }) => {
    expect(await amazonlinux.analyze(textFile('etc/system-release', content))).toEqual({
      problems: [{ path: 'etc/system-release', reason: 'no Amazon Linux release line found' }],
    });
  });
});
