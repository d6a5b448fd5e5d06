// JSON.stringify's text made a piece at a time and given out in chunks of about 64 KiB, so that a large value (a
// layer's analysis, a report) is never held as one string: lists are written item by item, flat items a batch at a
// time. The layer cache writes it compact, the JSON report indented (src/report/go-json.ts).

/** How one writer lays out its JSON. */
export interface JsonLayout {
  /** JSON.stringify's `space`: '' for compact text, '  ' for two spaces a level. */
  readonly indent: '' | '  ';
  /** Whether a value is written by one JSON.stringify call; it must hold nothing `items` makes. */
  readonly isFlat: (value: unknown) => boolean;
  /** The items of a value written as a list (an array, or a list made while it is written), else undefined. */
  readonly items: (value: unknown) => Iterable<unknown> | undefined;
  /** Flat items of a list in a row are stringified together, this many at a time: one call per batch. */
  readonly batch: number;
}

/** Text of at least this many characters is gathered before a chunk is given out. */
const CHUNK = 1 << 16;

/**
 * The text of JSON.stringify(value, null, layout.indent), character for character, in chunks of at least 64 Ki
 * characters (the last may be shorter). Members without JSON text (undefined, functions) are left out and list
 * items without it are null, as JSON.stringify does; an undefined value has the empty text.
 */
export function* stringifyChunks(value: unknown, layout: JsonLayout): Generator<string> {
  let pending = '';
  for (const piece of pieces(value, '', layout)) {
    pending += piece;
    if (pending.length >= CHUNK) {
      yield pending;
      pending = '';
    }
  }
  if (pending !== '') yield pending;
}

const hasNoText = (value: unknown): boolean =>
  value === undefined || typeof value === 'function' || typeof value === 'symbol';

/** JSON.stringify's text of a value that starts a line at `indent` (nothing for an undefined value). */
function flatText(value: unknown, indent: string, layout: JsonLayout): string {
  const text = JSON.stringify(value, null, layout.indent) ?? '';
  // Strings carry no raw newline, so every newline of the text starts an indented line.
  return indent === '' ? text : text.replaceAll('\n', `\n${indent}`);
}

/** One value's text at the indent of its line: flat values at once, lists and objects member by member. */
function* pieces(value: unknown, indent: string, layout: JsonLayout): Generator<string> {
  if (layout.isFlat(value)) {
    yield flatText(value, indent, layout);
    return;
  }
  const inner = indent + layout.indent;
  // Where the text is indented, each item and member starts a line of its own.
  const newline = layout.indent === '' ? '' : '\n';
  const items = layout.items(value);
  if (items) {
    let first = true;
    let batch: unknown[] = [];
    const flush = function* (): Generator<string> {
      if (batch.length === 0) return;
      // The batch as a list at the top: its items sit between `[` and `]` (`\n]` when indented), which are cut.
      const text = flatText(batch, indent, layout).slice(1, -1 - newline.length - indent.length);
      yield `${first ? '[' : ','}${text}`;
      first = false;
      batch = [];
    };
    for (const item of items) {
      // JSON.stringify writes null for an item that has no JSON text.
      const entry = hasNoText(item) ? null : item;
      if (layout.isFlat(entry)) {
        batch.push(entry);
        if (batch.length >= layout.batch) yield* flush();
        continue;
      }
      yield* flush();
      yield `${first ? '[' : ','}${newline}${inner}`;
      first = false;
      yield* pieces(entry, inner, layout);
    }
    yield* flush();
    yield first ? '[]' : `${newline}${indent}]`;
    return;
  }
  const colon = layout.indent === '' ? ':' : ': ';
  let first = true;
  for (const [key, member] of Object.entries(value as { readonly [key: string]: unknown })) {
    if (hasNoText(member)) continue;
    yield `${first ? '{' : ','}${newline}${inner}${JSON.stringify(key)}${colon}`;
    first = false;
    yield* pieces(member, inner, layout);
  }
  yield first ? '{}' : `${newline}${indent}}`;
}
