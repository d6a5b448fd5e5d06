// RE2 syntax (Go's regexp/syntax, the subset secret rules use) parsed into a tree over runes: the input of
// the linear matcher (pike.ts) and of the nested-repeat check.
import { classChar, escapedCode, type Flags, flagGroup, Re2SyntaxError } from './re2-lex.js';

/** Which runes a step matches: ASCII by table, others all or none or a list. */
export interface RuneSet {
  readonly ascii: Uint8Array; // 128 entries, 1 = matches
  readonly nonAscii: 'all' | 'none' | readonly number[];
}

export type Node =
  | { readonly t: 'set'; readonly set: RuneSet }
  | { readonly t: 'cat'; readonly items: readonly Node[] }
  | { readonly t: 'alt'; readonly items: readonly Node[] }
  | { readonly t: 'rep'; readonly node: Node; readonly min: number; readonly max: number; readonly greedy: boolean }
  | { readonly t: 'cap'; readonly index: number; readonly node: Node }
  | { readonly t: 'assert'; readonly kind: 'bot' | 'eot' | 'bol' | 'eol' | 'wordb' | 'nwordb' };

const PERL: Record<string, string> = {
  d: '0123456789',
  w: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_',
  s: '\t\n\f\r ',
};
const POSIX: Record<string, [number, number][]> = {
  alnum: [
    [48, 57],
    [65, 90],
    [97, 122],
  ],
  alpha: [
    [65, 90],
    [97, 122],
  ],
  ascii: [[0, 127]],
  blank: [
    [9, 9],
    [32, 32],
  ],
  cntrl: [
    [0, 31],
    [127, 127],
  ],
  digit: [[48, 57]],
  graph: [[33, 126]],
  lower: [[97, 122]],
  print: [[32, 126]],
  punct: [
    [33, 47],
    [58, 64],
    [91, 96],
    [123, 126],
  ],
  space: [
    [9, 13],
    [32, 32],
  ],
  upper: [[65, 90]],
  word: [
    [48, 57],
    [65, 90],
    [97, 122],
    [95, 95],
  ],
  xdigit: [
    [48, 57],
    [65, 70],
    [97, 102],
  ],
};

function setOf(chars: string, negate = false): RuneSet {
  const ascii = new Uint8Array(128);
  for (const ch of chars) ascii[ch.charCodeAt(0)] = 1;
  return negate ? negated(ascii) : { ascii, nonAscii: 'none' };
}

function negated(ascii: Uint8Array): RuneSet {
  return { ascii: ascii.map((v) => 1 - v), nonAscii: 'all' };
}

function foldCase(ascii: Uint8Array): Uint8Array {
  const out = ascii.slice();
  for (let c = 65; c <= 90; c++) {
    if (ascii[c] || ascii[c + 32]) {
      out[c] = 1;
      out[c + 32] = 1;
    }
  }
  return out;
}

/** Parses an RE2 pattern into a tree; group numbers and names as Go's SubexpNames. */
export class Parser {
  pos = 0;
  readonly names: string[] = [''];
  private flags: Flags = { i: false, m: false, s: false };

  constructor(readonly src: string) {}

  parse(): Node {
    const node = this.alternation();
    if (this.pos < this.src.length) throw new Re2SyntaxError(`unexpected ) at offset ${this.pos}`);
    return node;
  }

  private alternation(): Node {
    const items = [this.concatenation()];
    while (this.src[this.pos] === '|') {
      this.pos++;
      items.push(this.concatenation());
    }
    return items.length === 1 ? (items[0] as Node) : { t: 'alt', items };
  }

  private concatenation(): Node {
    const items: Node[] = [];
    // Flags set by `(?i)` hold to the end of the group, across its alternatives (restored by group()).
    while (this.pos < this.src.length && this.src[this.pos] !== '|' && this.src[this.pos] !== ')') {
      const atom = this.atom();
      if (atom) items.push(this.repeat(atom));
    }
    return { t: 'cat', items };
  }

  private repeat(node: Node): Node {
    const src = this.src;
    for (;;) {
      const c = src[this.pos];
      let min: number;
      let max: number;
      if (c === '*' || c === '+' || c === '?') {
        this.pos++;
        [min, max] = c === '*' ? [0, Infinity] : c === '+' ? [1, Infinity] : [0, 1];
      } else if (c === '{') {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(this.pos));
        if (!m || Number(m[1]) > 1000 || Number(m[3] || 0) > 1000) return node;
        this.pos += m[0].length;
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
        if (max < min) throw new Re2SyntaxError('invalid repeat count');
      } else return node;
      const greedy = src[this.pos] !== '?';
      if (!greedy) this.pos++;
      node = { t: 'rep', node, min, max, greedy };
    }
  }

  /** One atom, or undefined for a flags-only group `(?i)`. */
  private atom(): Node | undefined {
    const src = this.src;
    const c = src[this.pos] as string;
    this.pos++;
    switch (c) {
      case '(':
        return this.group();
      case '[':
        return this.charClass();
      case '.':
        return { t: 'set', set: this.flags.s ? negated(new Uint8Array(128)) : setOf('\n', true) };
      case '^':
        return { t: 'assert', kind: this.flags.m ? 'bol' : 'bot' };
      case '$':
        return { t: 'assert', kind: this.flags.m ? 'eol' : 'eot' };
      case '\\':
        return this.escape();
      case '*':
      case '+':
      case '?':
        throw new Re2SyntaxError('missing argument to repetition operator');
      default:
        if (c === '{' && /^\d+(,\d*)?\}/.test(src.slice(this.pos))) {
          throw new Re2SyntaxError('missing argument to repetition operator');
        }
        {
          const code = c.codePointAt(0) as number;
          if (code > 0xffff) this.pos++;
          return this.literal(code);
        }
    }
  }

  private literal(code: number): Node {
    if (code >= 0x80) return { t: 'set', set: { ascii: new Uint8Array(128), nonAscii: [code] } };
    const ascii = new Uint8Array(128);
    ascii[code] = 1;
    return { t: 'set', set: { ascii: this.flags.i ? foldCase(ascii) : ascii, nonAscii: 'none' } };
  }

  private group(): Node | undefined {
    const src = this.src;
    const outer = { ...this.flags };
    let index: number | undefined;
    if (src[this.pos] !== '?') {
      index = this.names.length;
      this.names.push('');
    } else {
      const named = /^\?P?<([A-Za-z0-9_]+)>/.exec(src.slice(this.pos));
      if (named) {
        index = this.names.length;
        this.names.push(named[1] as string);
        this.pos += named[0].length;
      } else {
        const { flags, scoped } = flagGroup(this, this.flags);
        this.flags = flags;
        if (!scoped) return undefined; // to the end of the enclosing group
      }
    }
    const node = this.alternation();
    if (src[this.pos] !== ')') throw new Re2SyntaxError('missing closing )');
    this.pos++;
    this.flags = outer;
    return index === undefined ? node : { t: 'cap', index, node };
  }

  private escape(): Node {
    const src = this.src;
    const c = src[this.pos];
    if (c === undefined) throw new Re2SyntaxError('trailing backslash at end of expression');
    this.pos++;
    if (c in PERL) return { t: 'set', set: setOf(PERL[c] as string) };
    if (c === 'D' || c === 'W' || c === 'S') return { t: 'set', set: setOf(PERL[c.toLowerCase()] as string, true) };
    if (c === 'b') return { t: 'assert', kind: 'wordb' };
    if (c === 'B') return { t: 'assert', kind: 'nwordb' };
    if (c === 'A') return { t: 'assert', kind: 'bot' };
    if (c === 'z') return { t: 'assert', kind: 'eot' };
    if (c === 'Q') {
      const end = src.indexOf('\\E', this.pos);
      const text = src.slice(this.pos, end === -1 ? undefined : end);
      this.pos = end === -1 ? src.length : end + 2;
      return { t: 'cat', items: [...text].map((ch) => this.literal(ch.codePointAt(0) as number)) };
    }
    const code = escapedCode(this, c);
    if (code !== undefined) return this.literal(code);
    if (/[A-Za-z0-9]/.test(c)) throw new Re2SyntaxError(`invalid escape sequence \\${c}`);
    return this.literal(c.codePointAt(0) as number);
  }

  private charClass(): Node {
    const src = this.src;
    const ascii = new Uint8Array(128);
    const others: number[] = [];
    let negate = false;
    if (src[this.pos] === '^') {
      negate = true;
      this.pos++;
    }
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
        const m = /^\[:([a-z]+):\]/.exec(src.slice(this.pos));
        const ranges = m ? POSIX[m[1] as string] : undefined;
        if (!m || !ranges) throw new Re2SyntaxError('invalid character class range');
        for (const [lo, hi] of ranges) ascii.fill(1, lo, hi + 1);
        this.pos += m[0].length;
        continue;
      }
      if (c === '\\' && (src[this.pos + 1] ?? '') in PERL) {
        for (const ch of PERL[src[this.pos + 1] as string] as string) ascii[ch.charCodeAt(0)] = 1;
        this.pos += 2;
        continue;
      }
      const lo = classChar(this);
      let hi = lo;
      if (src[this.pos] === '-' && src[this.pos + 1] !== ']' && src[this.pos + 1] !== undefined) {
        this.pos++;
        hi = classChar(this);
        if (hi < lo) throw new Re2SyntaxError('invalid character class range');
      }
      for (let code = lo; code <= Math.min(hi, 127); code++) ascii[code] = 1;
      for (let code = Math.max(lo, 128); code <= hi && others.length < 4096; code++) others.push(code);
    }
    const folded = this.flags.i ? foldCase(ascii) : ascii;
    if (negate) {
      if (others.length > 0) throw new Re2SyntaxError('non-ASCII characters in a negated class are not supported');
      return { t: 'set', set: negated(folded) };
    }
    return { t: 'set', set: { ascii: folded, nonAscii: others.length > 0 ? others : 'none' } };
  }
}

/**
 * Whether backtracking may take exponential time on the pattern: a repeat (of more than one) over a
 * part that itself repeats, such as `(?:…[^&]*){1,12}` or `(a+)+`, or over alternatives longer than one
 * character, such as `(a|aa)*` (alternatives of one character each are merged into a class by regex.ts).
 */
export function hasNestedRepeat(source: string): boolean {
  const walk = (node: Node, insideRepeat: boolean): boolean => {
    switch (node.t) {
      case 'rep':
        if (insideRepeat && node.max > 1) return true;
        return walk(node.node, insideRepeat || node.max > 1);
      case 'alt':
        if (insideRepeat && !node.items.every(isOneCharacter)) return true;
        return node.items.some((item) => walk(item, insideRepeat));
      case 'cat':
        return node.items.some((item) => walk(item, insideRepeat));
      case 'cap':
        return walk(node.node, insideRepeat);
      default:
        return false;
    }
  };
  return walk(new Parser(source).parse(), false);
}

function isOneCharacter(node: Node): boolean {
  return node.t === 'set' || (node.t === 'cat' && node.items.length === 1 && isOneCharacter(node.items[0] as Node));
}
