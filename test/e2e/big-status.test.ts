// Issue 3's memory bound on the big-status test image: a 50 MB dpkg status file (57,600 packages) listed in a
// 43 MB JSON report. The report is written as it is made, so neither --output nor stdout holds it whole.
// Peak resident memory is measured by GNU time (%M) around the CLI.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testImage } from '../images.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const BOUND_MB = 300;

interface Run {
  readonly peakMb: number;
  readonly report: { Results?: { Packages?: unknown[] }[] };
}

let work: string;
let ociDir: string;

/** One scan of the image with the layer cache in `work`; the report goes to `--output` or stdout. */
function scan(to: 'output' | 'stdout'): Run {
  const out = path.join(work, `${to}.json`);
  const time = path.join(work, 'time');
  const args = ['image', '--input', ociDir, '--format', 'json', '--list-all-pkgs', '--scanners', 'license'];
  args.push('--cache-dir', path.join(work, 'cache'), ...(to === 'output' ? ['-o', out] : []));
  const stdout = execFileSync(
    '/usr/bin/time',
    ['-f', '%M', '-o', time, 'node', path.join(ROOT, 'bin/barnacle.js'), ...args],
    {
      env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000' },
      maxBuffer: 256 * 2 ** 20,
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  const text = to === 'output' ? readFileSync(out, 'utf8') : stdout.toString('utf8');
  return { peakMb: Number(readFileSync(time, 'utf8').trim()) / 1024, report: JSON.parse(text) as Run['report'] };
}

const packageCount = (run: Run) => (run.report.Results ?? []).reduce((n, r) => n + (r.Packages?.length ?? 0), 0);

beforeAll(async () => {
  ociDir = (await testImage('big-status')).ociDir;
  work = mkdtempSync(path.join(os.tmpdir(), 'barnacle-big-status-'));
  scan('output'); // the first scan fills the layer cache
}, 600_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a scan of the 50 MB dpkg status file from the layer cache', () => {
  it(`lists every package to --output under ${BOUND_MB} MB of memory`, () => {
    const run = scan('output');
    expect(packageCount(run)).toBeGreaterThan(57_000);
    expect(run.peakMb).toBeLessThan(BOUND_MB);
  }, 120_000);

  it('writes the same report to stdout as to --output', () => {
    const toStdout = scan('stdout');
    expect(toStdout.report).toEqual(scan('output').report);
  }, 120_000);
});
