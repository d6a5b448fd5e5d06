// rpmdb benchmark: parsing a 1,548-package rpmdb, SQLite and Berkeley DB, in process (the rpm analyzer on the
// file's bytes, as a layer hands them over). The databases are real: Debian's rpm imports the headers of the
// CBL-Mariner fixture (test/fixtures/analyzer/rpm) twelve times into a new SQLite rpmdb (`rpmdb --importdb`),
// and Berkeley DB's own db5.3_load (Debian's db5.3-util) writes the same headers as a hash `Packages` file,
// keyed by header number as rpm keys it; `rpm -qa` reads both. Built once into .cache/bench-rpmdb/.
//
//   node scripts/bench/rpmdb.js      (also run by scripts/bench.js unless filtered out; needs `npm run build`)
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIR = join(ROOT, '.cache', 'bench-rpmdb');
const FIXTURE = join(
  ROOT,
  'test',
  'fixtures',
  'analyzer',
  'rpm',
  'mariner-sqlite',
  'var',
  'lib',
  'rpm',
  'rpmdb.sqlite',
);
const COPIES = 12;
const RUNS = 7;
const TARGET_MS = 300;

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'buffer', maxBuffer: 1 << 30, ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${result.stderr || result.error}`);
  return result.stdout;
}

/** Paths of the two databases, built if missing. */
function build() {
  const sqlite = join(DIR, 'sqlite', 'rpmdb.sqlite');
  const bdb = join(DIR, 'bdb', 'Packages');
  if (existsSync(sqlite) && existsSync(bdb)) return { sqlite, bdb };
  rmSync(DIR, { recursive: true, force: true });
  for (const sub of ['source', 'sqlite', 'bdb']) mkdirSync(join(DIR, sub), { recursive: true });
  copyFileSync(FIXTURE, join(DIR, 'source', 'rpmdb.sqlite'));
  const headers = run('rpmdb', ['--dbpath', join(DIR, 'source'), '--exportdb']);
  run('rpmdb', ['--dbpath', join(DIR, 'sqlite'), '--initdb']);
  for (let i = 0; i < COPIES; i++) run('rpmdb', ['--dbpath', join(DIR, 'sqlite'), '--importdb'], { input: headers });
  // db_load's bytevalue dump format: a header, then one line per key and per value, in hex.
  const db = new Database(sqlite, { readonly: true });
  const lines = ['VERSION=3', 'format=bytevalue', 'type=hash', 'HEADER=END'];
  for (const { hnum, blob } of db.prepare('SELECT hnum, blob FROM Packages ORDER BY hnum').iterate()) {
    const key = Buffer.alloc(4);
    key.writeUInt32LE(hnum);
    lines.push(` ${key.toString('hex')}`, ` ${blob.toString('hex')}`);
  }
  db.close();
  lines.push('DATA=END', '');
  writeFileSync(join(DIR, 'bdb.dump'), lines.join('\n'));
  run('db5.3_load', ['-f', join(DIR, 'bdb.dump'), bdb]);
  rmSync(join(DIR, 'bdb.dump'));
  return { sqlite, bdb };
}

/** Rows `[case, result, target]`. */
export async function benchRpmdb() {
  let paths;
  try {
    paths = build();
  } catch (error) {
    return [['rpmdb', `skipped: ${error.message.split('\n')[0]} (needs rpm and db5.3-util)`, '']];
  }
  const { rpm } = await import(join(ROOT, 'dist', 'analyzer', 'rpm.js'));
  const rows = [];
  for (const [name, path] of [
    ['rpmdb sqlite', paths.sqlite],
    ['rpmdb bdb', paths.bdb],
  ]) {
    const bytes = new Uint8Array(readFileSync(path));
    const file = {
      path: 'var/lib/rpm/x',
      size: bytes.length,
      mode: 0o644,
      bytes: async () => bytes,
      text: async () => '',
      stream: () => {
        throw new Error('not streamed');
      },
    };
    const times = [];
    let count = 0;
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      const result = await rpm.analyze(file);
      times.push(performance.now() - start);
      count = result.packageInfos?.[0]?.packages.length ?? 0;
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    const mb = (bytes.length / 1e6).toFixed(0);
    rows.push([`${name} (${count} packages, ${mb} MB)`, `${median.toFixed(0)} ms`, `≤ ${TARGET_MS} ms`]);
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log('| rpmdb case | barnacle | target |\n|---|---|---|');
  for (const row of await benchRpmdb()) console.log(`| ${row.join(' | ')} |`);
}
