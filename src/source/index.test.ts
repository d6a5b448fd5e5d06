import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { type Expected, sourceFixtures, workRoot } from '../../test/fixtures/source/build-images.js';
import { sparseTar } from '../../test/fixtures/source/tar-edit.js';
import { openImage } from './index.js';
import type { Image } from './types.js';

const fixtures = sourceFixtures();
const TEMP_ROOT = workRoot();
const freshCacheDir = () => mkdtempSync(path.join(TEMP_ROOT, 'cache-'));

/** The sha256 of each layer's uncompressed tar, read through the Image's own streams. */
async function diffIdsRead(image: Image): Promise<string[]> {
  return Promise.all(
    image.layers.map(async (layer) => {
      const raw = await buffer(await layer.open());
      const tar = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
      return `sha256:${createHash('sha256').update(tar).digest('hex')}`;
    }),
  );
}

describe('openImage', () => {
  const amd64 = fixtures.amd64;
  const cases: {
    name: string;
    input: string;
    platform?: string;
    want: Expected;
    repoTags: string[];
    digests: 'manifest' | 'none';
  }[] = [
    {
      name: 'a docker save archive',
      input: fixtures.dockerTar,
      want: amd64,
      repoTags: ['docker.io/barnacle-test/fixture:latest'],
      digests: 'none',
    },
    {
      name: 'a gzipped docker save archive',
      input: fixtures.dockerTarGz,
      want: amd64,
      repoTags: ['docker.io/barnacle-test/fixture:latest'],
      digests: 'none',
    },
    {
      name: 'a Docker 25 archive with manifest.json beside index.json',
      input: fixtures.docker25Tar,
      want: fixtures.docker25,
      repoTags: ['barnacle-test/fixture:latest'],
      digests: 'none',
    },
    {
      name: 'a docker-archive with gzipped layers named by digest',
      input: fixtures.compressedDockerTar,
      want: amd64,
      repoTags: ['barnacle-test/fixture:latest'],
      digests: 'manifest',
    },
    {
      name: 'an OCI layout directory, first manifest',
      input: fixtures.ociDir,
      want: amd64,
      repoTags: [],
      digests: 'manifest',
    },
    { name: 'an OCI layout tar', input: fixtures.ociTar, want: amd64, repoTags: [], digests: 'manifest' },
    { name: 'a gzipped OCI layout tar', input: fixtures.ociTarGz, want: amd64, repoTags: [], digests: 'manifest' },
    {
      name: 'an OCI layout directory with a tag',
      input: `${fixtures.ociDir}:arm64`,
      want: fixtures.arm64,
      repoTags: [],
      digests: 'manifest',
    },
    {
      name: 'an OCI layout tar with a tag',
      input: `${fixtures.ociTar}:arm64`,
      want: fixtures.arm64,
      repoTags: [],
      digests: 'manifest',
    },
    {
      name: 'an OCI layout with --platform read from the configs',
      input: fixtures.ociDir,
      platform: 'linux/arm64',
      want: fixtures.arm64,
      repoTags: [],
      digests: 'manifest',
    },
    {
      name: 'a nested index, first platform by default',
      input: fixtures.multiDir,
      want: amd64,
      repoTags: [],
      digests: 'manifest',
    },
    {
      name: 'a nested index with --platform linux/arm64/v8',
      input: fixtures.multiDir,
      platform: 'linux/arm64/v8',
      want: fixtures.arm64,
      repoTags: [],
      digests: 'manifest',
    },
    {
      name: 'a nested index with --platform linux/arm64 (default variant)',
      input: fixtures.multiDir,
      platform: 'linux/arm64',
      want: fixtures.arm64,
      repoTags: [],
      digests: 'manifest',
    },
    {
      name: 'a nested index with --platform linux/amd64',
      input: fixtures.multiDir,
      platform: 'linux/amd64',
      want: amd64,
      repoTags: [],
      digests: 'manifest',
    },
    {
      name: 'a docker save archive with its own --platform',
      input: fixtures.dockerTar,
      platform: 'linux/amd64',
      want: amd64,
      repoTags: ['docker.io/barnacle-test/fixture:latest'],
      digests: 'none',
    },
  ];
  it.each(cases)('opens $name', async ({ input, platform, want, repoTags, digests }) => {
    const cacheDir = freshCacheDir();
    const image = await openImage(input, { cacheDir, platform });
    try {
      expect(image.name).toBe(input);
      expect(image.id).toBe(want.id);
      expect(image.layers.map((l) => l.diffId)).toEqual(want.diffIds);
      expect(image.config.architecture).toBe(want.architecture);
      expect(image.repoTags).toEqual(repoTags);
      expect(image.repoDigests).toEqual([]);
      expect(image.layers.map((l) => l.digest)).toEqual(
        digests === 'manifest' ? want.layerDigests : want.diffIds.map(() => undefined),
      );
      expect(await diffIdsRead(image)).toEqual(want.diffIds);
    } finally {
      await image.close();
    }
    expect(readdirSync(cacheDir)).toEqual([]);
  });
});

describe('openImage on a docker-archive with a 64 GiB layer', () => {
  it('opens it without reading the layer', async () => {
    const work = mkdtempSync(path.join(TEMP_ROOT, 'huge-'));
    const file = path.join(work, 'huge.tar');
    const size = 64 * 1024 ** 3;
    const diffId = `sha256:${'ab'.repeat(32)}`;
    const config = JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      rootfs: { type: 'layers', diff_ids: [diffId] },
    });
    sparseTar(file, [
      {
        name: 'manifest.json',
        content: JSON.stringify([{ Config: 'config.json', RepoTags: null, Layers: ['huge/layer.tar'] }]),
      },
      { name: 'config.json', content: config },
      { name: 'huge/layer.tar', size },
    ]);
    const started = performance.now();
    const image = await openImage(file, { cacheDir: freshCacheDir() });
    const elapsed = performance.now() - started;
    await image.close();
    expect(image.layers).toMatchObject([{ diffId, size, digest: undefined, location: `${file}:huge/layer.tar` }]);
    expect(image.id).toBe(`sha256:${createHash('sha256').update(config).digest('hex')}`);
    expect(image.repoTags).toEqual([]);
    expect(elapsed).toBeLessThan(500);
  });
});

describe('openImage on an index whose first platform was not exported', () => {
  it('takes the first image manifest that is there, as docker save with the containerd store leaves them', async () => {
    const work = mkdtempSync(path.join(TEMP_ROOT, 'partial-'));
    const layout = path.join(work, 'multi');
    cpSync(fixtures.multiDir, layout, { recursive: true });
    const index = JSON.parse(readFileSync(path.join(fixtures.ociDir, 'index.json'), 'utf8')) as {
      manifests: { digest: string; annotations: Record<string, string> }[];
    };
    const amd64Manifest = index.manifests.find((m) => m.annotations['org.opencontainers.image.ref.name'] === 'latest');
    rmSync(path.join(layout, 'blobs', 'sha256', amd64Manifest?.digest.slice(7) ?? ''));
    const image = await openImage(layout, { cacheDir: freshCacheDir() });
    await image.close();
    expect(image.id).toBe(fixtures.arm64.id);
    expect(image.layers.map((l) => l.diffId)).toEqual(fixtures.arm64.diffIds);
  });
});
