import { describe, expect, it } from 'vitest';
import { compareStrings } from './index.js';
import { semver } from './semver.js';

// Precedence examples of SemVer 2.0.0 §11 (https://semver.org/#spec-item-11), in the spec's own order.
const SPEC_ORDER = [
  '1.0.0-alpha',
  '1.0.0-alpha.1',
  '1.0.0-alpha.beta',
  '1.0.0-beta',
  '1.0.0-beta.2',
  '1.0.0-beta.11',
  '1.0.0-rc.1',
  '1.0.0',
  '2.0.0',
  '2.1.0',
  '2.1.1',
];

describe('semver', () => {
  const validity: { name: string; input: string; valid: boolean }[] = [
    { name: 'a release', input: '4.17.21', valid: true },
    { name: 'a pre-release with build metadata', input: '1.0.0-rc.1+build.5', valid: true },
    { name: 'a leading v, as npm accepts', input: 'v1.2.3', valid: true },
    { name: 'two components', input: '1.2', valid: false },
    { name: 'a word', input: 'latest', valid: false },
  ];
  it.each(validity)('parse: $name', ({ input, valid }) => expect(semver.parse(input) !== null).toBe(valid));

  it.each(SPEC_ORDER.slice(1).map((b, i) => [SPEC_ORDER[i] as string, b]))('SemVer §11: %s < %s', (a, b) => {
    expect(Math.sign(compareStrings(semver, a, b))).toBe(-1);
    expect(Math.sign(compareStrings(semver, b, a))).toBe(1);
  });

  it('build metadata does not take part in precedence', () =>
    expect(compareStrings(semver, '1.0.0+build.1', '1.0.0+build.2')).toBe(0));
});
