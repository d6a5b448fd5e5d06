import { describe, expect, it } from 'vitest';
import { readVectors } from '../../test/vectors/read.js';
import { compareStrings } from './index.js';
import { type GemSegment, rubygems } from './rubygems.js';

const n = (num: string): GemSegment => ({ num });

describe('rubygems', () => {
  const cases: { name: string; input: string; want: GemSegment[] | null }[] = [
    { name: 'trailing zeros are dropped', input: '1.0.0', want: [n('1')] },
    { name: 'letters start the pre-release part', input: '6.1.0.rc1', want: [n('6'), n('1'), 'rc', n('1')] },
    { name: 'a hyphen is read as .pre.', input: '1.0-1', want: [n('1'), 'pre', n('1')] },
    { name: 'zeros before the letters go, those after stay', input: '1.0.a.0.1', want: [n('1'), 'a', n('0'), n('1')] },
    { name: 'leading zeros are not significant', input: '01.002', want: [n('1'), n('2')] },
    { name: 'surrounding blanks are allowed', input: ' 2.2.3 ', want: [n('2'), n('2'), n('3')] },
    { name: 'a leading letter is refused', input: 'v1.0', want: null },
    { name: 'an underscore is refused', input: '1.0_1', want: null },
    { name: 'the empty string is refused', input: '', want: null },
  ];
  it.each(cases)('parse: $name', ({ input, want }) => expect(rubygems.parse(input)?.segments ?? null).toEqual(want));

  it.each(readVectors('rubygems'))('Gem::Version#<=>: %s %s %s', (a, op, b) => {
    expect(Math.sign(compareStrings(rubygems, a, b))).toBe(op === '<' ? -1 : 0);
    expect(Math.sign(compareStrings(rubygems, b, a))).toBe(op === '<' ? 1 : 0);
  });
});
