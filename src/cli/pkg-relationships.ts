// `--pkg-relationships`: only packages of the given relationships are scanned and reported (trivy
// pkg/scan/local/service.go filterPkgByRelationship). A package without one is 'unknown', Trivy's zero value.
import { UsageError } from '../errors.js';
import type { Package, ResultClass } from '../types.js';
import type { FlagValues } from './flags.js';

/** Trivy's relationships (ftypes.Relationships), the flag's default: all of them, nothing filtered. */
export const RELATIONSHIPS: readonly string[] = ['unknown', 'root', 'workspace', 'direct', 'indirect'];

const SBOM_FORMATS = new Set(['cyclonedx', 'spdx', 'spdx-json', 'github']);

/** The relationships to keep, or undefined for all; a UsageError where Trivy refuses the combination. */
export function pkgRelationshipsOf(flags: FlagValues): readonly string[] | undefined {
  const value = flags['pkg-relationships'];
  if (!Array.isArray(value) || RELATIONSHIPS.every((r, i) => value[i] === r && value.length === RELATIONSHIPS.length)) {
    return undefined;
  }
  const vex = (flags.vex as readonly string[] | undefined) ?? [];
  if (flags['dependency-tree'] === true || SBOM_FORMATS.has(String(flags.format)) || vex.length > 0) {
    throw new UsageError("'--pkg-relationships' cannot be used with '--dependency-tree', '--vex' or SBOM formats");
  }
  return value;
}

interface Target {
  readonly class: ResultClass;
  readonly packages: readonly Package[];
}

/** The scanned targets with only the packages of `relationships`; a language target left empty is dropped. */
export function withPkgRelationships<T extends Target, S extends { readonly targets: readonly T[] }>(
  scanned: S,
  relationships: readonly string[] | undefined,
): S {
  if (!relationships) return scanned;
  const targets = scanned.targets
    .map((target) => ({
      ...target,
      packages: target.packages.filter((pkg) => relationships.includes(pkg.relationship ?? 'unknown')),
    }))
    .filter((target) => target.class !== 'lang-pkgs' || target.packages.length > 0);
  return { ...scanned, targets };
}
