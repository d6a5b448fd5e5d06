// Every registered version scheme orders like a total order and refuses garbage.
import { describe, expect, it } from 'vitest';
import { versionSchemes } from '../../src/version/index.js';
import type { VersionScheme } from '../../src/version/types.js';
import { readVectors } from '../vectors/read.js';

/** Version shapes common across ecosystems; each scheme is sampled with those it accepts. */
const COMMON = [
  '0',
  '1',
  '1.0',
  '10.1',
  '0.0.1',
  '0.9.9',
  '1.0.0-alpha',
  '1.0.0-alpha.1',
  '1.0.0-beta',
  '1.0.0-beta.11',
  '1.0.0-rc.1',
  '1.0.0',
  '1.0.0+build.5',
  '1.0.1',
  '1.1.0',
  '1.2.3',
  '1.10.0',
  '2.0.0',
  '2.0.0-1',
  '10.0.0',
  '1.0a1',
  '1.0b2',
  '1.0rc1',
  '1.0.post1',
  '1.0.dev1',
  '1!1.0',
  '1.0-1',
  '1:1.0-1',
  '2.31-13+deb11u5',
];

/** Samples per scheme: the versions of its vector file when it has one, else a few common shapes. */
function sampleFor(scheme: VersionScheme): string[] {
  let versions: string[];
  try {
    versions = readVectors(scheme.id).flatMap(([a, , b]) => [a, b]);
  } catch {
    versions = COMMON;
  }
  return [...new Set(versions)].filter((v) => scheme.parse(v) !== null).slice(0, 60);
}

const GARBAGE = ['', '   ', '\u0000', 'not a version!', '!!!', '🙂', '1 2 3 4 garbage'];

describe.each(versionSchemes.all.map((scheme) => ({ id: scheme.id, scheme })))('version scheme $id', ({ scheme }) => {
  const sample = sampleFor(scheme);
  const parsed = sample.map((v) => scheme.parse(v) as unknown);
  const sign = (i: number, j: number): number => Math.sign(scheme.compare(parsed[i], parsed[j]));
  const indexes = [...sample.keys()];

  it('has a sample of at least 10 valid versions', () => expect(sample.length).toBeGreaterThanOrEqual(10));

  it('compare is reflexive', () => {
    for (const i of indexes) expect(sign(i, i), sample[i]).toBe(0);
  });

  it('compare is antisymmetric', () => {
    for (const i of indexes)
      for (const j of indexes) expect(sign(i, j), `${sample[i]} vs ${sample[j]}`).toBe(0 - sign(j, i) || 0);
  });

  it('compare is transitive', () => {
    for (const i of indexes)
      for (const j of indexes)
        for (const k of indexes)
          if (sign(i, j) <= 0 && sign(j, k) <= 0)
            expect(sign(i, k), `${sample[i]} <= ${sample[j]} <= ${sample[k]}`).toBeLessThanOrEqual(0);
  });

  it.each(GARBAGE)('parse of garbage %j is null', (input) => expect(scheme.parse(input)).toBeNull());
});
