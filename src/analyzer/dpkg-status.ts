// Reads deb822 stanzas (dpkg's status file and its kin) from a stream, one line at a time.
// Fields follow the rules Trivy applies (Go's net/textproto ReadMIMEHeader on each blank-line separated
// block): case-insensitive names, the first occurrence of a name wins, continuation lines are joined
// with one space, and a malformed line spoils only its own stanza.
import type { Readable } from 'node:stream';

/** One stanza: its fields (lower-case names), or why it could not be read. `index` counts from 0. */
export type Stanza =
  | { readonly index: number; readonly fields: ReadonlyMap<string, string> }
  | { readonly index: number; readonly error: string };

// RFC 7230 token characters, which textproto requires in a field name.
const FIELD_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

const trimBlanks = (s: string): string => s.replace(/^[ \t]+|[ \t\r]+$/g, '');

/** Longer lines are not package data: memory stays bounded on a corrupt or hostile file. */
export const MAX_LINE = 4 * 1024 * 1024;

/** Thrown by readLines when a line is longer than MAX_LINE characters. */
export class LineTooLongError extends Error {
  constructor(readonly line: number) {
    super(`line ${line} is longer than ${MAX_LINE / 1024 / 1024} MiB`);
  }
}

/** The lines of a byte or text stream, split on `\n`, decoded as UTF-8, without keeping the whole input. */
export async function* readLines(input: AsyncIterable<Uint8Array | string>): AsyncGenerator<string> {
  for await (const lines of lineBatches(input)) yield* lines;
}

/**
 * The lines of a stream, the lines ending in each chunk of input together: a large file (a 50 MB status file has
 * 1.3 million lines) is then parsed with one await per chunk rather than per line.
 */
async function* lineBatches(input: AsyncIterable<Uint8Array | string>): AsyncGenerator<readonly string[]> {
  const decoder = new TextDecoder();
  let pending = '';
  let line = 0;
  for await (const chunk of input) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    const lines: string[] = [];
    let start = 0;
    for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n', start)) {
      if (end - start > MAX_LINE) {
        // The lines before the long one are read, as when they were given out one by one.
        if (lines.length > 0) yield lines;
        throw new LineTooLongError(line + 1);
      }
      line++;
      lines.push(pending.slice(start, end));
      start = end + 1;
    }
    pending = pending.slice(start);
    if (lines.length > 0) yield lines;
    if (pending.length > MAX_LINE) throw new LineTooLongError(line + 1);
  }
  pending += decoder.decode();
  if (pending !== '') yield [pending];
}

/**
 * The string in memory of its own. A slice of a line shares the memory of the whole chunk of input it was
 * cut from, so keeping a few fields of every stanza would otherwise keep the whole file.
 */
function ownCopy(text: string): string {
  // Joining makes a new flat string of the value's characters alone; the slice drops the joined space.
  return ` ${text}`.slice(1);
}

/**
 * The stanzas of a deb822 stream. Blank lines separate stanzas (several in a row count as one).
 * With `keep`, only those fields (lower-case names) are stored, which bounds memory on large files.
 */
export async function* readStanzas(
  input: Readable | AsyncIterable<Uint8Array | string>,
  keep?: ReadonlySet<string>,
): AsyncGenerator<Stanza> {
  let index = 0;
  let fields = new Map<string, string>();
  let lines = 0;
  let error: string | undefined;
  let current: string | undefined; // the field continuation lines extend, when it is kept

  const finish = (): Stanza => {
    for (const [key, value] of fields) fields.set(key, ownCopy(value));
    const stanza: Stanza = error === undefined ? { index, fields } : { index, error };
    index++;
    fields = new Map();
    lines = 0;
    error = undefined;
    current = undefined;
    return stanza;
  };

  for await (const batch of lineBatches(input)) {
    for (const raw of batch) {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (line === '') {
        if (lines > 0) yield finish();
        continue;
      }
      lines++;
      if (error !== undefined) continue;
      if (line.startsWith(' ') || line.startsWith('\t')) {
        if (lines === 1) error = 'stanza starts with a continuation line';
        else if (current !== undefined) fields.set(current, `${fields.get(current)} ${trimBlanks(line)}`);
        continue;
      }
      const colon = line.indexOf(':');
      const name = colon >= 0 ? line.slice(0, colon) : line;
      if (colon < 0 || (name !== '' && !FIELD_NAME.test(name))) {
        error = `line ${lines} is not a "Field: value" line: ${JSON.stringify(line.slice(0, 80))}`;
        continue;
      }
      const key = name.toLowerCase();
      // textproto skips an empty field name; the first occurrence of a name wins.
      current = name !== '' && !fields.has(key) && (keep === undefined || keep.has(key)) ? key : undefined;
      if (current !== undefined) fields.set(current, trimBlanks(line.slice(colon + 1)));
    }
  }
  if (lines > 0) yield finish();
}
