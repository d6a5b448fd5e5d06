// Debian package versions (`[epoch:]upstream[-revision]`), ordered as `dpkg --compare-versions` orders them.
// Syntax and ordering: Debian Policy §5.6.12 and dpkg's lib/dpkg/parsehelp.c (parseversion) and
// lib/dpkg/version.c (verrevcmp).
import type { VersionScheme } from './types.js';

/** A parsed Debian version. `revision` is '' when the version has none (dpkg treats that as "0"). */
export interface DpkgVersion {
  readonly epoch: number;
  readonly upstream: string;
  readonly revision: string;
}

// dpkg's own character sets (parseversion): upstream `[A-Za-z0-9.+~:-]`, revision `[A-Za-z0-9.+~]`.
const UPSTREAM = /^[0-9][A-Za-z0-9.+~:-]*$/;
const REVISION = /^[A-Za-z0-9.+~]+$/;
const EPOCH = /^[0-9]+$/;
const INT_MAX = 2 ** 31 - 1;

/**
 * Parses a Debian version, or returns null when dpkg would not accept it.
 *
 * dpkg rejects (as errors) an empty version, embedded blanks, an empty, non-numeric, negative or
 * overlarge epoch, and an empty upstream or revision. It only warns about an upstream that does not
 * start with a digit and about characters outside its sets; like Trivy's parser (knqyf263/go-deb-version)
 * we reject those too, so an invalid version never gets an ordering that is a guess. Unlike that parser we
 * keep to dpkg's ASCII character sets (no `_`, no non-ASCII letters), which dpkg itself never writes.
 */
function parse(input: string): DpkgVersion | null {
  const text = input.trim();
  if (text === '' || /\s/.test(text)) return null;
  let rest = text;
  let epoch = 0;
  const colon = text.indexOf(':');
  if (colon >= 0) {
    const digits = text.slice(0, colon);
    if (!EPOCH.test(digits)) return null;
    epoch = Number(digits);
    if (epoch > INT_MAX) return null;
    rest = text.slice(colon + 1);
  }
  const hyphen = rest.lastIndexOf('-');
  const upstream = hyphen >= 0 ? rest.slice(0, hyphen) : rest;
  const revision = hyphen >= 0 ? rest.slice(hyphen + 1) : '';
  if (!UPSTREAM.test(upstream)) return null;
  if (hyphen >= 0 && !REVISION.test(revision)) return null;
  return { epoch, upstream, revision };
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isAlpha = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/** dpkg's `order`: `~` before the end of the string, the end before letters, letters before the rest. */
function order(c: number): number {
  if (Number.isNaN(c) || isDigit(c)) return 0;
  if (isAlpha(c)) return c;
  if (c === 0x7e) return -1; // '~'
  return c + 256;
}

/**
 * dpkg's verrevcmp: alternately compares a non-digit run (character by character with `order`) and a
 * digit run (numerically, leading zeros ignored, any length) of each string.
 */
export function compareFragment(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    // charCodeAt past the end is NaN, which `order` ranks as the end of the string.
    while ((i < a.length && !isDigit(a.charCodeAt(i))) || (j < b.length && !isDigit(b.charCodeAt(j)))) {
      const diff = order(a.charCodeAt(i)) - order(b.charCodeAt(j));
      if (diff !== 0) return diff;
      i++;
      j++;
    }
    while (a.charCodeAt(i) === 0x30) i++;
    while (b.charCodeAt(j) === 0x30) j++;
    let firstDiff = 0;
    while (isDigit(a.charCodeAt(i)) && isDigit(b.charCodeAt(j))) {
      if (firstDiff === 0) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (isDigit(a.charCodeAt(i))) return 1;
    if (isDigit(b.charCodeAt(j))) return -1;
    if (firstDiff !== 0) return firstDiff;
  }
  return 0;
}

export const dpkg: VersionScheme<DpkgVersion> = {
  id: 'dpkg',
  parse,
  compare: (a, b) =>
    Math.sign(a.epoch - b.epoch) ||
    Math.sign(compareFragment(a.upstream, b.upstream)) ||
    Math.sign(compareFragment(a.revision, b.revision)),
};

/** Formats a parsed version back the way dpkg writes it. */
export function formatDpkgVersion(v: DpkgVersion): string {
  return `${v.epoch ? `${v.epoch}:` : ''}${v.upstream}${v.revision ? `-${v.revision}` : ''}`;
}
