// License fields of language package metadata split into license names, as Trivy's licensing.SplitLicenses
// (pkg/licensing/normalize.go) splits them: at commas and at ` or ` / ` and `, keeping "Version 2.0" and
// "or later" tails with the name before them; a field that reads like license text becomes one `text://` entry.

/** `, or `, ` and `, `_or_` and plain commas separate licenses (Trivy's licenseSplitRegexp). */
const SEPARATOR = /,?[_ ]+(?:or|and)[_ ]+|,[ ]*/;

/** Words that mark a field as license text rather than a name (Trivy's licenseTextKeywords). */
const TEXT_KEYWORDS = [
  'http://',
  'https://',
  '(c)',
  'as-is',
  ';',
  'hereby',
  'permission to use',
  'permission is',
  'use in source',
  'use, copy, modify',
  'using',
];

/** Python classifier names with "or"/"and" inside, by the first word after the separator (pythonLicenseExceptions). */
const PYTHON_EXCEPTIONS: Readonly<Record<string, string>> = {
  lesser: 'GNU Library or Lesser General Public License (LGPL)',
  distribution: 'Common Development and Distribution License 1.0 (CDDL-1.0)',
  disclaimer: 'Historical Permission Notice and Disclaimer (HPND)',
};

/** Trivy's prefix for a license given as text. */
export const LICENSE_TEXT_PREFIX = 'text://';

/** The license names in one license field; empty for an empty field. */
export function splitLicenses(field: string): string[] {
  if (field === '') return [];
  const lower = field.toLowerCase();
  if (TEXT_KEYWORDS.some((keyword) => lower.includes(keyword))) return [`${LICENSE_TEXT_PREFIX}${field}`];
  const licenses: string[] = [];
  for (const part of field.split(new RegExp(SEPARATOR, 'g'))) {
    const firstWord = part.toLowerCase().split(' ')[0] ?? '';
    const last = licenses.length - 1;
    const previous = licenses[last];
    if (previous !== undefined) {
      if (firstWord === 'ver' || firstWord === 'version') {
        licenses[last] = `${previous}, ${part}`; // `Apache License, Version 2.0`
        continue;
      }
      if (firstWord === 'later') {
        licenses[last] = `${previous} or ${part}`; // `GPL v2 or later`
        continue;
      }
      const exception = Object.hasOwn(PYTHON_EXCEPTIONS, firstWord) ? PYTHON_EXCEPTIONS[firstWord] : undefined;
      if (exception !== undefined) {
        if (exception === `${previous} or ${part}` || exception === `${previous} and ${part}`)
          licenses[last] = exception;
        continue;
      }
    }
    licenses.push(part);
  }
  return licenses;
}
