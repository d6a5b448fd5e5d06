import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixtureFile, textFile } from '../../test/fixture-file.js';
import { pnpm } from './pnpm.js';

// Lock files written by real pnpm 8 (lock file 6.0) and pnpm 9 (9.0) for one package.json: see
// test/fixtures/analyzer/lockfiles/pnpm-README.md.
const DIR = 'test/fixtures/analyzer/lockfiles';
const packagesOf = async (version: string) =>
  (await pnpm.analyze(fixtureFile(`${DIR}/pnpm-v${version}`, 'pnpm-lock.yaml'))).applications?.[0]?.packages ?? [];
const trivy = JSON.parse(readFileSync(`${DIR}/pnpm-v8/trivy-v0.44.1-packages.json`, 'utf8')) as { ID: string }[];

describe('pnpm-lock.yaml', () => {
  it('6.0: the production packages, as Trivy v0.44.1 lists them (dev ones left out)', async () =>
    expect((await packagesOf('8')).map((p) => p.id).sort()).toEqual(trivy.map((p) => p.ID).sort()));

  it('6.0: direct by the top-level dependencies, with what each depends on', async () => {
    const packages = await packagesOf('8');
    expect(
      packages
        .filter((p) => p.relationship === 'direct')
        .map((p) => p.id)
        .sort(),
    ).toEqual(['debug@4.3.4', 'lodash@4.17.20', 'minimist@1.2.5']);
    expect(packages.find((p) => p.name === 'debug')?.dependsOn).toEqual(['ms@2.1.2']);
  });

  it('9.0: the same production packages, plus the dev ones flagged, direct by the importers', async () => {
    const packages = await packagesOf('9');
    expect(
      packages
        .filter((p) => !p.dev)
        .map((p) => p.id)
        .sort(),
    ).toEqual(trivy.map((p) => p.ID).sort());
    expect(
      packages
        .filter((p) => p.dev)
        .map((p) => `${p.id} ${p.relationship}`)
        .sort(),
    ).toEqual(['is-number@7.0.0 direct', 'ms@2.0.0 direct']);
    // ms 2.1.2 is only reached through debug, a production dependency: production and indirect.
    expect(packages.find((p) => p.id === 'ms@2.1.2')?.relationship).toBe('indirect');
  });

  it('a file that is not YAML is a warning naming it and the line', async () => {
    const result = await pnpm.analyze(textFile('app/pnpm-lock.yaml', "lockfileVersion: '9.0'\npackages:\n  a: [\n"));
    expect(result.applications).toEqual([]);
    expect(result.problems).toEqual([
      { path: 'app/pnpm-lock.yaml', reason: expect.stringMatching(/^cannot parse at line \d+: not valid YAML/) },
    ]);
  });
});
