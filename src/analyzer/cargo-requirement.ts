// Whether a Cargo.lock version meets a Cargo.toml dependency's requirement, as Trivy's cargo analyzer decides it
// (matchVersion in pkg/fanal/analyzer/language/rust/cargo) with aquasecurity/go-version's semver constraints:
// `||` alternatives of comma- or space-separated comparators; a bare version is a caret requirement; a missing
// minor or patch is a wildcard; a pre-release version only meets a comparator that names a pre-release.

/** A version part: a number, a wildcard (`*`, `x`, or left out), or another string. */
type Part = bigint | '*' | string;
interface Semver {
  readonly major: Part;
  readonly minor: Part;
  readonly patch: Part;
  /** Pre-release identifiers; null when there are none, [] once bumped (Go's nil and empty slices differ). */
  readonly pre: readonly Part[] | null;
}

const MAX_U64 = (1n << 64n) - 1n;
/** go-version's semver.Parse: SemVer 2.0.0, nothing around it. */
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*)?$/;
/** go-version's version.Parse: what Trivy takes for a bare version and turns into `^version`. */
const BARE =
  /^v?([0-9]+(?:\.[0-9]+)*)(?:-(?:[0-9]+[0-9A-Za-z\-~]*(?:\.[0-9A-Za-z\-~]+)*)|-?(?:[A-Za-z\-~]+[0-9A-Za-z\-~]*(?:\.[0-9A-Za-z\-~]+)*))?(?:\+[0-9A-Za-z\-~]+(?:\.[0-9A-Za-z\-~]+)*)?$/;
const CV = String.raw`v?([0-9|xX*]+)(\.[0-9|xX*]+)?(\.[0-9|xX*]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?`;
const COMPARATOR = String.raw`(==|!=|>=|=>|<=|=<|=|>|<|~|\^|)\s*(${CV})`;

function part(text: string): Part {
  if (/^[0-9]+$/.test(text) && BigInt(text) <= MAX_U64) return BigInt(text);
  return text === '*' || text === 'x' || text === 'X' ? '*' : text;
}
const isAny = (p: Part) => p === '*';
const partsOf = (text: string): Part[] | null => (text === '' ? null : text.split('.').map(part));
const anyIn = (parts: readonly Part[] | null) => (parts ?? []).some(isAny);
const isNull = (parts: readonly Part[] | null) => parts === null || parts.length === 0 || anyIn(parts);

function comparePart(a: Part, b: Part): number {
  if (isAny(a) || isAny(b)) return 0;
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'bigint') return -1;
  if (typeof b === 'bigint') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function comparePre(a: readonly Part[] | null, b: readonly Part[] | null): number {
  const same = a === null || b === null ? a === b : a.length === b.length && a.every((p, i) => p === b[i]);
  if (same || anyIn(a) || anyIn(b)) return 0;
  if (isNull(a)) return 1;
  if (isNull(b)) return -1;
  const [x, y] = [a ?? [], b ?? []];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (i >= x.length) return -1;
    if (i >= y.length) return 1;
    const result = comparePart(x[i] as Part, y[i] as Part);
    if (result !== 0) return result;
  }
  return 0;
}

/** go-version's Compare: a wildcard part ends the comparison as equal. */
function compare(v: Semver, c: Semver): number {
  for (const key of ['major', 'minor', 'patch'] as const) {
    const result = comparePart(v[key], c[key]);
    if (result !== 0 || isAny(v[key]) || isAny(c[key])) return result;
  }
  return comparePre(v.pre, c.pre);
}

const isWild = (c: Semver) => isAny(c.major) || isAny(c.minor) || isAny(c.patch);
function numberOf(p: Part): bigint {
  if (typeof p !== 'bigint') throw new RangeError(`'${p}' is not a number`);
  return p;
}
const bumped = (major: bigint, minor: bigint, patch: bigint): Semver => ({ major, minor, patch, pre: [] });
const incMajor = (c: Semver) => bumped(numberOf(c.major) + 1n, 0n, 0n);
const incMinor = (c: Semver) => bumped(numberOf(c.major), numberOf(c.minor) + 1n, 0n);

function tildeBump(c: Semver): Semver {
  if (isAny(c.major)) return { ...c, major: MAX_U64 };
  return isAny(c.minor) ? incMajor(c) : incMinor(c);
}

function caretBump(c: Semver): Semver {
  if (isAny(c.major)) return { ...c, major: MAX_U64 };
  if (numberOf(c.major) !== 0n || isAny(c.minor)) return incMajor(c);
  if (numberOf(c.minor) !== 0n || isAny(c.patch)) return incMinor(c);
  return bumped(0n, 0n, numberOf(c.patch) + 1n);
}

/** The lowest version a comparator allows: wildcards as 0. */
const lowest = (c: Semver): Semver => ({
  major: isAny(c.major) ? 0n : c.major,
  minor: isAny(c.minor) ? 0n : c.minor,
  patch: isAny(c.patch) ? 0n : c.patch,
  pre: anyIn(c.pre) ? [] : c.pre,
});

const OPERATORS: Readonly<Record<string, (v: Semver, c: Semver) => boolean>> = {
  '': (v, c) => compare(v, c) === 0,
  '=': (v, c) => compare(v, c) === 0,
  '==': (v, c) => compare(v, c) === 0,
  '!=': (v, c) => compare(v, c) !== 0,
  '>': (v, c) => compare(v, c) > 0,
  '<': (v, c) => compare(v, lowest(c)) < 0,
  '>=': (v, c) => compare(v, c) >= 0,
  '=>': (v, c) => compare(v, c) >= 0,
  '<=': (v, c) => compare(v, c) <= 0,
  '=<': (v, c) => compare(v, c) <= 0,
  '~': (v, c) => compare(v, c) >= 0 && compare(v, tildeBump(c)) < 0,
  '^': (v, c) => compare(v, c) >= 0 && compare(v, caretBump(c)) < 0,
};

/** One comparator; an empty one allows any version without a pre-release. */
function comparator(text: string): (v: Semver) => boolean {
  const m = text === '' ? ['', '', '', '*'] : new RegExp(COMPARATOR).exec(text);
  if (!m) throw new RangeError(`improper constraint: ${text}`);
  const [, op = '', , major = '', minor = '', patch = '', pre = ''] = m;
  const wildcard = (p: string) => (p === '' ? '*' : part(p.slice(1)));
  const partial = { major: part(major), minor: wildcard(minor), patch: wildcard(patch) };
  let prerelease = partsOf(pre.replace(/^-/, ''));
  if (isNull(prerelease) && isWild({ ...partial, pre: null })) prerelease = [...(prerelease ?? []), '*'];
  const c: Semver = { ...partial, pre: prerelease };
  const check = OPERATORS[op] as (v: Semver, c: Semver) => boolean;
  return (v) => {
    if (!isNull(v.pre) && isNull(c.pre)) return false;
    if (!isNull(c.pre) && isWild(c)) return false;
    return check(v, c);
  };
}

/** go-version's semver check of a version against a constraint; throws a RangeError when either is unreadable. */
export function meetsConstraint(version: string, constraint: string): boolean {
  const m = SEMVER.exec(version);
  if (!m) throw new RangeError(`version ${version} is not SemVer`);
  const v: Semver = {
    major: BigInt(m[1] ?? 0),
    minor: BigInt(m[2] ?? 0),
    patch: BigInt(m[3] ?? 0),
    pre: partsOf(m[4] ?? ''),
  };
  const alternatives = constraint.split('||').map((alternative) => {
    const found = alternative.match(new RegExp(COMPARATOR, 'g')) ?? [alternative.trim()];
    return found.map((single) => comparator(single));
  });
  return alternatives.some((all) => all.every((check) => check(v)));
}

/**
 * Whether a Cargo.lock version meets a Cargo.toml requirement, as Trivy's matchVersion decides it: a bare version
 * (`1.2.3`) is a caret requirement. Throws a RangeError when the version or the requirement cannot be read.
 */
export function meetsRequirement(version: string, requirement: string): boolean {
  const bare = BARE.exec(requirement);
  const fitsU64 = bare?.[1]?.split('.').every((n) => BigInt(n) <= MAX_U64) ?? false;
  return meetsConstraint(version, fitsU64 ? `^${requirement}` : requirement);
}
