import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { memoryFile } from '../layer/layer-file.js';
import { elfOf } from './elf.js';
import { goBinary } from './go-binary.js';
import { rustBinary } from './rust-binary.js';
import type { LayerFile } from './types.js';

/** A real executable of the host (as go-binary.test.ts uses), with the offsets its readers asked for. */
function countedExecutable(): { file: LayerFile; offsets: number[] } {
  const bytes = new Uint8Array(readFileSync('/usr/bin/env'));
  const inner = memoryFile({ path: 'usr/bin/env', size: bytes.length, mode: 0o755 }, bytes);
  const offsets: number[] = [];
  const file: LayerFile = {
    ...inner,
    read: async (offset, length) => {
      offsets.push(offset);
      return inner.read?.(offset, length) ?? new Uint8Array(0);
    },
  };
  return { file, offsets };
}

describe('elfOf', () => {
  it('reads the headers of a file once for the gobinary and rustbinary analyzers both', async () => {
    const { file, offsets } = countedExecutable();
    await goBinary.analyze(file);
    const afterGo = offsets.filter((offset) => offset === 0).length;
    await rustBinary.analyze(file);
    expect(afterGo).toBeGreaterThan(0);
    expect(offsets.filter((offset) => offset === 0)).toHaveLength(afterGo);
  });

  it('reads the headers of each file given', async () => {
    const first = countedExecutable();
    const second = countedExecutable();
    const [a, b] = await Promise.all([elfOf(first.file), elfOf(second.file)]);
    expect(a?.sections.length).toBeGreaterThan(0);
    expect(b?.sections.map((s) => s.name)).toEqual(a?.sections.map((s) => s.name));
    expect(second.offsets).toEqual(first.offsets);
  });
});
