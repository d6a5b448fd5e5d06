// DB update benchmark: `barnacle db update` from an OSV repository served on 127.0.0.1 (the shared OSV
// snapshot, seven ecosystems), first a full update into an empty cache, then an update where nothing
// changed (conditional requests only), then the DB size on disk.
//
//   node scripts/bench/db.js [OSV_DIR]      (also run by scripts/bench.js unless filtered out)
//
// OSV_DIR holds <Ecosystem>/all.zip (default: ../shared/vulndata/osv beside the repository, or
// /work/shared/vulndata/osv).
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure } from './measure.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TARGETS = { full: 25, unchanged: 1 };

function osvDir(given) {
  const candidates = [given, join(ROOT, '..', 'shared', 'vulndata', 'osv'), '/work/shared/vulndata/osv'];
  return candidates.find((d) => d && existsSync(d));
}

/** Serves <dir>/<Ecosystem>/all.zip with an ETag and answers If-None-Match with 304; 404 for the rest. */
async function serve(dir) {
  const etags = new Map();
  const server = http.createServer((req, res) => {
    const m = /^\/([^/]+)\/all\.zip$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
    const file = m ? join(dir, decodeURIComponent(m[1]), 'all.zip') : '';
    if (!m || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    const body = readFileSync(file);
    if (!etags.has(file)) etags.set(file, `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`);
    const etag = etags.get(file);
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    res.writeHead(200, { etag, 'content-length': body.length }).end(body);
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((d) => server.close(d)) };
}

/** Runs the DB cases; returns rows [case, result, target]. */
export async function benchDb(given) {
  const dir = osvDir(given);
  if (!dir) return [['db update', 'skipped: no OSV snapshot found', '-']];
  const server = await serve(dir);
  const cache = mkdtempSync(join(tmpdir(), 'barnacle-bench-db-'));
  const update = () =>
    measure(
      ['node', join(ROOT, 'bin', 'barnacle.js'), 'db', 'update', '--db-repository', server.url, '--cache-dir', cache],
      {
        cwd: ROOT,
      },
    );
  const fmt = (r, target) =>
    r.error
      ? `error: ${r.error.slice(0, 60)}`
      : `${r.seconds.toFixed(2)} s ${r.maxRssMb.toFixed(0)} MB${r.seconds <= target ? '' : ' (over target)'}`;
  try {
    const full = await update();
    const unchanged = await update();
    const db = join(cache, 'db', 'barnacle.db');
    const size = existsSync(db) ? `${(statSync(db).size / 1_048_576).toFixed(1)} MB` : '-';
    return [
      ['db update: full, 7 ecosystems', fmt(full, TARGETS.full), `≤ ${TARGETS.full} s`],
      ['db update: nothing changed', fmt(unchanged, TARGETS.unchanged), `≤ ${TARGETS.unchanged} s`],
      ['db size on disk', size, '-'],
    ];
  } finally {
    await server.close();
    rmSync(cache, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  for (const row of await benchDb(process.argv[2])) console.log(`| ${row.join(' | ')} |`);
}
