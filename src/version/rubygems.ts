// Gem versions, ordered as RubyGems' Gem::Version#<=> orders them (rubygems/version.rb): numbers and letter
// runs as segments, "-" read as ".pre.", trailing zeros of the release and of the pre-release dropped, a
// letter segment (pre-release) below any number.
import type { VersionScheme } from './types.js';

/** A numeric segment as its digits without leading zeros (so big numbers compare exactly), or letters. */
export type GemSegment = { readonly num: string } | string;

export interface GemVersion {
  /** The version as RubyGems keeps it: trimmed, every "-" replaced by ".pre.". */
  readonly text: string;
  /** Gem::Version#canonical_segments. */
  readonly segments: readonly GemSegment[];
}

/** Gem::Version::ANCHORED_VERSION_PATTERN (the atomic group is plain here: it cannot change a match). */
const VALID = /^\s*(?:[0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)\s*$/;

const isZero = (s: GemSegment) => typeof s !== 'string' && s.num === '0';

/** Segments without their trailing zeros. */
function withoutTrailingZeros(segments: readonly GemSegment[]): GemSegment[] {
  let end = segments.length;
  while (end > 0 && isZero(segments[end - 1] as GemSegment)) end--;
  return segments.slice(0, end);
}

function compareSegment(a: GemSegment, b: GemSegment): number {
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0; // byte order, case matters
  if (typeof a === 'string') return -1; // letters (a pre-release) sort below numbers
  if (typeof b === 'string') return 1;
  return a.num.length - b.num.length || (a.num < b.num ? -1 : a.num > b.num ? 1 : 0);
}

export const rubygems: VersionScheme<GemVersion> = {
  id: 'rubygems',
  parse(input) {
    // An empty string is version "0" to RubyGems; no package is versioned so, so it is refused here.
    if (input.trim() === '' || !VALID.test(input)) return null;
    const text = input.trim().replaceAll('-', '.pre.');
    const raw = (text.match(/[0-9]+|[a-z]+/gi) ?? []).map(
      (s): GemSegment => (/^\d/.test(s) ? { num: s.replace(/^0+(?=.)/, '') } : s),
    );
    // Gem::Version#_split_segments: the release up to the first letters, then the rest.
    const firstString = raw.findIndex((s) => typeof s === 'string');
    const release = firstString < 0 ? raw : raw.slice(0, firstString);
    const rest = firstString < 0 ? [] : raw.slice(firstString);
    return { text, segments: [...withoutTrailingZeros(release), ...withoutTrailingZeros(rest)] };
  },
  compare(a, b) {
    if (a.text === b.text) return 0;
    const length = Math.max(a.segments.length, b.segments.length);
    for (let i = 0; i < length; i++) {
      const order = compareSegment(a.segments[i] ?? { num: '0' }, b.segments[i] ?? { num: '0' });
      if (order !== 0) return order;
    }
    return 0;
  },
};
