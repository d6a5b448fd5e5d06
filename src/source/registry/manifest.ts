// Manifests from a registry (distribution-spec "Pulling manifests"): negotiated with Accept for OCI and
// Docker v2 schema 2 types, verified against their digest, and an index resolved to one platform's image.
import { z } from 'zod';
import { InputError } from '../../errors.js';
import { digestOf, isDigest } from '../blob.js';
import { MAX_JSON_BYTES, parseJson } from '../image-config.js';
import { formatPlatform, matchesPlatform, type Platform } from '../platform.js';
import { errorDetail, header, NotFoundError, type RegistryClient, readBytes } from './client.js';

const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
/** Docker v2 schema 1: asked for only to refuse it with a clear message. */
const SCHEMA1 = [
  'application/vnd.docker.distribution.manifest.v1+prettyjws',
  'application/vnd.docker.distribution.manifest.v1+json',
];
const ACCEPT = [OCI_INDEX, DOCKER_LIST, OCI_MANIFEST, DOCKER_MANIFEST, ...SCHEMA1].join(', ');
const INDEX_TYPES = new Set([OCI_INDEX, DOCKER_LIST]);
const MAX_INDEX_DEPTH = 4;

const Digest = z.string().refine(isDigest, 'not a sha256/sha512 digest');
export const Descriptor = z.looseObject({
  mediaType: z.string().optional(),
  digest: Digest,
  size: z.number().int().nonnegative(),
  platform: z.looseObject({ os: z.string(), architecture: z.string(), variant: z.string().optional() }).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});
export type Descriptor = z.infer<typeof Descriptor>;
const Index = z.looseObject({ mediaType: z.string().optional(), manifests: z.array(Descriptor) });
export const ImageManifest = z.looseObject({
  mediaType: z.string().optional(),
  config: Descriptor,
  layers: z.array(Descriptor),
});
export type ImageManifest = z.infer<typeof ImageManifest>;

/** A manifest or index as fetched: its bytes, media type and verified digest. */
export interface Fetched {
  readonly bytes: Buffer;
  readonly mediaType: string;
  readonly digest: string;
  readonly location: string;
}

/**
 * GETs manifests/<reference>. With a digest reference the bytes must hash to it; with a tag they must hash
 * to the Docker-Content-Digest the registry sends, when it sends one.
 */
export async function fetchManifest(client: RegistryClient, reference: string): Promise<Fetched> {
  const separator = isDigest(reference) ? '@' : ':';
  const location = `${client.label}${separator}${reference}`;
  const response = await client.get(`manifests/${reference}`, { accept: ACCEPT });
  if (response.status === 404) {
    const detail = await errorDetail(response);
    const what = separator === ':' ? 'no such tag' : 'no such manifest';
    throw new NotFoundError(`${location}: ${what} in the registry (404${detail})`);
  }
  if (response.status !== 200) {
    const detail = await errorDetail(response);
    throw new InputError(`${location}: registry answered ${response.status}${detail}`);
  }
  const bytes = await readBytes(response, MAX_JSON_BYTES);
  const sent = header(response.headers, 'docker-content-digest');
  const expected = separator === '@' ? reference : sent && isDigest(sent) ? sent : undefined;
  const digest = digestOf(bytes, expected ?? 'sha256:');
  if (expected !== undefined && digest !== expected) {
    throw new InputError(`${location}: manifest digest is ${digest}, expected ${expected}`);
  }
  const body = parseJson(bytes, z.looseObject({ mediaType: z.string().optional() }), location, 'manifest');
  const contentType = header(response.headers, 'content-type')?.split(';')[0]?.trim();
  const mediaType = body.mediaType ?? contentType ?? '';
  if (SCHEMA1.includes(mediaType) || (bytes.includes('"schemaVersion": 1') && !body.mediaType)) {
    throw new InputError(`${location}: Docker v2 schema 1 manifests are not supported; re-push the image`);
  }
  return { bytes, mediaType, digest, location };
}

/** Whether a fetched manifest is an index (manifest list). */
export function isIndex(fetched: Fetched): boolean {
  return INDEX_TYPES.has(fetched.mediaType);
}

/** buildx attestation manifests: platform unknown/unknown, or annotated with a reference type. */
function isAttestation(descriptor: Descriptor): boolean {
  return descriptor.annotations?.['vnd.docker.reference.type'] !== undefined || descriptor.platform?.os === 'unknown';
}

/**
 * The image manifest for `wanted` starting from `top`: an image manifest is taken as it is (Trivy ignores
 * --platform for a single-platform image), an index is resolved to its first entry for the platform.
 */
export async function resolveImage(
  client: RegistryClient,
  top: Fetched,
  wanted: Platform,
  depth = 0,
): Promise<{ fetched: Fetched; manifest: ImageManifest }> {
  if (!isIndex(top)) {
    if (top.mediaType !== OCI_MANIFEST && top.mediaType !== DOCKER_MANIFEST && top.mediaType !== '') {
      throw new InputError(`${top.location}: '${top.mediaType}' is not a container image`);
    }
    return { fetched: top, manifest: parseJson(top.bytes, ImageManifest, top.location, 'image manifest') };
  }
  const index = parseJson(top.bytes, Index, top.location, 'index');
  const entries = index.manifests.filter((d) => !isAttestation(d));
  const chosen = entries.find((d) => d.platform !== undefined && matchesPlatform(wanted, d.platform));
  if (!chosen) {
    const seen = entries.map((d) => formatPlatform(d.platform ?? {})).join(', ');
    throw new InputError(
      `${top.location}: no image for platform ${formatPlatform(wanted)} (it has: ${seen || 'none'})`,
    );
  }
  if (depth >= MAX_INDEX_DEPTH)
    throw new InputError(`${top.location}: indexes nested more than ${MAX_INDEX_DEPTH} deep`);
  const child = await fetchManifest(client, chosen.digest);
  if (child.bytes.length !== chosen.size) {
    throw new InputError(`${child.location}: manifest is ${child.bytes.length} bytes, the index says ${chosen.size}`);
  }
  return resolveImage(client, child, wanted, depth + 1);
}
