// NuGet package versions, ordered as NuGet.Versioning's VersionComparer.Default orders them
// (https://learn.microsoft.com/en-us/nuget/concepts/package-versioning#normalized-version-numbers and
// SemVer 2.0.0 §11): one to four numeric parts (missing ones are 0), a release above its pre-releases,
// pre-release labels compared one by one (numbers numerically and below text, text case-insensitively),
// build metadata after `+` ignored.
import type { VersionScheme } from './types.js';

export interface NuGetVersion {
  /** Major, minor, patch and revision, as digits without leading zeros. */
  readonly parts: readonly [string, string, string, string];
  /** Pre-release labels; empty for a release. */
  readonly labels: readonly string[];
}

const SHAPE =
  /^(\d+(?:\.\d+){0,3})(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;
/** NuGet reads each part as a 32-bit signed integer. */
const INT32_MAX = 2147483647;

const stripZeros = (digits: string) => digits.replace(/^0+(?=.)/, '');
const isNumeric = (label: string) => /^\d+$/.test(label);

function compareDigits(a: string, b: string): number {
  const [x, y] = [stripZeros(a), stripZeros(b)];
  return Math.sign(x.length - y.length) || (x === y ? 0 : x < y ? -1 : 1);
}

function compareLabel(a: string, b: string): number {
  if (isNumeric(a) && isNumeric(b)) return compareDigits(a, b);
  if (isNumeric(a)) return -1;
  if (isNumeric(b)) return 1;
  // StringComparer.OrdinalIgnoreCase compares upper-cased UTF-16 code units; labels are ASCII.
  const [x, y] = [a.toUpperCase(), b.toUpperCase()];
  return x === y ? 0 : x < y ? -1 : 1;
}

export const nuget: VersionScheme<NuGetVersion> = {
  id: 'nuget',
  parse(input) {
    const m = SHAPE.exec(input);
    if (!m?.[1]) return null;
    const numbers = m[1].split('.').map(stripZeros);
    if (numbers.some((n) => n.length > 10 || Number(n) > INT32_MAX)) return null;
    const [major = '0', minor = '0', patch = '0', revision = '0'] = numbers;
    return { parts: [major, minor, patch, revision], labels: m[2] ? m[2].split('.') : [] };
  },
  compare(a, b) {
    for (let i = 0; i < 4; i++) {
      const order = compareDigits(a.parts[i] as string, b.parts[i] as string);
      if (order !== 0) return order;
    }
    if (a.labels.length === 0 || b.labels.length === 0) return Math.sign(b.labels.length - a.labels.length);
    const length = Math.min(a.labels.length, b.labels.length);
    for (let i = 0; i < length; i++) {
      const order = compareLabel(a.labels[i] as string, b.labels[i] as string);
      if (order !== 0) return order;
    }
    return Math.sign(a.labels.length - b.labels.length);
  },
};
