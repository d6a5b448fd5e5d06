import { execFileSync } from 'node:child_process';
import { createReadStream, linkSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { workRoot } from '../../test/fixtures/source/build-images.js';
import { sparseTar } from '../../test/fixtures/source/tar-edit.js';
import { indexTar } from './tar-index.js';

const TEMP_ROOT = workRoot();

/** Every entry of a tar as tar-stream reads it: the reference the index is checked against. */
async function referenceEntries(file: string) {
  const extract = tar.extract();
  const done = pipeline(createReadStream(file), extract);
  const entries: { name: string; type: string; size: number; linkName?: string; content: Buffer }[] = [];
  for await (const entry of extract) {
    const { name, type, size, linkname } = entry.header;
    entries.push({
      name: name.replace(/^\.\//, '').replace(/\/$/, ''),
      type: type ?? 'file',
      size: size ?? 0,
      linkName: linkname ?? undefined,
      content: await buffer(entry),
    });
  }
  await done;
  return entries.filter((e) => e.name !== '' && e.name !== '.');
}

/** A small tree with a long path, a long symlink target, a hard link, a non-ASCII name and an empty file. */
function sampleTree(root: string): void {
  const deep = path.join(root, 'a'.repeat(60), 'b'.repeat(60));
  mkdirSync(deep, { recursive: true });
  writeFileSync(path.join(deep, `${'c'.repeat(80)}.txt`), 'deep file\n');
  writeFileSync(path.join(root, 'naïve-ünïcode.txt'), 'non-ASCII name\n');
  writeFileSync(path.join(root, 'empty'), '');
  writeFileSync(path.join(root, 'big.bin'), Buffer.alloc(5000, 7));
  linkSync(path.join(root, 'big.bin'), path.join(root, 'hard.bin'));
  symlinkSync(path.join('a'.repeat(60), 'b'.repeat(60), `${'c'.repeat(80)}.txt`), path.join(root, 'link-to-deep'));
}

describe('indexTar', () => {
  const formats = [
    { name: 'GNU tar --format=gnu (././@LongLink entries)', format: 'gnu' },
    { name: 'GNU tar --format=pax (extended headers)', format: 'pax' },
    { name: 'GNU tar --format=oldgnu', format: 'oldgnu' },
  ];
  it.each(formats)('indexes what $name writes as tar-stream reads it', async ({ format }) => {
    const work = mkdtempSync(path.join(TEMP_ROOT, 'tar-'));
    sampleTree(path.join(work, 'tree'));
    const file = path.join(work, 'sample.tar');
    execFileSync('tar', [`--format=${format}`, '--sort=name', '-C', path.join(work, 'tree'), '-cf', file, '.']);
    const index = await indexTar(file);
    const reference = await referenceEntries(file);
    const typeNames: Record<string, string> = {
      file: 'file',
      directory: 'directory',
      symlink: 'symlink',
      link: 'hardlink',
    };
    expect(
      [...index.entries.values()].map((e) => ({ name: e.name, type: e.type, size: e.size, linkName: e.linkName })),
    ).toEqual(
      reference.map((e) => ({
        name: e.name,
        type: typeNames[e.type],
        size: e.size,
        linkName: e.linkName || undefined,
      })),
    );
    for (const expected of reference.filter((e) => e.type === 'file')) {
      const entry = index.entries.get(expected.name);
      if (!entry) throw new Error(`no ${expected.name}`);
      expect(await buffer(index.open(entry))).toEqual(expected.content);
      expect(await index.read(entry)).toEqual(expected.content);
    }
  });

  it('resolves symlinks relative to their directory and hard links from the root', async () => {
    const work = mkdtempSync(path.join(TEMP_ROOT, 'tar-'));
    sampleTree(path.join(work, 'tree'));
    const file = path.join(work, 'sample.tar');
    execFileSync('tar', ['--format=gnu', '--sort=name', '-C', path.join(work, 'tree'), '-cf', file, '.']);
    const index = await indexTar(file);
    const deep = `${'a'.repeat(60)}/${'b'.repeat(60)}/${'c'.repeat(80)}.txt`;
    const cases: { name: string; want: string | undefined }[] = [
      { name: 'link-to-deep', want: deep },
      { name: './link-to-deep', want: deep },
      { name: 'hard.bin', want: 'big.bin' },
      { name: 'missing', want: undefined },
      { name: 'a'.repeat(60), want: undefined }, // a directory is not a file
    ];
    for (const { name, want } of cases) expect(index.resolve(name)?.name, name).toBe(want);
  });
});

describe('indexTar on a 64 GiB member', () => {
  it('reads headers only, seeking over the content', async () => {
    // A sparse file: the member's 64 GiB of zeros take no disk, but reading them would take many seconds.
    const work = mkdtempSync(path.join(TEMP_ROOT, 'tar-'));
    const file = path.join(work, 'huge.tar');
    const size = 64 * 1024 ** 3;
    sparseTar(file, [
      { name: 'layer.tar', size },
      { name: 'after.txt', content: 'after\n' },
    ]);
    const started = performance.now();
    const index = await indexTar(file);
    const elapsed = performance.now() - started;
    expect(index.entries.get('layer.tar')).toMatchObject({ offset: 512, size });
    expect(index.entries.get('after.txt')).toMatchObject({ offset: 1024 + size, size: 6 });
    expect(await index.read(index.entries.get('after.txt') ?? { name: '', type: 'file', offset: 0, size: 0 })).toEqual(
      Buffer.from('after\n'),
    );
    expect(elapsed).toBeLessThan(500);
  });
});
