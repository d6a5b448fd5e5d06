// `docker save` archives (plain or gzipped tar): manifest.json names the config, the tags and the layer files.
// See moby's image/spec/v1.2.md ("Combined Image JSON + Filesystem Changeset Format") and, for Docker 25+,
// the same manifest.json beside an OCI layout (index.json, oci-layout, blobs/sha256/…), which it still reads.
import { stat } from 'node:fs/promises';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { type Archive, compressionOfHead, headOf, openArchive } from './archive.js';
import { verifiedStream } from './blob.js';
import { checkJsonSize, ImageConfigSchema, imageFrom, parseJson } from './image-config.js';
import { formatPlatform, matchesPlatform, parsePlatform } from './platform.js';
import type { Image, ImageLayer, ImageSource, SourceOptions } from './types.js';

/** One image of manifest.json, as go-containerregistry's tarball.Descriptor reads it. */
const DockerManifestEntry = z.looseObject({
  Config: z.string().min(1),
  RepoTags: z.array(z.string()).nullish(),
  Layers: z.array(z.string().min(1)),
});
const DockerManifest = z.array(DockerManifestEntry);

/** A sha256 hex in a layer file name: `<hex>.tar.gz` (crane), `blobs/sha256/<hex>` (Docker 25+). */
const HEX_IN_NAME = /(?:^|\/)([a-f0-9]{64})(?:\.tar(?:\.gz)?)?$/;

export const dockerArchive: ImageSource = {
  id: 'docker-archive',
  async accepts(target) {
    const info = await stat(target).catch(() => undefined);
    return info?.isFile() === true && info.size > 0;
  },
  async open(target, options) {
    const archive = await openArchive(target, options.cacheDir);
    try {
      return await dockerArchiveImage(archive, options);
    } catch (error) {
      await archive.close();
      throw error;
    }
  },
};

/** Whether an opened archive is a `docker save` archive (it has manifest.json). */
export function isDockerArchive(archive: Archive): boolean {
  return archive.index.resolve('manifest.json') !== undefined;
}

/** The image in an opened `docker save` archive; the Image owns the archive and closes it. */
export async function dockerArchiveImage(archive: Archive, options: SourceOptions): Promise<Image> {
  const { label, index } = archive;
  const manifestEntry = index.resolve('manifest.json');
  if (!manifestEntry) throw new InputError(`${label}: not a docker-archive (no manifest.json)`);
  checkJsonSize(manifestEntry.size, `${label}:manifest.json`);
  const manifest = parseJson(await index.read(manifestEntry), DockerManifest, `${label}:manifest.json`, 'manifest');
  const [entry, ...others] = manifest;
  if (!entry) throw new InputError(`${label}:manifest.json: lists no image`);
  if (others.length > 0) {
    // go-containerregistry's tarball.Image refuses these too: there is no way to name one of them.
    const tags = manifest.map((m) => m.RepoTags?.join(',') || m.Config).join('; ');
    throw new InputError(
      `${label}:manifest.json: lists ${manifest.length} images (${tags}); save one image per archive`,
    );
  }

  const configEntry = index.resolve(entry.Config);
  if (!configEntry) throw new InputError(`${label}:${entry.Config}: config named in manifest.json is missing`);
  const configLocation = `${label}:${entry.Config}`;
  checkJsonSize(configEntry.size, configLocation);
  const configBytes = await index.read(configEntry);
  const config = parseJson(configBytes, ImageConfigSchema, configLocation, 'image config');
  if (options.platform !== undefined) {
    const wanted = parsePlatform(options.platform);
    const actual = { os: config.os, architecture: config.architecture, variant: config.variant };
    if (!matchesPlatform(wanted, actual)) {
      throw new InputError(`${label}: image is for ${formatPlatform(actual)}, not ${options.platform}`);
    }
  }

  const layers: Omit<ImageLayer, 'diffId'>[] = [];
  for (const name of entry.Layers) {
    const blob = index.resolve(name);
    const location = `${label}:${name}`;
    if (!blob) throw new InputError(`${location}: layer named in manifest.json is missing`);
    // docker save writes uncompressed layers, and Trivy reports no digest for those; a compressed layer
    // (crane's `<hex>.tar.gz`, Docker 25+ with the containerd store) is named by its digest.
    const head = await headOf(index.file, Math.min(4, blob.size), blob.offset);
    const hex = compressionOfHead(head) === 'none' ? undefined : HEX_IN_NAME.exec(name)?.[1];
    const digest = hex ? `sha256:${hex}` : undefined;
    layers.push({
      digest,
      size: blob.size,
      location,
      open: async () => (digest ? verifiedStream(index.open(blob), { digest }, location) : index.open(blob)),
    });
  }

  return imageFrom({
    name: label,
    configBytes,
    config,
    configLocation,
    layers,
    // Trivy takes RepoTags from the first manifest.json entry (pkg/fanal/image/docker.go).
    repoTags: entry.RepoTags ?? [],
    close: () => archive.close(),
  });
}
