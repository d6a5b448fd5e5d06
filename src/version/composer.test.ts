import { describe, expect, it } from 'vitest';
import { readVectors } from '../../test/vectors/read.js';
import { composer } from './composer.js';
import { compareStrings } from './index.js';

describe('composer', () => {
  // VersionParser::normalize's answers for the same inputs (php-composer-semver 3.3.2).
  const cases: { name: string; input: string; want: string | null }[] = [
    { name: 'short versions get four parts', input: '1.2', want: '1.2.0.0' },
    { name: 'a leading v is dropped', input: 'v2.0.1', want: '2.0.1.0' },
    { name: 'stability aliases are expanded', input: '1.0.0-b2', want: '1.0.0.0-beta2' },
    { name: 'rc is written RC', input: '1.0.0rc1', want: '1.0.0.0-RC1' },
    { name: 'a dotted modifier number loses its first separator', input: '3.0.0-alpha.1.2', want: '3.0.0.0-alpha1.2' },
    { name: 'stable is the release itself', input: '1.0.0-stable', want: '1.0.0.0' },
    { name: 'build metadata is dropped', input: '1.0.0+build.5', want: '1.0.0.0' },
    { name: 'a numeric branch is its highest version', input: '1.x-dev', want: '1.9999999.9999999.9999999-dev' },
    { name: 'a date version keeps its parts', input: '2010-01-02.5', want: '2010.01.02.5' },
    { name: 'a named branch has no order', input: 'dev-main', want: null },
    { name: 'master is a branch', input: 'master', want: null },
    { name: 'a word is refused', input: 'latest', want: null },
  ];
  it.each(cases)('parse: $name', ({ input, want }) => expect(composer.parse(input)?.normalized ?? null).toBe(want));

  it.each(readVectors('composer'))('composer/semver: %s %s %s', (a, op, b) => {
    expect(Math.sign(compareStrings(composer, a, b))).toBe(op === '<' ? -1 : 0);
    expect(Math.sign(compareStrings(composer, b, a))).toBe(op === '<' ? 1 : 0);
  });
});
