import { describe, expect, it } from 'vitest';
import { readVectors } from '../../test/vectors/read.js';
import { type DpkgVersion, dpkg, formatDpkgVersion } from './dpkg.js';
import { compareStrings } from './index.js';

describe('dpkg', () => {
  const cases: { name: string; input: string; want: DpkgVersion | null }[] = [
    {
      name: 'epoch, upstream and revision',
      input: '1:2.31-13+deb11u5',
      want: { epoch: 1, upstream: '2.31', revision: '13+deb11u5' },
    },
    { name: 'no revision is an empty revision', input: '2.7.4', want: { epoch: 0, upstream: '2.7.4', revision: '' } },
    {
      name: 'the last hyphen starts the revision',
      input: '1.0-rc1-2',
      want: { epoch: 0, upstream: '1.0-rc1', revision: '2' },
    },
    {
      name: 'the first colon ends the epoch',
      input: '1:1.0:1-1',
      want: { epoch: 1, upstream: '1.0:1', revision: '1' },
    },
    { name: 'a zero epoch is kept as 0', input: '0:1.0', want: { epoch: 0, upstream: '1.0', revision: '' } },
    { name: 'surrounding blanks are trimmed', input: ' 1.0-1\n', want: { epoch: 0, upstream: '1.0', revision: '1' } },
    {
      name: 'the largest epoch dpkg accepts',
      input: '2147483647:1',
      want: { epoch: 2147483647, upstream: '1', revision: '' },
    },
    { name: 'a tilde may end the upstream', input: '0~', want: { epoch: 0, upstream: '0~', revision: '' } },
    // dpkg errors
    { name: 'empty is rejected', input: '', want: null },
    { name: 'blanks only are rejected', input: '  ', want: null },
    { name: 'embedded spaces are rejected', input: '1 0', want: null },
    { name: 'letters in the epoch are rejected', input: 'a:1.0-1', want: null },
    { name: 'an empty epoch is rejected', input: ':1.0', want: null },
    { name: 'a negative epoch is rejected', input: '-1:1.0', want: null },
    { name: 'an epoch past INT_MAX is rejected', input: '2147483648:1', want: null },
    { name: 'nothing after the colon is rejected', input: '1:', want: null },
    { name: 'an empty revision is rejected', input: '1.0-', want: null },
    { name: 'an empty upstream is rejected', input: '-1', want: null },
    { name: 'a colon after a hyphen makes a non-numeric epoch', input: '1.0-1:2', want: null },
    // dpkg warnings, rejected like go-deb-version does
    { name: 'an upstream starting with a letter is rejected', input: 'a1', want: null },
    { name: 'an upstream starting with a tilde is rejected', input: '~', want: null },
    { name: 'an underscore in the upstream is rejected', input: '1.0_1', want: null },
    { name: 'an underscore in the revision is rejected', input: '1.0-1_1', want: null },
    { name: 'a colon in the revision is rejected', input: '1:1.0-1:2', want: null },
    { name: 'non-ASCII letters are rejected', input: '1.0é', want: null },
  ];
  it.each(cases)('parse: $name', ({ input, want }) => expect(dpkg.parse(input)).toEqual(want));

  const formats = ['1:2.31-13+deb11u5', '2.7.4', '1:1.0:1-1', '1.0-rc1-2'];
  it.each(formats)('format gives back %s', (input) => {
    const parsed = dpkg.parse(input);
    expect(parsed && formatDpkgVersion(parsed)).toBe(input);
  });

  it.each(readVectors('dpkg'))('dpkg --compare-versions: %s %s %s', (a, op, b) => {
    expect(compareStrings(dpkg, a, b)).toBe(op === '<' ? -1 : 0);
    expect(compareStrings(dpkg, b, a)).toBe(op === '<' ? 1 : 0);
  });
});
