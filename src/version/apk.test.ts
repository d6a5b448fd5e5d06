import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readVectors } from '../../test/vectors/read.js';
import { apk, compareApkStrings, isValidApkVersion } from './apk.js';
import { compareStrings } from './index.js';

/** test/vectors/apk-validity.txt: `valid X` / `invalid X` lines from apk-tools' version.data. */
function readValidity(): [string, boolean][] {
  const text = readFileSync(new URL('../../test/vectors/apk-validity.txt', import.meta.url), 'utf8');
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const space = line.indexOf(' ');
      return [line.slice(space + 1), line.slice(0, space) === 'valid'];
    });
}

describe('apk', () => {
  const kinds = (input: string) => apk.parse(input)?.tokens.map((t) => `${t.kind}:${t.text}`) ?? null;
  const cases: { name: string; input: string; want: string[] | null }[] = [
    { name: 'digits, a revision and the end', input: '1.2.3-r4', want: ['0:1', '1:2', '1:3', '6:4', '7:'] },
    { name: 'a letter after the digits', input: '1.0.2u-r0', want: ['0:1', '1:0', '1:2', '2:u', '6:0', '7:'] },
    { name: 'a suffix with its number', input: '2.0_rc3', want: ['0:2', '1:0', '3:rc', '4:3', '7:'] },
    { name: 'a commit hash', input: '0.1_git2024~1a2b', want: ['0:0', '1:1', '3:git', '4:2024', '5:1a2b', '7:'] },
    { name: 'blanks around the version are ignored', input: ' 1.0-r1\n', want: ['0:1', '1:0', '6:1', '7:'] },
    { name: 'an unknown suffix is rejected', input: '1.0_foo', want: null },
    { name: 'a revision without r is rejected', input: '1.0-1', want: null },
    { name: 'upper-case letters are rejected', input: '1.0A', want: null },
    { name: 'an empty version is rejected', input: '', want: null },
  ];
  it.each(cases)('parse: $name', ({ input, want }) => expect(kinds(input)).toEqual(want));

  it('has at least 200 vectors with suffixes, letters and revisions', () => {
    const vectors = readVectors('apk');
    expect(vectors.length).toBeGreaterThanOrEqual(200);
    for (const needle of ['_alpha', '_beta', '_pre', '_rc', '_p', '-r', '~']) {
      expect(vectors.some(([a, , b]) => `${a} ${b}`.includes(needle))).toBe(true);
    }
  });

  // Every pair apk-tools' test orders, including its invalid versions (apk orders those too).
  it.each(readVectors('apk'))('apk-tools version.data: %s %s %s', (a, op, b) => {
    expect(compareApkStrings(a, b)).toBe(op === '<' ? -1 : 0);
    expect(compareApkStrings(b, a)).toBe(op === '<' ? 1 : 0);
  });

  // The scheme refuses invalid versions; on valid ones it orders as apk does.
  it.each(readVectors('apk').filter(([a, , b]) => isValidApkVersion(a) && isValidApkVersion(b)))(
    'scheme: %s %s %s',
    (a, op, b) => {
      expect(compareStrings(apk, a, b)).toBe(op === '<' ? -1 : 0);
      expect(compareStrings(apk, b, a)).toBe(op === '<' ? 1 : 0);
    },
  );

  // version.data has no _cvs, _svn, _git or _hg pair: their rank is DECLARE_SUFFIXES' order in version.c
  // (alpha < beta < pre < rc < no suffix < cvs < svn < git < hg < p).
  const suffixOrder = [
    '1.0_alpha',
    '1.0_beta',
    '1.0_pre',
    '1.0_rc',
    '1.0',
    '1.0_cvs',
    '1.0_svn',
    '1.0_git',
    '1.0_hg',
    '1.0_p',
  ];
  it.each(suffixOrder.slice(1).map((b, i) => [suffixOrder[i] ?? '', b]))('version.c suffix order: %s < %s', (a, b) => {
    expect(compareStrings(apk, a, b)).toBe(-1);
    expect(compareStrings(apk, b, a)).toBe(1);
  });

  it.each(readValidity())('apk-tools version.data: %j valid is %s', (input, valid) => {
    expect(isValidApkVersion(input)).toBe(valid);
    expect(apk.parse(input) !== null).toBe(valid);
  });
});
