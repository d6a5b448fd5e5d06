#!/usr/bin/env node
// The OS-only part of a scan, for the language analysis benchmark: opens an image archive and analyses its
// layers with the OS analyzers alone (os-release, debian, dpkg, dpkg-license), as barnacle's scan does with
// all of them. Usage: node scripts/bench/os-only.js IMAGE_ARCHIVE CACHE_DIR (needs `npm run build`).
import { analyzers } from '../../dist/analyzer/index.js';
import { analyzeImage } from '../../dist/layer/walk.js';
import { openImage } from '../../dist/source/index.js';

const OS_ANALYZERS = new Set(['debian', 'dpkg', 'dpkg-license', 'os-release']);
const [input, cacheDir] = process.argv.slice(2);
if (!input || !cacheDir) throw new Error('usage: os-only.js IMAGE_ARCHIVE CACHE_DIR');
const image = await openImage(input, { cacheDir });
try {
  const layers = await analyzeImage(
    image,
    analyzers.all.filter((a) => OS_ANALYZERS.has(a.id)),
    { cacheDir },
  );
  console.log(`${layers.length} layers analysed`);
} finally {
  await image.close();
}
