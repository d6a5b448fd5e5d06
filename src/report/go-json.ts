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
  const kept = Object.entries(members).filter(([, value]) => value !== undefined);
  return kept.length === 0 ? undefined : Object.fromEntries(kept);
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

/** json.MarshalIndent(value, "", "  "): Go escapes <, > and & (and U+2028, U+2029) inside strings. */
export function marshalIndent(value: GoValue): string {
  return JSON.stringify(value, null, 2).replace(/[<>&\u2028\u2029]/g, (c) => {
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}
