import { describe, expect, it } from 'vitest';
import { type GoValue, goStruct, LazyList, lazyList, marshalIndent, marshalIndentChunks } from './go-json.js';

/** The value with every lazy list made at once: what marshalIndent writes for it. */
function eager(value: unknown): GoValue {
  if (value instanceof LazyList) return [...value.items()].map(eager);
  if (Array.isArray(value)) return value.map(eager);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, eager(member)]));
  }
  return value as GoValue;
}

const pkg = (i: number) => ({ ID: `p${i}@1`, Name: `p${i}`, Layer: { DiffID: 'sha256:ab' }, DependsOn: [`q${i}`] });

describe('marshalIndentChunks', () => {
  const cases: readonly [string, unknown][] = [
    ['a plain struct', { SchemaVersion: 2, Name: 'a<b>&c\u2028', Empty: [], None: {}, Null: null }],
    [
      'a lazy list longer than a batch',
      {
        Packages: lazyList(
          Array.from({ length: 150 }, (_, i) => i),
          pkg,
        ),
      },
    ],
    [
      'a lazy list of exactly one batch',
      {
        Packages: lazyList(
          Array.from({ length: 64 }, (_, i) => i),
          pkg,
        ),
      },
    ],
    ['a lazy list of one item', { Packages: lazyList([1], pkg) }],
    [
      'plain and lazy items mixed in a list',
      [1, { Inner: lazyList([1, 2], pkg) }, 'two', undefined, { Inner: lazyList([3], pkg) }, [4, 5]],
    ],
    [
      'lists nested at depth',
      {
        A: [
          {
            B: [
              {
                C: lazyList(
                  Array.from({ length: 70 }, (_, i) => i),
                  pkg,
                ),
              },
            ],
          },
        ],
      },
    ],
    ['strings with escapes and newlines', { Text: lazyList(['a\nb', '"q"', '<tag>', 'é😀'], (s) => ({ S: s })) }],
  ];
  it.each(cases)('writes %s as marshalIndent does', (_, value) => {
    const text = [...marshalIndentChunks(value as Parameters<typeof marshalIndentChunks>[0])].join('');
    expect(text).toBe(marshalIndent(eager(value)));
  });

  it('gives out chunks of at least 64 Ki characters but the last', () => {
    const value = {
      Packages: lazyList(
        Array.from({ length: 3000 }, (_, i) => i),
        pkg,
      ),
    };
    const chunks = [...marshalIndentChunks(value)];
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks.slice(0, -1)) expect(chunk.length).toBeGreaterThanOrEqual(2 ** 16);
  });
});

describe('goStruct', () => {
  it('leaves out undefined members, in the order given', () => {
    expect(Object.entries(goStruct({ B: 1, A: undefined, C: '', D: 0 }) ?? {})).toEqual([
      ['B', 1],
      ['C', ''],
      ['D', 0],
    ]);
  });

  it('is undefined when every member is', () => {
    expect(goStruct({ A: undefined, B: undefined })).toBeUndefined();
  });
});
