import { describe, expect, it } from 'vitest';
import { lexicalTarget } from './link-targets.js';
import type { LinkEntry } from './types.js';

describe('lexicalTarget', () => {
  const cases: { name: string; link: LinkEntry; want: string }[] = [
    {
      name: 'a relative symlink is read from the link directory',
      link: { path: 'etc/os-release', target: '../usr/lib/os-release', kind: 'symlink' },
      want: 'usr/lib/os-release',
    },
    {
      name: 'an absolute symlink starts at the image root',
      link: { path: 'var/lib/pkgs/list', target: '/srv/./pkgs', kind: 'symlink' },
      want: 'srv/pkgs',
    },
    {
      name: 'dot-dots past the root stay at the root',
      link: { path: 'etc/os-release', target: '../../../../usr/lib/os-release', kind: 'symlink' },
      want: 'usr/lib/os-release',
    },
    {
      name: 'a symlink at the top level to a sibling',
      link: { path: 'os-release', target: 'usr/lib/os-release', kind: 'symlink' },
      want: 'usr/lib/os-release',
    },
    {
      name: 'a hard link names its target from the archive root',
      link: { path: 'etc/os-release', target: './usr/lib/os-release', kind: 'hardlink' },
      want: 'usr/lib/os-release',
    },
  ];
  it.each(cases)('$name', ({ link, want }) => expect(lexicalTarget(link)).toBe(want));
});
