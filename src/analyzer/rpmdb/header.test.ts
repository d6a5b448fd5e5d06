import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureRoot } from '../../../test/fixture-file.js';
import { HeaderError, parseHeader } from './header.js';
import { readBlobs } from './index.js';

/** A real header blob: curl's, from the CBL-Mariner fixture database. */
function curlBlob(): Uint8Array {
  const path = join(fixtureRoot('rpm', 'mariner-sqlite'), 'var', 'lib', 'rpm', 'rpmdb.sqlite');
  const { blobs } = readBlobs(new Uint8Array(readFileSync(path)));
  const found = blobs.find(({ blob }) => parseHeader(blob).name === 'curl');
  if (!found) throw new Error('curl is not in the fixture');
  return new Uint8Array(found.blob);
}

/** The index entry of `tag` in `blob`: its position, to damage it. */
function entryAt(blob: Uint8Array, tag: number): number {
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  for (let i = 0; i < view.getInt32(0); i++) if (view.getInt32(8 + i * 16) === tag) return 8 + i * 16;
  throw new Error(`tag ${tag} is not in the blob`);
}

describe('parseHeader', () => {
  it('reads what rpm -q --qf shows for curl', () => {
    const header = parseHeader(curlBlob());
    expect(header).toMatchObject({
      name: 'curl',
      version: '7.76.0',
      release: '6.cm2',
      arch: 'x86_64',
      sourceRpm: 'curl-7.76.0-6.cm2.src.rpm',
      license: 'MIT',
      vendor: 'Microsoft Corporation',
      modularityLabel: '',
      sigMd5: 'b5f5369ae91df3672fa3338669ec5ca2',
    });
    expect(header.epoch).toBeUndefined();
    expect(header.files).toContain('/usr/bin/curl');
  });

  const damages: { name: string; damage: (view: DataView, blob: Uint8Array) => Uint8Array; reason: RegExp }[] = [
    {
      name: 'a blob cut in the middle of its data',
      damage: (_view, blob) => blob.subarray(0, blob.length - 100),
      reason: /header needs \d+ bytes but the blob has \d+/,
    },
    { name: 'a blob of four bytes', damage: (_view, blob) => blob.subarray(0, 4), reason: /truncated/ },
    {
      name: 'an index of two billion entries',
      damage: (view, blob) => {
        view.setInt32(0, 0x7fffffff);
        return blob;
      },
      reason: /past rpm's limit|header needs/,
    },
    {
      name: 'a negative data length',
      damage: (view, blob) => {
        view.setInt32(4, -5);
        return blob;
      },
      reason: /-5 data bytes/,
    },
    {
      name: 'a NAME offset past the data',
      damage: (view, blob) => {
        view.setInt32(entryAt(blob, 1000) + 8, 0x7ffffff0);
        return blob;
      },
      reason: /tag 1000\) has type 6 at offset/,
    },
    {
      name: 'a misaligned int32 offset',
      damage: (view, blob) => {
        const at = entryAt(blob, 1116);
        view.setInt32(at + 8, view.getInt32(at + 8) + 1);
        return blob;
      },
      reason: /tag 1116\) has type 4 at offset/,
    },
    {
      name: 'a BASENAMES count of four billion',
      damage: (view, blob) => {
        view.setUint32(entryAt(blob, 1117) + 12, 0xffffffff);
        return blob;
      },
      reason: /tag 1117 claims 4294967295 strings/,
    },
    {
      name: 'a DIRINDEXES count past the data',
      damage: (view, blob) => {
        view.setUint32(entryAt(blob, 1116) + 12, 0x10000000);
        return blob;
      },
      reason: /tag 1116 claims 268435456 numbers/,
    },
    {
      name: 'a NAME of the wrong type',
      damage: (view, blob) => {
        view.setUint32(entryAt(blob, 1000) + 4, 7);
        return blob;
      },
      reason: /tag 1000 has type 7, not a string/,
    },
  ];
  it.each(damages)('refuses $name with a HeaderError', ({ damage, reason }) => {
    const blob = curlBlob();
    const damaged = damage(new DataView(blob.buffer, blob.byteOffset, blob.byteLength), blob);
    expect(() => parseHeader(damaged)).toThrow(HeaderError);
    expect(() => parseHeader(damaged)).toThrow(reason);
  });
});
