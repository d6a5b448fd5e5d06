// Streams each layer tar once, hands analyzers the files they want, and records whiteouts and links.
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Analyzer, AnalyzerResult, LayerFile } from '../analyzer/types.js';
import { InputError, messageOf } from '../errors.js';
import type { Image, ImageLayer } from '../source/types.js';
import type { Problem } from '../types.js';
import { cachedAnalysis, storeAnalysis } from './cache.js';
import { decompressed } from './decompress.js';
import { diskFile, liveFile, type Meta, memoryFile, readChunks } from './layer-file.js';
import { TargetWatch } from './link-targets.js';
import { resolveLinks } from './links.js';
import { type TarHeader, tarEntries } from './tar.js';
import type { FileResult, LayerAnalysis, LinkEntry, TargetFile } from './types.js';
import { entryMeaning, HostilePathError, normalisedPath } from './whiteout.js';

export interface WalkOptions {
  /** Where the layer cache and temporary files live; nothing is written elsewhere. */
  readonly cacheDir: string;
  /** Use and fill the per-layer cache (default true). */
  readonly cache?: boolean;
  /** Layers analysed at once by analyzeImage (default 3). */
  readonly concurrency?: number;
  /** Files up to this size are read into memory once and shared by the analyzers (default 16 MiB). */
  readonly memoryLimit?: number;
  /** Largest file an analyzer may read whole with bytes()/text() (default 256 MiB). */
  readonly maxFileBytes?: number;
  /**
   * Told each layer's uncompressed size once the layer is read (`--max-image-size`); throws to stop the scan.
   * Layers from the cache are not read: leave the cache off where every layer must be counted.
   */
  readonly uncompressed?: { add(bytes: number): void };
}

const DEFAULT_MEMORY_LIMIT = 16 * 1024 * 1024;
const DEFAULT_MAX_FILE_BYTES = 256 * 1024 * 1024;
/** Analyses of in-memory files allowed to run behind the tar stream before it waits. */
const MAX_PENDING_ANALYSES = 8;

/** One tar entry as the walker sees it. */
interface Entry {
  readonly header: TarHeader;
  readonly path: string;
  readonly content: AsyncIterable<Uint8Array>;
}

/**
 * Analyses one layer in one pass; throws InputError when the layer is unreadable, hostile or corrupt. `watch`,
 * shared by the passes over one image, names the link targets to keep as they stream by (see link-targets.ts).
 */
export async function analyzeLayer(
  layer: ImageLayer,
  analyzers: readonly Analyzer[],
  options: WalkOptions,
  watch: TargetWatch = new TargetWatch(),
): Promise<LayerAnalysis> {
  const useCache = options.cache !== false;
  if (useCache) {
    const hit = await cachedAnalysis(options.cacheDir, layer, analyzers);
    if (hit) {
      for (const link of hit.links) watch.addLink(link, analyzers);
      return hit;
    }
  }
  const whiteouts: string[] = [];
  const opaqueDirs: string[] = [];
  const links: LinkEntry[] = [];
  const problems: Problem[] = [];
  const runner = new AnalysisRunner(options);
  const recorder = watch.recorder();
  const memoryLimit = options.memoryLimit ?? DEFAULT_MEMORY_LIMIT;
  await streamEntries(layer, options.uncompressed ?? null, async ({ header, path, content }) => {
    const meaning = entryMeaning(header.name);
    if (meaning.kind === 'opaque') opaqueDirs.push(meaning.dir);
    else if (meaning.kind === 'whiteout') whiteouts.push(meaning.path);
    else if (meaning.kind !== 'path') return;
    else if (header.type === 'symlink' || header.type === 'link') {
      const link: LinkEntry = {
        path,
        target: header.linkname ?? '',
        kind: header.type === 'symlink' ? 'symlink' : 'hardlink',
      };
      links.push(link);
      watch.addLink(link, analyzers);
      if (recorder.watches(path)) recorder.other(path);
    } else if (isRegular(header)) {
      const size = header.size;
      const mode = header.mode;
      const wanted = analyzers.filter((analyzer) => analyzer.wants(path, size, mode));
      if (recorder.watches(path)) {
        if (size <= memoryLimit && recorder.canKeep(size)) {
          const chunks = await readChunks(content);
          recorder.file(path, size, mode, chunks);
          return runner.analyzeRead({ path, size, mode }, chunks, wanted);
        }
        recorder.unknown(path);
      }
      if (wanted.length > 0) return runner.analyze({ path, size, mode }, content, wanted);
    } else if (recorder.watches(path)) recorder.other(path);
  });
  const targets = recorder.targets();
  const analysis: LayerAnalysis = {
    ...(layer.digest ? { digest: layer.digest } : {}),
    diffId: layer.diffId,
    results: await runner.results(),
    whiteouts,
    opaqueDirs,
    links,
    problems: [...problems, ...runner.problems],
    ...(targets.length > 0 ? { targets } : {}),
  };
  if (useCache) {
    await storeAnalysis(options.cacheDir, analysis, analyzers).catch((error: unknown) => {
      throw new InputError(
        `cannot write the layer cache in ${options.cacheDir}: ${messageOf(error)}; check --cache-dir`,
        {
          cause: error,
        },
      );
    });
  }
  return analysis;
}

/** A file of a layer to read again under another path (the link that resolved to it). */
export interface TargetRead {
  /** Path of the regular file in this layer. */
  readonly path: string;
  /** Path the analyzers see (the link's). */
  readonly asPath: string;
  readonly analyzers: readonly Analyzer[];
}

/** What a targeted pass found: results for the files found, and the requested paths that are not regular files. */
export interface TargetPass {
  /** Results for each read, in the order of the reads. */
  readonly results: readonly (readonly FileResult[])[];
  readonly found: ReadonlySet<string>;
  readonly notRegular: ReadonlySet<string>;
  readonly problems: readonly Problem[];
}

/**
 * Reads the given files of a layer, for links that resolved to them: from `known`, what the layer's pass kept,
 * and by a second, targeted pass over the layer for the files it did not keep.
 */
export async function readTargets(
  layer: ImageLayer,
  reads: readonly TargetRead[],
  options: WalkOptions,
  known: readonly TargetFile[] = [],
): Promise<TargetPass> {
  const runner = new AnalysisRunner(options);
  const found = new Set<string>();
  const notRegular = new Set<string>();
  const slotsByRead = new Map<TargetRead, number[]>();
  const knownByPath = new Map(known.map((target) => [target.path, target]));
  const byPath = new Map<string, TargetRead[]>();
  for (const read of reads) {
    const target = knownByPath.get(read.path);
    if (!target) byPath.set(read.path, [...(byPath.get(read.path) ?? []), read]);
    else if (target.kind === 'other') {
      found.add(read.path);
      notRegular.add(read.path);
    } else if (target.kind === 'file') {
      found.add(read.path);
      const { size, mode } = target;
      const wanted = read.analyzers.filter((analyzer) => analyzer.wants(read.asPath, size, mode));
      const bytes = Buffer.from(target.content, 'base64');
      const via = { path: read.path, diffId: layer.diffId };
      slotsByRead.set(read, runner.analyzeBytes({ path: read.asPath, size, mode }, bytes, wanted, via));
    }
  }
  if (byPath.size > 0) await passForTargets(layer, byPath, runner, { found, notRegular, slotsByRead });
  const slots = await runner.slotResults();
  const results = reads.map((read) =>
    (slotsByRead.get(read) ?? []).flatMap((slot) => (slots[slot] ? [slots[slot]] : [])),
  );
  return { results, found, notRegular, problems: runner.problems };
}

/** The second pass of readTargets, over the whole layer, for the reads in `byPath`. */
async function passForTargets(
  layer: ImageLayer,
  byPath: ReadonlyMap<string, readonly TargetRead[]>,
  runner: AnalysisRunner,
  into: { found: Set<string>; notRegular: Set<string>; slotsByRead: Map<TargetRead, number[]> },
): Promise<void> {
  const { found, notRegular, slotsByRead } = into;
  await streamEntries(layer, false, async ({ header, path, content }) => {
    const wantedReads = byPath.get(path);
    if (!wantedReads || entryMeaning(header.name).kind !== 'path') return;
    // The last entry for a path wins, as when the tar is extracted.
    found.add(path);
    if (!isRegular(header)) {
      notRegular.add(path);
      return;
    }
    notRegular.delete(path);
    const size = header.size;
    const mode = header.mode;
    const chunks = await readChunks(content);
    for (const read of wantedReads) {
      const wanted = read.analyzers.filter((analyzer) => analyzer.wants(read.asPath, size, mode));
      const slots = runner.analyzeBytes({ path: read.asPath, size, mode }, chunks, wanted, {
        path,
        diffId: layer.diffId,
      });
      slotsByRead.set(read, slots);
    }
  });
}

/** Analyses all layers (bounded concurrency), then resolves the links analyzers want across layers. */
export async function analyzeImage(
  image: Pick<Image, 'layers'>,
  analyzers: readonly Analyzer[],
  options: WalkOptions,
): Promise<LayerAnalysis[]> {
  const layers = image.layers;
  const analyses: LayerAnalysis[] = new Array(layers.length);
  const watch = new TargetWatch();
  let next = 0;
  const worker = async () => {
    while (next < layers.length) {
      const index = next++;
      const layer = layers[index];
      if (layer) analyses[index] = await analyzeLayer(layer, analyzers, options, watch);
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 3, layers.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return resolveLinks(layers, analyses, analyzers, options);
}

function isRegular(header: TarHeader): boolean {
  return header.type === 'file' || header.type === 'contiguous-file';
}

/**
 * Streams the entries of a layer to `visit`, one at a time (what the visitor leaves unread is skipped).
 * On the layer's first pass (`first` not false) the sha256 of the uncompressed tar must equal the layer's diffID,
 * and `first.add` is told the tar's size.
 */
async function streamEntries(
  layer: ImageLayer,
  first: WalkOptions['uncompressed'] | null | false,
  visit: (entry: Entry) => Promise<void>,
): Promise<void> {
  const verify = first !== false;
  let size = 0;
  const where = `layer ${layer.digest ?? layer.diffId} (${layer.location})`;
  let blob: Readable;
  try {
    blob = await layer.open();
  } catch (error) {
    throw new InputError(`${where} cannot be read: ${messageOf(error)}`, { cause: error });
  }
  const { stream, compression } = await decompressed(blob).catch((error: unknown) => {
    blob.destroy();
    throw new InputError(`${where} cannot be read: ${messageOf(error)}`, { cause: error });
  });
  const hash = createHash('sha256');
  // Errors of the stream itself (decompression, the source's digest check), told apart from the tar's.
  let feedError: unknown;
  async function* hashed(): AsyncGenerator<Uint8Array> {
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        if (verify) hash.update(chunk);
        size += chunk.length;
        yield chunk;
      }
    } catch (error) {
      feedError = error;
      throw error;
    }
  }
  try {
    for await (const { header, content } of tarEntries(hashed())) {
      let path: string | null;
      try {
        path = normalisedPath(header.name);
      } catch (error) {
        if (error instanceof HostilePathError) {
          throw new InputError(`${where} has a hostile entry '${header.name}' (${error.message}); refusing to scan it`);
        }
        throw error;
      }
      if (path !== null) await visit({ header, path, content });
    }
  } catch (error) {
    stream.destroy();
    if (error instanceof InputError && error !== feedError) throw error;
    // The source's own check (blob digest or size) failed: its message already names the blob.
    if (feedError instanceof InputError) throw feedError;
    const cause = feedError ?? error;
    const what = compression === 'none' ? 'tar' : `${compression} tar`;
    throw new InputError(`${where} is not a valid ${what} (${messageOf(cause)}); re-export or re-pull the image`, {
      cause,
    });
  }
  if (verify && layer.diffId.startsWith('sha256:')) {
    const actual = `sha256:${hash.digest('hex')}`;
    if (actual !== layer.diffId) {
      throw new InputError(
        `${where} does not match its diffID ${layer.diffId} (its content has ${actual}); the image is corrupt, re-export or re-pull it`,
      );
    }
  }
  if (first) first.add(size);
}

/** Runs analyzers on files as the tar streams, keeps their results in entry order, turns failures into Problems. */
class AnalysisRunner {
  readonly problems: Problem[] = [];
  private readonly slots: (FileResult | undefined)[] = [];
  private readonly pending = new Set<Promise<void>>();
  private readonly memoryLimit: number;
  private readonly maxFileBytes: number;

  constructor(private readonly options: WalkOptions) {
    this.memoryLimit = options.memoryLimit ?? DEFAULT_MEMORY_LIMIT;
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  }

  /** Analyses one file of the tar with the analyzers that want it; resolves when the entry may be left. */
  async analyze(meta: Meta, content: AsyncIterable<Uint8Array>, wanted: readonly Analyzer[]): Promise<void> {
    if (meta.size <= this.memoryLimit) return this.analyzeRead(meta, await readChunks(content), wanted);
    const [only] = wanted;
    if (only && wanted.length === 1 && !only.randomAccess) {
      const slot = this.slots.length;
      this.slots.push(undefined);
      const { file, release } = liveFile(meta, content, this.maxFileBytes);
      await this.run(only, file, slot);
      await release();
      return;
    }
    await this.analyzeSpilled(meta, content, wanted);
  }

  /** Analyses a file of the tar read whole; resolves when the tar may go on (few enough analyses behind it). */
  async analyzeRead(meta: Meta, bytes: Uint8Array | readonly Uint8Array[], wanted: readonly Analyzer[]): Promise<void> {
    this.analyzeBytes(meta, bytes, wanted);
    while (this.pending.size >= MAX_PENDING_ANALYSES) await Promise.race(this.pending);
  }

  /** Schedules the analyzers on content already in memory, without waiting for them. */
  analyzeBytes(
    meta: Meta,
    bytes: Uint8Array | readonly Uint8Array[],
    wanted: readonly Analyzer[],
    via?: FileResult['via'],
  ): number[] {
    // One file for all: what an analyzer derives from it (elf.ts's parsed headers) serves the others too.
    const file = memoryFile(meta, bytes);
    return wanted.map((analyzer) => {
      const slot = this.slots.length;
      this.slots.push(undefined);
      const task = this.run(analyzer, file, slot, via).finally(() => this.pending.delete(task));
      this.pending.add(task);
      return slot;
    });
  }

  /** Every result slot once all analyses are done (undefined where an analyzer failed). */
  async slotResults(): Promise<readonly (FileResult | undefined)[]> {
    await Promise.all(this.pending);
    return this.slots;
  }

  async results(): Promise<FileResult[]> {
    return (await this.slotResults()).filter((slot): slot is FileResult => slot !== undefined);
  }

  /** A large file several analyzers want: written once under the cache dir, read by each, then removed. */
  private async analyzeSpilled(meta: Meta, content: AsyncIterable<Uint8Array>, wanted: readonly Analyzer[]) {
    const dir = join(this.options.cacheDir, 'tmp');
    await mkdir(dir, { recursive: true });
    const file = join(dir, `layer-file-${randomUUID()}`);
    try {
      await pipeline(content, createWriteStream(file));
      const spilled = diskFile(meta, file, this.maxFileBytes);
      for (const analyzer of wanted) {
        const slot = this.slots.length;
        this.slots.push(undefined);
        await this.run(analyzer, spilled, slot);
      }
    } finally {
      await rm(file, { force: true });
    }
  }

  private async run(analyzer: Analyzer, file: LayerFile, slot: number, via?: FileResult['via']): Promise<void> {
    let result: AnalyzerResult;
    try {
      result = await analyzer.analyze(file);
    } catch (error) {
      this.problems.push({ path: file.path, reason: `${analyzer.id}: ${messageOf(error)}` });
      return;
    }
    this.slots[slot] = { analyzer: analyzer.id, path: file.path, result, ...(via ? { via } : {}) };
  }
}
