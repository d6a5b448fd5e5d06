// Where a secret sits in a file and the code shown around it (Trivy's findLocation in
// pkg/fanal/secret/scanner.go): line numbers, the matched line (cut around the secret when over 100 bytes),
// and two lines before and one after, the secret already masked in the content given.
import type { CodeLine } from './types.js';

const HIGHLIGHT_RADIUS = 2; // Trivy's secretHighlightRadius
const MAX_LINE_LENGTH = 100; // Trivy's maxLineLength

/** The positions of every `\n` in content, ascending. */
export function newlinePositions(content: Uint8Array): Int32Array {
  let count = 0;
  for (let i = content.indexOf(0x0a); i !== -1; i = content.indexOf(0x0a, i + 1)) count++;
  const out = new Int32Array(count);
  let n = 0;
  for (let i = content.indexOf(0x0a); i !== -1; i = content.indexOf(0x0a, i + 1)) out[n++] = i;
  return out;
}

/** How many newlines lie before byte `offset`. */
function linesBefore(newlines: Int32Array, offset: number): number {
  let lo = 0;
  let hi = newlines.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((newlines[mid] as number) < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface Location {
  readonly startLine: number;
  readonly endLine: number;
  readonly lines: CodeLine[];
  readonly match: string;
}

/** Trivy's findLocation for the secret at [start, end) of the (masked) content. */
export function findLocation(start: number, end: number, content: Uint8Array, newlines: Int32Array): Location {
  const startLineNum = linesBefore(newlines, start);
  const endLineNum = linesBefore(newlines, end);
  let lineStart = startLineNum === 0 ? 0 : (newlines[startLineNum - 1] as number) + 1;
  let lineEnd = startLineNum < newlines.length ? (newlines[startLineNum] as number) : content.length;
  if (lineEnd - lineStart > MAX_LINE_LENGTH) {
    lineStart = start - lineStart - 30 < 0 ? lineStart : start - 30;
    lineEnd = Math.min(lineEnd, end + 20);
  }
  const match = sanitize(content.subarray(lineStart, lineEnd));

  const lineCount = newlines.length + 1;
  const codeStart = Math.max(0, startLineNum - HIGHLIGHT_RADIUS);
  const codeEnd = Math.min(lineCount, endLineNum + HIGHLIGHT_RADIUS);
  const lines: CodeLine[] = [];
  let foundFirst = false;
  for (let line = codeStart; line < codeEnd; line++) {
    const from = line === 0 ? 0 : (newlines[line - 1] as number) + 1;
    const to = line < newlines.length ? (newlines[line] as number) : content.length;
    const isCause = line >= startLineNum && line <= endLineNum;
    const text =
      to - from > MAX_LINE_LENGTH
        ? isCause
          ? match
          : sanitize(content.subarray(from, from + MAX_LINE_LENGTH))
        : sanitize(content.subarray(from, to));
    lines.push({
      number: line + 1,
      content: text,
      isCause,
      annotation: '',
      truncated: false,
      highlighted: text,
      firstCause: !foundFirst && isCause,
      lastCause: false,
    });
    foundFirst ||= isCause;
  }
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] as CodeLine;
    if (line.isCause) {
      lines[i] = { ...line, lastCause: true };
      break;
    }
  }
  return { startLine: startLineNum + 1, endLine: endLineNum + 1, lines, match };
}

/** Trivy's sanitizeString: `\r` removed, invalid UTF-8 runs replaced by one U+FFFD each (strings.ToValidUTF8). */
export function sanitize(bytes: Uint8Array): string {
  let ascii = true;
  let cr = false;
  for (const b of bytes) {
    if (b >= 0x80) ascii = false;
    else if (b === 0x0d) cr = true;
  }
  const data = cr ? bytes.filter((b) => b !== 0x0d) : bytes;
  const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (ascii) return buffer.toString('latin1');
  let out = '';
  let runStart = 0;
  let invalid = false;
  let i = 0;
  while (i < data.length) {
    const width = validRuneWidth(data, i);
    if (width === 0) {
      out += buffer.toString('utf8', runStart, i);
      if (!invalid) out += '\ufffd';
      invalid = true;
      i++;
      runStart = i;
      continue;
    }
    invalid = false;
    i += width;
  }
  return out + buffer.toString('utf8', runStart, data.length);
}

/** The byte length of the valid UTF-8 sequence at i (as Go's utf8.DecodeRune accepts it), or 0. */
function validRuneWidth(data: Uint8Array, i: number): number {
  const b0 = data[i] as number;
  if (b0 < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => {
    const b = data[i + k];
    return b !== undefined && b >= lo && b <= hi;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if (b0 === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (b0 >= 0xe1 && b0 <= 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (b0 === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (b0 >= 0xf1 && b0 <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (b0 === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}
