// Issue 3's memory bound on the big-status test image: a 50 MB dpkg status file (57,600 packages) listed in a
// 43 MB JSON report, under 300 MB of memory on the first scan (the layer analysed and cached), on a scan from the
// layer cache, and with the report on stdout to a reader slower than the scan (the report waits for the pipe
// rather than piling up); the CycloneDX and SPDX SBOMs of the image under the same bound. Peak resident memory is
// measured by GNU time (%M) around the CLI.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testImage } from '../images.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const BOUND_MB = 300;
/** How long the slow reader leaves the report on stdout unread. */
const READER_DELAY_MS = 1500;

interface Run {
  readonly peakMb: number;
  /** The report's bytes, from --output or from stdout. */
  readonly text: Buffer;
}

let work: string;
let ociDir: string;

/**
 * One scan of the image with the layer cache in `cacheDir`; the report goes to `--output`, or to stdout, which is
 * read only after READER_DELAY_MS (until then the pipe is full and the CLI has to wait for it).
 */
async function scan(cacheDir: string, to: 'output' | 'slow-stdout', format = 'json'): Promise<Run> {
  const out = path.join(work, `report.${format}`);
  const time = path.join(work, 'time');
  rmSync(out, { force: true });
  const args = ['image', '--input', ociDir, '--format', format, '--list-all-pkgs', '--scanners', 'license'];
  args.push('--cache-dir', cacheDir, ...(to === 'output' ? ['-o', out] : []));
  const child = spawn('/usr/bin/time', ['-f', '%M', '-o', time, 'node', path.join(ROOT, 'bin/barnacle.js'), ...args], {
    env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  child.stdout.pause();
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  if (to === 'slow-stdout') await sleep(READER_DELAY_MS);
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk)).resume();
  expect(await exited).toBe(0);
  const text = to === 'output' ? readFileSync(out) : Buffer.concat(chunks);
  return { peakMb: Number(readFileSync(time, 'utf8').trim()) / 1024, text };
}

const packageCount = (run: Run): number => {
  const report = JSON.parse(run.text.toString('utf8')) as { Results?: { Packages?: unknown[] }[] };
  return (report.Results ?? []).reduce((n, r) => n + (r.Packages?.length ?? 0), 0);
};

/** The layer cache filled by a first scan, and that scan; made once, by whichever test needs it first. */
let first: Promise<Run> | undefined;
const cacheDir = () => path.join(work, 'cache');
const firstScan = (): Promise<Run> => {
  first ??= scan(cacheDir(), 'output');
  return first;
};

beforeAll(async () => {
  ociDir = (await testImage('big-status')).ociDir;
  work = mkdtempSync(path.join(os.tmpdir(), 'barnacle-big-status-'));
}, 600_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a scan of the 50 MB dpkg status file', () => {
  it(`lists every package on the first scan (empty layer cache) under ${BOUND_MB} MB of memory`, async () => {
    expect(existsSync(cacheDir())).toBe(false);
    const run = await firstScan();
    expect(packageCount(run)).toBeGreaterThan(57_000);
    expect(run.peakMb).toBeLessThan(BOUND_MB);
  }, 120_000);

  it(`lists every package from the layer cache under ${BOUND_MB} MB of memory, in the same report`, async () => {
    const filled = await firstScan();
    const run = await scan(cacheDir(), 'output');
    expect(run.peakMb).toBeLessThan(BOUND_MB);
    expect(run.text.equals(filled.text)).toBe(true);
  }, 120_000);

  it('stops quietly when the reader of stdout goes away early (`| head`), with the exit code of the scan', async () => {
    await firstScan();
    const args = ['image', '--input', ociDir, '--format', 'json', '--list-all-pkgs', '--scanners', 'license'];
    const child = spawn('node', [path.join(ROOT, 'bin/barnacle.js'), ...args, '--cache-dir', cacheDir()], {
      env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const head = await new Promise<string>((resolve) =>
      child.stdout.once('data', (chunk: Buffer) => resolve(`${chunk}`)),
    );
    child.stdout.destroy();
    expect(await exited).toBe(0);
    expect(head.startsWith('{\n  "SchemaVersion": 2,')).toBe(true);
    expect(stderr).not.toMatch(/EPIPE|Error|\n\s+at /);
  }, 120_000);

  const sboms: { format: string; libraries: (document: Record<string, unknown[] | undefined>) => number }[] = [
    {
      format: 'cyclonedx',
      libraries: (d) => (d.components ?? []).filter((c) => (c as { type?: string }).type === 'library').length,
    },
    {
      format: 'spdx-json',
      libraries: (d) =>
        (d.packages ?? []).filter((p) => (p as { primaryPackagePurpose?: string }).primaryPackagePurpose === 'LIBRARY')
          .length,
    },
  ];
  it.each(sboms)(
    `writes the $format SBOM of every package under ${BOUND_MB} MB of memory`,
    async ({ format, libraries }) => {
      await firstScan();
      const run = await scan(cacheDir(), 'output', format);
      expect(run.peakMb).toBeLessThan(BOUND_MB);
      expect(libraries(JSON.parse(run.text.toString('utf8')))).toBeGreaterThan(57_000);
    },
    120_000,
  );

  it(`writes the same report to a slow reader of stdout under ${BOUND_MB} MB of memory`, async () => {
    const filled = await firstScan();
    const run = await scan(cacheDir(), 'slow-stdout');
    expect(run.peakMb).toBeLessThan(BOUND_MB);
    expect(run.text.length).toBe(filled.text.length);
    expect(run.text.equals(filled.text)).toBe(true);
  }, 120_000);
});
