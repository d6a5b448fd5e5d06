import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixtureFile } from '../../test/fixture-file.js';
import { npm } from './npm.js';

// A package-lock.json (lock file version 3) written by real npm 11.19.1 for lodash 4.17.20, minimist 1.2.5 and
// debug 4.3.4 with ms 2.0.0 and is-number 7.0.0 as dev dependencies (`npm install --package-lock-only
// --ignore-scripts`), and Trivy v0.44.1's `fs --include-dev-deps` list of it (ID, Version, Dev, Locations).
const DIR = 'test/fixtures/analyzer/lockfiles/npm-v3';
interface TrivyPackage {
  ID: string;
  Dev?: boolean;
  Locations?: { StartLine: number; EndLine: number }[];
}
const trivy = JSON.parse(readFileSync(`${DIR}/trivy-v0.44.1-packages.json`, 'utf8')) as TrivyPackage[];

describe('package-lock.json written by npm', () => {
  it('lists the packages, dev flags and lines Trivy v0.44.1 lists', async () => {
    const packages = (await npm.analyze(fixtureFile(DIR, 'package-lock.json'))).applications?.[0]?.packages ?? [];
    const ours = packages.map(
      (p) => `${p.id} ${p.dev === true} ${p.locations?.map((l) => `${l.startLine}-${l.endLine}`)}`,
    );
    const theirs = trivy.map(
      (p) => `${p.ID} ${p.Dev === true} ${p.Locations?.map((l) => `${l.StartLine}-${l.EndLine}`)}`,
    );
    expect(ours.sort()).toEqual(theirs.sort());
    // Both versions of ms: 2.0.0 asked for as a dev dependency, 2.1.2 reached from debug in production.
    expect(
      packages
        .filter((p) => p.name === 'ms')
        .map((p) => `${p.version} ${p.dev === true}`)
        .sort(),
    ).toEqual(['2.0.0 true', '2.1.2 false']);
  });
});

describe('package-lock.json licenses', () => {
  // Trivy's parser test “lock version v3 with legacy license formats” (pkg/dependency/parser/nodejs/npm,
  // testdata/package-lock_v3_with_legacy_licenses.json and npmV3WithLegacyLicensesPkgs), and npm-v3 written by npm.
  const cases: { name: string; dir: string; want: string[] }[] = [
    {
      name: 'a string, a list of {type} objects; a list of strings gives none',
      dir: 'test/fixtures/analyzer/lockfiles/npm-legacy-licenses',
      want: ['mustache@2.3.2 MIT', 'pause-stream@0.0.11 -', 'tv4@1.3.0 Public Domain,MIT'],
    },
    {
      name: 'npm 11 copies each package’s license field into the lock file',
      dir: DIR,
      want: [
        'debug@4.3.4 MIT',
        'is-number@7.0.0 MIT',
        'lodash@4.17.20 MIT',
        'minimist@1.2.5 MIT',
        'ms@2.0.0 MIT',
        'ms@2.1.2 MIT',
      ],
    },
  ];
  it.each(cases)('$name', async ({ dir, want }) => {
    const packages = (await npm.analyze(fixtureFile(dir, 'package-lock.json'))).applications?.[0]?.packages ?? [];
    expect(packages.map((p) => `${p.id} ${p.licenses?.join(',') ?? '-'}`).sort()).toEqual(want);
  });

  it('wants the package.json of each installed package, for the licenses the lock file lacks', () => {
    const paths = [
      'package-lock.json',
      'app/package-lock.json',
      'node_modules/ms/package-lock.json',
      'node_modules/ms/package.json',
      'node_modules/rxjs/ajax/package.json',
      'package.json',
    ];
    expect(paths.filter((path) => npm.wants(path, 0, 0o644))).toEqual([
      'package-lock.json',
      'app/package-lock.json',
      'node_modules/ms/package.json',
    ]);
  });
});
