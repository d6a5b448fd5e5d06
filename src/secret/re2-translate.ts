// The RE2-to-JavaScript translation behind regex.ts (see its header for what changes and why): one pass
// over the pattern, emitting a RegExp source that runs over latin1 strings of bytes.
import { classChar, escapedCode, type Flags, flagGroup, Re2SyntaxError } from './re2-lex.js';

/** A translated pattern: the RegExp source, and per RE2 group its name and JavaScript group number. */
export interface Translation {
  readonly pattern: string;
  readonly names: readonly string[];
  readonly jsGroups: readonly number[];
}

/** Translates an RE2 pattern; `flagI`: the RegExp gets the `i` flag, so no case expansion is needed. */
export function translateRe2(source: string, flagI: boolean): Translation {
  const translator = new Translator(source, flagI);
  const pattern = translator.run();
  return { pattern, names: translator.names, jsGroups: translator.jsGroups };
}

/** A UTF-8 rune as Go's `.` sees it: a lead byte with its continuation bytes (else any single byte). */
const RUNE = '[\\xc2-\\xf4][\\x80-\\xbf]{1,3}';
const SPACE = '\\t\\n\\f\\r ';
const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7f',
  blank: '\\t ',
  cntrl: '\\x00-\\x1f\\x7f',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};
const PERL_CLASS: Record<string, string> = { d: '0-9', w: '0-9A-Za-z_', s: SPACE };

/** One character-set atom: the class its single bytes are tested with, and whether it takes whole runes. */
interface Atom {
  readonly byteClass: string;
  readonly rune: boolean;
}

/** An open group: what to restore at its end, and its alternatives while each is still one atom. */
interface Frame {
  readonly flags: Flags;
  readonly start: number;
  readonly groupsAtStart: number;
  alternatives: Atom[][] | undefined;
}

class Translator {
  readonly names: string[] = [];
  readonly jsGroups: number[] = [];
  private groups = 0;
  pos = 0;
  private out = '';
  private readonly stack: Frame[] = [];
  private root: Frame = {
    flags: { i: false, m: false, s: false },
    start: 0,
    groupsAtStart: 0,
    alternatives: undefined,
  };
  private flags: Flags;

  constructor(
    readonly src: string,
    private readonly flagI: boolean,
  ) {
    this.flags = { i: false, m: false, s: false };
  }

  run(): string {
    const src = this.src;
    while (this.pos < src.length) {
      const c = src[this.pos] as string;
      this.pos++;
      switch (c) {
        case '\\':
          this.escape();
          break;
        case '[':
          this.charClass();
          break;
        case '(':
          this.other('');
          this.group();
          break;
        case ')':
          this.closeGroup();
          break;
        case '.':
          this.runeAtom(this.flags.s ? '[\\s\\S]' : '[^\\n]');
          break;
        case '^':
          this.other(this.flags.m ? '(?<=^|\\n)' : '^');
          break;
        case '$':
          this.other(this.flags.m ? '(?=\\n|$)' : '$');
          break;
        case '|': {
          this.out += c;
          this.frame.alternatives?.push([]);
          break;
        }
        case '*':
        case '+':
        case '?':
          this.other(c);
          break;
        case '{': {
          // A repeat `{n}`, `{n,}`, `{n,m}` (RE2 allows at most 1000); otherwise a literal brace.
          const repeat = /^(\d+)(,\d*)?\}/.exec(src.slice(this.pos));
          if (repeat && Number(repeat[1]) <= 1000 && Number(repeat[2]?.slice(1) || 0) <= 1000) {
            this.other(`{${repeat[0]}`);
            this.pos += repeat[0].length;
          } else this.atom('\\{');
          break;
        }
        case '}':
        case ']':
          this.atom(`\\${c}`);
          break;
        default:
          this.literalToken(c.codePointAt(0) as number);
          if ((c.codePointAt(0) as number) > 0xffff) this.pos++;
      }
    }
    if (this.stack.length > 0) throw new Re2SyntaxError('missing closing )');
    return this.out;
  }

  private get frame(): Frame {
    return this.stack[this.stack.length - 1] ?? this.root;
  }

  /** Emits a one-byte atom and records it for the merge of single-character alternatives. */
  private atom(text: string): void {
    this.out += text;
    this.frame.alternatives?.at(-1)?.push({ byteClass: text, rune: false });
  }

  /** Emits an atom taking a whole rune or one byte of `byteClass` (see wholeRune), recorded likewise. */
  private runeAtom(byteClass: string): void {
    this.out += this.wholeRune(byteClass);
    this.frame.alternatives?.at(-1)?.push({ byteClass, rune: true });
  }

  /** Emits anything else: the enclosing group is no longer a set of single-character alternatives. */
  private other(text: string): void {
    this.out += text;
    this.frame.alternatives = undefined;
  }

  private literalToken(code: number): void {
    const text = this.literal(code);
    if (code < 0x80) this.atom(text);
    else this.other(text);
  }

  /**
   * Ends a group. A group of single-character alternatives such as `(.|\s)` becomes one class: RE2 runs
   * it in linear time, but backtracking over overlapping branches in a repeat is exponential.
   */
  private closeGroup(): void {
    const frame = this.stack.pop();
    if (frame === undefined) throw new Re2SyntaxError(`unexpected ) at offset ${this.pos - 1}`);
    const alternatives = frame.alternatives;
    if (alternatives && alternatives.length > 1 && alternatives.every((a) => a.length === 1)) {
      const atoms = alternatives.map((a) => a[0] as Atom);
      const bytes: string[] = [];
      for (let b = 0; b < 256; b++) {
        const ch = String.fromCharCode(b);
        if (atoms.some((atom) => new RegExp(`^(?:${atom.byteClass})$`, this.flagI ? 'i' : '').test(ch)))
          bytes.push(hexOrChar(b));
      }
      this.out = this.out.slice(0, frame.start);
      this.groups = frame.groupsAtStart;
      const union = `[${bytes.join('')}]`;
      // A rune-taking atom's class holds every byte from 0x80 up, so the union does too.
      this.out += atoms.some((atom) => atom.rune) ? this.wholeRune(union) : union;
    }
    this.flags = frame.flags;
    this.out += ')';
  }

  /**
   * One atom that takes a whole UTF-8 rune, else one byte of `byteClass` (a class holding every byte from
   * 0x80 up): a captured look-ahead and a back-reference to it, atomic, so that backtracking never splits a
   * rune (which would be exponential) and counted repeats count runes, as RE2.
   */
  private wholeRune(byteClass: string): string {
    return `(?:(?=(${RUNE}|${byteClass}))\\${++this.groups})`;
  }

  private get caseless(): boolean {
    return this.flags.i && !this.flagI;
  }

  private group(): void {
    const src = this.src;
    const open = (text: string): void => {
      this.out += text;
      this.stack.push({
        flags: { ...this.flags },
        start: this.out.length,
        groupsAtStart: this.groups,
        alternatives: [[]],
      });
    };
    if (src[this.pos] !== '?') {
      this.names.push('');
      this.jsGroups.push(++this.groups);
      open('(');
      return;
    }
    const named = /^\?P?<([A-Za-z0-9_]+)>/.exec(src.slice(this.pos));
    if (named) {
      this.names.push(named[1] as string);
      this.jsGroups.push(++this.groups);
      this.pos += named[0].length;
      open('(');
      return;
    }
    const { flags: next, scoped } = flagGroup(this, this.flags);
    if (scoped) {
      open('(?:');
      this.flags = next;
    } else {
      // `(?i)` alone: the flags hold to the end of the enclosing group.
      this.flags = next;
    }
  }

  /** An escape outside a class; `\` already consumed. */
  private escape(): void {
    const src = this.src;
    const c = src[this.pos];
    if (c === undefined) throw new Re2SyntaxError('trailing backslash at end of expression');
    this.pos++;
    switch (c) {
      case 'd':
      case 'w':
        this.atom(`[${PERL_CLASS[c]}]`);
        return;
      case 'D':
      case 'W':
        this.runeAtom(`[^${PERL_CLASS[c.toLowerCase()]}]`);
        return;
      case 's':
        this.atom(`[${SPACE}]`);
        return;
      case 'S':
        this.runeAtom(`[^${SPACE}]`);
        return;
      case 'b':
      case 'B':
        this.other(`\\${c}`);
        return;
      case 'A':
        this.other('^');
        return;
      case 'z':
        this.other('$');
        return;
      case 'C':
        this.atom('[\\s\\S]');
        return;
      case 'Q': {
        const end = src.indexOf('\\E', this.pos);
        const text = src.slice(this.pos, end === -1 ? undefined : end);
        this.pos = end === -1 ? src.length : end + 2;
        this.other([...text].map((ch) => this.literal(ch.codePointAt(0) as number)).join(''));
        return;
      }
      case 'p':
      case 'P':
        throw new Re2SyntaxError('Unicode classes (\\p) are not supported');
      default: {
        const code = escapedCode(this, c);
        if (code === undefined && /[A-Za-z0-9]/.test(c)) throw new Re2SyntaxError(`invalid escape sequence \\${c}`);
        this.literalToken(code ?? (c.codePointAt(0) as number));
        return;
      }
    }
  }

  /** One literal code point as byte-matching JavaScript. */
  private literal(code: number): string {
    if (code < 0x80) {
      const ch = String.fromCharCode(code);
      if (this.caseless && /[A-Za-z]/.test(ch)) return `[${ch.toLowerCase()}${ch.toUpperCase()}]`;
      return hexOrChar(code);
    }
    const bytes = Buffer.from(String.fromCodePoint(code), 'utf8');
    return `(?:${[...bytes].map(hexOrChar).join('')})`;
  }

  /** A bracket class; `[` already consumed. Ranges of non-ASCII runes cannot be expressed byte-wise. */
  private charClass(): void {
    const src = this.src;
    let negated = false;
    if (src[this.pos] === '^') {
      negated = true;
      this.pos++;
    }
    const items: [number, number][] = [];
    let raw = '';
    let first = true;
    for (;;) {
      const c = src[this.pos];
      if (c === undefined) throw new Re2SyntaxError('missing closing ]');
      if (c === ']' && !first) {
        this.pos++;
        break;
      }
      first = false;
      if (c === '[' && src[this.pos + 1] === ':') {
        const m = /^\[:(\^?)([a-z]+):\]/.exec(src.slice(this.pos));
        const body = m ? POSIX[m[2] as string] : undefined;
        if (!m || body === undefined) throw new Re2SyntaxError('invalid character class range');
        if (m[1]) throw new Re2SyntaxError('negated POSIX classes are not supported');
        raw += body;
        this.pos += m[0].length;
        continue;
      }
      if (c === '\\') {
        const e = src[this.pos + 1];
        if (e !== undefined && e in PERL_CLASS) {
          raw += PERL_CLASS[e];
          this.pos += 2;
          continue;
        }
        if (e === 'D' || e === 'W' || e === 'S' || e === 'p' || e === 'P') {
          throw new Re2SyntaxError(`\\${e} inside a class is not supported`);
        }
      }
      const lo = classChar(this);
      let hi = lo;
      if (src[this.pos] === '-' && src[this.pos + 1] !== ']' && src[this.pos + 1] !== undefined) {
        this.pos++;
        hi = classChar(this);
        if (hi < lo) throw new Re2SyntaxError('invalid character class range');
      }
      if (hi >= 0x80) throw new Re2SyntaxError('non-ASCII characters in a class are not supported');
      items.push([lo, hi]);
    }
    let body = raw;
    for (const [lo, hi] of items) {
      body += lo === hi ? hexOrChar(lo) : `${hexOrChar(lo)}-${hexOrChar(hi)}`;
      if (this.caseless) body += caseCounterparts(lo, hi);
    }
    if (this.caseless && raw) body += caseCounterpartsOfRaw(raw);
    // RE2's [^…] matches a whole rune: every non-ASCII rune, as the set is ASCII.
    if (negated) this.runeAtom(`[^${body}]`);
    else this.atom(`[${body}]`);
  }
}

function hexOrChar(code: number): string {
  if (/[A-Za-z0-9_ ]/.test(String.fromCharCode(code)) && code < 0x80) return String.fromCharCode(code);
  return `\\x${code.toString(16).padStart(2, '0')}`;
}

/** The other-case letters of an ASCII range, as class text. */
function caseCounterparts(lo: number, hi: number): string {
  let out = '';
  for (let code = lo; code <= hi; code++) {
    const ch = String.fromCharCode(code);
    if (ch >= 'a' && ch <= 'z') out += ch.toUpperCase();
    else if (ch >= 'A' && ch <= 'Z') out += ch.toLowerCase();
  }
  return out;
}

/** Perl/POSIX class bodies are case-closed except [:lower:] and [:upper:], which RE2 folds under (?i). */
function caseCounterpartsOfRaw(raw: string): string {
  return (raw.includes('a-z') ? 'A-Z' : '') + (raw.includes('A-Z') ? 'a-z' : '');
}
