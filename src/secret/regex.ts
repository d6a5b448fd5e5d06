// Go RE2 patterns (Trivy's rules and trivy-secret.yaml) translated to JavaScript RegExps run over bytes.
//
// Content is scanned as a latin1 string (one char per byte), so match indices are byte offsets as in Go.
// The translation keeps RE2's meaning where JavaScript differs: `\s` is RE2's [\t\n\f\r ] (JavaScript's
// also matches \v and U+00A0, a UTF-8 continuation byte here); `.` and negated classes take a whole UTF-8
// rune, atomically, and `.` matches `\r`; no match starts inside a rune; `(?i)` may start anywhere and lasts
// to the end of its group (expanded to `[aA]` classes; RE2's Unicode folds of k and s, U+212A and U+017F,
// are not made); `(?P<name>…)` groups may repeat a name (kept as plain numbered groups plus a name table);
// `\A`, `\z`, `[[:alpha:]]`, `\x{…}` and `\Q…\E`. Constructs RE2 does not have (look-around,
// back-references) are rejected, as Go's regexp.Compile rejects them. RE2 runs in linear time, backtracking
// does not: groups of one-character alternatives such as `(.|\s)` become one class, and patterns with
// nested repeats run on the linear matcher of pike.ts instead.
import { compilePike, type PikeProgram, pikeFindAll } from './pike.js';
import { Re2SyntaxError } from './re2-lex.js';
import { hasNestedRepeat } from './re2-syntax.js';
import { translateRe2 } from './re2-translate.js';

export { Re2SyntaxError };

/** A compiled rule regex: the JavaScript RegExp (flags `gd`, maybe `i`) and the RE2 groups. */
export interface Re2 {
  readonly source: string;
  readonly regex: RegExp;
  /** Name of each capture group, index 1..n as in Go's SubexpNames (index 0 is the whole match, ''). */
  readonly groupNames: readonly string[];
  /** For each RE2 group index, the JavaScript group holding it (the translation adds groups of its own). */
  readonly jsGroups: readonly number[];
  /** The linear matcher, for patterns a backtracking engine may take exponential time on (pike.ts). */
  readonly pike?: PikeProgram;
}

/** Compiles an RE2 pattern; throws Re2SyntaxError with the reason. */
export function compileRe2(source: string): Re2 {
  // A pattern wholly case-insensitive from its first character uses the `i` flag (faster than classes).
  const whole = source.startsWith('(?i)') && !/\(\?[a-zA-Z]*-/.test(source);
  const translation = translateRe2(whole ? source.slice(4) : source, whole);
  try {
    return {
      source,
      regex: new RegExp(translation.pattern, whole ? 'gdi' : 'gd'),
      groupNames: ['', ...translation.names],
      jsGroups: [0, ...translation.jsGroups],
      ...(hasNestedRepeat(source) ? { pike: compilePike(source) } : {}),
    };
  } catch (error) {
    if (error instanceof Re2SyntaxError) throw error;
    throw new Re2SyntaxError(error instanceof Error ? error.message : String(error));
  }
}

/**
 * Go's FindAllSubmatchIndex: successive non-overlapping matches (an empty match right after a match is
 * skipped), each as [start, end] of the match and of every RE2 group, -1 for a group that took no part.
 */
export function findAllSubmatchIndex(re: Re2, text: string): number[][] {
  if (re.pike) return pikeFindAll(re.pike, text);
  const out: number[][] = [];
  const { regex, jsGroups } = re;
  regex.lastIndex = 0;
  let previousEnd = -1;
  for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
    if (insideRune(text, m.index)) {
      // Go steps over whole runes and never starts a match inside one; nothing valid starts earlier.
      regex.lastIndex = m.index + 1;
      continue;
    }
    const end = m.index + (m[0]?.length ?? 0);
    if (end === m.index) {
      // After an empty match Go moves on by one rune, so no match starts inside a UTF-8 sequence.
      regex.lastIndex = end + runeWidth(text, end);
      if (m.index === previousEnd) continue;
    }
    previousEnd = end;
    out.push(jsGroups.flatMap((group) => (m.indices?.[group] as [number, number] | undefined) ?? [-1, -1]));
    if (regex.lastIndex > text.length) break;
  }
  return out;
}

/** The byte length of the UTF-8 rune at `at` of a latin1 byte string (1 for an invalid byte), as Go steps. */
function runeWidth(text: string, at: number): number {
  const b0 = text.charCodeAt(at);
  const need = b0 >= 0xf0 && b0 <= 0xf4 ? 4 : b0 >= 0xe0 && b0 <= 0xef ? 3 : b0 >= 0xc2 && b0 <= 0xdf ? 2 : 1;
  for (let k = 1; k < need; k++) {
    const b = text.charCodeAt(at + k);
    if (!(b >= 0x80 && b <= 0xbf)) return 1;
  }
  return need;
}

/** Whether byte `at` is a continuation byte of a valid UTF-8 sequence that starts before it. */
function insideRune(text: string, at: number): boolean {
  const b = text.charCodeAt(at);
  if (!(b >= 0x80 && b <= 0xbf)) return false;
  for (let k = 1; k <= 3 && at - k >= 0; k++) {
    const lead = text.charCodeAt(at - k);
    if (lead >= 0x80 && lead <= 0xbf) continue;
    return runeWidth(text, at - k) > k;
  }
  return false;
}

/** Whether the pattern matches anywhere in the text (Go's MatchString). */
export function re2Test(re: Re2, text: string): boolean {
  if (re.pike) return pikeFindAll(re.pike, text).length > 0;
  re.regex.lastIndex = 0;
  return re.regex.test(text);
}
