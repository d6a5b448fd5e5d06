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
