// Trivy's binary-file checks for secret scanning (pkg/fanal/utils: IsBinary, ExtractPrintableBytes).

/** Bytes the first 300 of a text file never hold (libmagic's encoding.c text_chars, as Trivy's IsBinary). */
export function isBinary(content: Uint8Array): boolean {
  const end = Math.min(content.length, 300);
  for (let i = 0; i < end; i++) {
    const b = content[i] as number;
    if (b < 7 || b === 11 || (b > 13 && b < 27) || (b > 27 && b < 0x20) || b === 0x7f) return true;
  }
  return false;
}

/** Go's unicode.IsPrint for a byte taken as a rune: ASCII graphic and space, Latin-1 graphic but U+00AD. */
function isPrintable(b: number): boolean {
  return (b >= 0x20 && b < 0x7f) || (b >= 0xa1 && b !== 0xad);
}

/** Runs of more than 4 printable bytes, each followed by `\n` (Trivy's ExtractPrintableBytes, for `.pyc`). */
export function extractPrintableBytes(content: Uint8Array): Uint8Array {
  const out = new Uint8Array(content.length + Math.ceil(content.length / 5) + 1);
  let length = 0;
  let runStart = 0;
  const flush = (end: number): void => {
    if (end - runStart > 4) {
      out.set(content.subarray(runStart, end), length);
      length += end - runStart;
      out[length++] = 0x0a;
    }
  };
  for (let i = 0; i < content.length; i++) {
    if (isPrintable(content[i] as number)) continue;
    flush(i);
    runStart = i + 1;
  }
  flush(content.length);
  return out.subarray(0, length);
}
