import { describe, expect, it } from 'vitest';
import { readVectors } from '../../test/vectors/read.js';
import { compareStrings } from './index.js';
import { type NuGetVersion, nuget } from './nuget.js';

describe('nuget', () => {
  const cases: { name: string; input: string; want: NuGetVersion | null }[] = [
    { name: 'three parts', input: '13.0.1', want: { parts: ['13', '0', '1', '0'], labels: [] } },
    { name: 'a single part', input: '4', want: { parts: ['4', '0', '0', '0'], labels: [] } },
    { name: 'four parts', input: '1.2.3.4', want: { parts: ['1', '2', '3', '4'], labels: [] } },
    {
      name: 'dotted pre-release labels, build metadata dropped',
      input: '6.0.0-rc.1.21451.13+abc',
      want: { parts: ['6', '0', '0', '0'], labels: ['rc', '1', '21451', '13'] },
    },
    { name: 'leading zeros are not significant', input: '01.002.0', want: { parts: ['1', '2', '0', '0'], labels: [] } },
    { name: 'five parts are refused', input: '1.2.3.4.5', want: null },
    { name: 'an empty label is refused', input: '1.0.0-beta..1', want: null },
    { name: 'a part past Int32.MaxValue is refused', input: '2147483648.0.0', want: null },
    { name: 'a leading v is refused', input: 'v1.0.0', want: null },
    { name: 'blanks are refused', input: '1.0.0 ', want: null },
  ];
  it.each(cases)('parse: $name', ({ input, want }) => expect(nuget.parse(input)).toEqual(want));

  it.each(readVectors('nuget'))('NuGet.Versioning (documented order): %s %s %s', (a, op, b) => {
    expect(Math.sign(compareStrings(nuget, a, b))).toBe(op === '<' ? -1 : 0);
    expect(Math.sign(compareStrings(nuget, b, a))).toBe(op === '<' ? 1 : 0);
  });
});
