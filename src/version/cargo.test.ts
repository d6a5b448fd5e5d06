import { describe, expect, it } from 'vitest';
import { readVectors } from '../../test/vectors/read.js';
import { cargo } from './cargo.js';
import { compareStrings } from './index.js';

describe('cargo', () => {
  const validity: { name: string; input: string; valid: boolean }[] = [
    { name: 'a release', input: '0.10.55', valid: true },
    { name: 'a pre-release with build metadata', input: '1.0.0-beta.2+exp.sha.5114f85', valid: true },
    { name: 'the lowest version RustSec writes', input: '0.0.0-0', valid: true },
    { name: 'numbers past 2^53', input: '18446744073709551615.0.0', valid: true },
    { name: 'a leading v, which Cargo rejects', input: 'v1.2.3', valid: false },
    { name: 'two components', input: '1.2', valid: false },
    { name: 'leading zeros', input: '1.02.3', valid: false },
    { name: 'a numeric pre-release with a leading zero', input: '1.0.0-01', valid: false },
    { name: 'an empty build identifier', input: '1.0.0+', valid: false },
  ];
  it.each(validity)('parse: $name', ({ input, valid }) => expect(cargo.parse(input) !== null).toBe(valid));

  it.each(readVectors('cargo'))('semver crate: %s %s %s', (a, op, b) => {
    expect(Math.sign(compareStrings(cargo, a, b))).toBe(op === '<' ? -1 : 0);
    expect(Math.sign(compareStrings(cargo, b, a))).toBe(op === '<' ? 1 : 0);
  });
});
