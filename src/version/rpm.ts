// RPM package versions (`[epoch:]version[-release]`), ordered as rpm's python binding `rpm.labelCompare`
// orders (epoch, version, release) triples, each part with rpm's rpmvercmp (rpmio/rpmvercmp.c, rpm 4.18:
// `~` sorts before everything, even the end; `^` after the end but before anything else).
import type { VersionScheme } from './types.js';

/** A parsed RPM version. `release` is null when the version has none (it then sorts below any release). */
export interface RpmVersion {
  readonly epoch: number;
  readonly version: string;
  readonly release: string | null;
}

const LEADING_DIGITS = /^[0-9]*/;

/**
 * Splits `[epoch:]version[-release]` as rpm's parseEVR does (lib/rpmds.c): an epoch only when the string
 * starts with digits followed by `:`, the release after the last `-` past that point. Returns null for a
 * version without a letter or digit, blanks, control characters or an epoch past 32 bits, which rpm never writes.
 */
function parse(input: string): RpmVersion | null {
  const text = input.trim();
  if (text === '' || /[\s\p{Cc}]/u.test(text)) return null;
  const digits = LEADING_DIGITS.exec(text)?.[0] ?? '';
  let epoch = 0;
  let rest = text;
  if (text[digits.length] === ':') {
    epoch = digits === '' ? 0 : Number(digits);
    if (epoch > 2 ** 32 - 1) return null;
    rest = text.slice(digits.length + 1);
  }
  const hyphen = rest.lastIndexOf('-');
  const version = hyphen >= 0 ? rest.slice(0, hyphen) : rest;
  // A version without a letter or digit has no segment to compare: rpmvercmp finds every such string equal.
  if (!/[A-Za-z0-9]/.test(version)) return null;
  return { epoch, version, release: hyphen >= 0 ? rest.slice(hyphen + 1) : null };
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isAlpha = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const TILDE = 0x7e;
const CARET = 0x5e;
/** charCodeAt past the end is NaN; 0 stands for rpm's terminating NUL. */
const at = (s: string, i: number): number => (i < s.length ? s.charCodeAt(i) : 0);

/** rpm's rpmvercmp: -1, 0 or 1. */
export function rpmvercmp(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    // Separators (anything but letters, digits, `~` and `^`) only split segments.
    while (i < a.length && !isSegmentStart(at(a, i))) i++;
    while (j < b.length && !isSegmentStart(at(b, j))) j++;
    const ca = at(a, i);
    const cb = at(b, j);
    if (ca === TILDE || cb === TILDE) {
      if (ca !== TILDE) return 1;
      if (cb !== TILDE) return -1;
      i++;
      j++;
      continue;
    }
    if (ca === CARET || cb === CARET) {
      if (ca === 0) return -1;
      if (cb === 0) return 1;
      if (ca !== CARET) return 1;
      if (cb !== CARET) return -1;
      i++;
      j++;
      continue;
    }
    if (ca === 0 || cb === 0) break;
    const numeric = isDigit(ca);
    const inSegment = numeric ? isDigit : isAlpha;
    let endA = i;
    let endB = j;
    while (endA < a.length && inSegment(a.charCodeAt(endA))) endA++;
    while (endB < b.length && inSegment(b.charCodeAt(endB))) endB++;
    // A numeric segment is newer than an alphabetic one.
    if (endB === j) return numeric ? 1 : -1;
    let segA = a.slice(i, endA);
    let segB = b.slice(j, endB);
    if (numeric) {
      segA = segA.replace(/^0+/, '');
      segB = segB.replace(/^0+/, '');
      if (segA.length !== segB.length) return segA.length > segB.length ? 1 : -1;
    }
    if (segA !== segB) return segA < segB ? -1 : 1;
    i = endA;
    j = endB;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i >= a.length ? -1 : 1;
}

function isSegmentStart(c: number): boolean {
  return isDigit(c) || isAlpha(c) || c === TILDE || c === CARET;
}

/** python rpm's compare_values: a missing release sorts below any release, even an empty one. */
function compareRelease(a: string | null, b: string | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  return rpmvercmp(a, b);
}

export const rpm: VersionScheme<RpmVersion> = {
  id: 'rpm',
  parse,
  compare: (a, b) =>
    Math.sign(a.epoch - b.epoch) || rpmvercmp(a.version, b.version) || compareRelease(a.release, b.release),
};

/** Formats a parsed version the way rpm prints `%{EPOCH}:%{VERSION}-%{RELEASE}`, epoch 0 left out. */
export function formatRpmVersion(v: RpmVersion): string {
  return `${v.epoch ? `${v.epoch}:` : ''}${v.version}${v.release === null ? '' : `-${v.release}`}`;
}
