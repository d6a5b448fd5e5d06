// The JSON text of an SBOM document (CycloneDX, SPDX) as JSON.stringify(document, null, 2) writes it, either
// whole or in chunks: the long lists of a document (components, packages, relationships) are `JsonList`s, whose
// items are made only when their turn comes, so that a document of many packages is never held whole.
import { type JsonLayout, stringifyChunks } from '../json-chunks.js';

/** A list whose items are made while it is written; `items` may be called once per writing. */
export class JsonList {
  constructor(readonly items: () => Iterable<unknown>) {}
}

/** A list of `source` mapped item by item when written. */
export function jsonList<T>(source: Iterable<T>, item: (value: T) => unknown): JsonList {
  return new JsonList(function* () {
    for (const value of source) yield item(value);
  });
}

/** Whether a value holds a JsonList as itself or as a member: such a value is written member by member. */
const holdsList = (value: unknown): boolean =>
  value instanceof JsonList ||
  (value !== null && typeof value === 'object' && Object.values(value).some((member) => member instanceof JsonList));

/** Two spaces a level; items of a list stringified 64 at a time. */
const INDENTED: JsonLayout = {
  indent: '  ',
  isFlat: (value) => !holdsList(value),
  items: (value) => (value instanceof JsonList ? value.items() : Array.isArray(value) ? value : undefined),
  batch: 64,
};

/** The document's text and a final newline, in chunks made as they are consumed. */
export function* documentChunks(document: unknown): Generator<string> {
  yield* stringifyChunks(document, INDENTED);
  yield '\n';
}

/** The document's text and a final newline, made at once: JSON.stringify with every list made whole. */
export function documentText(document: unknown): string {
  const whole = (_key: string, value: unknown) => (value instanceof JsonList ? [...value.items()] : value);
  return `${JSON.stringify(document, whole, 2)}\n`;
}
