import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { advisoriesOf, fixturePath, rangesOf, readRecords } from '../../test/fixtures/match/advisories.js';
import type { AffectedRange } from '../db/types.js';
import { pep440 } from '../version/pep440.js';
import { semver } from '../version/semver.js';
import { evaluateAffected, fixedVersionsOf } from './ranges.js';

const semverRange = (...events: AffectedRange['events']): AffectedRange => ({ type: 'SEMVER', events });

function verdict(version: string, ranges: AffectedRange[], versions: string[] = []) {
  const installed = semver.parse(version);
  if (installed === null) throw new Error(`bad test version ${version}`);
  return evaluateAffected(installed, ranges, versions, semver);
}

describe('evaluateAffected', () => {
  // The ranges are the OSV schema's own examples (https://ossf.github.io/osv-schema/#examples) and variations.
  const multiple = semverRange(
    { introduced: '1.0.0' },
    { fixed: '1.0.2' },
    { introduced: '3.0.0' },
    { fixed: '3.2.5' },
  );
  const cases: {
    name: string;
    version: string;
    ranges: AffectedRange[];
    versions?: string[];
    range?: string;
    fixed?: string;
  }[] = [
    {
      name: 'introduced 0 alone affects every version',
      version: '0.0.1',
      ranges: [semverRange({ introduced: '0' })],
      range: '>=0',
    },
    {
      name: 'a version below the fix is affected',
      version: '1.0.1',
      ranges: [semverRange({ introduced: '0' }, { fixed: '1.0.2' })],
      range: '>=0, <1.0.2',
      fixed: '1.0.2',
    },
    {
      name: 'the fixed version itself is not affected',
      version: '1.0.2',
      ranges: [semverRange({ introduced: '0' }, { fixed: '1.0.2' })],
    },
    {
      name: 'the introduced version itself is affected',
      version: '1.0.0',
      ranges: [multiple],
      range: '>=1.0.0, <1.0.2',
      fixed: '1.0.2',
    },
    { name: 'a version between two intervals is not affected', version: '2.0.0', ranges: [multiple] },
    {
      name: 'the second interval of a range is found',
      version: '3.2.4',
      ranges: [multiple],
      range: '>=3.0.0, <3.2.5',
      fixed: '3.2.5',
    },
    { name: 'a version above every interval is not affected', version: '3.2.5', ranges: [multiple] },
    {
      name: 'events are sorted before the walk',
      version: '1.0.1',
      ranges: [semverRange({ introduced: '3.0.0' }, { fixed: '3.2.5' }, { fixed: '1.0.2' }, { introduced: '1.0.0' })],
      range: '>=1.0.0, <1.0.2',
      fixed: '1.0.2',
    },
    {
      name: 'last_affected itself is affected',
      version: '2.1.214',
      ranges: [semverRange({ introduced: '0' }, { last_affected: '2.1.214' })],
      range: '>=0, <=2.1.214',
    },
    {
      name: 'a version above last_affected is not affected',
      version: '2.1.215',
      ranges: [semverRange({ introduced: '0' }, { last_affected: '2.1.214' })],
    },
    {
      name: 'a version at or above every limit is not affected',
      version: '2.0.0',
      ranges: [semverRange({ introduced: '1.0.0' }, { limit: '2.0.0' })],
    },
    {
      name: 'a version below a limit is affected',
      version: '1.5.0',
      ranges: [semverRange({ introduced: '1.0.0' }, { limit: '2.0.0' })],
      range: '>=1.0.0',
    },
    {
      name: 'a limit of * is infinity',
      version: '9.0.0',
      ranges: [semverRange({ introduced: '1.0.0' }, { limit: '*' })],
      range: '>=1.0.0',
    },
    {
      name: 'a second range matches when the first does not',
      version: '5.0.0',
      ranges: [semverRange({ introduced: '0' }, { fixed: '1.0.0' }), semverRange({ introduced: '4.0.0' })],
      range: '>=4.0.0',
    },
    {
      name: 'a version of the versions list is affected',
      version: '1.2.3',
      ranges: [],
      versions: ['1.2.2', '1.2.3'],
      range: 'in versions list',
    },
    {
      name: 'the versions list compares by the scheme, not by text',
      version: '1.2.3',
      ranges: [],
      versions: ['v1.2.3'],
      range: 'in versions list',
    },
    { name: 'a version outside the versions list is not affected', version: '1.2.4', ranges: [], versions: ['1.2.3'] },
    {
      name: 'GIT ranges are ignored for package versions',
      version: '1.0.0',
      ranges: [{ type: 'GIT', events: [{ introduced: '0' }] }],
    },
  ];
  it.each(cases)('$name', ({ version, ranges, versions, range, fixed }) => {
    const { hit, problems } = verdict(version, ranges, versions);
    expect(hit).toEqual(range === undefined ? undefined : fixed === undefined ? { range } : { range, fixed });
    expect(problems).toEqual([]);
  });

  const bad: { name: string; ranges: AffectedRange[]; versions?: string[]; problem: string }[] = [
    {
      name: 'an invalid bound',
      ranges: [semverRange({ introduced: '0' }, { fixed: 'not-a-version' })],
      problem: "range 1: 'not-a-version' is not a valid semver version",
    },
    {
      name: 'a range without introduced',
      ranges: [semverRange({ fixed: '2.0.0' })],
      problem: 'range 1: no introduced event',
    },
    {
      name: 'an invalid listed version',
      ranges: [],
      versions: ['garbage'],
      problem: "versions: 'garbage' is not a valid semver version",
    },
  ];
  it.each(bad)('a record with $name does not match and says why', ({ ranges, versions, problem }) => {
    expect(verdict('1.0.0', ranges, versions)).toEqual({ problems: [problem] });
  });

  it('a bad range does not stop a later good range from matching', () => {
    const ranges = [semverRange({ introduced: 'x' }), semverRange({ introduced: '0' })];
    expect(verdict('1.0.0', ranges)).toEqual({
      hit: { range: '>=0' },
      problems: ["range 1: 'x' is not a valid semver version"],
    });
  });
});

describe('evaluateAffected on real PyPI records', () => {
  // Expectations: pypi-expected.json, from expect-pypi.py (pypa/packaging and the OSV pseudo-code).
  const records = readRecords('pypi');
  const rows = JSON.parse(readFileSync(fixturePath('pypi-expected.json'), 'utf8')) as {
    record: string;
    entry: number;
    package: string;
    version: string;
    affected: boolean;
  }[];
  it('covers affected and unaffected pairs', () => {
    expect(rows.filter((row) => row.affected).length).toBeGreaterThan(50);
    expect(rows.filter((row) => !row.affected).length).toBeGreaterThan(50);
  });
  it.each(rows.map((row) => ({ ...row, verdict: row.affected ? 'affects' : 'does not affect' })))(
    '$record $verdict $package $version',
    ({ record, entry, version, affected }) => {
      const affectedEntry = records.get(record)?.affected[entry];
      if (!affectedEntry) throw new Error(`no entry ${entry} in ${record}`);
      const installed = pep440.parse(version);
      if (installed === null) throw new Error(`bad version ${version}`);
      const result = evaluateAffected(installed, rangesOf(affectedEntry), affectedEntry.versions ?? [], pep440);
      expect(result.hit !== undefined).toBe(affected);
    },
  );
  it('every record reads into advisories', () =>
    expect(advisoriesOf(records.values()).length).toBeGreaterThan(records.size - 1));
});

describe('fixedVersionsOf', () => {
  const cases: { name: string; ranges: AffectedRange[]; want: string }[] = [
    { name: 'no fixed event', ranges: [semverRange({ introduced: '0' })], want: '' },
    { name: 'one fix', ranges: [semverRange({ introduced: '0' }, { fixed: '1.0.2' })], want: '1.0.2' },
    {
      name: 'fixes of every range in record order, without duplicates',
      ranges: [
        semverRange({ introduced: '2.0.0' }, { fixed: '2.0.6' }, { introduced: '0' }, { fixed: '1.26.17' }),
        semverRange({ introduced: '0' }, { fixed: '1.26.17' }),
      ],
      want: '2.0.6, 1.26.17',
    },
    {
      name: 'GIT fixes are left out',
      ranges: [{ type: 'GIT', events: [{ introduced: '0' }, { fixed: 'abc123' }] }],
      want: '',
    },
  ];
  it.each(cases)('$name', ({ ranges, want }) => expect(fixedVersionsOf(ranges)).toBe(want));
});
