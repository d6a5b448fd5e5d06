import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractPrintableBytes, isBinary } from './binary.js';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/secret/analyzer');

describe('isBinary (Trivy’s utils.IsBinary)', () => {
  const cases = [
    { name: 'text with tabs, newlines, CR, form feed, escape', bytes: [0x61, 9, 10, 13, 12, 27, 0x62], want: false },
    { name: 'a NUL byte', bytes: [0x61, 0, 0x62], want: true },
    { name: 'a vertical tab', bytes: [0x61, 11], want: true },
    { name: 'DEL', bytes: [0x7f], want: true },
    { name: 'bytes of UTF-8 text', bytes: [...Buffer.from('héllo ☺')], want: false },
    { name: 'a control byte after the first 300 bytes', bytes: [...Buffer.alloc(300, 0x61), 0], want: false },
  ];
  it.each(cases)('$name: $want', ({ bytes, want }) => expect(isBinary(Uint8Array.from(bytes))).toBe(want));

  it.each([
    ['binaryfile', true],
    ['secret.cpython-310.pyc', true],
    ['secret.txt', false],
  ])('Trivy’s testdata %s: %s', (name, want) => {
    expect(isBinary(readFileSync(join(FIXTURES, name)))).toBe(want);
  });
});

describe('extractPrintableBytes (Trivy’s utils.ExtractPrintableBytes)', () => {
  const cases = [
    {
      name: 'runs of more than 4 printable bytes, each ended by \\n',
      input: 'abcde\0ab\0xyz12',
      want: 'abcde\nxyz12\n',
    },
    { name: 'a run of exactly 4 is dropped', input: 'abcd\0', want: '' },
    { name: 'tabs and newlines end a run', input: 'hello\tworld\n', want: 'hello\nworld\n' },
  ];
  it.each(cases)('$name', ({ input, want }) => {
    expect(Buffer.from(extractPrintableBytes(Buffer.from(input, 'latin1'))).toString('latin1')).toBe(want);
  });

  it('keeps Latin-1 printable bytes but not U+00AD or U+00A0 (unicode.IsPrint of a byte)', () => {
    const input = Uint8Array.from([0x61, 0x62, 0x63, 0xe9, 0x64, 0xa0, 0x61, 0x62, 0x63, 0x64, 0x65, 0xad]);
    expect([...extractPrintableBytes(input)]).toEqual([
      0x61, 0x62, 0x63, 0xe9, 0x64, 0x0a, 0x61, 0x62, 0x63, 0x64, 0x65, 0x0a,
    ]);
  });
});
