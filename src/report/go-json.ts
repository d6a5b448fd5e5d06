// JSON as Go's encoding/json writes Trivy's structs: fields in struct order, `omitempty` fields left
// out when empty, map keys sorted, HTML characters escaped, times in RFC 3339 with trailing zeros of
// the fraction dropped (time.RFC3339Nano).
import { type JsonLayout, stringifyChunks } from '../json-chunks.js';

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

/** Indented text; plain items of a list marshalled 64 at a time. */
const INDENTED: JsonLayout = {
  indent: '  ',
  isFlat: (value) => isPlain(value as StreamValue),
  items: (value) => (value instanceof LazyList ? value.items() : Array.isArray(value) ? value : undefined),
  batch: 64,
};

/**
 * marshalIndent's text in chunks, byte for byte the same, made as it is consumed: each item of a list is
 * marshalled when its turn comes and dropped once written. Members whose value is `undefined` are left out,
 * as JSON.stringify does.
 */
export function* marshalIndentChunks(value: StreamValue): Generator<string> {
  // <, >, & and U+2028/9 stand only inside strings of JSON text, so escaping each chunk escapes the whole.
  for (const chunk of stringifyChunks(value, INDENTED)) yield escapeHtml(chunk);
}

function isPlain(value: StreamValue): value is GoValue {
  if (value instanceof LazyList) return false;
  if (value === null || typeof value !== 'object') return true;
  const members: readonly StreamValue[] = Array.isArray(value) ? value : Object.values(value);
  return members.every(isPlain);
}
