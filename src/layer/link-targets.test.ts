import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixtureRoot } from '../../test/fixture-file.js';
import { osRelease } from '../analyzer/os-release.js';
import { lexicalTarget, TargetWatch } from './link-targets.js';
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

describe('TargetRecorder', () => {
  const link: LinkEntry = { path: 'etc/os-release', target: '../usr/lib/os-release', kind: 'symlink' };
  // The real os-release of Alpine 3.6 (test/fixtures/analyzer/os-release), cut as a tar entry's chunks may be.
  const bytes = new Uint8Array(readFileSync(`${fixtureRoot('os-release', 'alpine-3.6')}/etc/os-release`));
  const MAX_KEPT = 4 * 1024 * 1024;
  const cases: { name: string; cuts: number[] }[] = [
    { name: 'one chunk', cuts: [] },
    { name: 'three chunks of uneven sizes', cuts: [1, 8] },
    { name: 'an empty chunk among them', cuts: [5, 5, 40] },
  ];
  it.each(cases)('keeps a watched file given as $name, whole, in its base64 text', ({ cuts }) => {
    const chunks = [0, ...cuts].map((start, i) => bytes.subarray(start, cuts[i] ?? bytes.length));
    const watch = new TargetWatch();
    watch.addLink(link, [osRelease]);
    const recorder = watch.recorder();
    expect(recorder.watches('usr/lib/os-release')).toBe(true);
    recorder.file('usr/lib/os-release', bytes.length, 0o644, chunks);
    expect(recorder.targets()).toEqual([
      {
        path: 'usr/lib/os-release',
        kind: 'file',
        size: bytes.length,
        mode: 0o644,
        content: Buffer.from(bytes).toString('base64'),
      },
    ]);
    // What it keeps counts against the per-layer budget; the last entry for a path replaces the earlier one.
    expect(recorder.canKeep(MAX_KEPT - bytes.length)).toBe(true);
    expect(recorder.canKeep(MAX_KEPT - bytes.length + 1)).toBe(false);
    recorder.file('usr/lib/os-release', 3, 0o600, [bytes.subarray(0, 1), bytes.subarray(1, 3)]);
    expect(recorder.canKeep(MAX_KEPT - 3)).toBe(true);
    expect(recorder.canKeep(MAX_KEPT - 2)).toBe(false);
    expect(recorder.targets()[0]).toMatchObject({
      size: 3,
      content: Buffer.from(bytes.subarray(0, 3)).toString('base64'),
    });
  });
});
