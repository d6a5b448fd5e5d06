import { describe, expect, it } from 'vitest';
import { fixtureFile, fixtureRoot, textFile } from '../../test/fixture-file.js';
import { condaPkg } from './conda-pkg.js';

const META = 'opt/conda/envs/web/conda-meta';

describe('conda-pkg', () => {
  const paths: { path: string; want: boolean }[] = [
    { path: `${META}/pip-22.2.2-py38h06a4308_0.json`, want: true },
    { path: 'home/user/miniconda3/envs/py/conda-meta/openssl-3.0.5-h7f8727e_0.json', want: true },
    { path: 'opt/conda/conda-meta/pip-22.2.2-py38h06a4308_0.json', want: false },
    { path: `${META}/history`, want: false },
    { path: `${META}/pip.json`, want: false },
  ];
  it.each(paths)('wants $path: $want', ({ path, want }) => expect(condaPkg.wants(path, 100, 0o644)).toBe(want));

  it('fixture: conda-meta of pip from the Anaconda main channel (Trivy testdata)', async () => {
    const path = `${META}/pip-22.2.2-py38h06a4308_0.json`;
    expect(await condaPkg.analyze(fixtureFile(fixtureRoot('conda-pkg', 'pip'), path))).toEqual({
      applications: [
        {
          type: 'conda-pkg',
          filePath: path,
          packages: [{ id: '', name: 'pip', version: '22.2.2', licenses: ['MIT'], filePath: path }],
        },
      ],
      problems: [],
    });
  });

  const P = `${META}/x-1.0-0.json`;
  const bad: { name: string; text: string; reason: string }[] = [
    { name: 'not JSON', text: '{"name": ', reason: 'conda metadata is not valid JSON (Unexpected end of JSON input)' },
    { name: 'no version', text: '{"name": "x"}', reason: 'conda metadata has no string name and version' },
    {
      name: 'a numeric version',
      text: '{"name": "x", "version": 1}',
      reason: 'conda metadata has no string name and version',
    },
  ];
  it.each(bad)('bad input: $name is a problem naming the file', async ({ text, reason }) => {
    expect(await condaPkg.analyze(textFile(P, text))).toEqual({ problems: [{ path: P, reason }] });
  });
});
