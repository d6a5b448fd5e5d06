// Links at paths analyzers want, resolved inside the image as a chroot would, across layers.
import { posix } from 'node:path';
import type { Analyzer } from '../analyzer/types.js';
import type { ImageLayer } from '../source/types.js';
import type { Problem } from '../types.js';
import type { FileResult, LayerAnalysis, LinkEntry } from './types.js';
import { readTargets, type TargetRead, type WalkOptions } from './walk.js';
import { isWithin } from './whiteout.js';

/** Linux's MAXSYMLINKS: more links than this while resolving one path is a loop (ELOOP). */
const MAX_LINK_HOPS = 40;

/** Where a link leads: a regular file to look for, from a layer down, or a reason it leads nowhere. */
export type Resolution =
  | {
      readonly kind: 'file';
      readonly path: string;
      /** Highest layer that may hold the file. */
      readonly fromLayer: number;
      /** A hard link names a file of its own layer: only that layer may hold it. */
      readonly onlyLayer: boolean;
    }
  | { readonly kind: 'problem'; readonly reason: string };

/** The view of the image's links up to one layer: a link hides the same path below, whiteouts remove it. */
export class LinkView {
  private readonly byLayer: ReadonlyMap<string, LinkEntry>[];

  constructor(private readonly layers: readonly LayerAnalysis[]) {
    this.byLayer = layers.map((layer) => new Map(layer.links.map((link) => [link.path, link])));
  }

  /** The link at `path` as seen from layer `top`, with the layer it is in. */
  linkAt(path: string, top: number): { link: LinkEntry; layer: number } | undefined {
    for (let index = top; index >= 0; index--) {
      const link = this.byLayer[index]?.get(path);
      if (link) return { link, layer: index };
      if (this.removes(index, path)) return undefined;
    }
    return undefined;
  }

  /** Whether layer `index` removes what the layers below have at `path` (whiteout or opaque directory). */
  removes(index: number, path: string): boolean {
    const layer = this.layers[index];
    if (!layer) return false;
    return (
      layer.whiteouts.some((removed) => isWithin(path, removed)) ||
      layer.opaqueDirs.some((dir) => path !== dir && isWithin(path, dir))
    );
  }

  /**
   * Resolves `path` as seen from layer `top`: every symlink on the way is followed, an absolute target starts
   * again at the image root, and `..` at the root stays there, so nothing outside the image is ever named.
   */
  resolve(path: string, top: number): Resolution {
    let done: string[] = [];
    let todo = components(path);
    let hops = 0;
    for (let part = todo.shift(); part !== undefined; part = todo.shift()) {
      if (part === '.' || part === '') continue;
      if (part === '..') {
        done.pop();
        continue;
      }
      const candidate = [...done, part].join('/');
      const found = this.linkAt(candidate, top);
      if (!found) {
        done.push(part);
        continue;
      }
      if (found.link.kind === 'hardlink') {
        if (todo.length > 0) return { kind: 'problem', reason: `${candidate} is a hard link used as a directory` };
        const target = posix.normalize(found.link.target).replace(/^(\.\.?\/)+/, '');
        return { kind: 'file', path: target, fromLayer: found.layer, onlyLayer: true };
      }
      if (++hops > MAX_LINK_HOPS) return { kind: 'problem', reason: `too many levels of symbolic links (a loop)` };
      if (found.link.target.startsWith('/')) done = [];
      todo = [...components(found.link.target), ...todo];
    }
    return { kind: 'file', path: done.join('/'), fromLayer: top, onlyLayer: false };
  }
}

function components(path: string): string[] {
  return path.split('/');
}

/**
 * Adds to each layer's results what analyzers make of the links they want: the link's target is read (a second,
 * targeted pass over the layer holding it) and analysed under the link's path. A link that leads nowhere, or in
 * a loop, is a Problem of the layer holding the link.
 */
export async function resolveLinks(
  layers: readonly ImageLayer[],
  analyses: readonly LayerAnalysis[],
  analyzers: readonly Analyzer[],
  options: WalkOptions,
): Promise<LayerAnalysis[]> {
  const view = new LinkView(analyses);
  const extraResults = analyses.map((): FileResult[] => []);
  const extraProblems = analyses.map((): Problem[] => []);
  // Each wanted link: where its target may be, searched from the highest layer down.
  let searches: Search[] = [];
  for (const [index, analysis] of analyses.entries()) {
    for (const link of analysis.links) {
      // The target's size and mode are checked again once it is found.
      const wanted = analyzers.filter((analyzer) => analyzer.wants(link.path, 0, 0o644));
      if (wanted.length === 0) continue;
      const resolution = view.resolve(link.path, index);
      if (resolution.kind === 'problem') {
        extraProblems[index]?.push({ path: link.path, reason: `link to ${link.target}: ${resolution.reason}` });
        continue;
      }
      const { path: target, fromLayer, onlyLayer } = resolution;
      searches.push({ link, linkLayer: index, wanted, target, layer: fromLayer, onlyLayer });
    }
  }
  while (searches.length > 0) {
    const top = Math.max(...searches.map((search) => search.layer));
    const here = searches.filter((search) => search.layer === top);
    const layer = layers[top];
    if (!layer) break;
    const reads: TargetRead[] = here.map((s) => ({ path: s.target, asPath: s.link.path, analyzers: s.wanted }));
    const pass = await readTargets(layer, reads, options, analyses[top]?.targets);
    for (const [i, search] of here.entries()) extraResults[search.linkLayer]?.push(...(pass.results[i] ?? []));
    const next: Search[] = [];
    for (const search of here) {
      const problems = extraProblems[search.linkLayer];
      if (pass.notRegular.has(search.target)) {
        problems?.push({
          path: search.link.path,
          reason: `link to ${search.link.target}: /${search.target} is not a regular file`,
        });
      } else if (!pass.found.has(search.target)) {
        const below = search.layer - 1;
        if (search.onlyLayer || below < 0 || view.removes(search.layer, search.target)) {
          problems?.push({
            path: search.link.path,
            reason: `link to ${search.link.target}: /${search.target} is not in the image`,
          });
        } else next.push({ ...search, layer: below });
      }
    }
    for (const problem of pass.problems) {
      const search = here.find((s) => s.link.path === problem.path);
      if (search) extraProblems[search.linkLayer]?.push(problem);
    }
    searches = [...searches.filter((search) => search.layer !== top), ...next];
  }
  return analyses.map(({ targets: _kept, ...analysis }, index) => ({
    ...analysis,
    results: [...analysis.results, ...(extraResults[index] ?? [])],
    problems: [...analysis.problems, ...(extraProblems[index] ?? [])],
  }));
}

interface Search {
  readonly link: LinkEntry;
  readonly linkLayer: number;
  readonly wanted: readonly Analyzer[];
  /** The regular file the link resolved to. */
  readonly target: string;
  /** The layer to look in next. */
  readonly layer: number;
  readonly onlyLayer: boolean;
}
