// bin/barnacle.js stops V8's young generation from growing past 8 MiB (resident memory a layer walk does not
// need), unless the user set its size. Measured from inside the CLI process by a module loaded with --import
// that records the largest new_space size V8 reports.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testImage } from '../images.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const LIMIT = 8 * 1024 * 1024;

const WATCH = `import { writeFileSync } from 'node:fs';
import v8 from 'node:v8';
let largest = 0;
const look = () => { largest = Math.max(largest, v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size); };
setInterval(look, 5).unref();
process.on('exit', () => { look(); writeFileSync(process.env.YOUNG_GENERATION_OUT, String(largest)); });
`;

let work: string;
let input: string;

beforeAll(async () => {
  input = (await testImage('bullseye')).ociTar;
  work = mkdtempSync(path.join(os.tmpdir(), 'barnacle-young-generation-'));
  writeFileSync(path.join(work, 'watch.mjs'), WATCH);
}, 600_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The largest young generation of a cold scan of bullseye, with NODE_OPTIONS as given. */
function largestYoungGeneration(nodeOptions: string): number {
  const out = path.join(work, 'largest');
  const cache = mkdtempSync(path.join(work, 'cache-'));
  const args = ['image', '--input', input, '--format', 'json', '--list-all-pkgs', '--scanners', 'license'];
  execFileSync(
    process.execPath,
    ['--import', path.join(work, 'watch.mjs'), path.join(ROOT, 'bin', 'barnacle.js'), ...args, '--cache-dir', cache],
    { env: { ...process.env, NODE_OPTIONS: nodeOptions, YOUNG_GENERATION_OUT: out }, stdio: 'ignore' },
  );
  return Number(readFileSync(out, 'utf8'));
}

describe('the young generation of a scan', () => {
  // Node 20 stops at 8 MiB, against 16 MiB when the user sets the maximum to V8's default (Node 24: 16 and 32).
  it("stays below what it reaches when the user sets V8's maximum, which is left alone", () => {
    const limited = largestYoungGeneration('');
    const userSet = largestYoungGeneration('--max-semi-space-size=16');
    expect(limited).toBeLessThanOrEqual(LIMIT * 2);
    expect(limited).toBeLessThan(userSet);
  }, 120_000);
});
