import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureFile, fixtureRoot } from '../../test/fixture-file.js';
import { dpkg } from '../analyzer/dpkg.js';
import type { ImageLayer } from '../source/types.js';
import { cachedAnalysis, jsonChunks, storeAnalysis } from './cache.js';
import type { LayerAnalysis } from './types.js';

const DIFF_ID = `sha256:${'ab'.repeat(32)}`;

/** The layer as an image names it; the cache never opens it. */
function layerOf(digest?: string): ImageLayer {
  return {
    ...(digest ? { digest } : {}),
    diffId: DIFF_ID,
    location: 'image.tar:layer',
    open: () => Promise.reject(new Error('the cache opened the layer')),
  };
}

/** The analysis of a layer holding the real status file of a Debian 11 image (test/fixtures/analyzer/dpkg). */
async function bullseyeAnalysis(): Promise<LayerAnalysis> {
  const path = 'var/lib/dpkg/status';
  const result = await dpkg.analyze(fixtureFile(fixtureRoot('dpkg', 'bullseye-full'), path));
  return {
    digest: `sha256:${'cd'.repeat(32)}`,
    diffId: DIFF_ID,
    results: [{ analyzer: 'dpkg', path, result }],
    whiteouts: ['etc/old.conf'],
    opaqueDirs: [],
    links: [{ path: 'bin', target: 'usr/bin', kind: 'symlink' }],
    problems: [{ path: 'var/lib/dpkg/status', index: 3, reason: 'a "quoted" reason <with> & marks\u2028' }],
    targets: [{ path: 'etc/os-release', kind: 'file', size: 3, mode: 0o644, content: 'YWJj' }],
  };
}

const work = mkdtempSync(join(tmpdir(), 'barnacle-cache-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('jsonChunks', () => {
  const cases: readonly [string, unknown][] = [
    ['empty objects and lists', { a: {}, b: [], c: [[]] }],
    ['members that are undefined (left out)', { a: undefined, b: 1, c: { d: undefined } }],
    ['list items that are undefined (null)', [undefined, 1, { a: [undefined] }]],
    ['strings that need escapes', { 'k"\n': ['\u0000\u2028"\\', '\ud800'], n: { '': 'é😀' } }],
    ['numbers, booleans and null', { a: [0, -1.5, 1e21, true, false, null], b: { c: Number.NaN } }],
    ['values with their own JSON (dates)', { when: new Date(0), nested: { when: new Date(1) } }],
    ['a bare string', 'text'],
    ['long lists of flat values', { a: Array.from({ length: 300 }, (_, i) => ({ i, s: `${i}` })), b: [1, [2], 3] }],
  ];
  it.each(cases)('writes %s as JSON.stringify does', (_, value) => {
    expect([...jsonChunks(value)].join('')).toBe(JSON.stringify(value));
  });

  it('writes a real analysis exactly as JSON.stringify does, in chunks of bounded length', async () => {
    const one = await bullseyeAnalysis();
    // The status file's result eight times over (as from eight status.d files): about 250 KB of JSON.
    const analysis = { ...one, results: Array.from({ length: 8 }, () => one.results).flat() };
    const chunks = [...jsonChunks({ format: 1, key: 'k', analysis })];
    const text = JSON.stringify({ format: 1, key: 'k', analysis });
    expect(chunks.join('')).toBe(text);
    // A chunk is given out once it reaches 64 Ki characters: each but the last is one batch of packages past that
    // at most (here a batch is under 64 Ki characters).
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks.slice(0, -1)) {
      expect(chunk.length).toBeGreaterThanOrEqual(2 ** 16);
      expect(chunk.length).toBeLessThan(2 ** 17);
    }
  });
});

describe('the layer cache', () => {
  it('reads back what it stored, under the digest the image names now', async () => {
    const analysis = await bullseyeAnalysis();
    const dir = join(work, 'round-trip');
    await storeAnalysis(dir, analysis, [dpkg]);
    const digest = `sha256:${'ef'.repeat(32)}`;
    expect(await cachedAnalysis(dir, layerOf(digest), [dpkg])).toEqual({ ...analysis, digest });
    const files = readdirSync(join(dir, 'layers'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^[0-9a-f]{64}\.json$/);
  });

  it('writes the file as one JSON text with the format and the key', async () => {
    const analysis = await bullseyeAnalysis();
    const dir = join(work, 'text');
    await storeAnalysis(dir, analysis, [dpkg]);
    const [file] = readdirSync(join(dir, 'layers'));
    const text = readFileSync(join(dir, 'layers', file ?? ''), 'utf8');
    expect(text).toBe(JSON.stringify({ format: 3, key: `${DIFF_ID} walker@3 dpkg@${dpkg.version}`, analysis }));
  });

  it('finds nothing for a layer analysed with other analyzer versions', async () => {
    const analysis = await bullseyeAnalysis();
    const dir = join(work, 'versions');
    await storeAnalysis(dir, analysis, [dpkg]);
    expect(await cachedAnalysis(dir, layerOf(), [dpkg])).toBeDefined();
    expect(await cachedAnalysis(dir, layerOf(), [{ ...dpkg, version: dpkg.version + 1 }])).toBeUndefined();
  });

  it('finds nothing for a layer analysed with another configuration of an analyzer', async () => {
    const analysis = await bullseyeAnalysis();
    const dir = join(work, 'configs');
    await storeAnalysis(dir, analysis, [{ ...dpkg, configHash: 'one' }]);
    expect(await cachedAnalysis(dir, layerOf(), [{ ...dpkg, configHash: 'one' }])).toBeDefined();
    expect(await cachedAnalysis(dir, layerOf(), [{ ...dpkg, configHash: 'two' }])).toBeUndefined();
    expect(await cachedAnalysis(dir, layerOf(), [dpkg])).toBeUndefined();
  });
});
