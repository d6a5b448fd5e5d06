// Alpine package versions (`1.2.3a_rc1_p2~abc123-r4`), ordered as apk-tools orders them: its src/version.c
// (token_next, token_cmp, apk_version_compare), https://gitlab.alpinelinux.org/alpine/apk-tools.
import type { VersionScheme } from './types.js';

/**
 * apk-tools' token kinds, in its enum order: the order matters, since when one version runs out first the
 * one whose next token comes later in this list is the smaller (`1.0` > `1.0-r1`? no: END comes after
 * REVISION_NO, so `1.0` < `1.0-r1`).
 */
const TOKEN = {
  initialDigit: 0,
  digit: 1,
  letter: 2,
  suffix: 3,
  suffixNo: 4,
  commitHash: 5,
  revisionNo: 6,
  end: 7,
  invalid: 8,
} as const;
type TokenKind = (typeof TOKEN)[keyof typeof TOKEN];

/** Suffix ranks in apk-tools' order (DECLARE_SUFFIXES): pre-releases below "none", the rest above it. */
const SUFFIXES: Readonly<Record<string, number>> = {
  alpha: 1,
  beta: 2,
  pre: 3,
  rc: 4,
  // 5 is SUFFIX_NONE: no suffix
  cvs: 6,
  svn: 7,
  git: 8,
  hg: 9,
  p: 10,
};
const SUFFIX_NONE = 5;

/** One token: its kind and text (digits without the dot, the letter, suffix name, hash or revision digits). */
export interface ApkToken {
  readonly kind: TokenKind;
  readonly text: string;
}

/** A version as apk-tools reads it: its tokens, ending with an `end` token (an `invalid` one for invalid input). */
export interface ApkVersion {
  readonly tokens: readonly ApkToken[];
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isLower = (c: string | undefined): boolean => c !== undefined && c >= 'a' && c <= 'z';
const isHex = (c: string | undefined): boolean => isDigit(c) || (c !== undefined && c >= 'a' && c <= 'f');

/** Splits a version into apk-tools' tokens; the last token is `end`, or `invalid` where apk-tools stops. */
export function tokenize(input: string): ApkToken[] {
  const tokens: ApkToken[] = [];
  let at = 0;
  const run = (accept: (c: string | undefined) => boolean): string => {
    const start = at;
    while (at < input.length && accept(input[at])) at++;
    return input.slice(start, at);
  };
  const push = (kind: TokenKind, text: string): void => {
    tokens.push(text === '' && kind !== TOKEN.end ? { kind: TOKEN.invalid, text } : { kind, text });
  };
  push(TOKEN.initialDigit, run(isDigit)); // token_first
  for (;;) {
    const previous = tokens[tokens.length - 1]?.kind ?? TOKEN.invalid;
    if (previous >= TOKEN.end) return tokens;
    const c = input[at];
    if (c === undefined) {
      push(TOKEN.end, '');
    } else if (isLower(c)) {
      // A single letter, only right after digits.
      if (previous > TOKEN.digit) push(TOKEN.invalid, '');
      else push(TOKEN.letter, input[at++] ?? '');
    } else if (c === '.' || isDigit(c)) {
      // '.' must follow digits or a letter; bare digits continue a number only after a suffix (its number).
      if (c === '.') {
        if (previous > TOKEN.digit) {
          push(TOKEN.invalid, '');
          continue;
        }
        at++;
      }
      if (previous === TOKEN.initialDigit || previous === TOKEN.digit) push(TOKEN.digit, run(isDigit));
      else if (previous === TOKEN.suffix) push(TOKEN.suffixNo, run(isDigit));
      else push(TOKEN.invalid, '');
    } else if (c === '_') {
      if (previous > TOKEN.suffixNo) {
        push(TOKEN.invalid, '');
        continue;
      }
      at++;
      const name = run(isLower);
      push(Object.hasOwn(SUFFIXES, name) ? TOKEN.suffix : TOKEN.invalid, name);
    } else if (c === '~') {
      if (previous >= TOKEN.commitHash) {
        push(TOKEN.invalid, '');
        continue;
      }
      at++;
      push(TOKEN.commitHash, run(isHex));
    } else if (c === '-') {
      if (previous >= TOKEN.revisionNo || input[at + 1] !== 'r') {
        push(TOKEN.invalid, '');
        continue;
      }
      at += 2;
      push(TOKEN.revisionNo, run(isDigit));
    } else {
      push(TOKEN.invalid, '');
    }
  }
}

/** Compares digit strings as unsigned numbers (apk reads them as uint64; these never overflow in practice). */
function compareNumbers(a: string, b: string): number {
  const x = a.replace(/^0+(?=.)/, '');
  const y = b.replace(/^0+(?=.)/, '');
  return x.length - y.length || (x < y ? -1 : x > y ? 1 : 0);
}

/** apk_blob_sort: bytes, then the shorter first. */
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** token_cmp: two tokens of the same kind. */
function compareTokens(a: ApkToken, b: ApkToken): number {
  switch (a.kind) {
    case TOKEN.digit:
      // A leading zero on either side makes it a string comparison (as Gentoo's rules do: 1.01 < 1.1).
      if (a.text.startsWith('0') || b.text.startsWith('0')) return compareText(a.text, b.text);
      return compareNumbers(a.text, b.text);
    case TOKEN.initialDigit:
    case TOKEN.suffixNo:
    case TOKEN.revisionNo:
      return compareNumbers(a.text, b.text);
    case TOKEN.suffix:
      return (SUFFIXES[a.text] ?? 0) - (SUFFIXES[b.text] ?? 0);
    default:
      // Letters, commit hashes (and the empty end/invalid tokens) compare as text.
      return compareText(a.text, b.text);
  }
}

/** apk_version_compare: negative, zero or positive. Defined for every pair of versions, valid or not. */
function compareTokenLists(a: readonly ApkToken[], b: readonly ApkToken[]): number {
  let i = 0;
  for (; ; i++) {
    const ta = a[i];
    const tb = b[i];
    if (!ta || !tb) return 0; // unreachable: both lists end with end/invalid
    if (ta.kind !== tb.kind || ta.kind >= TOKEN.end) {
      if (ta.kind === tb.kind) return 0;
      // Equal so far: the longer one is greater, unless what it goes on with is a pre-release suffix.
      if (ta.kind === TOKEN.suffix && (SUFFIXES[ta.text] ?? 0) < SUFFIX_NONE) return -1;
      if (tb.kind === TOKEN.suffix && (SUFFIXES[tb.text] ?? 0) < SUFFIX_NONE) return 1;
      return Math.sign(tb.kind - ta.kind);
    }
    const r = Math.sign(compareTokens(ta, tb));
    if (r !== 0) return r;
  }
}

/** Orders two version strings exactly as `apk version -t` does, including versions apk deems invalid. */
export function compareApkStrings(a: string, b: string): number {
  return compareTokenLists(tokenize(a), tokenize(b));
}

/** Whether apk-tools accepts the version (apk_version_validate). */
export function isValidApkVersion(input: string): boolean {
  return tokenize(input).at(-1)?.kind === TOKEN.end;
}

export const apk: VersionScheme<ApkVersion> = {
  id: 'apk',
  parse(input) {
    const tokens = tokenize(input.trim());
    return tokens.at(-1)?.kind === TOKEN.end ? { tokens } : null;
  },
  compare: (a, b) => compareTokenLists(a.tokens, b.tokens),
};
