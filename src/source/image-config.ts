// The image config (OCI image-spec config.md / Docker image JSON): parsed, validated, and made into an Image.
import { z } from 'zod';
import { InputError } from '../errors.js';
import type { ImageConfig } from '../types.js';
import { digestOf, isDigest } from './blob.js';
import type { Image, ImageLayer } from './types.js';

const Digest = z.string().refine(isDigest, 'not a sha256/sha512 digest');

/** The members the pipeline relies on; everything else is kept as it is. */
export const ImageConfigSchema = z.looseObject({
  architecture: z.string().optional(),
  os: z.string().optional(),
  variant: z.string().optional(),
  rootfs: z.looseObject({ type: z.string().optional(), diff_ids: z.array(Digest) }),
});
export type ImageConfigSchema = z.infer<typeof ImageConfigSchema>;

/** Largest manifest, index or config read whole; real ones are kilobytes (a config with a long history, a few MB). */
export const MAX_JSON_BYTES = 64 * 1024 * 1024;

/** Refuses to read a JSON document of `size` bytes into memory when it is implausibly large. */
export function checkJsonSize(size: number, location: string): void {
  if (size > MAX_JSON_BYTES) {
    throw new InputError(
      `${location}: ${size} bytes is too large for a manifest, index or config (limit ${MAX_JSON_BYTES})`,
    );
  }
}

/** Parses JSON bytes with `schema`, or throws an InputError naming `location` and the first problem. */
export function parseJson<T>(bytes: Uint8Array, schema: z.ZodType<T>, location: string, what: string): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    throw new InputError(`${location}: ${what} is not valid JSON (${error instanceof Error ? error.message : error})`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new InputError(`${location}: invalid ${what} (${describeIssue(parsed.error)})`);
  return parsed.data;
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'unknown problem';
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue.message}`;
}

/** The parts every source has once it has read a config and found its layer blobs. */
export interface ImageParts {
  readonly name: string;
  readonly configBytes: Uint8Array;
  readonly config: ImageConfigSchema;
  readonly configLocation: string;
  /** Layers without their diffIDs, in manifest order; paired with rootfs.diff_ids here. */
  readonly layers: readonly Omit<ImageLayer, 'diffId'>[];
  readonly repoTags: readonly string[];
  /** Image ID; the sha256 of the config bytes unless the manifest names it with another algorithm. */
  readonly id?: string;
  close(): Promise<void>;
}

/** Pairs layers with diffIDs (their counts must agree) and computes the image ID. */
export function imageFrom(parts: ImageParts): Image {
  const diffIds = parts.config.rootfs.diff_ids;
  if (diffIds.length !== parts.layers.length) {
    throw new InputError(
      `${parts.configLocation}: config lists ${diffIds.length} diff_ids but the manifest lists ${parts.layers.length} layers`,
    );
  }
  const layers = parts.layers.map((layer, i) => ({ ...layer, diffId: diffIds[i] ?? '' }));
  return {
    name: parts.name,
    id: parts.id ?? digestOf(parts.configBytes),
    config: parts.config as ImageConfig,
    layers,
    repoTags: parts.repoTags,
    // Trivy leaves RepoDigests empty for archives: they are registry metadata (pkg/fanal/image/archive.go).
    repoDigests: [],
    close: parts.close,
  };
}
