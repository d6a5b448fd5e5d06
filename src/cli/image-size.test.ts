// --max-image-size, --cache-backend memory and --parallel on the demo image (a real docker-archive).
// Size vectors: Trivy's pkg/flag/image_flags_test.go and pkg/fanal/artifact/image/image_test.go (commit dc3c56e).
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testImage } from '../../test/images.js';
import { InputError, UsageError } from '../errors.js';
import { openImage } from '../source/index.js';
import { imageOptionsOf } from './compat-flags.js';
import { checkImageSize, humanSize, parseHumanSize } from './image-size.js';
import { silentLogger } from './log.js';
import { scanImage } from './scan.js';

const DEMO = path.resolve(import.meta.dirname, '..', '..', 'examples', 'demo', 'flask-app.tar');
const FILTERS = { severities: [], ignoreUnfixed: false, pkgTypes: ['os', 'library'] };
const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'barnacle-size-'));

describe('parseHumanSize', () => {
  const cases: { name: string; input: string; want: number }[] = [
    { name: "Trivy's own example: 10mb is ten million bytes", input: '10mb', want: 10_000_000 },
    { name: 'kB is a thousand bytes', input: '44kB', want: 44_000 },
    { name: 'a fraction of a unit', input: '1.5GB', want: 1_500_000_000 },
    { name: 'a bare number is bytes', input: '100', want: 100 },
    { name: 'a b suffix is bytes', input: '512b', want: 512 },
    { name: 'a space may separate number and unit', input: '17 MB', want: 17_000_000 },
    { name: 'KiB is read with the decimal unit, as go-units FromHumanSize does', input: '1KiB', want: 1000 },
    { name: 'a single letter is the unit', input: '2g', want: 2_000_000_000 },
  ];
  it.each(cases)('$name', ({ input, want }) => expect(parseHumanSize(input)).toBe(want));

  const bad: { name: string; input: string; error: string }[] = [
    {
      name: "an unknown suffix, as in Trivy's test",
      input: '10foo',
      error: `invalid max image size "10foo": invalid suffix: 'foo'`,
    },
    { name: 'no digits', input: 'MB', error: `invalid max image size "MB": invalid size: 'MB'` },
    { name: 'letters after the b', input: '10mbx', error: `invalid suffix: 'mbx'` },
  ];
  it.each(bad)('refuses $name', ({ input, error }) => {
    expect(() => parseHumanSize(input)).toThrow(UsageError);
    expect(() => parseHumanSize(input)).toThrow(error);
  });
});

describe('humanSize', () => {
  const cases: { bytes: number; precision?: number; want: string }[] = [
    { bytes: 2390, precision: 3, want: '2.39kB' },
    { bytes: 1000, want: '1kB' },
    { bytes: 3000, want: '3kB' },
    { bytes: 5120, precision: 3, want: '5.12kB' },
    { bytes: 512, want: '512B' },
    { bytes: 608_768, precision: 3, want: '609kB' },
    { bytes: 999_999, precision: 3, want: '1e+03kB' },
    { bytes: 10_000_000, want: '10MB' },
  ];
  it.each(cases)('$bytes bytes read $want', ({ bytes, precision, want }) =>
    expect(humanSize(bytes, precision)).toBe(want),
  );
});

describe('--max-image-size on the demo image', () => {
  it("refuses an image larger than the maximum, in Trivy's words", async () => {
    const image = await openImage(DEMO, { cacheDir: tmp() });
    try {
      const total = image.layers.reduce((sum, layer) => sum + (layer.size ?? 0), 0);
      expect(total).toBeGreaterThan(100_000);
      expect(() => checkImageSize(image.layers, 1000)).toThrow(InputError);
      expect(() => checkImageSize(image.layers, 1000)).toThrow(
        `compressed image size ${humanSize(total, 3)} exceeds maximum allowed size 1kB`,
      );
      expect(() => checkImageSize(image.layers, total)).not.toThrow();
      expect(() => checkImageSize(image.layers, undefined)).not.toThrow();
    } finally {
      await image.close();
    }
  });

  it('fails the scan before any layer is read or cached', async () => {
    const cacheDir = tmp();
    const scan = scanImage({
      input: DEMO,
      cacheDir,
      vulnerabilities: false,
      filters: FILTERS,
      now: new Date(),
      logger: silentLogger,
      ...imageOptionsOf({ 'max-image-size': '10kB' }),
    });
    await expect(scan).rejects.toThrow('exceeds maximum allowed size 10kB');
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  // The distroless test image's gzip layer: 9 MB stored, 22 MB as a tar. A limit between the two passes the blob
  // and stops the tar.
  it("refuses the layers once their uncompressed size passes the maximum, in Trivy's words", async () => {
    const { ociDir } = await testImage('distroless');
    const image = await openImage(ociDir, { cacheDir: tmp() });
    const compressed = image.layers.reduce((sum, layer) => sum + (layer.size ?? 0), 0);
    await image.close();
    const scanWith = (size: string, cacheDir = tmp()) =>
      scanImage({
        input: ociDir,
        cacheDir,
        vulnerabilities: false,
        filters: FILTERS,
        now: new Date(),
        logger: silentLogger,
        ...imageOptionsOf({ 'max-image-size': size }),
      });
    const limit = String(compressed * 2);
    const refused = scanWith(limit);
    await expect(refused).rejects.toThrow(InputError);
    await expect(refused).rejects.toThrow(
      new RegExp(`^uncompressed layers size [\\d.]+MB exceeds maximum allowed size ${humanSize(compressed * 2)}$`),
    );
    // Measured every time: a layer cache filled without the limit does not let the image through.
    const warm = tmp();
    await scanWith('100GB', warm);
    await expect(scanWith(limit, warm)).rejects.toThrow('uncompressed layers size');
    expect((await scanWith('100GB', warm)).results.length).toBeGreaterThan(0);
  }, 120_000);
});

describe('--cache-backend and --parallel on the demo image', () => {
  const scan = (cacheDir: string, flags: Record<string, string | number>) =>
    scanImage({
      input: DEMO,
      cacheDir,
      vulnerabilities: false,
      filters: FILTERS,
      now: new Date('2026-01-02T00:00:00Z'),
      logger: silentLogger,
      ...imageOptionsOf(flags),
    });

  it('the fs backend keeps analysed layers in the cache directory; memory keeps none', async () => {
    const fsDir = tmp();
    const memoryDir = tmp();
    const [onDisk, inMemory] = [
      await scan(fsDir, { 'cache-backend': 'fs' }),
      await scan(memoryDir, { 'cache-backend': 'memory' }),
    ];
    expect(readdirSync(fsDir).length).toBeGreaterThan(0);
    expect(existsSync(memoryDir) ? readdirSync(memoryDir) : []).toEqual([]);
    expect(inMemory).toEqual(onDisk);
  });

  it('gives the same result whatever the number of layers analysed at once', async () => {
    const one = await scan(tmp(), { parallel: 1 });
    const all = await scan(tmp(), { parallel: 0 });
    expect(one.results.length).toBeGreaterThan(1);
    expect(all).toEqual(one);
  });

  it('takes --parallel 0 as one layer per CPU, as Trivy', () =>
    expect(imageOptionsOf({ parallel: 0 }).parallel).toBe(os.availableParallelism()));
});
