// Line spans of the members of one JSON container, for package files whose packages Trivy reports with
// their Locations (StartLine/EndLine of each package's object, as its x/json Location decoding gives them).
import type { Location } from '../types.js';

/**
 * The line span of each member of the object or array reached by `keys` from the top-level object
 * (`['packages']`: the elements of the top-level "packages" array, keyed by index; `['libraries']`: the
 * values of the "libraries" object, keyed by name). Members that are not objects or arrays get no span.
 * The text must already be known to be valid JSON.
 */
export function memberSpans(text: string, keys: readonly string[]): Map<string | number, Location> {
  const spans = new Map<string | number, Location>();
  let line = 1;
  let i = 0;
  // The path of keys (object members) and indexes (array elements) to the value being read.
  const path: (string | number)[] = [];
  const containers: { kind: 'object' | 'array'; index: number; startLine: number }[] = [];
  let pendingKey: string | undefined;
  const atTarget = () => path.length === keys.length + 1 && keys.every((key, k) => path[k] === key);
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') line++;
    if (c === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const value = JSON.parse(text.slice(i, end + 1)) as string;
      const top = containers.at(-1);
      // A string directly inside an object and followed by ':' is a key.
      if (top?.kind === 'object' && /^\s*:/.test(text.slice(end + 1, end + 32))) pendingKey = value;
      i = end + 1;
      continue;
    }
    if (c === '{' || c === '[') {
      const parent = containers.at(-1);
      if (parent?.kind === 'array') path.push(parent.index);
      else if (parent) path.push(pendingKey ?? '');
      containers.push({ kind: c === '{' ? 'object' : 'array', index: 0, startLine: line });
    } else if (c === '}' || c === ']') {
      const closed = containers.pop();
      if (closed && atTarget())
        spans.set(path.at(-1) as string | number, { startLine: closed.startLine, endLine: line });
      if (containers.length > 0) path.pop();
    } else if (c === ',') {
      const top = containers.at(-1);
      if (top?.kind === 'array') top.index++;
    }
    i++;
  }
  return spans;
}
