// What one pass over a layer tar yields: analyzer results per file, whiteouts, opaque dirs and links.
import type { AnalyzerResult } from '../analyzer/types.js';
import type { Problem } from '../types.js';

/** What one analyzer made of one file of the layer. */
export interface FileResult {
  /** The analyzer's id. */
  readonly analyzer: string;
  /** Path of the file inside the image (for a followed link: the link's path, not its target's). */
  readonly path: string;
  readonly result: AnalyzerResult;
  /** Set when the content was read through a link: the regular file it resolved to. */
  readonly via?: { readonly path: string; readonly diffId: string };
}

/** A symbolic or hard link entry of the layer. */
export interface LinkEntry {
  readonly path: string;
  /** The link target exactly as the tar header gives it (symlink: relative or absolute; hard link: archive path). */
  readonly target: string;
  readonly kind: 'symlink' | 'hardlink';
}

/**
 * What a layer holds at a path a wanted link may lead to, kept during its pass (link-targets.ts) so that the
 * link is resolved without reading the layer again. A path the layer's pass cannot answer for is not listed.
 */
export type TargetFile =
  /** The layer has no entry at the path. */
  | { readonly path: string; readonly kind: 'absent' }
  /** Its last entry at the path is not a regular file. */
  | { readonly path: string; readonly kind: 'other' }
  /** Its last entry at the path is a regular file; `content` is base64 (the analysis is cached as JSON). */
  | {
      readonly path: string;
      readonly kind: 'file';
      readonly size: number;
      readonly mode: number;
      readonly content: string;
    };

/** The result of analysing one layer. Plain data: it is cached as JSON. */
export interface LayerAnalysis {
  /** Blob digest as the manifest names it (absent where the source has none, e.g. an uncompressed docker-archive layer). */
  readonly digest?: string;
  /** sha256 of the uncompressed tar, verified while streaming. */
  readonly diffId: string;
  /** Analyzer results in the order of the tar entries, then of the analyzers. */
  readonly results: readonly FileResult[];
  /** Paths removed by `.wh.<name>` entries. */
  readonly whiteouts: readonly string[];
  /** Directories whose earlier content is hidden by a `.wh..wh..opq` entry. */
  readonly opaqueDirs: readonly string[];
  /** Every symlink and hard link of the layer: resolving a wanted link may cross any of them. */
  readonly links: readonly LinkEntry[];
  readonly problems: readonly Problem[];
  /** Link targets seen by the pass; dropped once links are resolved (analyzeImage's result has none). */
  readonly targets?: readonly TargetFile[];
}
