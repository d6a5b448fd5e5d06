// Runs a command under GNU time and returns its wall time, peak RSS and exit code.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TIME = '/usr/bin/time';

/**
 * @param {string[]} argv command and arguments; stdout is discarded
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv }} [options]
 * @returns {Promise<{ seconds: number, maxRssMb: number, code: number, error?: string }>}
 */
export async function measure(argv, options = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'barnacle-bench-'));
  const out = join(dir, 'time');
  try {
    const child = spawn(TIME, ['-f', '%e %M', '-o', out, ...argv], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr = (stderr + chunk).slice(-4096);
    });
    const code = await new Promise((done, fail) => {
      child.on('error', fail);
      child.on('close', (c) => done(c ?? 1));
    });
    // GNU time writes "Command exited with non-zero status N" before the format line.
    const line = readFileSync(out, 'utf8').trim().split('\n').at(-1) ?? '';
    const [seconds, rssKb] = line.split(' ').map(Number);
    const error = code === 0 ? undefined : stderr.trim().split('\n').at(-1) || `exit ${code}`;
    return { seconds: seconds ?? Number.NaN, maxRssMb: (rssKb ?? Number.NaN) / 1024, code, error };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The median of runs by wall time (the run itself, so RSS and errors stay together). */
export function median(runs) {
  const sorted = [...runs].sort((a, b) => a.seconds - b.seconds);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}
