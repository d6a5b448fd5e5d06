// The two matchers (translated RegExp, linear Pike VM), each checked against Go on the vectors, must also
// agree with each other on texts the vectors do not hold: every rule's sample, mutated.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES } from './builtin-rules.js';
import { compilePike, pikeFindAll } from './pike.js';
import { compileRe2, findAllSubmatchIndex } from './regex.js';

const SAMPLES = join(import.meta.dirname, '../../test/fixtures/secret/samples');
/** Characters the mutations insert: separators, quotes, line ends, non-ASCII runes, RE2-special bytes. */
const POOL = [
  'a',
  'Z',
  '0',
  ' ',
  '\n',
  '\r',
  '\t',
  '"',
  "'",
  '=',
  ':',
  '-',
  '_',
  '.',
  '/',
  '+',
  ';',
  '&',
  'é',
  '☺',
  '\u00a0',
  '\u000b',
  'K',
  's',
  '<',
  '{',
];

describe('RegExp translation and linear matcher agree on mutated samples', () => {
  it.each(BUILTIN_RULES.map((r) => [r.id, r] as const))('%s', (id, rule) => {
    let seed = id.length * 7919;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const sample = [...readFileSync(join(SAMPLES, `${id}.txt`), 'utf8')];
    const re = compileRe2(rule.regex as string);
    const pike = compilePike(rule.regex as string);
    const mismatches: string[] = [];
    let matched = 0;
    for (let round = 0; round < 200; round++) {
      const chars = [...sample];
      for (let edit = 1 + random(4); edit > 0; edit--) {
        const at = random(chars.length + 1);
        const ch = POOL[random(POOL.length)] as string;
        const op = random(3);
        chars.splice(at, op === 0 ? 0 : 1, ...(op === 1 ? [] : [ch]));
      }
      const text = Buffer.from(chars.join(''), 'utf8').toString('latin1');
      const translated = JSON.stringify(findAllSubmatchIndex(re, text));
      if (translated !== '[]') matched++;
      if (translated !== JSON.stringify(pikeFindAll(pike, text))) mismatches.push(JSON.stringify(chars.join('')));
    }
    expect(mismatches).toEqual([]);
    expect(matched).toBeGreaterThan(0);
  });
});
