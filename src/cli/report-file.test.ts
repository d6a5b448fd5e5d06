import { execFileSync } from 'node:child_process';
import {
  createReadStream,
  lstatSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { writeReportFile } from './report-output.js';

const work = mkdtempSync(path.join(os.tmpdir(), 'barnacle-report-file-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('--output FILE', () => {
  it('replaces a regular file whole, from a temporary file beside it', () => {
    const file = path.join(work, 'report.json');
    writeFileSync(file, 'old report, longer than the new one');
    writeReportFile(file, ['{"new":', 'true}\n']);
    expect(readFileSync(file, 'utf8')).toBe('{"new":true}\n');
  });

  it('writes through a symbolic link (as /dev/stdout is one) and leaves the link in place', () => {
    const target = path.join(work, 'target.json');
    const link = path.join(work, 'link.json');
    writeFileSync(target, '');
    symlinkSync(target, link);
    writeReportFile(link, ['through the link\n']);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(target);
    expect(readFileSync(target, 'utf8')).toBe('through the link\n');
  });

  it('writes into a named pipe (as /dev/null is a device) and leaves the pipe in place', async () => {
    const fifo = path.join(work, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const read = new Promise<string>((resolve) => {
      let text = '';
      createReadStream(fifo, 'utf8')
        .on('data', (chunk) => {
          text += chunk;
        })
        .on('end', () => resolve(text));
    });
    // Opening the pipe for writing waits for the reader above: let it open first.
    await new Promise((resolve) => setTimeout(resolve, 50));
    writeReportFile(fifo, ['into the pipe\n']);
    expect(await read).toBe('into the pipe\n');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('is a usage error naming the file when it cannot be written', () => {
    const file = path.join(work, 'no-such-dir', 'report.json');
    expect(() => writeReportFile(file, ['x'])).toThrow(UsageError);
    expect(() => writeReportFile(file, ['x'])).toThrow(`--output ${file}: cannot write the report (ENOENT)`);
  });
});
