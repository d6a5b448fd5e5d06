// The engine's Go emulations against Go itself: regexp.FindAllSubmatchIndex and strconv.Quote answers
// written by test/fixtures/secret/go-vectors (Go 1.19) for the builtin patterns over every fixture file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goSortSlice } from './go-sort.js';
import { sanitize } from './location.js';
import { compilePike, pikeFindAll } from './pike.js';
import { compileRe2, findAllSubmatchIndex } from './regex.js';
import { goQuote } from './scanner.js';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/secret');
const VECTORS = JSON.parse(readFileSync(join(FIXTURES, 'go-vectors.json'), 'utf8')) as {
  texts: string[];
  regexp: { pattern: string; results: { text: string; matches: number[][] }[] }[];
  quote: [string, string][];
  sort: { keys: number[]; order: number[] }[];
  sanitize: [string, string][];
};
const INPUT = JSON.parse(readFileSync(join(FIXTURES, 'go-vectors/input.json'), 'utf8')) as {
  patterns: string[];
  texts: string[];
};

/** Each text as the latin1 string of its bytes, the form the engine scans. */
const TEXTS = new Map(
  VECTORS.texts.map((name) => {
    const input = /^input:(\d+)$/.exec(name);
    const bytes = input
      ? Buffer.from(INPUT.texts[Number(input[1])] as string, 'utf8')
      : readFileSync(join(FIXTURES, name));
    return [name, bytes.toString('latin1')];
  }),
);

/**
 * Where Go and the engine knowingly differ: Go's (?i) folds the Kelvin sign (U+212A) with k and ſ (U+017F)
 * with s, Unicode folds the byte-wise translation does not make.
 */
const KNOWN: Record<string, string[]> = {
  '(?i)k+': ['input:21'],
  '(?i)secret': ['input:22'],
  // biome-ignore lint/complexity/useLiteralKeys: the key holds both quote characters and backslashes
  [String.raw`(?i)(?P<key>(secret))(=|:).{0,5}['"](?P<secret>[0-9a-zA-Z\-_=]{8,64})['"]`]: ['input:22'],
};

describe('regexp: the engine’s matches are Go’s FindAllSubmatchIndex', () => {
  it.each(VECTORS.regexp.map((v) => [v.pattern, v] as const))('%s', (pattern, vector) => {
    const re = compileRe2(pattern);
    const extra = INPUT.patterns.includes(pattern);
    const texts = VECTORS.texts.filter((name) => !extra || name.startsWith('input:'));
    const mismatches: string[] = [];
    for (const name of texts) {
      if (KNOWN[pattern]?.includes(name)) continue;
      const want = vector.results.find((r) => r.text === name)?.matches ?? [];
      const got = findAllSubmatchIndex(re, TEXTS.get(name) as string);
      if (JSON.stringify(got) !== JSON.stringify(want))
        mismatches.push(`${name}: got ${JSON.stringify(got)} want ${JSON.stringify(want)}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('the known differences are real (Go matches, the engine does not)', () => {
    for (const [pattern, names] of Object.entries(KNOWN)) {
      const vector = VECTORS.regexp.find((v) => v.pattern === pattern);
      for (const name of names) {
        const want = vector?.results.find((r) => r.text === name)?.matches ?? [];
        expect(findAllSubmatchIndex(compileRe2(pattern), TEXTS.get(name) as string)).not.toEqual(want);
      }
    }
  });
});

describe('pike: the linear matcher’s matches are Go’s FindAllSubmatchIndex too', () => {
  it.each(VECTORS.regexp.map((v) => [v.pattern, v] as const))('%s', (pattern, vector) => {
    const program = compilePike(pattern);
    const extra = INPUT.patterns.includes(pattern);
    const mismatches: string[] = [];
    for (const name of VECTORS.texts.filter((n) => !extra || n.startsWith('input:'))) {
      if (KNOWN[pattern]?.includes(name)) continue;
      const want = vector.results.find((r) => r.text === name)?.matches ?? [];
      const got = pikeFindAll(program, TEXTS.get(name) as string);
      if (JSON.stringify(got) !== JSON.stringify(want))
        mismatches.push(`${name}: got ${JSON.stringify(got)} want ${JSON.stringify(want)}`);
    }
    expect(mismatches).toEqual([]);
  });
});

describe('goQuote is Go’s strconv.Quote', () => {
  it.each(VECTORS.quote)('%j', (text, want) => expect(goQuote(text)).toBe(want));
});

describe('goSortSlice leaves equal elements where Go’s sort.Slice does', () => {
  it.each(VECTORS.sort.map((v, i) => [i, v.keys.length, v] as const))('case %i: %i keys', (_, __, { keys, order }) => {
    const indices = keys.map((_, i) => i);
    expect(goSortSlice(indices, (a, b) => (keys[a] as number) < (keys[b] as number))).toEqual(order);
  });

  it('differs from a stable sort on some of them (the vectors exercise the ties)', () => {
    const unstable = VECTORS.sort.filter(({ keys, order }) => {
      const stable = keys.map((_, i) => i).sort((a, b) => (keys[a] as number) - (keys[b] as number));
      return JSON.stringify(stable) !== JSON.stringify(order);
    });
    expect(unstable.length).toBeGreaterThan(10);
  });
});

describe('sanitize is Trivy’s sanitizeString (\\r dropped, strings.ToValidUTF8)', () => {
  it.each(VECTORS.sanitize)('%s', (hex, want) => {
    expect(sanitize(Buffer.from(hex.replaceAll(' ', ''), 'hex'))).toBe(want);
  });
});
