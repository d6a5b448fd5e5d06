import { describe, expect, it } from 'vitest';
import { fixtureFile, fixtureRoot, textFile } from '../../test/fixture-file.js';
import { alpine } from './alpine.js';

describe('alpine', () => {
  it.each([
    { path: 'etc/alpine-release', want: true },
    { path: 'etc/os-release', want: false },
    { path: 'usr/etc/alpine-release', want: false },
  ])('wants $path: $want', ({ path, want }) => expect(alpine.wants(path, 10, 0o644)).toBe(want));

  it('reads Alpine 3.6.2 from its alpine-release', async () => {
    expect(await alpine.analyze(fixtureFile(fixtureRoot('alpine', '3.6'), 'etc/alpine-release'))).toEqual({
      os: { family: 'alpine', name: '3.6.2' },
      problems: [],
    });
  });

  const texts = [
    { name: 'an edge snapshot is kept as written', content: '3.19_alpha20230901\n', want: '3.19_alpha20230901' },
    { name: 'only the first line counts, without CR', content: '3.18.4\r\nextra\n', want: '3.18.4' },
  ];
  it.each(texts)('$name', async ({ content, want }) => {
    expect((await alpine.analyze(textFile('etc/alpine-release', content))).os).toEqual({
      family: 'alpine',
      name: want,
    });
  });

  it('reports an empty file', async () => {
    expect(await alpine.analyze(textFile('etc/alpine-release', ''))).toEqual({
      problems: [{ path: 'etc/alpine-release', reason: 'file is empty; no Alpine release found' }],
    });
  });
});
