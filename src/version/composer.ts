// Packagist package versions, ordered as composer/semver orders them: VersionParser::normalize
// (https://github.com/composer/semver/blob/main/src/VersionParser.php) to `1.2.3.0-beta2`, then PHP's
// version_compare (ext/standard/versioning.c), as Composer's Constraint compares normalised versions.
// Branches (`dev-main`) have no order and are refused.
import type { VersionScheme } from './types.js';

export interface ComposerVersion {
  /** The normalised version, e.g. `1.0.0.0-RC1`, `2010.01.02.0`, `1.9999999.9999999.9999999-dev`. */
  readonly normalized: string;
}

/** VersionParser::$modifierRegex: a stability with an optional number, then an optional -dev. */
const MODIFIER = '[._-]?(?:(stable|beta|b|RC|alpha|a|patch|pl|p)((?:[.-]?\\d+)*)?)?([.-]?dev)?';
const CLASSICAL = new RegExp(`^v?(\\d{1,5})(\\.\\d+)?(\\.\\d+)?(\\.\\d+)?${MODIFIER}$`, 'i');
const DATE = new RegExp(`^v?(\\d{4}(?:[.:-]?\\d{2}){1,6}(?:[.:-]?\\d{1,3})?)${MODIFIER}$`, 'i');
const BRANCH = /^v?(\d+)(\.(?:\d+|[xX*]))?(\.(?:\d+|[xX*]))?(\.(?:\d+|[xX*]))?$/i;

/** VersionParser::expandStability. */
const STABILITIES: Readonly<Record<string, string>> = { a: 'alpha', b: 'beta', p: 'patch', pl: 'patch', rc: 'RC' };
const expandStability = (s: string) => STABILITIES[s.toLowerCase()] ?? s.toLowerCase();

/** PHP's trim() character set. */
const PHP_TRIM = new Set([' ', '\t', '\n', '\r', '\0', '\v']);
function phpTrim(s: string): string {
  let [start, end] = [0, s.length];
  while (start < end && PHP_TRIM.has(s[start] as string)) start++;
  while (end > start && PHP_TRIM.has(s[end - 1] as string)) end--;
  return s.slice(start, end);
}

/** VersionParser::normalize, or undefined for a branch or a string Composer refuses. */
export function normalizeComposer(input: string): string | undefined {
  let version = phpTrim(input);
  version = /^([^,\s]+) +as +([^,\s]+)$/.exec(version)?.[1] ?? version; // `1.0.0 as 2.0.0`: the aliased version
  version = version.replace(/@(?:stable|RC|beta|alpha|dev)$/i, ''); // stability flag
  if (['master', 'trunk', 'default'].includes(version) || version.toLowerCase().startsWith('dev-')) return undefined;
  version = /^([^,\s+]+)\+\S+$/.exec(version)?.[1] ?? version; // build metadata
  const classical = CLASSICAL.exec(version);
  const date = classical ? null : DATE.exec(version);
  const m = classical ?? date;
  if (m) {
    const base = classical ? `${m[1]}${m[2] || '.0'}${m[3] || '.0'}${m[4] || '.0'}` : (m[1] ?? '').replace(/\D/g, '.');
    const at = classical ? 5 : 2;
    const [stability, number, dev] = [m[at] ?? '', m[at + 1] ?? '', m[at + 2] ?? ''];
    let normalized = base;
    if (stability !== '') {
      if (stability === 'stable') return normalized;
      normalized += `-${expandStability(stability)}${number.replace(/^[.-]+/, '')}`;
    }
    return dev !== '' ? `${normalized}-dev` : normalized;
  }
  // A numeric branch with -dev (`1.x-dev`, `2.1-dev`): its highest version, as a dev version.
  const branch = /^(.*?)[.-]?dev$/i.exec(version);
  const parts = branch ? BRANCH.exec(phpTrim(branch[1] ?? '')) : null;
  if (!parts) return undefined;
  const segments = [1, 2, 3, 4].map((i) => (i === 1 ? '' : '.') + (parts[i]?.replace(/^\./, '') ?? 'x'));
  return `${segments.join('').replace(/[xX*]/g, '9999999')}-dev`;
}

/** php_canonicalize_version: `-`, `_`, `+` and other non-alphanumerics become dots, dots between digits and letters. */
function canonicalize(version: string): string[] {
  const isDigit = (c: string) => c >= '0' && c <= '9';
  const isAlnum = (c: string) => /^[0-9A-Za-z]$/.test(c);
  let out = version[0] ?? '';
  let previous = out;
  for (const c of version.slice(1)) {
    const last = out.at(-1);
    if (c === '-' || c === '_' || c === '+') {
      if (last !== '.') out += '.';
    } else if (
      (!isDigit(previous) && previous !== '.' && isDigit(c)) ||
      (isDigit(previous) && c !== '.' && !isDigit(c))
    ) {
      if (last !== '.') out += '.';
      out += c;
    } else if (!isAlnum(c)) {
      if (last !== '.') out += '.';
    } else {
      out += c;
    }
    previous = c;
  }
  return out.split('.');
}

/** compare_special_version_forms: dev < alpha = a < beta = b < RC = rc < # (a number) < pl = p; others lowest. */
const SPECIAL_FORMS: readonly [string, number][] = [
  ['dev', 0],
  ['alpha', 1],
  ['a', 1],
  ['beta', 2],
  ['b', 2],
  ['RC', 3],
  ['rc', 3],
  ['#', 4],
  ['pl', 5],
  ['p', 5],
];
const formOrder = (form: string) => SPECIAL_FORMS.find(([name]) => form.startsWith(name))?.[1] ?? -6;
const compareForms = (a: string, b: string) => Math.sign(formOrder(a) - formOrder(b));

const isNumber = (part: string) => /^\d/.test(part);
/** strtol's value of a part starting with digits, compared without overflow. */
function compareNumbers(a: string, b: string): number {
  const [x, y] = [/^\d+/.exec(a)?.[0] ?? '0', /^\d+/.exec(b)?.[0] ?? '0'].map((d) => d.replace(/^0+(?=.)/, ''));
  return (
    Math.sign((x as string).length - (y as string).length) || (x === y ? 0 : (x as string) < (y as string) ? -1 : 1)
  );
}

/** PHP's version_compare on two versions (both non-empty). */
export function phpVersionCompare(a: string, b: string): number {
  const pa = canonicalize(a);
  const pb = canonicalize(b);
  const length = Math.min(pa.length, pb.length);
  for (let i = 0; i < length; i++) {
    const [x, y] = [pa[i] as string, pb[i] as string];
    const order =
      isNumber(x) && isNumber(y)
        ? compareNumbers(x, y)
        : !isNumber(x) && !isNumber(y)
          ? compareForms(x, y)
          : isNumber(x)
            ? compareForms('#N#', y)
            : compareForms(x, '#N#');
    if (order !== 0) return order;
  }
  // The longer version: a number beyond the end is more, anything else is compared as a form with "#".
  if (pa.length > length)
    return isNumber(pa[length] as string) ? 1 : phpVersionCompare(pa.slice(length).join('.'), '#N#');
  if (pb.length > length)
    return isNumber(pb[length] as string) ? -1 : phpVersionCompare('#N#', pb.slice(length).join('.'));
  return 0;
}

export const composer: VersionScheme<ComposerVersion> = {
  id: 'composer',
  parse(input) {
    const normalized = normalizeComposer(input);
    return normalized === undefined ? null : { normalized };
  },
  compare: (a, b) => phpVersionCompare(a.normalized, b.normalized),
};
