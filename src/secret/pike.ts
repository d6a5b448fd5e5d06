// A linear-time RE2 matcher (a Pike VM stepping over UTF-8 runes, as Go's regexp), for the patterns whose
// nested repeats make a backtracking engine exponential, such as Trivy's azure-sas-token
// `(?:[&;][a-z]+=[^&\s'"]*){1,12}[&;]sig=`: V8's RegExp takes minutes on a line of 40 `;a=`, Go takes
// microseconds. Leftmost-first submatches, as Go's FindAllSubmatchIndex; Unicode case folding excepted.
import { type Node, Parser, type RuneSet } from './re2-syntax.js';

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
  /** The runes a match can start with, when that is known (no assertion or empty match first). */
  readonly first?: RuneSet;
}

/** Compiles an RE2 pattern for the linear matcher; throws Re2SyntaxError. */
export function compilePike(source: string): PikeProgram {
  const parser = new Parser(source);
  const tree = parser.parse();
  const compiler = new Compiler();
  const match = compiler.prog.push({ op: 'match' }) - 1;
  const start = compiler.compile({ t: 'cap', index: 0, node: tree }, match);
  const first = firstRunes(compiler.prog, start);
  return {
    prog: compiler.prog,
    start,
    slots: 2 * parser.names.length,
    groupNames: parser.names,
    ...(first ? { first } : {}),
  };
}

/** The union of the rune sets reachable from `start` without consuming input, unless an assertion or the match is. */
function firstRunes(prog: readonly Inst[], start: number): RuneSet | undefined {
  const ascii = new Uint8Array(128);
  let nonAscii: Set<number> | 'all' = new Set();
  const seen = new Set<number>();
  const stack = [start];
  while (stack.length > 0) {
    const pc = stack.pop() as number;
    if (seen.has(pc)) continue;
    seen.add(pc);
    const inst = prog[pc] as Inst;
    if (inst.op === 'split') stack.push(inst.x, inst.y);
    else if (inst.op === 'save') stack.push(inst.next);
    else if (inst.op === 'rune') {
      for (let c = 0; c < 128; c++) if (inst.set.ascii[c]) ascii[c] = 1;
      if (inst.set.nonAscii === 'all') nonAscii = 'all';
      else if (inst.set.nonAscii !== 'none' && nonAscii !== 'all') for (const r of inst.set.nonAscii) nonAscii.add(r);
    } else return undefined;
  }
  return { ascii, nonAscii: nonAscii === 'all' ? 'all' : [...nonAscii] };
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
    if (clist.length === 0 && p.first) {
      // Skip to the next rune a match can start with (as Go's prefix scan).
      const first = p.first;
      while (pos < text.length) {
        const code = text.charCodeAt(pos);
        if (code < 0x80 ? first.ascii[code] === 1 : inSet(first, decode(text, pos)[0])) break;
        pos += code < 0x80 ? 1 : decode(text, pos)[1];
      }
      if (pos >= text.length) break;
      generation++;
      add(clist, p.start, new Int32Array(p.slots).fill(-1), pos);
    }
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
