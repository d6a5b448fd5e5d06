// License names normalised as Trivy normalises them (pkg/licensing/normalize.go): a declared name is
// standardised (upper case, single spaces, no "The " prefix, no "License" suffix, "or later" / "only"
// suffixes taken off, a version written `-<n>`), then looked up in Trivy's table of declared names
// (mapping.ts), else in the SPDX license list (spdx-ids.ts) for its canonical casing; a name found in
// neither is kept as written, trimmed. GNU licenses are written `-only` / `-or-later`, others `+` for "or later".
// The whole string is one name: expressions such as `MIT OR Apache-2.0` are not parsed here (Trivy parses
// them only when it writes SBOMs).
import { LICENSE_MAPPING } from './mapping.js';
import { GNU_LICENSES, SPDX_LICENSE_IDS } from './spdx-ids.js';
import { SPDX_LICENSE_URLS } from './spdx-urls.js';

/** A license id and whether it means "or later" (Trivy's expression.SimpleExpr). */
export interface SimpleLicense {
  readonly license: string;
  readonly plus: boolean;
}

/** Go's unicode.IsSpace (strings.Fields, strings.TrimSpace): JS's \s has U+FEFF and lacks U+0085. */
const GO_SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const SPACES = new RegExp(`[${GO_SPACE}]+`, 'u');
const TRIM = new RegExp(`^[${GO_SPACE}]+|[${GO_SPACE}]+$`, 'gu');

/**
 * A version after a name: `GPL V2`, `Apache License, Version 2.0`, `LGPL (v2.1)` → `$1-$4` (`GPL-2`, `APACHE-2.0`).
 * Go's `\s` is ASCII whitespace without \v.
 */
const VERSION =
  '([A-UW-Z)])( LICENSE)?[\\t\\n\\f\\r ]*[,(-]?[\\t\\n\\f\\r ]*(V|V\\.|VER|VER\\.|VERSION|VERSION-|-)?[\\t\\n\\f\\r ]*([1-9](\\.\\d)*)[)]?';
/** Anywhere, any case (LaxSplitLicenses); `u` so case folding is Unicode's, as Go's `(?i)`. */
const VERSION_ANYWHERE = new RegExp(VERSION, 'giu');
/** At the end of a standardised (upper-case) name. */
const VERSION_SUFFIX = new RegExp(`${VERSION}$`, 'u');

const PLUS_SUFFIXES = ['+', '-OR-LATER', ' OR LATER'];
const ONLY_SUFFIXES = ['-ONLY', ' ONLY'];

/** SPDX ids by their lower-case form (Trivy's case-insensitive set). */
const SPDX_BY_LOWER = new Map(SPDX_LICENSE_IDS.map((id) => [id.toLowerCase(), id]));

/** The canonical casing of an SPDX license id, matched in any case (Trivy's expression.SPDXLicenseID). */
export const spdxLicenseId = (name: string): string | undefined => SPDX_BY_LOWER.get(goLower(name));

/** Go's strings.ToUpper: a character whose upper case is more than one character (ß) stays as it is. */
function goUpper(s: string): string {
  let out = '';
  for (const c of s) {
    const upper = c.toUpperCase();
    out += [...upper].length === 1 ? upper : c;
  }
  return out;
}

/** Go's strings.ToLower: İ becomes i (JS gives i and a combining dot). */
const goLower = (s: string): string => s.replaceAll('İ', 'i').toLowerCase();

const trimSuffix = (s: string, suffix: string): string => (s.endsWith(suffix) ? s.slice(0, -suffix.length) : s);

/** A declared name as Trivy standardises it before the table lookup (standardizeKeyAndSuffix). */
export function standardizeName(declared: string): SimpleLicense {
  let name = goUpper(
    declared
      .split(SPACES)
      .filter((field) => field !== '')
      .join(' '),
  );
  if (name.startsWith('HTTP')) return { license: name, plus: false }; // URLs are looked up as they are
  name = name.replaceAll('LICENCE', 'LICENSE');
  if (name.startsWith('THE ')) name = name.slice(4);
  for (const suffix of [' LICENSE', ' LICENSED', '-LICENSE', '-LICENSED']) name = trimSuffix(name, suffix);
  if (name !== 'UNLICENSE') name = trimSuffix(name, 'LICENSE');
  if (name !== 'UNLICENSED') name = trimSuffix(name, 'LICENSED');
  let plus = false;
  for (const suffix of PLUS_SUFFIXES) {
    if (name.endsWith(suffix)) {
      name = name.slice(0, -suffix.length);
      plus = true;
    }
  }
  for (const suffix of ONLY_SUFFIXES) name = trimSuffix(name, suffix);
  return { license: name.replace(VERSION_SUFFIX, '$1-$4'), plus };
}

/** A declared name as a license id with its "or later" flag (Trivy's normalizeSimpleExpr). */
export function normalizeSimple(declared: string, plus = false): SimpleLicense {
  const name = declared.replace(TRIM, '');
  const standard = standardizeName(name);
  const mapped = LICENSE_MAPPING.get(standard.license);
  if (mapped) return { license: mapped.license, plus: plus || mapped.plus || standard.plus };
  const spdx = SPDX_BY_LOWER.get(goLower(standard.license));
  if (spdx !== undefined) return { license: spdx, plus: plus || standard.plus };
  return { license: name, plus };
}

/** How Trivy writes a license: `GPL-2.0-only`, `GPL-2.0-or-later`, `Apache-2.0+`, `MIT`. */
export function licenseString({ license, plus }: SimpleLicense): string {
  if (GNU_LICENSES.has(license)) return `${license}${plus ? '-or-later' : '-only'}`;
  return plus ? `${license}+` : license;
}

/** One declared name normalised (Trivy's normalizeLicense). */
export const normalizeLicense = (declared: string): string => licenseString(normalizeSimple(declared));

/** Declared names normalised, each once, empty ones dropped (Trivy's NormalizeLicenses). */
export function normalizeLicenses(declared: readonly string[]): string[] {
  const names = new Set(declared.map(normalizeLicense));
  names.delete('');
  return [...names];
}

/**
 * A license field split at blanks and normalised name by name, as Trivy's LaxSplitLicenses (the apk analyzer's
 * `L:` field): a version written apart is joined first (`MPL 2.0` → `MPL-2.0`), parentheses around a word are
 * dropped, `AND` / `OR` are skipped and `X WITH Y` stays one entry.
 */
export function laxSplitLicenses(field: string): string[] {
  const licenses: string[] = [];
  let afterWith = false;
  for (const field_ of field.replace(VERSION_ANYWHERE, '$1-$4').split(SPACES)) {
    const word = field_.replace(/^[()]+|[()]+$/g, '');
    if (word === '' || word === 'AND' || word === 'OR') continue;
    if (word === 'WITH') {
      afterWith = true;
      continue;
    }
    const name = normalizeLicense(word);
    const last = licenses.length - 1;
    if (afterWith && last >= 0) {
      licenses[last] = `${licenses[last]} WITH ${name}`;
      afterWith = false;
    } else licenses.push(name);
  }
  return licenses;
}

/** Extensions license URLs carry that do not matter for matching (LICENSE-2.0.txt, gpl-3.0.html). */
const DOC_EXTENSIONS = ['.txt', '.html', '.htm', '.php', '.md'];
/** Wayback Machine hosts, which serve a captured page under `/web/<timestamp>/<URL>`. */
const SNAPSHOT_HOSTS = ['web.archive.org', 'wayback.archive.org'];

/** An http or https scheme dropped (any case); other schemes are kept, so they match only themselves. */
function withoutScheme(s: string): string {
  for (const scheme of ['https://', 'http://']) {
    if (s.slice(0, scheme.length).toLowerCase() === scheme) return s.slice(scheme.length);
  }
  return s;
}

/** The URL a Wayback Machine snapshot captured (host in any case, `/web/` and a timestamp starting with a digit). */
function captured(s: string): string | undefined {
  for (const host of SNAPSHOT_HOSTS) {
    if (s.slice(0, host.length).toLowerCase() !== host) continue;
    const rest = s.slice(host.length);
    if (!rest.startsWith('/web/')) continue;
    const after = rest.slice(5);
    const slash = after.indexOf('/');
    if (slash <= 0) continue;
    const url = after.slice(slash + 1);
    const first = after.charCodeAt(0);
    if (url === '' || first < 0x30 || first > 0x39) continue;
    return url;
  }
  return undefined;
}

/**
 * A license URL as a matching key, as Trivy's NormalizeLicenseURL: no http(s) scheme, the outermost snapshot
 * unwrapped, the host (only) in lower case, no `www.`, opensource.org's `/licenses/` read `/license/`, no
 * trailing slash, no document extension.
 */
export function normalizeLicenseUrl(url: string): string {
  let s = withoutScheme(url.replace(TRIM, ''));
  if (s === '') return '';
  const snapshot = captured(s);
  if (snapshot !== undefined) s = withoutScheme(snapshot);
  const hostEnd = s.search(/[/?#]/);
  const end = hostEnd < 0 ? s.length : hostEnd;
  s = s.slice(0, end).toLowerCase() + s.slice(end);
  if (s.startsWith('www.')) s = s.slice(4);
  s = s.replace('opensource.org/licenses/', 'opensource.org/license/');
  s = trimSuffix(s, '/');
  const extension = DOC_EXTENSIONS.find((ext) => s.endsWith(ext));
  return extension ? s.slice(0, -extension.length) : s;
}

/** Normalised seeAlso URL → SPDX id. */
const SPDX_BY_URL = new Map(
  Object.entries(SPDX_LICENSE_URLS).flatMap(([id, urls]) => urls.map((url) => [url, id] as const)),
);

/** The SPDX id whose seeAlso URLs include `url` (as found in metadata), as Trivy's SPDXLicenseIDByURL. */
export const spdxLicenseIdByUrl = (url: string): string | undefined => SPDX_BY_URL.get(normalizeLicenseUrl(url));
