import { describe, expect, it } from 'vitest';
import { fixtureFile, fixtureRoot } from '../../test/fixture-file.js';
import { pythonEgg } from './python-egg.js';
import type { AnalyzerResult } from './types.js';

const ROOT = fixtureRoot('python-egg', 'real');
const EGG = 'opt/app/tinyhello-0.3.1-py3.11.egg';

describe('python-egg', () => {
  const paths: { path: string; want: boolean }[] = [
    { path: EGG, want: true },
    { path: 'usr/lib/python3/dist-packages/foo-1.0-py3.9.egg', want: true },
    { path: 'opt/app/foo-1.0-py3.9.egg/EGG-INFO/PKG-INFO', want: false },
    { path: 'opt/app/foo.egg-info', want: false },
    { path: 'opt/app/foo.whl', want: false },
  ];
  it.each(paths)('wants $path: $want', ({ path, want }) => expect(pythonEgg.wants(path, 100, 0o644)).toBe(want));

  const cases: { name: string; path: string; want: AnalyzerResult }[] = [
    {
      // Trivy v0.44.1 `rootfs` on the same directory lists tinyhello 0.3.1 with the egg as its FilePath and the
      // license `MIT`: its METADATA says `MIT License`, which the inventory normalises.
      name: 'a zipped egg built by setuptools gives its package, found at the egg',
      path: EGG,
      want: {
        applications: [
          {
            type: 'python-pkg',
            filePath: EGG,
            packages: [{ id: '', name: 'tinyhello', version: '0.3.1', licenses: ['MIT License'], filePath: EGG }],
          },
        ],
        problems: [],
      },
    },
    {
      name: 'an egg without metadata is skipped silently',
      path: 'opt/app/no-metadata-0.1.egg',
      want: { problems: [] },
    },
    {
      name: 'metadata under a ../ name is not read, with a warning',
      path: 'opt/app/slip-0.1.egg',
      want: {
        problems: [{ path: 'opt/app/slip-0.1.egg', reason: 'entry "../EGG-INFO/PKG-INFO" points outside the archive' }],
      },
    },
  ];
  it.each(cases)('$name', async ({ path, want }) =>
    expect(await pythonEgg.analyze(fixtureFile(ROOT, path))).toEqual(want),
  );

  it('a file that is not a zip is a problem naming it', async () => {
    const result = await pythonEgg.analyze(fixtureFile(ROOT, 'opt/app/broken-0.1.egg'));
    expect(result.applications).toBeUndefined();
    expect(result.problems).toEqual([
      { path: 'opt/app/broken-0.1.egg', reason: expect.stringMatching(/^Python egg: not a valid zip archive \(/) },
    ]);
  });
});
