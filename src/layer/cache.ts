// The per-layer cache: one JSON file per (diffID, analyzer ids@versions and configurations), written atomically,
// ignored when corrupt.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Analyzer, AnalyzerResult } from '../analyzer/types.js';
import { type JsonLayout, stringifyChunks } from '../json-chunks.js';
import type { ImageLayer } from '../source/types.js';
import type { LayerAnalysis } from './types.js';

/**
 * Bump when LayerAnalysis or the walker's behaviour changes: every cached layer is analysed again.
 * 2: language packages' licenses stored as the analyzers read them (the inventory normalises them).
 * 3: secrets found in the layer's files (the secret analyzer's results).
 */
const FORMAT = 3;

const ProblemSchema = z.object({ path: z.string(), index: z.number().optional(), reason: z.string() });

/** The cache file's shape. Analyzer results are checked only as objects with a problems list. */
const CachedLayer = z.object({
  format: z.literal(FORMAT),
  key: z.string(),
  analysis: z.object({
    digest: z.string().optional(),
    diffId: z.string(),
    results: z.array(
      z.object({
        analyzer: z.string(),
        path: z.string(),
        result: z.looseObject({ problems: z.array(ProblemSchema) }),
      }),
    ),
    whiteouts: z.array(z.string()),
    opaqueDirs: z.array(z.string()),
    links: z.array(z.object({ path: z.string(), target: z.string(), kind: z.enum(['symlink', 'hardlink']) })),
    problems: z.array(ProblemSchema),
    targets: z
      .array(
        z.discriminatedUnion('kind', [
          z.object({ path: z.string(), kind: z.enum(['absent', 'other']) }),
          z.object({
            path: z.string(),
            kind: z.literal('file'),
            size: z.number(),
            mode: z.number(),
            content: z.base64(),
          }),
        ]),
      )
      .optional(),
  }),
});

/**
 * The cache key: the layer's diffID and every analyzer's id@version, in id order, with the digest of its
 * configuration where it has one (`secret@1#<hash>`: another --secret-config is another analysis).
 */
export function cacheKey(diffId: string, analyzers: readonly Analyzer[]): string {
  const ids = analyzers
    .map((analyzer) => `${analyzer.id}@${analyzer.version}${analyzer.configHash ? `#${analyzer.configHash}` : ''}`)
    .sort();
  return `${diffId} walker@${FORMAT} ${ids.join(' ')}`;
}

function cacheFile(cacheDir: string, key: string): string {
  return join(cacheDir, 'layers', `${createHash('sha256').update(key).digest('hex')}.json`);
}

/** The cached analysis of `layer`, or undefined when there is none or it is unreadable. */
export async function cachedAnalysis(
  cacheDir: string,
  layer: ImageLayer,
  analyzers: readonly Analyzer[],
): Promise<LayerAnalysis | undefined> {
  const key = cacheKey(layer.diffId, analyzers);
  let text: string;
  try {
    text = await readFile(cacheFile(cacheDir, key), 'utf8');
  } catch {
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = CachedLayer.safeParse(json);
  if (!parsed.success || parsed.data.key !== key) return undefined;
  const { analysis } = parsed.data;
  // The same diffID may come compressed differently: the digest is the one the image names now.
  const { digest: _cached, ...rest } = analysis;
  return {
    ...rest,
    ...(layer.digest ? { digest: layer.digest } : {}),
    results: analysis.results.map((r) => ({ ...r, result: r.result as unknown as AnalyzerResult })),
  };
}

/** Writes the analysis to the cache: a temporary file renamed into place, so readers never see half a file. */
export async function storeAnalysis(
  cacheDir: string,
  analysis: LayerAnalysis,
  analyzers: readonly Analyzer[],
): Promise<void> {
  const key = cacheKey(analysis.diffId, analyzers);
  const file = cacheFile(cacheDir, key);
  await mkdir(join(cacheDir, 'layers'), { recursive: true });
  const temp = `${file}.${randomUUID()}.tmp`;
  try {
    const handle = await open(temp, 'w');
    try {
      for (const chunk of jsonChunks({ format: FORMAT, key, analysis })) await handle.write(chunk);
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

type Json = { readonly [key: string]: unknown };

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Compact text; lists item by item, flat values (a package, a problem) stringified 128 at a time. */
const COMPACT: JsonLayout = {
  indent: '',
  // A flat value holds no object (or makes its own JSON). A list is never flat: a long one is written in batches.
  isFlat: (value) =>
    !Array.isArray(value) &&
    (!isObject(value) ||
      typeof value.toJSON === 'function' ||
      Object.values(value).every((m) => !isObject(m) && !(Array.isArray(m) && m.some(isObject)))),
  items: (value) => (Array.isArray(value) ? value : undefined),
  batch: 128,
};

/**
 * JSON.stringify's text in chunks, character for character the same, so that the analysis of a large layer (a
 * 50 MB dpkg status: 14 MB of JSON) is never held as one string, nor as the buffer it is written from.
 */
export function jsonChunks(value: unknown): Generator<string> {
  return stringifyChunks(value, COMPACT);
}
