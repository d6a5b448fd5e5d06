// JSON as Go's encoding/json writes Trivy's structs: fields in struct order, `omitempty` fields left
// out when empty, map keys sorted, HTML characters escaped, times in RFC 3339 with trailing zeros of
// the fraction dropped (time.RFC3339Nano).

/** A JSON value under construction; `undefined` members are left out, as `omitempty` does. */
export type GoValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | readonly GoValue[]
  | { readonly [key: string]: GoValue };

/** `omitempty` for strings, numbers and booleans: the zero value is left out. */
export function omitEmpty<T extends string | number | boolean>(value: T | undefined): T | undefined {
  return value === '' || value === 0 || value === false ? undefined : value;
}

/** `omitempty` for slices and maps: an empty one is left out. */
export function omitEmptyList<T>(value: readonly T[] | undefined): readonly T[] | undefined {
  return value && value.length > 0 ? value : undefined;
}

/** A Go map: keys sorted (encoding/json sorts map keys); undefined when empty (`omitempty`). */
export function goMap<T extends GoValue>(record: Readonly<Record<string, T>> | undefined): GoValue {
  if (!record) return undefined;
  const keys = Object.keys(record).sort();
  return keys.length === 0 ? undefined : Object.fromEntries(keys.map((key) => [key, record[key] as T]));
}

/** An object with only its defined members, so that a struct whose members are all empty can be dropped. */
export function goStruct(members: Record<string, GoValue>): { [key: string]: GoValue } | undefined {
  // A loop rather than entries, filter and fromEntries: a report may hold hundreds of thousands of structs.
  const kept: { [key: string]: GoValue } = {};
  let empty = true;
  for (const [key, value] of Object.entries(members)) {
    if (value === undefined) continue;
    kept[key] = value;
    empty = false;
  }
  return empty ? undefined : kept;
}

const RFC3339 = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/;

/**
 * A time as Go's time.Time marshals it (RFC3339Nano): the fraction without trailing zeros, 'Z' for UTC.
 * A string that is not RFC 3339 is returned unchanged.
 */
export function goTime(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const match = RFC3339.exec(text);
  if (!match) return text;
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  const zone = match[3] === '+00:00' || match[3] === '-00:00' ? 'Z' : match[3];
  return `${match[1]}${fraction ? `.${fraction}` : ''}${zone}`;
}

/** Go's escapes of <, > and & (and U+2028, U+2029) inside strings, applied to JSON text. */
function escapeHtml(text: string): string {
  return text.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** json.MarshalIndent(value, "", "  "): Go escapes <, > and & (and U+2028, U+2029) inside strings. */
export function marshalIndent(value: GoValue): string {
  return escapeHtml(JSON.stringify(value, null, 2));
}

/**
 * A list whose items are made only while they are written, so that a report with many packages is never
 * held whole: `length` decides `omitempty` up front, `items()` makes each item when it is marshalled.
 */
export class LazyList {
  constructor(
    readonly length: number,
    readonly items: () => Iterable<GoValue>,
  ) {}
}

/** A JSON value whose long lists may be lazy; what `marshalIndentChunks` writes. */
export type StreamValue = GoValue | LazyList | readonly StreamValue[] | { readonly [key: string]: StreamValue };

/** `omitempty` for a lazy list: left out when empty. */
export function lazyList<T>(list: readonly T[], item: (value: T) => GoValue): LazyList | undefined {
  return list.length === 0 ? undefined : new LazyList(list.length, () => mapped(list, item));
}

function* mapped<T>(list: readonly T[], item: (value: T) => GoValue): Generator<GoValue> {
  for (const value of list) yield item(value);
}

/** Plain items of a list marshalled in one call. */
const BATCH = 64;

/** Item text of at most this many characters are gathered before a chunk is given out. */
const CHUNK = 1 << 16;

/**
 * marshalIndent's text in chunks, byte for byte the same, made as it is consumed: each item of a list is
 * marshalled when its turn comes and dropped once written. Members whose value is `undefined` are left out,
 * as JSON.stringify does.
 */
export function* marshalIndentChunks(value: StreamValue): Generator<string> {
  let pending = '';
  for (const piece of pieces(value, '')) {
    pending += piece;
    if (pending.length >= CHUNK) {
      yield pending;
      pending = '';
    }
  }
  if (pending !== '') yield pending;
}

function isPlain(value: StreamValue): value is GoValue {
  if (value instanceof LazyList) return false;
  if (value === null || typeof value !== 'object') return true;
  const members: readonly StreamValue[] = Array.isArray(value) ? value : Object.values(value);
  return members.every(isPlain);
}

/** One value's text at the indent of its line; plain values at once, lists and objects member by member. */
function* pieces(value: StreamValue, indent: string): Generator<string> {
  if (isPlain(value)) {
    // Strings carry no raw newline, so every newline of JSON.stringify's text starts an indented line.
    yield escapeHtml(JSON.stringify(value, null, 2)).replaceAll('\n', `\n${indent}`);
    return;
  }
  const inner = `${indent}  `;
  if (value instanceof LazyList || Array.isArray(value)) {
    const items: Iterable<StreamValue> = value instanceof LazyList ? value.items() : (value as StreamValue[]);
    let first = true;
    // Plain items in a row are marshalled together, BATCH at a time: one call per batch rather than per item.
    let batch: GoValue[] = [];
    const flush = function* (): Generator<string> {
      if (batch.length === 0) return;
      // The batch as a list at the top level: its items sit at two spaces, between `[` and `\n]`, which are cut.
      const text = escapeHtml(JSON.stringify(batch, null, 2).slice(1, -2)).replaceAll('\n', `\n${indent}`);
      yield first ? `[${text}` : `,${text}`;
      first = false;
      batch = [];
    };
    for (const item of items) {
      // JSON.stringify writes null for an undefined item of a list.
      const entry = item === undefined ? null : item;
      if (isPlain(entry)) {
        batch.push(entry);
        if (batch.length >= BATCH) yield* flush();
        continue;
      }
      yield* flush();
      yield `${first ? '[' : ','}\n${inner}`;
      first = false;
      yield* pieces(entry, inner);
    }
    yield* flush();
    yield first ? '[]' : `\n${indent}]`;
    return;
  }
  let first = true;
  for (const [key, member] of Object.entries(value as { readonly [key: string]: StreamValue })) {
    if (member === undefined) continue;
    yield `${first ? '{' : ','}\n${inner}${escapeHtml(JSON.stringify(key))}: `;
    first = false;
    yield* pieces(member, inner);
  }
  yield first ? '{}' : `\n${indent}}`;
}
