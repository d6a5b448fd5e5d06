// Matching benchmark: what looking up vulnerabilities adds to a scan. The DB is imported once from the
// shared OSV snapshot (seven ecosystems); each image is then scanned with a warm layer cache twice, with
// `--scanners vuln` and with `--scanners license` (no DB), and the difference is the matching cost.
//
//   node scripts/bench/match.js [OSV_DIR]      (also run by scripts/bench.js unless filtered out)
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure, median } from './measure.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ECOSYSTEMS = ['Alpine', 'Debian', 'Go', 'PyPI', 'RubyGems', 'crates.io', 'npm'];
const TARGET_MS = 200;
const RUNS = 5;

function osvDir(given) {
  const candidates = [given, join(ROOT, '..', 'shared', 'vulndata', 'osv'), '/work/shared/vulndata/osv'];
  return candidates.find((d) => d && existsSync(join(d, 'Debian', 'all.zip')));
}

/** Rows `[case, result, target]`: the import time, then per image the added matching time. */
export async function benchMatch(images, given) {
  const dir = osvDir(given);
  if (!dir) return [['match', 'skipped: no OSV snapshot found', '']];
  const cache = mkdtempSync(join(tmpdir(), 'barnacle-bench-match-'));
  const bin = join(ROOT, 'bin', 'barnacle.js');
  const barnacle = (...args) => measure([process.execPath, bin, ...args, '--cache-dir', cache], { cwd: ROOT });
  try {
    const rows = [];
    const imported = await barnacle('db', 'import', ...ECOSYSTEMS.map((e) => join(dir, e, 'all.zip')));
    rows.push([
      `db import (7 ecosystems)`,
      imported.error ?? `${imported.seconds.toFixed(1)} s, ${imported.maxRssMb.toFixed(0)} MB`,
      '≤ 20 s',
    ]);
    for (const [name, input] of images) {
      const scan = (scanners) =>
        barnacle('image', '--input', input, '--format', 'json', '--skip-db-update', '--scanners', scanners);
      await scan('license'); // warm the layer cache
      const runs = { vuln: [], license: [] };
      for (let i = 0; i < RUNS; i++) {
        runs.vuln.push(await scan('vuln'));
        runs.license.push(await scan('license'));
      }
      const [vuln, license] = [median(runs.vuln), median(runs.license)];
      const error = vuln.error ?? license.error;
      const added = Math.round((vuln.seconds - license.seconds) * 1000);
      rows.push([
        `match ${name}`,
        error ?? `+${added} ms (${vuln.seconds.toFixed(2)} s vs ${license.seconds.toFixed(2)} s)`,
        `≤ ${TARGET_MS} ms`,
      ]);
    }
    return rows;
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const images = [['demo flask-app', join(ROOT, 'examples', 'demo', 'flask-app.tar')]];
  const bullseye = join(ROOT, '.cache', 'test-images', 'bullseye', 'docker.tar');
  if (existsSync(bullseye)) images.push(['bullseye', bullseye]);
  console.log('| match case | barnacle | target |\n|---|---|---|');
  for (const row of await benchMatch(images, process.argv[2])) console.log(`| ${row.join(' | ')} |`);
}
