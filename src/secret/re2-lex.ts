// What both readers of RE2 syntax (re2-translate.ts, which makes JavaScript RegExps, and re2-syntax.ts, which
// makes the linear matcher's tree) read the same way: character escapes and the characters of a class.

/** Thrown for a pattern RE2 would reject or that this translation cannot express. */
export class Re2SyntaxError extends Error {}

/** The flags a group can set: case-insensitive, multi-line anchors, `.` matching a newline. */
export interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
}

/** A reader's place in a pattern: `pos` is the index of the next character of `src`. */
export interface Cursor {
  readonly src: string;
  pos: number;
}

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };

/**
 * The code point of the character escape whose letter `c` was just read (`\n`, `\x41`, `\x{263a}`, `\101`),
 * its digits consumed; undefined for any other escape (`\d`, `\b`, `\1`...).
 */
export function escapedCode(cursor: Cursor, c: string): number | undefined {
  if (c in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[c];
  const { src } = cursor;
  if (c === 'x') {
    if (src[cursor.pos] === '{') {
      const end = src.indexOf('}', cursor.pos);
      const hex = src.slice(cursor.pos + 1, end);
      if (end === -1 || !/^[0-9A-Fa-f]{1,6}$/.test(hex)) throw new Re2SyntaxError('invalid escape sequence \\x{');
      cursor.pos = end + 1;
      return Number.parseInt(hex, 16);
    }
    const hex = src.slice(cursor.pos, cursor.pos + 2);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw new Re2SyntaxError('invalid escape sequence \\x');
    cursor.pos += 2;
    return Number.parseInt(hex, 16);
  }
  if (c >= '0' && c <= '7') {
    const oct = /^[0-7]{0,2}/.exec(src.slice(cursor.pos))?.[0] ?? '';
    if (c !== '0' && oct.length === 0) return undefined; // \1..\7 alone would be a back-reference
    cursor.pos += oct.length;
    return Number.parseInt(c + oct, 8);
  }
  return undefined;
}

/** One (possibly escaped) character inside a class, as a code point. */
export function classChar(cursor: Cursor): number {
  const { src } = cursor;
  const c = src[cursor.pos] as string;
  cursor.pos++;
  if (c !== '\\') {
    const code = c.codePointAt(0) as number;
    if (code > 0xffff) cursor.pos++;
    return code;
  }
  const e = src[cursor.pos];
  if (e === undefined) throw new Re2SyntaxError('missing closing ]');
  cursor.pos++;
  const code = escapedCode(cursor, e);
  if (code !== undefined) return code;
  if (/[A-Za-z0-9]/.test(e)) throw new Re2SyntaxError(`invalid escape sequence \\${e}`);
  return e.codePointAt(0) as number;
}

/**
 * A flag group after its `(` (`?i:`, `?-s)`, `?im-s:`), read past its `:` or `)`: the flags it sets on top of
 * `flags`, and whether they hold for a group (`:`) or to the end of the enclosing one (`)`).
 */
export function flagGroup(cursor: Cursor, flags: Flags): { readonly flags: Flags; readonly scoped: boolean } {
  const flagged = /^\?([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])/.exec(cursor.src.slice(cursor.pos));
  if (!flagged) throw new Re2SyntaxError(`invalid or unsupported Perl syntax at offset ${cursor.pos - 1}`);
  cursor.pos += flagged[0].length;
  const next = { ...flags };
  for (const [letters, on] of [
    [flagged[1] ?? '', true],
    [flagged[2] ?? '', false],
  ] as const) {
    for (const f of letters) {
      if (f === 'i' || f === 'm' || f === 's') next[f] = on;
      else if (f === 'U') throw new Re2SyntaxError('the U (ungreedy) flag is not supported');
      else throw new Re2SyntaxError(`invalid flag ${f}`);
    }
  }
  return { flags: next, scoped: flagged[3] === ':' };
}
