import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testImage } from '../../test/images.js';
import { analyzers } from '../analyzer/index.js';
import { analyzeImage } from '../layer/walk.js';
import { openImage } from '../source/index.js';
import { formatVersion } from '../types.js';
import { mergeLayers } from './merge.js';

// Real images built by test/images.ts, whose ground truth is dpkg-query after each layer.

let cacheDir: string;
beforeAll(async () => {
  await mkdir('.cache', { recursive: true });
  cacheDir = await mkdtemp(join('.cache', 'inventory-test-'));
});
afterAll(async () => {
  await rm(cacheDir, { recursive: true, force: true });
});

describe('the inventory of a real image', () => {
  const cases = [
    { name: 'three-layer', form: 'ociDir' },
    { name: 'three-layer', form: 'dockerArchive' },
    { name: 'zstd', form: 'ociDir' },
    { name: 'opaque', form: 'ociDir' },
  ] as const;
  it.each(cases)(
    '$name ($form): OS, packages and the layer that introduced each match dpkg',
    async ({ name, form }) => {
      const built = await testImage(name);
      const input = built[form];
      if (!input) throw new Error(`${name} has no ${form}`);
      const image = await openImage(input, { cacheDir });
      try {
        const layers = await analyzeImage(image, analyzers.all, { cacheDir });
        const inventory = mergeLayers(layers, { artifactName: input });
        expect(inventory.os).toEqual({ family: 'debian', name: built.os.debianVersion });
        const [osTarget] = inventory.targets;
        expect(osTarget?.target).toBe(`${input} (debian ${built.os.debianVersion})`);
        const diffIds = image.layers.map((layer) => layer.diffId);
        const got = (osTarget?.packages ?? []).map((p) => ({
          name: p.name,
          version: formatVersion(p.epoch, p.version, p.release),
          arch: p.arch,
          layer: diffIds.indexOf(p.layer?.diffId ?? ''),
        }));
        const want = built.groundTruth
          .map((p) => ({ name: p.name, version: p.version, arch: p.arch, layer: p.layer }))
          .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        expect(got).toEqual(want);
        expect(osTarget?.packages.every((p) => p.purl?.startsWith(`pkg:deb/debian/`))).toBe(true);
      } finally {
        await image.close();
      }
    },
    600_000,
  );
});
