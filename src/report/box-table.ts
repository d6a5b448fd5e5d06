// Box-drawn tables laid out as github.com/aquasecurity/table (the writer Trivy's table report uses):
// padding 1, unicode dividers, a line between rows, cells wrapped at `maxColumnWidth` when the table
// would be wider than 80 columns (the writer's width when it does not write to a terminal), and equal
// non-empty cells of consecutive rows merged vertically when `autoMerge` is on.
// Only what Trivy uses is here: one header row, no footers, no column spans.

export type Alignment = 'left' | 'center';

export interface BoxTableOptions {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Per column alignment of data cells (default left); headers are always centred. */
  readonly alignments?: readonly Alignment[];
  readonly autoMerge: boolean;
  readonly maxColumnWidth: number;
  /** ANSI styles for terminals: headers bold, lines dim. */
  readonly color: boolean;
}

const AVAILABLE_WIDTH = 80;
const PADDING = 1;
// ESC [ parameters final-byte: an ANSI CSI sequence (colours and styles).
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[@-~]`, 'g');
const ANSI_AT_START = new RegExp(`^${ANSI.source}`);
const BOLD = 1;
const DIM = 2;
const NORMAL = 0;

/** Display width: escape sequences take no room; wide East Asian characters take two columns. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text.replace(ANSI, '')) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 || (code >= 0x7f && code < 0xa0) || (code >= 0x300 && code < 0x370)) continue;
    width += isWide(code) ? 2 : 1;
  }
  return width;
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

/** Splits a word before its `index`-th visible character, escape sequences staying with what follows them. */
function cut(word: string, index: number): [string, string] {
  let count = 0;
  let position = 0;
  while (position < word.length && count < index) {
    const sequence = ANSI_AT_START.exec(word.slice(position));
    if (sequence) {
      position += sequence[0].length;
      continue;
    }
    position += (word.codePointAt(position) ?? 0) > 0xffff ? 2 : 1;
    count++;
  }
  return [word.slice(0, position), word.slice(position)];
}

const NEWLINE = '\n';

/** The lines of a cell, as the table writer's wrapText breaks them at `wrapSize` columns. */
export function wrapText(input: string, wrapSize: number): string[] {
  const words: string[] = [];
  for (const line of input.split('\n')) {
    if (words.length > 0) words.push(NEWLINE);
    for (let word of line
      .trim()
      .split(' ')
      .map((w) => w.trim())) {
      if (displayWidth(word) === 0) continue;
      // A word longer than a line is split, each piece but the last ending in '-'.
      while (displayWidth(word) > wrapSize) {
        const [before, after] = cut(word, wrapSize - 1);
        words.push(`${before}-`);
        word = after;
      }
      if (displayWidth(word) > 0) words.push(word);
    }
  }
  const output: string[] = [];
  let current = '';
  for (const word of words) {
    const used = displayWidth(current);
    const size = displayWidth(word);
    if (word === NEWLINE) {
      output.push(current.trim());
      current = '';
    } else if (wrapSize - used === 0 || used + size > wrapSize) {
      output.push(current.trim());
      current = size < wrapSize ? `${word} ` : word;
    } else if (used + size === wrapSize) {
      current += word;
    } else {
      current += `${word} `;
    }
  }
  if (displayWidth(current) > 0) output.push(current.trim());
  return output.length > 0 ? output : [''];
}

function align(text: string, width: number, alignment: Alignment): string {
  const pad = width - displayWidth(text);
  if (pad <= 0) return text;
  if (alignment === 'center') {
    const left = Math.floor(pad / 2);
    return `${' '.repeat(left)}${text}${' '.repeat(pad - left)}`;
  }
  return `${text}${' '.repeat(pad)}`;
}

interface Cell {
  readonly text: string;
  lines: string[];
  mergeAbove: boolean;
}

/** Renders the table, each line ending in '\n'; '' when there are neither headers nor rows. */
export function renderBoxTable(options: BoxTableOptions): string {
  const { headers, rows } = options;
  if (headers.length === 0 && rows.length === 0) return '';
  const columns = Math.max(headers.length, ...rows.map((row) => row.length));
  const table: string[][] = [headers, ...rows].map((row) => Array.from({ length: columns }, (_, c) => row[c] ?? ''));
  const headerRows = headers.length > 0 ? 1 : 0;
  const alignmentOf = (r: number, c: number): Alignment =>
    r < headerRows ? 'center' : (options.alignments?.[c] ?? 'left');

  // Wrap only when the table is wider than the available width.
  const widest = Math.max(
    ...table.map((row) => 1 + row.reduce((sum, text) => sum + displayWidth(text) + 2 * PADDING + 1, 0)),
  );
  const wrapping = AVAILABLE_WIDTH < widest;
  const cells: Cell[][] = table.map((row) => {
    const wrapped = row.map((text) => wrapText(text, wrapping ? options.maxColumnWidth : displayWidth(text)));
    const height = Math.max(...wrapped.map((lines) => lines.length));
    return row.map((text, c) => {
      const lines = wrapped[c] ?? [''];
      while (lines.length < height) lines.push('');
      return { text, lines, mergeAbove: false };
    });
  });
  const widths = Array.from({ length: columns }, (_, c) =>
    Math.max(...cells.map((row) => Math.max(...(row[c] as Cell).lines.map(displayWidth)))),
  );
  for (const [r, row] of cells.entries()) {
    for (const [c, cell] of row.entries())
      cell.lines = cell.lines.map((line) => align(line, widths[c] ?? 0, alignmentOf(r, c)));
  }
  if (options.autoMerge) {
    // A data cell merges with the cell above when their texts are equal and not blank; never the first data row.
    for (let c = 0; c < columns; c++) {
      for (let r = headerRows + 1; r < cells.length; r++) {
        const [above, cell] = [cells[r - 1]?.[c] as Cell, cells[r]?.[c] as Cell];
        cell.mergeAbove = cell.text === above.text && cell.text.trim() !== '';
      }
    }
  }
  return renderCells(cells, widths, headerRows, options.color);
}

function renderCells(cells: readonly Cell[][], widths: readonly number[], headerRows: number, color: boolean): string {
  let out = '';
  let cursor = NORMAL;
  const style = (next: number): void => {
    if (!color || next === cursor) return;
    out += `\x1b[${next}m`;
    cursor = next;
  };
  const line = (text: string): void => {
    style(DIM);
    out += text;
    style(NORMAL);
  };
  for (const [r, row] of cells.entries()) {
    // The line above the row.
    let above = '';
    for (const [c, cell] of row.entries()) {
      const previousMerged = c > 0 && (row[c - 1] as Cell).mergeAbove;
      if (r === 0) above += c === 0 ? '┌' : '┬';
      else if (c === 0) above += cell.mergeAbove ? '│' : '├';
      else if (cell.mergeAbove) above += previousMerged ? '│' : '┤';
      else above += previousMerged ? '├' : '┼';
      above += (cell.mergeAbove ? ' ' : '─').repeat((widths[c] ?? 0) + 2 * PADDING);
      if (c === row.length - 1) above += r === 0 ? '┐' : cell.mergeAbove ? '│' : '┤';
    }
    line(above);
    out += '\n';
    const height = (row[0] as Cell).lines.length;
    for (let y = 0; y < height; y++) {
      line('│');
      for (const [c, cell] of row.entries()) {
        out += ' '.repeat(PADDING);
        if (cell.mergeAbove) out += ' '.repeat(widths[c] ?? 0);
        else {
          if (r < headerRows) style(color ? BOLD : NORMAL);
          out += cell.lines[y] ?? '';
          if (r < headerRows) style(NORMAL);
        }
        out += ' '.repeat(PADDING);
        line('│');
      }
      out += '\n';
    }
  }
  // The bottom border.
  let bottom = '';
  for (const [c] of widths.entries()) bottom += `${c === 0 ? '└' : '┴'}${'─'.repeat((widths[c] ?? 0) + 2 * PADDING)}`;
  line(`${bottom}┘`);
  return `${out}\n`;
}
