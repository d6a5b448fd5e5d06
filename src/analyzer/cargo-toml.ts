// Cargo.toml as Trivy's cargo analyzer reads it beside a Cargo.lock (pkg/fanal/analyzer/language/rust/cargo):
// the package, the workspace, the dependencies that make lock-file packages direct, and Trivy's id for a manifest
// without a package name (mitchellh/hashstructure v2 of the decoded fields).
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
