import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES } from './builtin-rules.js';
import { hasNestedRepeat } from './re2-syntax.js';
import { compileRe2, findAllSubmatchIndex, Re2SyntaxError } from './regex.js';

/** The spans of all matches of an RE2 pattern in text given as UTF-8 (indices are byte offsets). */
function matchesOf(pattern: string, text: string): string[] {
  const re = compileRe2(pattern);
  const bytes = Buffer.from(text, 'utf8').toString('latin1');
  return [...bytes.matchAll(re.regex)].map((m) => Buffer.from(m[0], 'latin1').toString('utf8'));
}

describe('compileRe2: RE2 meaning kept where JavaScript differs', () => {
  const cases: { name: string; pattern: string; text: string; want: string[] }[] = [
    {
      name: '(?i) in the middle applies to what follows only',
      pattern: 'p8e-(?i)[a-z]{2}',
      text: 'p8e-Ab P8E-ab',
      want: ['p8e-Ab'],
    },
    { name: '(?i) lasts to the end of its group', pattern: '(a(?i)b)c', text: 'aBc aBC', want: ['aBc'] },
    { name: '(?i:…) scopes the flag to the group', pattern: '(?i:a)b', text: 'Ab AB', want: ['Ab'] },
    {
      name: 'a leading (?i) makes the whole pattern caseless',
      pattern: '(?i)key=[a-z]+',
      text: 'KEY=AbC',
      want: ['KEY=AbC'],
    },
    { name: '\\s is [\\t\\n\\f\\r ], not \\v', pattern: 'a\\sb', text: 'a\vb a b', want: ['a b'] },
    { name: '\\s does not match U+00A0', pattern: 'a\\s+b', text: 'a\u00a0b', want: [] },
    { name: '. matches \\r but not \\n', pattern: 'a.b', text: 'a\rb a\nb', want: ['a\rb'] },
    { name: '. takes a whole UTF-8 rune', pattern: '^x.{1}y$', text: 'xéy', want: ['xéy'] },
    { name: '(?s) lets . match \\n', pattern: '(?s)a.b', text: 'a\nb', want: ['a\nb'] },
    {
      name: '(?m) makes ^ and $ match at line ends',
      pattern: '(?m)^k=\\d+$',
      text: 'x\nk=1\nk=22',
      want: ['k=1', 'k=22'],
    },
    { name: 'without (?m), ^ is the start of the text', pattern: '^k', text: 'x\nk', want: [] },
    { name: '\\A and \\z anchor the text', pattern: '\\Aab\\z', text: 'ab', want: ['ab'] },
    { name: 'POSIX classes', pattern: '[[:alpha:]]+[[:digit:]]', text: '--abc1--', want: ['abc1'] },
    { name: '\\x{…} is a code point, matched as its UTF-8 bytes', pattern: '\\x{263a}!', text: 'a☺!', want: ['☺!'] },
    { name: 'a literal non-ASCII character', pattern: 'é+', text: 'ééa', want: ['éé'] },
    { name: '\\Q…\\E is literal', pattern: '\\Q.*\\E', text: 'a.*b', want: ['.*'] },
    { name: 'a brace that is no repeat is literal', pattern: 'a{x}', text: 'a{x}', want: ['a{x}'] },
    { name: 'an escaped dash in a class', pattern: '[a\\-]+', text: 'x-a-', want: ['-a-'] },
    {
      name: 'empty matches right after a match are skipped, as Go',
      pattern: 'a*',
      text: 'baaac',
      want: ['', 'aaa', ''],
    },
  ];
  it.each(cases)('$name', ({ pattern, text, want }) => {
    // Go skips an empty match abutting the previous match; matchAll keeps it, so compare non-empty spans.
    expect(matchesOf(pattern, text).filter((m) => m !== '')).toEqual(want.filter((m) => m !== ''));
  });

  it('keeps the groups’ numbering and repeated names, as Go’s SubexpNames', () => {
    const re = compileRe2('(?P<key>a)(b)(?P<secret>c)|(?P<secret>d)');
    expect(re.groupNames).toEqual(['', 'key', '', 'secret', 'secret']);
    expect([...'abc'.matchAll(re.regex)][0]?.indices?.[3]).toEqual([2, 3]);
  });

  it('runs Trivy’s documented exclude block `(.|\\s)*` in linear time when the end marker is missing', () => {
    const re = compileRe2('--- ignore block start ---(.|\\s)*--- ignore block stop ---');
    const text = `--- ignore block start ---\n${'a b c d\n'.repeat(200)}`;
    const start = Date.now();
    expect(findAllSubmatchIndex(re, text)).toEqual([]);
    expect(Date.now() - start).toBeLessThan(1000);
  });

  it('keeps a merged group of single-character alternatives a capturing group with its number', () => {
    const re = compileRe2('(x|y|\\d)+(?P<secret>z)');
    expect(re.groupNames).toEqual(['', '', 'secret']);
    expect(findAllSubmatchIndex(re, 'ax1yz')).toEqual([[1, 5, 3, 4, 4, 5]]);
  });

  it('matches azure-sas-token’s nested repeat in linear time (a line of 48 `;a=` took minutes backtracking)', () => {
    const rule = BUILTIN_RULES.find((r) => r.id === 'azure-sas-token');
    const re = compileRe2(rule?.regex as string);
    const start = Date.now();
    expect(findAllSubmatchIndex(re, `sv=2020-01-01${';a='.repeat(48)} sig`)).toEqual([]);
    const sig = 'A'.repeat(44);
    expect(findAllSubmatchIndex(re, `x sv=2020-01-01${';a='.repeat(48)};sig=${sig} y`)[0]?.slice(0, 4)).toEqual([
      2,
      2 + 13 + 48 * 3 + 5 + 44,
      2 + 13 + 48 * 3 + 5,
      2 + 13 + 48 * 3 + 5 + 44,
    ]);
    expect(Date.now() - start).toBeLessThan(1000);
  });

  it.each([
    ['(?:[&;][a-z]+=[^&]*){1,12}x', true],
    ['(a+)+b', true],
    ['(.*)*', true],
    ['(ab)+c*', false],
    ['(?:x[a-z]{2,5})?y', false],
    ['(.|\\s)*', false],
    ['(a|aa)*b', true],
    ['(ey|ew)+x', true],
    ['(?:x|y)?z', false],
  ])('hasNestedRepeat(%s) is %s', (pattern, want) => expect(hasNestedRepeat(pattern)).toBe(want));

  it('does not backtrack exponentially over runes split between dots', () => {
    const text = Buffer.from(`${'é'.repeat(40)}!`, 'utf8').toString('latin1');
    const start = Date.now();
    expect(compileRe2('^.*.*.*x').regex.test(text)).toBe(false);
    expect(Date.now() - start).toBeLessThan(1000);
  });

  const invalid = [
    { pattern: '(?=a)', reason: 'look-ahead is not RE2' },
    { pattern: '(a)\\1', reason: 'back-references are not RE2' },
    { pattern: '\\pL', reason: 'Unicode classes are not supported' },
    { pattern: '(abc', reason: 'unclosed group' },
    { pattern: 'abc)', reason: 'unopened group' },
    { pattern: '[abc', reason: 'unclosed class' },
    { pattern: '[z-a]', reason: 'reversed range' },
    { pattern: '(?U)a', reason: 'ungreedy flag is not supported' },
    { pattern: 'a**', reason: 'nothing to repeat (JavaScript rejects it too)' },
  ];
  it.each(invalid)('rejects $pattern: $reason', ({ pattern }) => {
    expect(() => compileRe2(pattern)).toThrow(Re2SyntaxError);
  });
});
