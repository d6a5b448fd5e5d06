// OCI image layouts (image-spec image-layout.md), as a directory or a tar: oci-layout, index.json, nested
// indexes, image manifests (OCI or Docker v2 schema 2), configs and blobs/<alg>/<hex>, with platform selection.
import { stat } from 'node:fs/promises';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { openArchive } from './archive.js';
import { blobPath, checkBlob, isDigest, shortDigest, verifiedStream } from './blob.js';
import { ImageConfigSchema, imageFrom, parseJson } from './image-config.js';
import { formatPlatform, matchesPlatform, type Platform, parsePlatform } from './platform.js';
import { archiveStore, directoryStore, type LayoutStore } from './store.js';
import type { Image, ImageLayer, ImageSource, SourceOptions } from './types.js';

const Digest = z.string().refine(isDigest, 'not a sha256/sha512 digest');

/** descriptor.md; mediaType is required by the spec but left out by some writers of index.json. */
const Descriptor = z.looseObject({
  mediaType: z.string().optional(),
  digest: Digest,
  size: z.number().int().nonnegative(),
  platform: z.looseObject({ os: z.string(), architecture: z.string(), variant: z.string().optional() }).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});
type Descriptor = z.infer<typeof Descriptor>;

const Index = z.looseObject({ mediaType: z.string().optional(), manifests: z.array(Descriptor) });
const Manifest = z.looseObject({ mediaType: z.string().optional(), config: Descriptor, layers: z.array(Descriptor) });
type Manifest = z.infer<typeof Manifest>;
const OciLayoutFile = z.looseObject({ imageLayoutVersion: z.string() });

const INDEX_TYPES = new Set([
  'application/vnd.oci.image.index.v1+json', // image-spec image-index.md
  'application/vnd.docker.distribution.manifest.list.v2+json', // Docker manifest list
]);
const SCHEMA1_TYPES = new Set([
  'application/vnd.docker.distribution.manifest.v1+json', // Docker v2 schema 1, long deprecated
  'application/vnd.docker.distribution.manifest.v1+prettyjws',
]);
/** image-spec annotations.md: the tag of an index entry. */
const REF_NAME = 'org.opencontainers.image.ref.name';
/** buildx stores provenance/SBOM attestations as manifests with this annotation and platform unknown/unknown. */
const REFERENCE_TYPE = 'vnd.docker.reference.type';
const MAX_INDEX_DEPTH = 8;

export const ociLayout: ImageSource = {
  id: 'oci-layout',
  async accepts(target) {
    const info = await stat(target).catch(() => undefined);
    if (info?.isDirectory()) return (await directoryStore(target).size('index.json')) !== undefined;
    return info?.isFile() === true && info.size > 0;
  },
  async open(target, options) {
    const info = await stat(target).catch(() => undefined);
    const store = info?.isDirectory()
      ? directoryStore(target)
      : archiveStore(await openArchive(target, options.cacheDir));
    try {
      return await ociLayoutImage(store, options);
    } catch (error) {
      await store.close();
      throw error;
    }
  },
};

/** An image manifest found by walking the index, or a listed one whose blob is not in the layout. */
interface Candidate {
  readonly descriptor: Descriptor;
  readonly manifest?: Manifest;
}

/**
 * The image an OCI layout holds. Without --platform this is the first image manifest of index.json,
 * descending into nested indexes, as Trivy does (pkg/fanal/image/oci.go), skipping attestations and
 * entries whose blobs were not exported. `ref` picks an index.json entry by its ref.name annotation or
 * digest, like Trivy's `--input dir:tag` and `--input dir@sha256:…`. The Image owns the store.
 */
export async function ociLayoutImage(
  store: LayoutStore,
  options: SourceOptions,
  ref?: string,
  name: string = store.label,
): Promise<Image> {
  const wanted = options.platform === undefined ? undefined : parsePlatform(options.platform);
  if ((await store.size('oci-layout')) !== undefined) {
    parseJson(await store.read('oci-layout'), OciLayoutFile, store.location('oci-layout'), 'oci-layout file');
  }
  if ((await store.size('index.json')) === undefined) {
    throw new InputError(`${store.label}: not an OCI image layout (no index.json)`);
  }
  const index = parseJson(await store.read('index.json'), Index, store.location('index.json'), 'index');
  let top = index.manifests;
  if (ref !== undefined) {
    top = top.filter((d) => d.annotations?.[REF_NAME] === ref || d.digest === ref);
    if (top.length === 0) {
      const refs = index.manifests.map((d) => d.annotations?.[REF_NAME] ?? d.digest).join(', ');
      throw new InputError(`${store.label}: no image named '${ref}' in index.json (it has: ${refs || 'none'})`);
    }
  }
  const candidates = await candidatesOf(store, top, 0);
  const chosen = wanted ? await pickPlatform(store, candidates, wanted) : pickDefault(store, candidates);
  return imageOf(store, chosen, name);
}

async function candidatesOf(
  store: LayoutStore,
  descriptors: readonly Descriptor[],
  depth: number,
): Promise<Candidate[]> {
  const candidates: Candidate[] = [];
  for (const descriptor of descriptors) {
    const file = blobPath(descriptor.digest);
    if ((await store.size(file)) === undefined) {
      candidates.push({ descriptor });
      continue;
    }
    const location = store.location(file);
    const bytes = await store.read(file);
    checkBlob(bytes, descriptor, location);
    const body = parseJson(bytes, z.looseObject({ mediaType: z.string().optional() }), location, 'manifest');
    const mediaType = descriptor.mediaType ?? body.mediaType;
    if (SCHEMA1_TYPES.has(mediaType ?? '')) {
      throw new InputError(`${location}: Docker v2 schema 1 manifests are not supported; re-push the image`);
    }
    if (INDEX_TYPES.has(mediaType ?? '') || (mediaType === undefined && 'manifests' in body)) {
      if (depth >= MAX_INDEX_DEPTH)
        throw new InputError(`${location}: indexes nested more than ${MAX_INDEX_DEPTH} deep`);
      const nested = parseJson(bytes, Index, location, 'index');
      candidates.push(...(await candidatesOf(store, nested.manifests, depth + 1)));
    } else {
      candidates.push({ descriptor, manifest: parseJson(bytes, Manifest, location, 'image manifest') });
    }
  }
  return candidates;
}

function isAttestation(descriptor: Descriptor): boolean {
  return descriptor.annotations?.[REFERENCE_TYPE] !== undefined || descriptor.platform?.os === 'unknown';
}

function pickDefault(store: LayoutStore, candidates: readonly Candidate[]): Candidate & { manifest: Manifest } {
  for (const candidate of candidates) {
    if (candidate.manifest && !isAttestation(candidate.descriptor))
      return { ...candidate, manifest: candidate.manifest };
  }
  const absent = candidates.find((c) => !c.manifest);
  if (absent) {
    throw new InputError(
      `${store.location(blobPath(absent.descriptor.digest))}: manifest listed in the index is missing`,
    );
  }
  throw new InputError(`${store.location('index.json')}: lists no image manifest`);
}

async function pickPlatform(
  store: LayoutStore,
  candidates: readonly Candidate[],
  wanted: Platform,
): Promise<Candidate & { manifest: Manifest }> {
  const seen: string[] = [];
  for (const candidate of candidates) {
    if (isAttestation(candidate.descriptor)) continue;
    const platform = candidate.descriptor.platform ?? (await configPlatform(store, candidate));
    seen.push(formatPlatform(platform ?? {}));
    if (!platform || !matchesPlatform(wanted, platform)) continue;
    if (!candidate.manifest) {
      const location = store.location(blobPath(candidate.descriptor.digest));
      throw new InputError(
        `${location}: manifest for ${formatPlatform(platform)} is listed but missing from the layout`,
      );
    }
    return { ...candidate, manifest: candidate.manifest };
  }
  throw new InputError(
    `${store.label}: no image for platform ${formatPlatform(wanted)} (it has: ${seen.join(', ') || 'none'})`,
  );
}

/** The platform an index entry without one is for, from its config (single-image layouts rarely say). */
async function configPlatform(store: LayoutStore, candidate: Candidate): Promise<Platform | undefined> {
  const config = candidate.manifest?.config;
  if (!config || (await store.size(blobPath(config.digest))) === undefined) return undefined;
  const location = store.location(blobPath(config.digest));
  const parsed = parseJson(await store.read(blobPath(config.digest)), ImageConfigSchema, location, 'image config');
  return { os: parsed.os, architecture: parsed.architecture, variant: parsed.variant };
}

async function imageOf(store: LayoutStore, chosen: Candidate & { manifest: Manifest }, name: string): Promise<Image> {
  const { config: configDescriptor, layers: layerDescriptors } = chosen.manifest;
  const manifestLocation = store.location(blobPath(chosen.descriptor.digest));
  const configFile = blobPath(configDescriptor.digest);
  const configLocation = store.location(configFile);
  if ((await store.size(configFile)) === undefined) {
    throw new InputError(
      `${configLocation}: config named in manifest ${shortDigest(chosen.descriptor.digest)} is missing`,
    );
  }
  const configBytes = await store.read(configFile);
  checkBlob(configBytes, configDescriptor, configLocation);
  const config = parseJson(configBytes, ImageConfigSchema, configLocation, 'image config');

  const layers: Omit<ImageLayer, 'diffId'>[] = [];
  for (const descriptor of layerDescriptors) {
    const file = blobPath(descriptor.digest);
    const location = store.location(file);
    const size = await store.size(file);
    if (size === undefined) throw new InputError(`${location}: layer listed in ${manifestLocation} is missing`);
    if (size !== descriptor.size) {
      throw new InputError(`${location}: layer is ${size} bytes, the manifest says ${descriptor.size}`);
    }
    layers.push({
      digest: descriptor.digest,
      size: descriptor.size,
      location,
      open: async () => verifiedStream(store.open(file), descriptor, location),
    });
  }
  return imageFrom({
    name,
    configBytes,
    config,
    configLocation,
    layers,
    id: configDescriptor.digest,
    // Trivy leaves RepoTags empty for OCI layouts: the ref.name annotation is unreliable (pkg/fanal/image/archive.go).
    repoTags: [],
    close: () => store.close(),
  });
}
