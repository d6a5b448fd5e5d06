import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { workRoot } from '../../test/fixtures/source/build-images.js';
import { type TestImage, type TestImagePlatform, testImage } from '../../test/images.js';
import { openImage } from './index.js';

const TEMP_ROOT = workRoot();

const [threeLayer, multiarch] = await Promise.all([testImage('three-layer'), testImage('multiarch')]);
const platform = (image: TestImage, name: string): TestImagePlatform => {
  const found = image.platforms.find((p) => p.platform === name);
  if (!found) throw new Error(`${image.name} has no ${name}`);
  return found;
};

describe('openImage on the test images', () => {
  const amd64 = platform(multiarch, 'linux/amd64');
  const arm64 = platform(multiarch, 'linux/arm64');
  const three = platform(threeLayer, 'linux/amd64');
  const cases: { name: string; input?: string; platform?: string; want: TestImagePlatform; form: 'docker' | 'oci' }[] =
    [
      { name: 'three-layer as docker save', input: threeLayer.dockerArchive, want: three, form: 'docker' },
      { name: 'three-layer as gzipped docker save', input: threeLayer.dockerArchiveGz, want: three, form: 'docker' },
      { name: 'three-layer as an OCI directory', input: threeLayer.ociDir, want: three, form: 'oci' },
      { name: 'three-layer as an OCI tar', input: threeLayer.ociTar, want: three, form: 'oci' },
      { name: 'multiarch, default platform', input: multiarch.ociDir, want: amd64, form: 'oci' },
      { name: 'multiarch, linux/arm64', input: multiarch.ociDir, platform: 'linux/arm64', want: arm64, form: 'oci' },
      {
        name: 'multiarch nested index, linux/arm64',
        input: multiarch.ociNestedDir,
        platform: 'linux/arm64',
        want: arm64,
        form: 'oci',
      },
      {
        name: 'multiarch nested index tar, linux/arm64',
        input: multiarch.ociNestedTar,
        platform: 'linux/arm64',
        want: arm64,
        form: 'oci',
      },
      { name: 'multiarch nested index tar, default', input: multiarch.ociNestedTar, want: amd64, form: 'oci' },
    ];
  it.each(cases)('opens $name as its manifest describes it', async ({ input, platform, want, form }) => {
    if (!input) throw new Error('the test image lacks this form');
    const image = await openImage(input, { cacheDir: mkdtempSync(path.join(TEMP_ROOT, 'cache-')), platform });
    try {
      expect(image.id).toBe(want.configDigest);
      expect(image.layers.map((l) => l.diffId)).toEqual(want.layers.map((l) => l.diffId));
      expect(image.layers.map((l) => l.digest)).toEqual(
        want.layers.map((l) => (form === 'oci' ? l.digest : undefined)),
      );
      if (form === 'oci') expect(image.layers.map((l) => l.size)).toEqual(want.layers.map((l) => l.size));
      // skopeo writes the fully qualified name into manifest.json.
      const repoTag = threeLayer.repoTag?.replace(/^(?!docker\.io\/)/, 'docker.io/');
      expect(image.repoTags).toEqual(form === 'docker' ? [repoTag] : []);
    } finally {
      await image.close();
    }
  });

  it('streams docker save layers whose sha256 is their diffID, several at once', async () => {
    if (!threeLayer.dockerArchive) throw new Error('three-layer has no docker-archive');
    const image = await openImage(threeLayer.dockerArchive, { cacheDir: mkdtempSync(path.join(TEMP_ROOT, 'cache-')) });
    try {
      const hashes = await Promise.all(
        image.layers.map(async (layer) => {
          const hash = createHash('sha256');
          for await (const chunk of await layer.open()) hash.update(chunk as Buffer);
          return `sha256:${hash.digest('hex')}`;
        }),
      );
      expect(hashes).toEqual(image.layers.map((l) => l.diffId));
    } finally {
      await image.close();
    }
  });
});
