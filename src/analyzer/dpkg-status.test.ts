import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readLines, readStanzas, type Stanza } from './dpkg-status.js';

async function stanzasOf(text: string, chunk = 7, keep?: ReadonlySet<string>): Promise<Stanza[]> {
  // Small chunks split lines and multi-byte characters across reads, as a real stream may.
  const bytes = new TextEncoder().encode(text);
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += chunk) chunks.push(bytes.subarray(i, i + chunk));
  const stanzas: Stanza[] = [];
  for await (const stanza of readStanzas(Readable.from(chunks), keep)) stanzas.push(stanza);
  return stanzas;
}

const fields = (index: number, entries: [string, string][]): Stanza => ({ index, fields: new Map(entries) });

describe('readStanzas', () => {
  const cases: { name: string; text: string; want: Stanza[] }[] = [
    {
      name: 'blank lines separate stanzas and names are lower-cased',
      text: 'Package: a\nVersion: 1\n\nPackage: b\nVersion: 2\n',
      want: [
        fields(0, [
          ['package', 'a'],
          ['version', '1'],
        ]),
        fields(1, [
          ['package', 'b'],
          ['version', '2'],
        ]),
      ],
    },
    {
      name: 'several blank lines and a missing final newline change nothing',
      text: '\n\nPackage: a\n\n\n\nPackage: b',
      want: [fields(0, [['package', 'a']]), fields(1, [['package', 'b']])],
    },
    {
      name: 'continuation lines join with one space, trimmed',
      text: 'Description: short\n long line  \n .\n\tend\n',
      want: [fields(0, [['description', 'short long line . end']])],
    },
    {
      name: 'the first occurrence of a name wins, whatever its case',
      text: 'Package: a\npackage: b\nPACKAGE: c\n cont\n',
      want: [fields(0, [['package', 'a']])],
    },
    {
      name: 'values are trimmed and may be empty or hold colons',
      text: 'Conffiles:\nMaintainer:  A <a@b.c>  \nDepends: x (>= 1:2.0)\n',
      want: [
        fields(0, [
          ['conffiles', ''],
          ['maintainer', 'A <a@b.c>'],
          ['depends', 'x (>= 1:2.0)'],
        ]),
      ],
    },
    {
      name: 'CRLF line ends are accepted',
      text: 'Package: a\r\nVersion: 1\r\n\r\nPackage: b\r\n',
      want: [
        fields(0, [
          ['package', 'a'],
          ['version', '1'],
        ]),
        fields(1, [['package', 'b']]),
      ],
    },
    {
      name: 'UTF-8 split across chunks is decoded whole',
      text: 'Maintainer: Jérémy Lal <kapouer@melix.org>\n',
      want: [fields(0, [['maintainer', 'Jérémy Lal <kapouer@melix.org>']])],
    },
    {
      name: 'a line without a colon spoils its stanza only',
      text: 'Package: a\n\nPackage: b\nPriority required\nVersion: 2\n\nPackage: c\n',
      want: [
        fields(0, [['package', 'a']]),
        { index: 1, error: 'line 2 is not a "Field: value" line: "Priority required"' },
        fields(2, [['package', 'c']]),
      ],
    },
    {
      name: 'a stanza starting with a continuation line is an error',
      text: ' Package: a\nVersion: 1\n',
      want: [{ index: 0, error: 'stanza starts with a continuation line' }],
    },
    {
      name: 'a field name with a space is an error',
      text: 'Package name: a\n',
      want: [{ index: 0, error: 'line 1 is not a "Field: value" line: "Package name: a"' }],
    },
    {
      name: 'an empty field name is skipped with its continuation lines',
      text: ': x\n more\nPackage: a\n',
      want: [fields(0, [['package', 'a']])],
    },
  ];
  it.each(cases)('$name', async ({ text, want }) => expect(await stanzasOf(text)).toEqual(want));

  it('keeps only the fields asked for', async () => {
    const text = 'Package: a\nDescription: long\n text\nVersion: 1\n';
    expect(await stanzasOf(text, 3, new Set(['package', 'version']))).toEqual([
      fields(0, [
        ['package', 'a'],
        ['version', '1'],
      ]),
    ]);
  });
});

describe('readLines', () => {
  const cases: { name: string; chunks: string[]; want: string[] }[] = [
    { name: 'lines split across chunks are joined', chunks: ['ab', 'c\nd', 'e\n'], want: ['abc', 'de'] },
    { name: 'a last line without newline is kept', chunks: ['a\nb'], want: ['a', 'b'] },
    { name: 'empty lines are kept', chunks: ['\n\na\n'], want: ['', '', 'a'] },
    { name: 'no input gives no lines', chunks: [], want: [] },
  ];
  it.each(cases)('$name', async ({ chunks, want }) => {
    const lines: string[] = [];
    for await (const line of readLines(Readable.from(chunks.map((c) => new TextEncoder().encode(c))))) lines.push(line);
    expect(lines).toEqual(want);
  });
});
