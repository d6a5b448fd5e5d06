// One pass over a file for every rule keyword at once: an Aho-Corasick automaton over ASCII-lowercased
// bytes (Trivy lowercases the content once and tests each rule's keywords with bytes.Contains).

/** Finds which of a fixed set of lowercase keywords (latin1 strings of UTF-8 bytes) occur in content. */
export class KeywordIndex {
  private readonly delta: Int32Array;
  /** Per state, the keyword ids ending there (with those of its suffix states), or undefined. */
  private readonly outputs: (readonly number[] | undefined)[];
  private readonly empty: readonly number[];

  constructor(readonly keywords: readonly string[]) {
    const trie: Map<number, number>[] = [new Map()];
    const ends: number[][] = [[]];
    const empty: number[] = [];
    for (const [id, keyword] of keywords.entries()) {
      if (keyword === '') {
        empty.push(id);
        continue;
      }
      let state = 0;
      for (let i = 0; i < keyword.length; i++) {
        const b = keyword.charCodeAt(i) & 0xff;
        let next = trie[state]?.get(b);
        if (next === undefined) {
          next = trie.length;
          trie.push(new Map());
          ends.push([]);
          trie[state]?.set(b, next);
        }
        state = next;
      }
      ends[state]?.push(id);
    }
    this.empty = empty;
    const delta = new Int32Array(trie.length * 256);
    const fail = new Int32Array(trie.length);
    const queue: number[] = [];
    for (let b = 0; b < 256; b++) {
      const next = trie[0]?.get(b) ?? 0;
      delta[b] = next;
      if (next !== 0) queue.push(next);
    }
    // Breadth-first: each state's transitions are its trie edges, else its failure state's transitions.
    for (let q = 0; q < queue.length; q++) {
      const state = queue[q] as number;
      (ends[state] as number[]).push(...(ends[fail[state] as number] as number[]));
      for (let b = 0; b < 256; b++) {
        const next = trie[state]?.get(b);
        if (next === undefined) delta[state * 256 + b] = delta[(fail[state] as number) * 256 + b] as number;
        else {
          fail[next] = delta[(fail[state] as number) * 256 + b] as number;
          delta[state * 256 + b] = next;
          queue.push(next);
        }
      }
    }
    this.delta = delta;
    this.outputs = ends.map((e) => (e.length > 0 ? e : undefined));
  }

  /** found[id] is 1 for each keyword present in content (ASCII case-insensitively). */
  find(content: Uint8Array): Uint8Array {
    const found = new Uint8Array(this.keywords.length);
    for (const id of this.empty) found[id] = 1;
    const { delta, outputs } = this;
    let state = 0;
    for (let i = 0; i < content.length; i++) {
      let b = content[i] as number;
      if (b >= 0x41 && b <= 0x5a) b += 0x20;
      state = delta[(state << 8) | b] as number;
      const out = outputs[state];
      if (out !== undefined) for (const id of out) found[id] = 1;
    }
    return found;
  }
}
