// The header of Python core metadata (METADATA, PKG-INFO: https://packaging.python.org/en/latest/specifications/core-metadata/)
// read as Go's textproto.ReadMIMEHeader reads it for Trivy's python packaging parser.
import { splitLicenses } from './split-licenses.js';

/** Header fields by lower-cased name, every value in file order. */
export type MetadataHeader = ReadonlyMap<string, readonly string[]>;

/** RFC 7230 token characters: the bytes Go accepts in a header key. */
const KEY = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Control characters Go refuses in a header value (tab is allowed). */
const hasBadValueByte = (value: string): boolean =>
  [...value].some((c) => {
    const code = c.charCodeAt(0);
    return (code < 0x20 && code !== 0x09) || code === 0x7f;
  });

/**
 * The header fields up to the first blank line. Continuation lines (leading space or tab) join the field
 * before them with one space. Like Trivy, a malformed line ends the header without failing: the fields
 * before it are kept.
 */
export function readMetadataHeader(text: string): MetadataHeader {
  const header = new Map<string, string[]>();
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  let i = 0;
  // A first line starting with a blank is "malformed MIME header initial line".
  if (/^[ \t]/.test(lines[0] ?? '')) return header;
  while (i < lines.length) {
    let field = (lines[i] ?? '').trimEnd();
    i++;
    if (field === '') break;
    while (i < lines.length && /^[ \t]/.test(lines[i] ?? '')) {
      field += ` ${(lines[i] ?? '').trim()}`;
      i++;
    }
    const colon = field.indexOf(':');
    if (colon < 0) break;
    const key = field.slice(0, colon);
    const value = field.slice(colon + 1).replace(/^[ \t]+/, '');
    if (key === '') continue; // Go skips an empty key rather than failing
    if (!KEY.test(key) || hasBadValueByte(value)) break;
    const lower = key.toLowerCase();
    header.set(lower, [...(header.get(lower) ?? []), value]);
  }
  return header;
}

/** The first value of a field, or ''. */
export const firstValue = (header: MetadataHeader, name: string): string => header.get(name.toLowerCase())?.[0] ?? '';

/**
 * The licenses Trivy reads from a metadata header: License-Expression (PEP 639) first; else the
 * `License :: ` classifiers but the bare "OSI Approved" grouping; else License. A License-File alone names
 * a file whose text Trivy classifies; barnacle has no classifier, so it gives no license.
 */
export function metadataLicenses(header: MetadataHeader): string[] {
  const expression = firstValue(header, 'License-Expression');
  if (expression !== '') return splitLicenses(expression);
  const classifiers = (header.get('classifier') ?? [])
    .filter((classifier) => classifier.startsWith('License :: '))
    .map((classifier) => classifier.split(' :: ').at(-1) ?? '')
    .filter((name) => name !== 'OSI Approved');
  if (classifiers.length > 0) return splitLicenses(classifiers.join(', '));
  return splitLicenses(firstValue(header, 'License'));
}
