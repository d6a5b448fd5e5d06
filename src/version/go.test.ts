import { describe, expect, it } from 'vitest';
import { readVectors } from '../../test/vectors/read.js';
import { type GoVersion, go } from './go.js';
import { compareStrings } from './index.js';

describe('go', () => {
  const cases: { name: string; input: string; want: GoVersion | null }[] = [
    { name: 'a release with its v', input: 'v1.2.3', want: { numbers: ['1', '2', '3'], prerelease: [] } },
    {
      name: 'a release without v, as OSV writes it',
      input: '0.52.1',
      want: { numbers: ['0', '52', '1'], prerelease: [] },
    },
    { name: 'the v1 shorthand', input: 'v1', want: { numbers: ['1', '0', '0'], prerelease: [] } },
    { name: 'the v1.2 shorthand', input: 'v1.2', want: { numbers: ['1', '2', '0'], prerelease: [] } },
    {
      name: 'a pseudo-version is a pre-release',
      input: 'v0.0.0-20191109021931-daa7c04131f5',
      want: { numbers: ['0', '0', '0'], prerelease: ['20191109021931-daa7c04131f5'] },
    },
    {
      name: '+incompatible is build metadata',
      input: 'v2.8.0+incompatible',
      want: { numbers: ['2', '8', '0'], prerelease: [] },
    },
    {
      name: 'a Go toolchain release candidate becomes the SemVer pre-release',
      input: 'v1.21rc2',
      want: { numbers: ['1', '21', '0'], prerelease: ['rc', '2'] },
    },
    { name: 'leading zeros are rejected', input: 'v1.02.3', want: null },
    { name: 'a numeric pre-release with a leading zero is rejected', input: 'v1.0.0-01', want: null },
    { name: 'a pre-release on a shorthand is rejected', input: 'v1.2-rc.1', want: null },
    { name: 'four numbers are rejected', input: 'v1.2.3.4', want: null },
    { name: '(devel) is not a version', input: '(devel)', want: null },
    { name: 'an empty pre-release identifier is rejected', input: 'v1.0.0-a..b', want: null },
  ];
  it.each(cases)('parse: $name', ({ input, want }) => expect(go.parse(input)).toEqual(want));

  it.each(readVectors('go'))('golang.org/x/mod/semver: %s %s %s', (a, op, b) => {
    expect(Math.sign(compareStrings(go, a, b))).toBe(op === '<' ? -1 : 0);
    expect(Math.sign(compareStrings(go, b, a))).toBe(op === '<' ? 1 : 0);
  });

  const withoutV: [string, string][] = [
    ['2.8.0+incompatible', 'v2.8.0'],
    ['1.19.8', 'v1.19.8'],
    ['0.0.0-20200622213623-75b288015ac9', 'v0.0.0-20200622213623-75b288015ac9'],
  ];
  it.each(withoutV)('a version without v equals the one with it: %s = %s', (a, b) =>
    expect(compareStrings(go, a, b)).toBe(0),
  );
});
