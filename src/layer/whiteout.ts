// Tar entry names inside a layer: normalisation, hostile names, and the OCI whiteout markers.
// Whiteouts: https://github.com/opencontainers/image-spec/blob/main/layer.md#whiteouts
import { posix } from 'node:path';

/** `.wh.<name>` removes `<name>` from the layers below. */
export const WHITEOUT_PREFIX = '.wh.';
/** `.wh..wh..opq` in a directory hides everything the layers below put there. */
export const OPAQUE_MARKER = '.wh..wh..opq';

/** What a tar entry name means for the merged filesystem. */
export type EntryMeaning =
  | { readonly kind: 'root' }
  | { readonly kind: 'opaque'; readonly dir: string }
  | { readonly kind: 'whiteout'; readonly path: string }
  | { readonly kind: 'path'; readonly path: string };

/** Thrown for an entry name that points outside the image root. */
export class HostilePathError extends Error {}

/**
 * The normalised path of an entry name: no leading `./`, no `.` or `..` components, no trailing slash.
 * An absolute name, or one whose `..` climbs above the root, is hostile: a layer never needs either.
 */
export function normalisedPath(name: string): string | null {
  if (name.startsWith('/')) throw new HostilePathError('absolute path');
  const cleaned = posix.normalize(name).replace(/\/+$/, '');
  if (cleaned === '.' || cleaned === '') return null;
  if (cleaned === '..' || cleaned.startsWith('../')) throw new HostilePathError('climbs above the image root');
  return cleaned;
}

/** The meaning of a tar entry name (see {@link normalisedPath} for what is rejected). */
export function entryMeaning(name: string): EntryMeaning {
  const path = normalisedPath(name);
  if (path === null) return { kind: 'root' };
  const slash = path.lastIndexOf('/');
  const dir = slash === -1 ? '' : path.slice(0, slash);
  const base = path.slice(slash + 1);
  if (base === OPAQUE_MARKER) return { kind: 'opaque', dir };
  if (base.startsWith(WHITEOUT_PREFIX)) {
    const removed = base.slice(WHITEOUT_PREFIX.length);
    if (removed === '' || removed === '.' || removed === '..') throw new HostilePathError('whiteout of no file');
    return { kind: 'whiteout', path: dir === '' ? removed : `${dir}/${removed}` };
  }
  return { kind: 'path', path };
}

/** Whether `path` is `dir` itself or lies under it (`''` is the root, above everything). */
export function isWithin(path: string, dir: string): boolean {
  return dir === '' || path === dir || path.startsWith(`${dir}/`);
}
