// Each built test image is what it claims: layout and archive shapes, layer digests and diffIDs,
// media types, whiteouts, and a ground truth that fits the image.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { extract } from 'tar-stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_TEST_IMAGES, type TestImage, type TestImageLayer, type TestImageName, testImage } from './images.js';

const GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';
const ZSTD = 'application/vnd.oci.image.layer.v1.tar+zstd';
const MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const INDEX = 'application/vnd.oci.image.index.v1+json';

interface LayerScan {
  /** sha256 of the decompressed stream. */
  diffId: string;
  uncompressedSize: number;
  entries: Map<string, number>;
}

/** Decompresses a layer blob with the real gzip/zstd and lists its tar entries (name → size). */
async function scanLayer(ociDir: string, layer: TestImageLayer): Promise<LayerScan> {
  const blob = join(ociDir, 'blobs', ...layer.digest.split(':'));
  const child = spawn(layer.mediaType === ZSTD ? 'zstd' : 'gzip', ['-dc', blob], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const hash = createHash('sha256');
  let uncompressedSize = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    uncompressedSize += chunk.length;
  });
  const entries = new Map<string, number>();
  const tar = extract();
  tar.on('entry', (header, stream, next) => {
    entries.set(header.name.replace(/^\.\//, ''), header.size ?? 0);
    stream.on('end', () => next());
    stream.resume();
  });
  const exited = new Promise<number | null>((done) => child.on('close', done));
  await pipeline(child.stdout, tar);
  expect(await exited).toBe(0);
  return { diffId: `sha256:${hash.digest('hex')}`, uncompressedSize, entries };
}

const sha256Of = async (stream: NodeJS.ReadableStream) => {
  const hash = createHash('sha256');
  await pipeline(stream, hash);
  return `sha256:${hash.digest('hex')}`;
};
const sha256File = (path: string) => sha256Of(createReadStream(path));

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));
const tarMember = (archive: string, member: string) =>
  execFileSync('tar', ['-xOf', archive, member], { encoding: 'utf8' });
const names = (image: TestImage) => image.groundTruth.map((p) => p.name);

interface Expectation {
  name: TestImageName;
  layers: number;
  mediaType: string;
  platforms: string[];
  hasDockerArchive: boolean;
  /** Further checks on the built image and its scanned layers. */
  check: (image: TestImage, scans: LayerScan[]) => Promise<void> | void;
}

const EXPECTATIONS: Expectation[] = [
  {
    name: 'bullseye',
    layers: 1,
    mediaType: GZIP,
    platforms: ['linux/amd64'],
    hasDockerArchive: true,
    check: (image, [base]) => {
      expect(names(image)).toEqual(expect.arrayContaining(['base-files', 'dpkg', 'apt', 'libc6']));
      expect(base?.entries.has('var/lib/dpkg/status')).toBe(true);
      expect(image.groundTruth.every((p) => p.layer === 0)).toBe(true);
    },
  },
  {
    name: 'three-layer',
    layers: 3,
    mediaType: GZIP,
    platforms: ['linux/amd64'],
    hasDockerArchive: true,
    check: (image, [, install, purge]) => {
      const introducedBy = (layer: number) => image.groundTruth.filter((p) => p.layer === layer).map((p) => p.name);
      expect(introducedBy(1)).toEqual(['ca-certificates', 'openssl']);
      expect(names(image)).not.toContain('netbase');
      expect(install?.entries.has('etc/services')).toBe(true);
      expect(purge?.entries.has('etc/.wh.services')).toBe(true);
      expect(purge?.entries.has('var/lib/dpkg/info/.wh.netbase.list')).toBe(true);
      expect(purge?.entries.has('var/lib/dpkg/status')).toBe(true);
    },
  },
  {
    name: 'distroless',
    layers: 1,
    mediaType: GZIP,
    platforms: ['linux/amd64'],
    hasDockerArchive: true,
    check: (image, [layer]) => {
      const packages = ['base-files', 'ca-certificates', 'libc6', 'libssl1.1', 'openssl', 'tzdata'];
      expect(names(image)).toEqual(packages);
      expect(layer?.entries.has('var/lib/dpkg/status')).toBe(false);
      for (const pkg of packages) {
        expect(layer?.entries.has(`var/lib/dpkg/status.d/${pkg}`)).toBe(true);
        expect(layer?.entries.has(`var/lib/dpkg/status.d/${pkg}.md5sums`)).toBe(true);
      }
      expect(layer?.entries.has('usr/bin/openssl')).toBe(true);
      expect(layer?.entries.has('usr/bin/apt')).toBe(false);
    },
  },
  {
    name: 'opaque',
    layers: 2,
    mediaType: GZIP,
    platforms: ['linux/amd64'],
    hasDockerArchive: true,
    check: async (image, [first, second]) => {
      expect(names(image)).toEqual(['base-files', 'libc6', 'tzdata']);
      expect(first?.diffId).toBe((await testImage('distroless')).layers[0]?.diffId);
      expect(second?.entries.has('var/lib/dpkg/status.d/.wh..wh..opq')).toBe(true);
      expect(second?.entries.has('var/lib/dpkg/status.d/openssl')).toBe(false);
    },
  },
  {
    name: 'zstd',
    layers: 3,
    mediaType: ZSTD,
    platforms: ['linux/amd64'],
    hasDockerArchive: false,
    check: async (image) => {
      const gzipped = await testImage('three-layer');
      expect(image.layers.map((l) => l.diffId)).toEqual(gzipped.layers.map((l) => l.diffId));
      expect(image.layers.map((l) => l.digest)).not.toEqual(gzipped.layers.map((l) => l.digest));
      expect(image.groundTruth).toEqual(gzipped.groundTruth);
    },
  },
  {
    name: 'multiarch',
    layers: 1,
    mediaType: GZIP,
    platforms: ['linux/amd64', 'linux/arm64'],
    hasDockerArchive: false,
    check: async (image) => {
      const [amd64, arm64] = image.platforms;
      expect(amd64?.layers).toEqual((await testImage('bullseye')).layers);
      expect(new Set(arm64?.packages.map((p) => p.arch))).toEqual(new Set(['arm64', 'all']));
      expect(arm64?.packages.map((p) => p.name)).toEqual(amd64?.packages.map((p) => p.name));
      const flat = readJson(join(image.ociDir, 'index.json')) as {
        manifests: { mediaType: string; platform: unknown }[];
      };
      expect(flat.manifests.map((m) => [m.mediaType, m.platform])).toEqual([
        [MANIFEST, { architecture: 'amd64', os: 'linux' }],
        [MANIFEST, { architecture: 'arm64', os: 'linux' }],
      ]);
      const nestedDir = image.ociNestedDir ?? '';
      const top = readJson(join(nestedDir, 'index.json')) as { manifests: { mediaType: string; digest: string }[] };
      expect(top.manifests.map((m) => m.mediaType)).toEqual([INDEX]);
      const inner = readJson(join(nestedDir, 'blobs', ...(top.manifests[0]?.digest ?? '').split(':')));
      expect(inner).toEqual(flat);
    },
  },
  {
    name: 'gzip-bomb',
    layers: 2,
    mediaType: GZIP,
    platforms: ['linux/amd64'],
    hasDockerArchive: false,
    check: (image, [, bomb]) => {
      expect(bomb?.entries.get('zeros.bin')).toBe(2 ** 30);
      expect(image.layers[1]?.size).toBeLessThan(5 * 2 ** 20);
    },
  },
  {
    name: 'big-status',
    layers: 2,
    mediaType: GZIP,
    platforms: ['linux/amd64'],
    hasDockerArchive: true,
    check: (image, [, status]) => {
      expect(status?.entries.get('var/lib/dpkg/status')).toBeGreaterThanOrEqual(50_000_000);
      expect(image.groundTruth.length).toBeGreaterThan(50_000);
      expect(names(image)).toContain('libc6-copy1');
      expect(image.groundTruth.every((p) => p.layer === 1)).toBe(true);
    },
  },
  {
    name: 'big-layer',
    layers: 2,
    mediaType: GZIP,
    platforms: ['linux/amd64'],
    hasDockerArchive: false,
    check: (_image, [, big]) => {
      expect(big?.uncompressedSize).toBeGreaterThan(500_000_000);
      expect(big?.entries.has('opt/data/copy-5/usr/bin/dpkg')).toBe(true);
    },
  },
];

it('every test image has an expectation', () => {
  expect(EXPECTATIONS.map((e) => e.name).sort()).toEqual([...ALL_TEST_IMAGES].sort());
});

describe.each(EXPECTATIONS)('test image $name', (want) => {
  let image: TestImage;
  let scans: LayerScan[];
  beforeAll(async () => {
    image = await testImage(want.name);
    scans = [];
    for (const layer of image.layers) scans.push(await scanLayer(image.ociDir, layer));
  });

  it('has the platforms, layer count and layer media type it claims', () => {
    expect(image.platforms.map((p) => p.platform)).toEqual(want.platforms);
    for (const platform of image.platforms) {
      expect(platform.layers).toHaveLength(want.layers);
      expect(platform.layers.every((l) => l.mediaType === want.mediaType)).toBe(true);
    }
  });

  it('stores each layer blob under its digest, and its decompressed stream hashes to its diffID', async () => {
    for (const [i, layer] of image.layers.entries()) {
      const blob = join(image.ociDir, 'blobs', ...layer.digest.split(':'));
      expect(await sha256File(blob)).toBe(layer.digest);
      expect(scans[i]?.diffId).toBe(layer.diffId);
    }
  });

  it('has a ground truth of installed packages from its own OS', () => {
    for (const platform of image.platforms) {
      expect(platform.packages.length).toBeGreaterThan(0);
      expect(platform.packages.every((p) => p.layer < platform.layers.length)).toBe(true);
      expect(platform.os).toMatchObject({ id: 'debian', versionId: '11' });
      expect(platform.os.debianVersion).toMatch(/^11\.\d+$/);
      const arch = platform.platform.split('/')[1];
      expect(platform.packages.every((p) => p.arch === arch || p.arch === 'all')).toBe(true);
    }
  });

  it('lists one OCI manifest per platform, and its OCI tar holds the same layout', () => {
    const tarIndex = JSON.parse(tarMember(image.ociTar, 'index.json'));
    expect(tarIndex).toEqual(readJson(join(image.ociDir, 'index.json')));
    expect(JSON.parse(tarMember(image.ociTar, 'oci-layout'))).toEqual({ imageLayoutVersion: '1.0.0' });
  });

  it('has a docker-archive with its tag, config and layers when it claims one', async () => {
    expect(image.dockerArchive !== undefined).toBe(want.hasDockerArchive);
    if (!image.dockerArchive || !image.dockerArchiveGz) return;
    const manifest = JSON.parse(tarMember(image.dockerArchive, 'manifest.json')) as {
      RepoTags: string[];
      Config: string;
      Layers: string[];
    }[];
    expect(manifest).toHaveLength(1);
    expect(manifest[0]?.RepoTags).toEqual([`docker.io/barnacle-test/${want.name}:latest`]);
    expect(image.repoTag).toBe(manifest[0]?.RepoTags[0]);
    expect(manifest[0]?.Layers).toHaveLength(want.layers);
    const config = JSON.parse(tarMember(image.dockerArchive, manifest[0]?.Config ?? '')) as {
      rootfs: { diff_ids: string[] };
    };
    expect(config.rootfs.diff_ids).toEqual(image.layers.map((l) => l.diffId));
    const gunzip = spawn('gzip', ['-dc', image.dockerArchiveGz], { stdio: ['ignore', 'pipe', 'inherit'] });
    expect(await sha256Of(gunzip.stdout)).toBe(await sha256File(image.dockerArchive));
  });
});
