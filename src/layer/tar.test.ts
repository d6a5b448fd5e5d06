import { execFileSync } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { tarOf } from '../../test/fixtures/layer/make-layer.js';
import { workRoot } from '../../test/fixtures/source/build-images.js';
import { readAll } from './layer-file.js';
import { TarFormatError, tarEntries } from './tar.js';

const TEMP_ROOT = workRoot();

interface Seen {
  readonly name: string;
  readonly type: string;
  readonly size: number;
  readonly mode: number;
  readonly linkname: string | undefined;
  readonly content: string;
}

/** Every entry as tar-stream reads it: the reference. */
async function reference(bytes: Buffer): Promise<Seen[]> {
  const extract = tar.extract();
  const done = pipeline(async function* () {
    yield bytes;
  }, extract);
  const entries: Seen[] = [];
  for await (const entry of extract) {
    const { name, type, size, mode, linkname } = entry.header;
    entries.push({
      name,
      type: type ?? 'file',
      size: size ?? 0,
      mode: mode ?? 0,
      linkname: linkname || undefined,
      content: (await buffer(entry)).toString('latin1'),
    });
  }
  await done;
  return entries;
}

/** Every entry as tarEntries reads `bytes` cut into chunks of `chunk` bytes; contents read when `read`. */
async function entriesOf(bytes: Buffer, chunk: number, read = true): Promise<Seen[]> {
  async function* chunks() {
    for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
  }
  const entries: Seen[] = [];
  for await (const { header, content } of tarEntries(chunks())) {
    entries.push({
      name: header.name,
      type: header.type,
      size: header.size,
      mode: header.mode,
      linkname: header.linkname,
      content: read ? Buffer.from(await readAll(content)).toString('latin1') : '',
    });
  }
  return entries;
}

/** A tree with a long path, a long symlink target, a hard link, a non-ASCII name and an empty file. */
function sampleTar(format: string): Buffer {
  const work = mkdtempSync(path.join(TEMP_ROOT, 'layer-tar-'));
  const root = path.join(work, 'tree');
  const deep = path.join(root, 'a'.repeat(60), 'b'.repeat(60));
  mkdirSync(deep, { recursive: true });
  writeFileSync(path.join(deep, `${'c'.repeat(80)}.txt`), 'deep file\n');
  writeFileSync(path.join(root, 'naïve-ünïcode.txt'), 'non-ASCII name\n');
  writeFileSync(path.join(root, 'empty'), '');
  writeFileSync(path.join(root, 'big.bin'), Buffer.alloc(5000, 7));
  writeFileSync(path.join(root, 'exec'), '#!/bin/sh\n', { mode: 0o755 });
  linkSync(path.join(root, 'big.bin'), path.join(root, 'hard.bin'));
  symlinkSync(path.join('a'.repeat(60), 'b'.repeat(60), `${'c'.repeat(80)}.txt`), path.join(root, 'link-to-deep'));
  const file = path.join(work, 'sample.tar');
  execFileSync('tar', [`--format=${format}`, '--sort=name', '-C', root, '-cf', file, '.']);
  return readFileSync(file);
}

describe('tarEntries', () => {
  const formats = ['gnu', 'pax', 'oldgnu', 'ustar'].flatMap((format) =>
    [1, 7, 512, 4096, 1 << 20].map((chunk) => ({ format, chunk })),
  );
  it.each(formats)(
    'reads what GNU tar --format=$format writes as tar-stream does, in chunks of $chunk bytes',
    async ({ format, chunk }) => {
      // ustar cannot hold the 200-character name: GNU tar leaves that file out with a warning.
      const bytes = format === 'ustar' ? await ustarSample() : sampleTar(format);
      const want = await reference(bytes);
      expect(want.length).toBeGreaterThan(5);
      expect(await entriesOf(bytes, chunk)).toEqual(want);
    },
  );

  it('skips the content nobody reads and still finds every header', async () => {
    const bytes = sampleTar('pax');
    const want = (await reference(bytes)).map((e) => ({ ...e, content: '' }));
    expect(await entriesOf(bytes, 1000, false)).toEqual(want);
  });

  it('reads the source to its end, past the end-of-archive blocks', async () => {
    const bytes = Buffer.concat([await tarOf([{ name: 'a', content: 'x' }]), Buffer.from('trailing data')]);
    let read = 0;
    async function* counted() {
      for (let i = 0; i < bytes.length; i += 100) {
        const part = bytes.subarray(i, i + 100);
        read += part.length;
        yield part;
      }
    }
    const names: string[] = [];
    for await (const { header } of tarEntries(counted())) names.push(header.name);
    expect(names).toEqual(['a']);
    expect(read).toBe(bytes.length);
  });

  const bad: { name: string; bytes: () => Promise<Buffer>; message: RegExp }[] = [
    {
      name: 'a tar cut inside an entry',
      bytes: async () => (await tarOf([{ name: 'a', content: 'x'.repeat(2000) }])).subarray(0, 1200),
      message: /^unexpected end of data in a at byte 0$/,
    },
    {
      name: 'a tar cut inside a header',
      bytes: async () => (await tarOf([{ name: 'a', content: 'x' }, { name: 'b' }])).subarray(0, 1100),
      message: /^unexpected end of data in a header at byte 1024$/,
    },
    {
      name: 'a header whose checksum is wrong',
      bytes: async () => {
        const bytes = await tarOf([{ name: 'a', content: 'x' }]);
        bytes[0] = 0x62;
        return bytes;
      },
      message: /^invalid tar header checksum at byte 0$/,
    },
    {
      name: 'bytes that are not a tar',
      bytes: async () => Buffer.from('not a tar at all'.repeat(64)),
      message: /^invalid tar header checksum at byte 0$/,
    },
  ];
  it.each(bad)('refuses $name', async ({ bytes, message }) => {
    const error = await entriesOf(await bytes(), 300).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TarFormatError);
    expect((error as Error).message).toMatch(message);
  });
});

/** The sample tree less what ustar cannot name, written by GNU tar. */
async function ustarSample(): Promise<Buffer> {
  const work = mkdtempSync(path.join(TEMP_ROOT, 'layer-tar-'));
  const root = path.join(work, 'tree');
  mkdirSync(path.join(root, 'dir', 'sub'), { recursive: true });
  writeFileSync(path.join(root, 'dir', 'sub', 'file.txt'), 'file\n');
  writeFileSync(path.join(root, `${'p'.repeat(90)}`), 'ninety\n');
  writeFileSync(path.join(root, 'empty'), '');
  symlinkSync('dir/sub/file.txt', path.join(root, 'link'));
  linkSync(path.join(root, 'empty'), path.join(root, 'hard'));
  const file = path.join(work, 'sample.tar');
  execFileSync('tar', ['--format=ustar', '--sort=name', '-C', root, '-cf', file, '.']);
  return readFileSync(file);
}

it('hands out a 5 MB entry as views of the chunks of the stream, not copies', async () => {
  const bytes = await tarOf([{ name: 'big', content: Buffer.alloc(5 << 20, 1) }]);
  async function* source() {
    for (let i = 0; i < bytes.length; i += 1 << 16) yield bytes.subarray(i, i + (1 << 16));
  }
  const views: boolean[] = [];
  let length = 0;
  for await (const { content } of tarEntries(source())) {
    for await (const chunk of content) {
      views.push(chunk.buffer === bytes.buffer);
      length += chunk.length;
    }
  }
  expect(length).toBe(5 << 20);
  expect(views.length).toBeGreaterThan(80);
  expect(views.every(Boolean)).toBe(true);
});
