import { describe, expect, it } from 'vitest';
import { fixtureFile, fixtureRoot, textFile } from '../../test/fixture-file.js';
import { ubuntu } from './ubuntu.js';

describe('ubuntu', () => {
  it.each([
    { path: 'etc/lsb-release', want: true },
    { path: 'etc/os-release', want: false },
    { path: 'usr/lib/lsb-release', want: false },
  ])('wants $path: $want', ({ path, want }) => expect(ubuntu.wants(path, 10, 0o644)).toBe(want));

  it('reads Ubuntu 18.04 from its lsb-release', async () => {
    expect(await ubuntu.analyze(fixtureFile(fixtureRoot('ubuntu', 'bionic'), 'etc/lsb-release'))).toEqual({
      os: { family: 'ubuntu', name: '18.04' },
      problems: [],
    });
  });

  const texts = [
    {
      name: "Linux Mint's lsb-release is not Ubuntu",
      content: 'DISTRIB_ID=LinuxMint\nDISTRIB_RELEASE=21.2\nDISTRIB_CODENAME=victoria\n',
      want: { problems: [] },
    },
    {
      name: 'the release must come after DISTRIB_ID=Ubuntu',
      content: 'DISTRIB_RELEASE=22.04\nDISTRIB_ID=Ubuntu\n',
      want: { problems: [] },
    },
    {
      name: 'CRLF line ends are read',
      content: 'DISTRIB_ID=Ubuntu\r\nDISTRIB_RELEASE=22.04\r\n',
      want: { os: { family: 'ubuntu', name: '22.04' }, problems: [] },
    },
  ];
  it.each(texts)('$name', async ({ content, want }) => {
    expect(await ubuntu.analyze(textFile('etc/lsb-release', content))).toEqual(want);
  });
});
