import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { compress, tarOf } from '../../test/fixtures/layer/make-layer.js';
import { createFzstdDecompress, decompressed, nativeZstdChunks, zstdBinding } from './decompress.js';

/** Both zstd decoders, fed `bytes` in chunks of 64 KiB; their output read whole. */
const DECODERS: { name: string; decode: (bytes: Buffer) => Readable; checksums: boolean }[] = [
  {
    name: 'libzstd (zstd-napi)',
    checksums: true,
    decode: (bytes) => {
      const binding = zstdBinding();
      if (!binding) throw new Error('zstd-napi is not built');
      return Readable.from(nativeZstdChunks(chunked(bytes), binding));
    },
  },
  // fzstd checks no block or content checksums: garbage decodes to other bytes, which the diffID check refuses.
  { name: 'fzstd', decode: (bytes) => chunked(bytes).pipe(createFzstdDecompress()), checksums: false },
];

function chunked(bytes: Buffer): Readable {
  return Readable.from(
    (function* () {
      for (let i = 0; i < bytes.length; i += 1 << 16) yield bytes.subarray(i, i + (1 << 16));
    })(),
  );
}

async function readWhole(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/**
 * A tar of some text and some incompressible bytes, so that frames have several blocks of both kinds. Made once:
 * tar-stream stamps entries with the current time, so two tars made a second apart differ.
 */
let sample: Promise<Buffer> | undefined;
const sampleTar = (): Promise<Buffer> => {
  sample ??= makeSampleTar();
  return sample;
};

async function makeSampleTar(): Promise<Buffer> {
  const noise = Buffer.alloc(300_000);
  for (let i = 0, x = 7; i < noise.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    noise[i] = x >>> 24;
  }
  return tarOf([
    { name: 'etc/os-release', content: 'ID=debian\n' },
    { name: 'noise.bin', content: noise },
    { name: 'text', content: 'Package: x\nVersion: 1\n\n'.repeat(20_000) },
  ]);
}

describe.each(DECODERS)('zstd decoder $name', ({ decode, checksums }) => {
  it('gives back what the zstd command compressed, one frame or several', async () => {
    const tar = await sampleTar();
    const twoFrames = Buffer.concat([
      compress(tar.subarray(0, 100_000), 'zstd'),
      compress(tar.subarray(100_000), 'zstd'),
    ]);
    expect((await readWhole(decode(compress(tar, 'zstd')))).equals(tar)).toBe(true);
    expect((await readWhole(decode(twoFrames))).equals(tar)).toBe(true);
  });

  const bad: { name: string; corrupt: (zst: Buffer) => Buffer; checked: boolean }[] = [
    { name: 'a frame cut short', corrupt: (zst) => zst.subarray(0, zst.length - 1000), checked: false },
    {
      name: 'a frame with garbage in its blocks',
      corrupt: (zst) => Buffer.from(zst).fill(0xff, 20, 60),
      checked: true,
    },
  ];
  it.each(bad)('never gives back the original from $name', async ({ corrupt, checked }) => {
    const tar = await sampleTar();
    const decoded = readWhole(decode(corrupt(compress(tar, 'zstd'))));
    if (checksums || !checked) await expect(decoded).rejects.toThrow();
    else expect((await decoded).equals(tar)).toBe(false);
  });
});

describe('decompressed', () => {
  it('decodes a zstd bomb (256 MiB of zeros) in chunks of at most 256 KiB, as fast as they are taken', async () => {
    const bomb = execFileSync('sh', ['-c', 'head -c 268435456 /dev/zero | zstd -q -c -19'], { maxBuffer: 1 << 24 });
    expect(bomb.length).toBeLessThan(1 << 16);
    const { stream, compression } = await decompressed(Readable.from([bomb]));
    expect(compression).toBe('zstd');
    const before = process.memoryUsage().rss;
    let largest = 0;
    let total = 0;
    for await (const chunk of stream) {
      largest = Math.max(largest, (chunk as Buffer).length);
      total += (chunk as Buffer).length;
      if (total >= 32 << 20) break;
    }
    expect(largest).toBeLessThanOrEqual(256 * 1024);
    // Stopping after 32 MiB: the decoder did not run ahead to the 256 MiB.
    expect(process.memoryUsage().rss - before).toBeLessThan(100 << 20);
  });

  const kinds: { name: string; bytes: () => Promise<Buffer>; compression: string }[] = [
    { name: 'gzip', bytes: async () => compress(await sampleTar(), 'gzip'), compression: 'gzip' },
    { name: 'zstd', bytes: async () => compress(await sampleTar(), 'zstd'), compression: 'zstd' },
    { name: 'a plain tar', bytes: sampleTar, compression: 'none' },
  ];
  it.each(kinds)('detects $name by its magic bytes and gives back the tar', async ({ bytes, compression }) => {
    const { stream, compression: found } = await decompressed(chunked(await bytes()));
    expect(found).toBe(compression);
    expect((await readWhole(stream)).equals(await sampleTar())).toBe(true);
  });
});

describe('a short plain layer read in one chunk', () => {
  it('keeps every byte after its first bytes are inspected', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'barnacle-short-'));
    const file = join(dir, 'layer.tar');
    const bytes = Buffer.alloc(10_240, 7);
    writeFileSync(file, bytes);
    // A byte range read with a large buffer delivers the whole member in one chunk, as archive members are read.
    const source = createReadStream(file, { start: 0, end: bytes.length - 1, highWaterMark: 1024 * 1024 });
    const { stream, compression } = await decompressed(source);
    let length = 0;
    for await (const chunk of stream) length += (chunk as Buffer).length;
    expect(compression).toBe('none');
    expect(length).toBe(bytes.length);
  });
});
