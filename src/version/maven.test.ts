import { describe, expect, it } from 'vitest';
import { readVectors } from '../../test/vectors/read.js';
import { compareStrings } from './index.js';
import { type MavenItem, maven } from './maven.js';

const n = (value: string): MavenItem => ({ kind: 'number', value });
const s = (value: string): MavenItem => ({ kind: 'string', value });
const list = (...items: MavenItem[]): MavenItem => ({ kind: 'list', items });

describe('maven', () => {
  // The token lists `ComparableVersion` prints for the same inputs (maven-artifact 3.8.7).
  const cases: { name: string; input: string; want: MavenItem | null }[] = [
    { name: 'trailing zeros are dropped', input: '1.0.0', want: list(n('1')) },
    { name: 'a hyphen opens a sub-list', input: '1.0-alpha', want: list(n('1'), list(s('alpha'))) },
    {
      name: 'a one-letter qualifier before a digit is an alias',
      input: '1a1',
      want: list(n('1'), list(s('alpha'), list(n('1')))),
    },
    { name: 'final, ga and release are the release itself', input: '1.0.Final', want: list(n('1')) },
    { name: 'cr is rc', input: '2-CR1', want: list(n('2'), list(s('rc'), list(n('1')))) },
    { name: 'leading zeros are not significant', input: '01.002', want: list(n('1'), n('2')) },
    {
      name: 'a qualifier after a dot is read as after a hyphen',
      input: '9.4.43.v20210629',
      want: list(n('9'), n('4'), n('43'), list(s('v'), list(n('20210629')))),
    },
    { name: 'a trailing qualifier after a dot too', input: '2.0.a', want: list(n('2'), list(s('a'))) },
    {
      name: 'a qualifier between numbers stays in its list',
      input: '1.0.a.1',
      want: list(n('1'), n('0'), s('a'), n('1')),
    },
    { name: 'the empty string is not taken', input: '', want: null },
    { name: 'blanks inside are not taken', input: '1.0 final', want: null },
  ];
  it.each(cases)('parse: $name', ({ input, want }) => expect(maven.parse(input)).toEqual(want));

  it.each(readVectors('maven'))('ComparableVersion: %s %s %s', (a, op, b) => {
    expect(Math.sign(compareStrings(maven, a, b))).toBe(op === '<' ? -1 : 0);
    expect(Math.sign(compareStrings(maven, b, a))).toBe(op === '<' ? 1 : 0);
  });
});
