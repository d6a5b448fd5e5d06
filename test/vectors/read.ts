// Reads test/vectors/<scheme>.txt: one "a < b" or "a = b" pair per line, as the real tool ordered them.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type VectorOp = '<' | '=';

/** The pairs of test/vectors/<scheme>.txt as [a, op, b]; blank lines and `#` comments are skipped. */
export function readVectors(scheme: string): [string, VectorOp, string][] {
  const path = fileURLToPath(new URL(`./${scheme}.txt`, import.meta.url));
  const pairs: [string, VectorOp, string][] = [];
  for (const [index, line] of readFileSync(path, 'utf8').split('\n').entries()) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const match = /^(\S+) ([<=]) (\S+)$/.exec(line);
    if (!match?.[1] || !match[3]) throw new Error(`${path}:${index + 1}: not an "a < b" or "a = b" line`);
    pairs.push([match[1], match[2] as VectorOp, match[3]]);
  }
  return pairs;
}
