// Cargo.toml as Trivy's cargo analyzer reads it beside a Cargo.lock (pkg/fanal/analyzer/language/rust/cargo):
// the package, the workspace, the dependencies that make lock-file packages direct, and Trivy's id for a manifest
// without a package name (mitchellh/hashstructure v2 of the decoded fields). Also Trivy's matching of a lock-file
// version against a dependency's requirement (aquasecurity/go-version's semver constraints).
import { parse as parseToml, TomlDate } from 'smol-toml';
import { z } from 'zod';
import type { CargoManifest, PackageManifest } from './types.js';

const Table = z.record(z.string(), z.unknown());

/** The fields Trivy decodes; a member of another type makes Go's TOML decoder refuse the whole file. */
const CargoToml = z.object({
  package: z.object({ name: z.string().optional(), version: z.unknown().optional() }).optional(),
  dependencies: Table.optional(),
  target: z.record(z.string(), z.record(z.string(), Table)).optional(),
  workspace: z
    .object({
      dependencies: Table.optional(),
      members: z.array(z.string()).optional(),
      package: z.object({ version: z.string().optional() }).optional(),
    })
    .optional(),
});
type CargoToml = z.infer<typeof CargoToml>;

// FNV-1 64 (Go's hash/fnv New64), hashstructure's default hasher.
const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;

function fnv1(bytes: Uint8Array): bigint {
  let hash = FNV_OFFSET;
  for (const byte of bytes) hash = ((hash * FNV_PRIME) & MASK) ^ BigInt(byte);
  return hash;
}

function littleEndian(...values: bigint[]): Uint8Array {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  for (const [i, value] of values.entries()) view.setBigUint64(i * 8, BigInt.asUintN(64, value), true);
  return bytes;
}

const hashString = (s: string) => fnv1(new TextEncoder().encode(s));
const ordered = (a: bigint, b: bigint) => fnv1(littleEndian(a, b));
const finish = (a: bigint) => fnv1(littleEndian(a));

/** A nested struct, already hashed. */
class Prehashed {
  constructor(readonly hash: bigint) {}
}

/** hashstructure's struct: its type name, then each non-zero field mixed in unordered and hardened. */
function hashStruct(typeName: string, fields: readonly [string, unknown][]): bigint {
  let hash = hashString(typeName);
  for (const [name, value] of fields) {
    if (value === undefined) continue; // IgnoreZeroValue: nil maps and slices, empty strings, nil interfaces
    hash = finish(hash ^ ordered(hashString(name), value instanceof Prehashed ? value.hash : hashValue(value)));
  }
  return hash;
}

/** hashstructure's walk of a value Go's TOML decoder put in an `any`: int64, float64, bool, slices, maps. */
function hashValue(value: unknown): bigint {
  if (typeof value === 'string') return hashString(value);
  if (typeof value === 'bigint') return fnv1(littleEndian(value));
  if (typeof value === 'number') {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setFloat64(0, value, true);
    return fnv1(bytes);
  }
  if (typeof value === 'boolean') return fnv1(Uint8Array.of(value ? 1 : 0));
  if (value instanceof TomlDate) return hashString('Time'); // a time.Time: its fields are unexported
  if (Array.isArray(value)) return value.reduce((hash: bigint, item) => ordered(hash, hashValue(item)), 0n);
  if (typeof value === 'object' && value !== null) {
    let hash = 0n;
    for (const [key, item] of Object.entries(value)) hash ^= ordered(hashString(key), hashValue(item));
    return finish(hash);
  }
  return fnv1(littleEndian(0n)); // a nil interface is hashed as the int 0
}

/** Trivy's packageID for a Cargo.toml without a package name: hashstructure v2 of the decoded cargoToml. */
function manifestHash(toml: CargoToml): string {
  const name = toml.package?.name || undefined;
  const pkg =
    name === undefined && toml.package?.version === undefined
      ? undefined
      : hashStruct('Package', [
          ['Name', name],
          ['Version', toml.package?.version],
        ]);
  const wsVersion = toml.workspace?.package?.version || undefined;
  const wsPackage = wsVersion === undefined ? undefined : hashStruct('', [['Version', wsVersion]]);
  const { dependencies, members } = toml.workspace ?? {};
  const workspace =
    dependencies === undefined && members === undefined && wsPackage === undefined
      ? undefined
      : hashStruct('cargoTomlWorkspace', [
          ['Dependencies', dependencies],
          ['Members', members],
          ['Package', wsPackage === undefined ? undefined : new Prehashed(wsPackage)],
        ]);
  return hashStruct('cargoToml', [
    ['Package', pkg === undefined ? undefined : new Prehashed(pkg)],
    ['Dependencies', toml.dependencies],
    ['Target', toml.target],
    ['Workspace', workspace === undefined ? undefined : new Prehashed(workspace)],
  ]).toString(16);
}

/** A dependency's version requirement: `regex = "1.5"` or `serde = { version = "1.0" }`; null without one. */
function requirementOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && 'version' in value) {
    return typeof value.version === 'string' ? value.version : null;
  }
  return null;
}

/** A Cargo.toml's facts, or why Go's TOML decoder would refuse it. */
export function cargoManifest(filePath: string, content: string): PackageManifest {
  let parsed: unknown;
  try {
    parsed = parseToml(content, { integersAsBigInt: true });
  } catch (error) {
    return { filePath, invalid: `not valid TOML (${(error as Error).message.split('\n')[0]})` };
  }
  const read = CargoToml.safeParse(parsed);
  if (!read.success) {
    const where = read.error.issues[0]?.path.join('.') || 'the top level';
    return { filePath, invalid: `${where} has the wrong type` };
  }
  const toml = read.data;
  const version = toml.package?.version;
  const inherits =
    version === undefined ||
    (typeof version === 'object' && version !== null && (version as Record<string, unknown>).workspace === true);
  // Later tables override earlier ones, as Trivy's maps.Copy does.
  const tables = [
    toml.dependencies ?? {},
    ...Object.values(toml.target ?? {}).map((target) => target.dependencies ?? {}),
    toml.workspace?.dependencies ?? {},
  ];
  const dependencies: Record<string, string | null> = {};
  for (const table of tables) {
    for (const [name, value] of Object.entries(table)) dependencies[name] = requirementOf(value);
  }
  const cargo: CargoManifest = {
    name: toml.package?.name ?? '',
    version: inherits ? null : typeof version === 'string' ? version : '',
    workspaceVersion: toml.workspace?.package?.version ?? '',
    // Only a manifest without a package name is known by its hash.
    hash: toml.package?.name ? '' : manifestHash(toml),
    members: toml.workspace?.members ?? [],
    dependencies,
  };
  return { filePath, cargo };
}

// Trivy's matchVersion (cargo.go) with aquasecurity/go-version's semver constraints: `||` alternatives of
// comma- or space-separated comparators; a bare version is a caret requirement; a missing minor or patch is a
// wildcard; a pre-release version only matches a comparator that names a pre-release.

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
