import { describe, expect, it } from 'vitest';
import { readVectors } from '../../test/vectors/read.js';
import { compareStrings } from './index.js';
import { pep440 } from './pep440.js';

describe('pep440', () => {
  const validity: { name: string; input: string; valid: boolean }[] = [
    { name: 'a release', input: '2.31.0', valid: true },
    { name: 'a release candidate', input: '1.1rc2', valid: true },
    { name: 'an epoch and a local label', input: '1!1.0+ubuntu.1', valid: true },
    { name: 'a non-normalised pre-release spelling', input: '1.0-alpha.1', valid: true },
    { name: 'a word', input: 'latest', valid: false },
    { name: 'an empty string', input: '', valid: false },
  ];
  it.each(validity)('parse: $name', ({ input, valid }) => expect(pep440.parse(input) !== null).toBe(valid));

  it.each(readVectors('pep440'))('packaging.version.Version: %s %s %s', (a, op, b) => {
    expect(Math.sign(compareStrings(pep440, a, b))).toBe(op === '<' ? -1 : 0);
    expect(Math.sign(compareStrings(pep440, b, a))).toBe(op === '<' ? 1 : 0);
  });
});
