// A linear-time RE2 matcher (a Pike VM stepping over UTF-8 runes, as Go's regexp), for the patterns whose
// nested repeats make a backtracking engine exponential, such as Trivy's azure-sas-token
// `(?:[&;][a-z]+=[^&\s'"]*){1,12}[&;]sig=`: V8's RegExp takes minutes on a line of 40 `;a=`, Go takes
// microseconds. Leftmost-first submatches, as Go's FindAllSubmatchIndex; Unicode case folding excepted.

/** Thrown for a pattern RE2 would reject or that this translation cannot express. */
export class Re2SyntaxError extends Error {}

/** Which runes a step matches: ASCII by table, others all or none or a list. */
interface RuneSet {
  readonly ascii: Uint8Array; // 128 entries, 1 = matches
  readonly nonAscii: 'all' | 'none' | readonly number[];
}

type Node =
  | { readonly t: 'set'; readonly set: RuneSet }
  | { readonly t: 'cat'; readonly items: readonly Node[] }
  | { readonly t: 'alt'; readonly items: readonly Node[] }
  | { readonly t: 'rep'; readonly node: Node; readonly min: number; readonly max: number; readonly greedy: boolean }
  | { readonly t: 'cap'; readonly index: number; readonly node: Node }
  | { readonly t: 'assert'; readonly kind: 'bot' | 'eot' | 'bol' | 'eol' | 'wordb' | 'nwordb' };

interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
}

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
class Parser {
  private pos = 0;
  readonly names: string[] = [''];
  private flags: Flags = { i: false, m: false, s: false };

  constructor(private readonly src: string) {}

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
        const flagged = /^\?([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])/.exec(src.slice(this.pos));
        if (!flagged) throw new Re2SyntaxError(`invalid or unsupported Perl syntax at offset ${this.pos - 1}`);
        this.pos += flagged[0].length;
        const next = { ...this.flags };
        for (const [letters, on] of [
          [flagged[1] ?? '', true],
          [flagged[2] ?? '', false],
        ] as const) {
          for (const f of letters) {
            if (f === 'i' || f === 'm' || f === 's') next[f] = on;
            else throw new Re2SyntaxError(`invalid flag ${f}`);
          }
        }
        this.flags = next;
        if (flagged[3] === ')') return undefined; // to the end of the enclosing group
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
    const code = this.escapedCode(c);
    if (code !== undefined) return this.literal(code);
    if (/[A-Za-z0-9]/.test(c)) throw new Re2SyntaxError(`invalid escape sequence \\${c}`);
    return this.literal(c.codePointAt(0) as number);
  }

  private escapedCode(c: string): number | undefined {
    const simple: Record<string, number> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };
    if (c in simple) return simple[c];
    const src = this.src;
    if (c === 'x') {
      const m = /^\{([0-9A-Fa-f]{1,6})\}|^([0-9A-Fa-f]{2})/.exec(src.slice(this.pos));
      if (!m) throw new Re2SyntaxError('invalid escape sequence \\x');
      this.pos += m[0].length;
      return Number.parseInt((m[1] ?? m[2]) as string, 16);
    }
    if (c >= '0' && c <= '7') {
      const oct = /^[0-7]{0,2}/.exec(src.slice(this.pos))?.[0] ?? '';
      if (c !== '0' && oct.length === 0) return undefined;
      this.pos += oct.length;
      return Number.parseInt(c + oct, 8);
    }
    return undefined;
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
      const lo = this.classChar();
      let hi = lo;
      if (src[this.pos] === '-' && src[this.pos + 1] !== ']' && src[this.pos + 1] !== undefined) {
        this.pos++;
        hi = this.classChar();
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

  private classChar(): number {
    const src = this.src;
    const c = src[this.pos] as string;
    this.pos++;
    if (c !== '\\') {
      const code = c.codePointAt(0) as number;
      if (code > 0xffff) this.pos++;
      return code;
    }
    const e = src[this.pos];
    if (e === undefined) throw new Re2SyntaxError('missing closing ]');
    this.pos++;
    const code = this.escapedCode(e);
    if (code !== undefined) return code;
    if (/[A-Za-z0-9]/.test(e)) throw new Re2SyntaxError(`invalid escape sequence \\${e}`);
    return e.codePointAt(0) as number;
  }
}

// The program: Go's syntax.Prog in miniature.
type Inst =
  | { op: 'rune'; set: RuneSet; next: number }
  | { op: 'split'; x: number; y: number }
  | { op: 'save'; slot: number; next: number }
  | { op: 'assert'; kind: 'bot' | 'eot' | 'bol' | 'eol' | 'wordb' | 'nwordb'; next: number }
  | { op: 'match' };

class Compiler {
  readonly prog: Inst[] = [];

  /** Emits `node` followed by a jump to the instruction `next` will hold; returns the entry. */
  compile(node: Node, next: number): number {
    switch (node.t) {
      case 'set':
        return this.push({ op: 'rune', set: node.set, next });
      case 'assert':
        return this.push({ op: 'assert', kind: node.kind, next });
      case 'cat': {
        let entry = next;
        for (let i = node.items.length - 1; i >= 0; i--) entry = this.compile(node.items[i] as Node, entry);
        return entry;
      }
      case 'alt': {
        let entry = this.compile(node.items[node.items.length - 1] as Node, next);
        for (let i = node.items.length - 2; i >= 0; i--) {
          const x = this.compile(node.items[i] as Node, next);
          entry = this.push({ op: 'split', x, y: entry });
        }
        return entry;
      }
      case 'cap': {
        const close = this.push({ op: 'save', slot: 2 * node.index + 1, next });
        const body = this.compile(node.node, close);
        return this.push({ op: 'save', slot: 2 * node.index, next: body });
      }
      case 'rep': {
        let entry = next;
        if (node.max === Infinity) {
          // A loop: split (body then back here) or out, in greedy order.
          const split = this.push({ op: 'split', x: -1, y: -1 });
          const body = this.compile(node.node, split);
          const inst = this.prog[split] as { op: 'split'; x: number; y: number };
          [inst.x, inst.y] = node.greedy ? [body, next] : [next, body];
          entry = split;
        } else {
          // x{n,m}: n copies, then m-n nested optional copies (x(x)?)?, each skipping to what follows.
          for (let k = node.max - node.min; k > 0; k--) {
            const body = this.compile(node.node, entry);
            entry = this.push(node.greedy ? { op: 'split', x: body, y: next } : { op: 'split', x: next, y: body });
          }
        }
        for (let k = 0; k < node.min; k++) entry = this.compile(node.node, entry);
        return entry;
      }
    }
  }

  private push(inst: Inst): number {
    this.prog.push(inst);
    return this.prog.length - 1;
  }
}

/** A compiled pattern for the linear matcher. */
export interface PikeProgram {
  readonly prog: readonly Inst[];
  readonly start: number;
  readonly slots: number;
  readonly groupNames: readonly string[];
}

/** Compiles an RE2 pattern for the linear matcher; throws Re2SyntaxError. */
export function compilePike(source: string): PikeProgram {
  const parser = new Parser(source);
  const tree = parser.parse();
  const compiler = new Compiler();
  const match = compiler.prog.push({ op: 'match' }) - 1;
  const start = compiler.compile({ t: 'cap', index: 0, node: tree }, match);
  return { prog: compiler.prog, start, slots: 2 * parser.names.length, groupNames: parser.names };
}

/** The rune at byte `at` of a latin1 byte string: [code point, width], invalid bytes as U+FFFD width 1. */
function decode(text: string, at: number): [number, number] {
  const b0 = text.charCodeAt(at);
  if (b0 < 0x80) return [b0, 1];
  const cont = (k: number, lo = 0x80, hi = 0xbf): number => {
    const b = text.charCodeAt(at + k);
    return b >= lo && b <= hi ? b & 0x3f : -1;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    const c1 = cont(1);
    if (c1 >= 0) return [((b0 & 0x1f) << 6) | c1, 2];
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    const c1 = cont(1, b0 === 0xe0 ? 0xa0 : 0x80, b0 === 0xed ? 0x9f : 0xbf);
    const c2 = cont(2);
    if (c1 >= 0 && c2 >= 0) return [((b0 & 0x0f) << 12) | (c1 << 6) | c2, 3];
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    const c1 = cont(1, b0 === 0xf0 ? 0x90 : 0x80, b0 === 0xf4 ? 0x8f : 0xbf);
    const c2 = cont(2);
    const c3 = cont(3);
    if (c1 >= 0 && c2 >= 0 && c3 >= 0) return [((b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3, 4];
  }
  return [0xfffd, 1];
}

function inSet(set: RuneSet, rune: number): boolean {
  if (rune < 0x80) return set.ascii[rune] === 1;
  return set.nonAscii === 'all' || (set.nonAscii !== 'none' && set.nonAscii.includes(rune));
}

const isWord = (code: number): boolean =>
  (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;

interface Thread {
  readonly pc: number;
  readonly caps: Int32Array;
}

/** The leftmost-first match starting the search at byte `from`, as slot offsets, or undefined (Go's doExecute). */
function execute(p: PikeProgram, text: string, from: number): Int32Array | undefined {
  let clist: Thread[] = [];
  let nlist: Thread[] = [];
  let matched: Int32Array | undefined;
  const seen = new Int32Array(p.prog.length).fill(-1);
  let generation = 0;
  let pos = from;
  const add = (list: Thread[], pc: number, caps: Int32Array, at: number): void => {
    if (seen[pc] === generation) return;
    seen[pc] = generation;
    const inst = p.prog[pc] as Inst;
    switch (inst.op) {
      case 'split':
        add(list, inst.x, caps, at);
        add(list, inst.y, caps, at);
        return;
      case 'save': {
        const copy = caps.slice();
        copy[inst.slot] = at;
        add(list, inst.next, copy, at);
        return;
      }
      case 'assert': {
        const before = at > 0 ? text.charCodeAt(at - 1) : -1;
        const after = at < text.length ? text.charCodeAt(at) : -1;
        const ok =
          inst.kind === 'bot'
            ? at === 0
            : inst.kind === 'eot'
              ? at === text.length
              : inst.kind === 'bol'
                ? at === 0 || before === 0x0a
                : inst.kind === 'eol'
                  ? at === text.length || after === 0x0a
                  : (isWord(before) !== isWord(after)) === (inst.kind === 'wordb');
        if (ok) add(list, inst.next, caps, at);
        return;
      }
      default:
        list.push({ pc, caps });
    }
  };
  for (;;) {
    if (matched === undefined) {
      generation++;
      // A new thread at this position, after (lower priority than) those already running.
      for (const t of clist) seen[t.pc] = generation;
      add(clist, p.start, new Int32Array(p.slots).fill(-1), pos);
    }
    // No thread left: done once a match is found or the text ends; else new threads start further on.
    if (clist.length === 0 && (matched !== undefined || pos >= text.length)) break;
    const [rune, width] = pos < text.length ? decode(text, pos) : [-1, 0];
    generation++;
    nlist = [];
    for (const t of clist) {
      const inst = p.prog[t.pc] as Inst;
      if (inst.op === 'match') {
        matched = t.caps;
        break; // lower-priority threads are cut off (leftmost-first)
      }
      if (inst.op === 'rune' && rune >= 0 && inSet(inst.set, rune)) add(nlist, inst.next, t.caps, pos + width);
    }
    if (pos >= text.length) break;
    [clist, nlist] = [nlist, clist];
    pos += width;
  }
  return matched;
}

/** Go's FindAllSubmatchIndex with the linear matcher; same shape as regex.ts's findAllSubmatchIndex. */
export function pikeFindAll(p: PikeProgram, text: string): number[][] {
  const out: number[][] = [];
  let pos = 0;
  let previousEnd = -1;
  while (pos <= text.length) {
    const m = execute(p, text, pos);
    if (m === undefined) break;
    const [start, end] = [m[0] as number, m[1] as number];
    let accept = true;
    if (end === start) {
      // An empty match: move on one rune; one right after the previous match is not reported.
      if (start === previousEnd) accept = false;
      pos = end < text.length ? end + (decode(text, end)[1] as number) : end + 1;
    } else pos = end;
    previousEnd = end;
    if (accept) out.push([...m]);
  }
  return out;
}

/**
 * Whether backtracking may take exponential time on the pattern: a repeat (of more than one) over a
 * part that itself repeats, such as `(?:…[^&]*){1,12}` or `(a+)+`.
 */
export function hasNestedRepeat(source: string): boolean {
  const walk = (node: Node, insideRepeat: boolean): boolean => {
    switch (node.t) {
      case 'rep':
        if (insideRepeat && node.max > 1) return true;
        return walk(node.node, insideRepeat || node.max > 1);
      case 'cat':
      case 'alt':
        return node.items.some((item) => walk(item, insideRepeat));
      case 'cap':
        return walk(node.node, insideRepeat);
      default:
        return false;
    }
  };
  return walk(new Parser(source).parse(), false);
}
