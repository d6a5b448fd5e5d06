import { describe, expect, it } from 'vitest';
import { memoryFile } from './layer-file.js';

const meta = { path: 'usr/bin/tool', size: 10, mode: 0o755 };
const whole = Buffer.from('0123456789');
const chunked = [whole.subarray(0, 3), whole.subarray(3, 4), whole.subarray(4, 9), whole.subarray(9)];

describe('a file kept in memory as the chunks of the tar', () => {
  it.each([
    { offset: 0, length: 2, what: 'inside the first chunk' },
    { offset: 2, length: 5, what: 'across three chunks' },
    { offset: 4, length: 5, what: 'exactly one chunk' },
    { offset: 8, length: 10, what: 'past the end' },
    { offset: 12, length: 3, what: 'wholly past the end' },
    { offset: 0, length: 10, what: 'the whole file' },
  ])('reads $what by offset as the joined bytes would', async ({ offset, length }) => {
    const read = await memoryFile(meta, chunked).read?.(offset, length);
    expect(Buffer.from(read ?? []).toString()).toBe(whole.subarray(offset, offset + length).toString());
  });

  it('gives the joined bytes, text and stream', async () => {
    const file = memoryFile(meta, chunked);
    expect(Buffer.from(await file.bytes()).toString()).toBe('0123456789');
    expect(await file.text()).toBe('0123456789');
    const streamed: Buffer[] = [];
    for await (const chunk of file.stream()) streamed.push(chunk as Buffer);
    expect(Buffer.concat(streamed).toString()).toBe('0123456789');
  });

  it('reads by offset from the joined bytes once they exist', async () => {
    const file = memoryFile(meta, chunked);
    await file.bytes();
    expect(Buffer.from((await file.read?.(2, 5)) ?? []).toString()).toBe('23456');
  });
});
