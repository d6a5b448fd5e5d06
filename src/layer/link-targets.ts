// Files kept during a layer's single pass because a link analyzers want may lead to them, so that resolving
// the link (links.ts) needs no second pass over a layer: `etc/os-release -> ../usr/lib/os-release` names its
// target before the tar reaches it, and the target is kept as it streams by.
import { posix } from 'node:path';
import type { Analyzer } from '../analyzer/types.js';
import { joined } from './layer-file.js';
import type { LinkEntry, TargetFile } from './types.js';

/** Content kept per layer for link targets; past it, a target is read by a second pass when needed. */
const MAX_KEPT_BYTES = 4 * 1024 * 1024;

/**
 * The paths wanted links of an image lead to, shared by the passes over its layers (which run at once): a link
 * seen in any layer makes its target watched in every pass from then on.
 */
export class TargetWatch {
  private readonly paths = new Set<string>();

  /** Watches the target of `link` when an analyzer wants the link's path. */
  addLink(link: LinkEntry, analyzers: readonly Analyzer[]): void {
    // The target's size and mode are checked again once it is read, as in links.ts.
    if (analyzers.some((analyzer) => analyzer.wants(link.path, 0, 0o644))) this.paths.add(lexicalTarget(link));
  }

  has(path: string): boolean {
    return this.paths.has(path);
  }

  /** A recorder for a pass that starts now. */
  recorder(): TargetRecorder {
    return new TargetRecorder(this, new Set(this.paths));
  }
}

/**
 * Where a link leads by its text alone: a symlink's target from the link's directory (an absolute one from the
 * root, `..` stopping at the root), a hard link's from the archive root. Links on the way are not followed: a
 * target reached through one is not watched, and resolving the link reads its layer again.
 */
export function lexicalTarget(link: LinkEntry): string {
  const from = link.kind === 'symlink' && !link.target.startsWith('/') ? posix.dirname(link.path) : '';
  const parts: string[] = [];
  for (const part of `${from}/${link.target}`.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '' && part !== '.') parts.push(part);
  }
  return parts.join('/');
}

type Kept = { readonly kind: 'file'; readonly size: number; readonly mode: number; readonly bytes: Uint8Array };

/** What one pass saw at the watched paths: the last entry at each wins, as when the tar is extracted. */
export class TargetRecorder {
  private readonly seen = new Map<string, Kept | { readonly kind: 'other' } | { readonly kind: 'unknown' }>();
  private keptBytes = 0;

  /** `fromStart`: the paths watched when the pass began; one absent from the whole layer is known absent. */
  constructor(
    private readonly watch: TargetWatch,
    private readonly fromStart: ReadonlySet<string>,
  ) {}

  /** Whether the entry at `path` is to be recorded. */
  watches(path: string): boolean {
    return this.watch.has(path);
  }

  /** Whether a regular file of `size` bytes at a watched path can be kept in memory. */
  canKeep(size: number): boolean {
    return this.keptBytes + size <= MAX_KEPT_BYTES;
  }

  /** A regular file at a watched path, with its whole content as the tar's chunks (joined here: kept as one). */
  file(path: string, size: number, mode: number, chunks: readonly Uint8Array[]): void {
    const bytes = joined(chunks);
    this.forget(path);
    this.seen.set(path, { kind: 'file', size, mode, bytes });
    this.keptBytes += bytes.length;
  }

  /** Anything else at a watched path (a directory, a link, a device). */
  other(path: string): void {
    this.forget(path);
    this.seen.set(path, { kind: 'other' });
  }

  /** A regular file too large to keep: a link to it is resolved by reading the layer again. */
  unknown(path: string): void {
    this.forget(path);
    this.seen.set(path, { kind: 'unknown' });
  }

  /** What the layer holds at the paths this pass can answer for. */
  targets(): TargetFile[] {
    const out: TargetFile[] = [];
    for (const path of this.fromStart) if (!this.seen.has(path)) out.push({ path, kind: 'absent' });
    for (const [path, entry] of this.seen) {
      if (entry.kind === 'file') {
        const content = Buffer.from(entry.bytes.buffer, entry.bytes.byteOffset, entry.bytes.byteLength);
        out.push({ path, kind: 'file', size: entry.size, mode: entry.mode, content: content.toString('base64') });
      } else if (entry.kind === 'other') out.push({ path, kind: 'other' });
    }
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  private forget(path: string): void {
    const before = this.seen.get(path);
    if (before?.kind === 'file') this.keptBytes -= before.bytes.length;
  }
}
