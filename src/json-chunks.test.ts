import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixtureFile, fixtureRoot } from '../test/fixture-file.js';
import { demoScan, readJson, reportFixture, reportOptions } from '../test/fixtures/report/demo.js';
import { apk } from './analyzer/apk.js';
import { dpkg } from './analyzer/dpkg.js';
import { rpm } from './analyzer/rpm.js';
import type { Analyzer } from './analyzer/types.js';
import { jsonChunks } from './layer/cache.js';
import type { LayerAnalysis } from './layer/types.js';
import { type GoValue, LazyList, marshalIndent, marshalIndentChunks, type StreamValue } from './report/go-json.js';
import { json, reportJson } from './report/json.js';
import { scanResultFromJson } from './report/json-read.js';

/** A small seeded generator (mulberry32): the same values on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Strings that JSON escapes, Go escapes besides (<, >, &, U+2028/9), or that span two UTF-16 units. */
const STRINGS = [
  '',
  'a',
  'a<b>&c',
  '\u2028\u2029',
  '"q"\\/',
  'line\nbreak\ttab',
  '\u0000\u001f\u007f',
  'é😀',
  '\ud800',
];

/** List lengths: mostly short, some around the batch sizes (64, 128) and past them. */
const LENGTHS = [0, 1, 2, 3, 5, 63, 64, 65, 128, 129, 300];

/** A random JSON value with undefined members and items, as the reports and the cache hold them. */
function randomValue(next: () => number, depth = 0): GoValue {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  // A report or a cache file is a list or an object at the top; below, any value.
  const kinds = depth === 0 ? ['list', 'object'] : depth < 4 ? ['string', 'number', 'other', 'list', 'object'] : [];
  const kind = pick(kinds.length > 0 ? kinds : ['string', 'number', 'other']);
  if (kind === 'string') return pick(STRINGS) + (next() < 0.5 ? String(Math.floor(next() * 1000)) : '');
  if (kind === 'number') return pick([0, -0, 1, -1.5, 1e21, 2 ** 53, 0.1, Math.floor(next() * 1e6)]);
  if (kind === 'other') return pick([true, false, null, undefined]);
  if (kind === 'list') {
    // Long lists only near the top, so that a value stays small.
    const length = depth <= 1 ? pick(LENGTHS) : pick(LENGTHS.slice(0, 5));
    return Array.from({ length }, () => randomValue(next, depth + 1));
  }
  const members: Record<string, GoValue> = {};
  for (let i = Math.floor(next() * 6); i > 0; i--) members[`${pick(STRINGS)}${i}`] = randomValue(next, depth + 1);
  return members;
}

/** The value with some of its lists (every one with `all`) made lazy, as the JSON report's packages are. */
function lazified(value: GoValue, next: () => number, all = false): StreamValue {
  if (Array.isArray(value)) {
    const list: readonly GoValue[] = value;
    return all || next() < 0.5 ? new LazyList(list.length, () => list) : list.map((item) => lazified(item, next, all));
  }
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value as { readonly [key: string]: GoValue });
    return Object.fromEntries(members.map(([key, member]) => [key, lazified(member, next, all)]));
  }
  return value;
}

/** The edge cases, for both writers: each is written as its whole-string counterpart writes it. */
const EDGE_CASES: readonly [string, GoValue][] = [
  ['empty lists and objects at depth', { a: {}, b: [], c: [[]], d: [{}], e: [[], {}, [[]]] }],
  ['lists nested in lists', [[1, [2, [3]]], [[{ a: [] }]], [[], [[]]]]],
  ['members that are undefined (left out)', { a: undefined, b: 1, c: { d: undefined }, e: [{ f: undefined }] }],
  ['an object whose members are all undefined', { a: undefined, b: { c: undefined } }],
  ['list items that are undefined (null)', [undefined, 1, [undefined], { a: [undefined, { b: undefined }] }]],
  ['strings and keys with escapes', { '<k>&"\n': ['\u0000\u2028"\\', '\ud800', '<script>&amp;'], n: { '': 'é😀' } }],
  ['flat items in runs between nested ones', Array.from({ length: 300 }, (_, i) => (i % 50 ? { i } : { i, n: [{}] }))],
  ['a list one past a batch of the compact writer', Array.from({ length: 129 }, (_, i) => ({ i, s: `<${i}>` }))],
  ['a list one past a batch of the indented writer', Array.from({ length: 65 }, (_, i) => [i, `&${i}`])],
  ['a bare string', 'a<b'],
  ['a bare number', 1.5],
  ['null', null],
];

describe('the compact writer (layer cache)', () => {
  it.each(EDGE_CASES)('writes %s as JSON.stringify does', (_, value) => {
    expect([...jsonChunks(value)].join('')).toBe(JSON.stringify(value));
  });

  it('writes 300 random values as JSON.stringify does', () => {
    const next = seeded(1);
    for (let i = 0; i < 300; i++) {
      const value = randomValue(next);
      expect([...jsonChunks(value)].join('')).toBe(JSON.stringify(value));
    }
  });

  /** Real package databases, each analysed as a layer holding it would be. */
  const DATABASES: readonly [string, Analyzer, string, string][] = [
    ['a Debian 11 dpkg status', dpkg, 'bullseye-full', 'var/lib/dpkg/status'],
    ['an Alpine 3.6 apk database', apk, 'alpine-3.6', 'lib/apk/db/installed'],
    ['a CBL-Mariner 2.0 rpm database (SQLite)', rpm, 'mariner-sqlite', 'var/lib/rpm/rpmdb.sqlite'],
  ];
  it.each(DATABASES)('writes the analysis of %s as JSON.stringify does', async (_, analyzer, fixture, path) => {
    const result = await analyzer.analyze(fixtureFile(fixtureRoot(analyzer.id, fixture), path));
    expect(result.packageInfos?.flatMap((info) => info.packages).length).toBeGreaterThan(10);
    const analysis: LayerAnalysis = {
      diffId: `sha256:${'ab'.repeat(32)}`,
      results: [{ analyzer: analyzer.id, path, result }],
      whiteouts: [],
      opaqueDirs: ['usr/share/doc'],
      links: [{ path: 'etc/os-release', target: '../usr/lib/os-release', kind: 'symlink' }],
      problems: [],
    };
    const value = { format: 1, key: 'k', analysis };
    const chunks = [...jsonChunks(value)];
    expect(chunks.join('')).toBe(JSON.stringify(value));
    for (const chunk of chunks.slice(0, -1)) expect(chunk.length).toBeGreaterThanOrEqual(2 ** 16);
  });
});

describe('the indented writer (JSON report)', () => {
  it.each(EDGE_CASES)('writes %s as marshalIndent does, with its lists lazy or not', (_, value) => {
    expect([...marshalIndentChunks(value)].join('')).toBe(marshalIndent(value));
    expect([...marshalIndentChunks(lazified(value, seeded(2), true))].join('')).toBe(marshalIndent(value));
  });

  it('writes 300 random values as marshalIndent does, with some of their lists lazy', () => {
    const next = seeded(3);
    for (let i = 0; i < 300; i++) {
      const value = randomValue(next);
      expect([...marshalIndentChunks(lazified(value, next))].join('')).toBe(marshalIndent(value));
    }
  });

  it.each([
    ['the demo image', () => demoScan()],
    ['the Alpine 3.6 golden scan', () => scanResultFromJson(readJson('test/golden/alpine-3.6.json'))],
  ])('writes the JSON report of %s as marshalIndent writes the whole report', (_, scan) => {
    const result = scan();
    if (typeof result === 'string') throw new Error(result);
    const chunks = [...(json.renderChunks?.(result, reportOptions()) ?? [])];
    expect(chunks.join('')).toBe(`${marshalIndent(reportJson(result, reportOptions()))}\n`);
    // The last two: the rest of the text, and the newline Trivy prints after it.
    expect(chunks.at(-1)).toBe('\n');
    for (const chunk of chunks.slice(0, -2)) expect(chunk.length).toBeGreaterThanOrEqual(2 ** 16);
  });

  // Texts written by Go's json.MarshalIndent (Trivy v0.44.1's reports, test/fixtures/report/README.md), read and
  // written again with every list lazy: the same bytes.
  it.each(['trivy/flask-app.json', 'trivy/alpine-3.6.json', 'trivy/flask-app.cdx.json', 'trivy/alpine-3.6.cdx.json'])(
    'writes %s again byte for byte',
    (name) => {
      const text = readFileSync(reportFixture(name), 'utf8');
      const value = lazified(JSON.parse(text) as GoValue, seeded(4), true);
      expect(`${[...marshalIndentChunks(value)].join('')}\n`).toBe(text);
    },
  );
});
