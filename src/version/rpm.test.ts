import { describe, expect, it } from 'vitest';
import { readVectors } from '../../test/vectors/read.js';
import { compareStrings } from './index.js';
import { formatRpmVersion, type RpmVersion, rpm } from './rpm.js';

describe('rpm', () => {
  const cases: { name: string; input: string; want: RpmVersion | null }[] = [
    {
      name: 'epoch, version and release',
      input: '1:1.1.1k-7.el8_6',
      want: { epoch: 1, version: '1.1.1k', release: '7.el8_6' },
    },
    { name: 'no epoch means epoch 0', input: '2.34-2.cm2', want: { epoch: 0, version: '2.34', release: '2.cm2' } },
    {
      name: 'no release is kept apart from an empty one',
      input: '1.0',
      want: { epoch: 0, version: '1.0', release: null },
    },
    { name: 'an empty release', input: '1.0-', want: { epoch: 0, version: '1.0', release: '' } },
    {
      name: 'the release starts after the last hyphen',
      input: '1.0-1-2',
      want: { epoch: 0, version: '1.0-1', release: '2' },
    },
    { name: 'an empty epoch is epoch 0', input: ':1.0', want: { epoch: 0, version: '1.0', release: null } },
    {
      name: 'letters before a colon are part of the version',
      input: 'a:1',
      want: { epoch: 0, version: 'a:1', release: null },
    },
    { name: 'an empty version is rejected', input: '1:-1', want: null },
    { name: 'a version without a letter or digit is rejected', input: '~^.-1', want: null },
    { name: 'control characters are rejected', input: '1.0\u0000', want: null },
    { name: 'blanks are rejected', input: '1.0 -1', want: null },
    { name: 'an epoch past 32 bits is rejected', input: '4294967296:1.0', want: null },
  ];
  it.each(cases)('parse: $name', ({ input, want }) => expect(rpm.parse(input)).toEqual(want));

  it.each(['1:1.1.1k-7.el8_6', '2.34-2.cm2', '1.0', '1.0-'])('formats %s back as it was written', (input) => {
    const parsed = rpm.parse(input);
    expect(parsed && formatRpmVersion(parsed)).toBe(input);
  });

  it('has at least 300 vectors with ~, ^ and epochs', () => {
    const vectors = readVectors('rpm');
    expect(vectors.length).toBeGreaterThanOrEqual(300);
    for (const needle of ['~', '^', ':']) expect(vectors.some(([a, , b]) => `${a}${b}`.includes(needle))).toBe(true);
  });

  it.each(readVectors('rpm'))('rpm.labelCompare: %s %s %s', (a, op, b) => {
    expect(compareStrings(rpm, a, b)).toBe(op === '<' ? -1 : 0);
    expect(compareStrings(rpm, b, a)).toBe(op === '<' ? 1 : 0);
  });
});
