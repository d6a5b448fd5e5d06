// Rust crate versions, ordered by SemVer 2.0.0 precedence (https://semver.org/#spec-item-11) as the `semver`
// crate Cargo uses orders them; RustSec's OSV records use `SEMVER` ranges. Strict: no `v`, no shorthands.
import { comparePrecedence, type GoVersion } from './go.js';
import type { VersionScheme } from './types.js';

/** A parsed SemVer version: numbers as decimal strings (crates may use all 64 bits), pre-release identifiers. */
export type CargoVersion = GoVersion;

const NUMBER = '0|[1-9][0-9]*';
const PRE_IDENT = `${NUMBER}|[0-9]*[A-Za-z-][0-9A-Za-z-]*`;
const BUILD_IDENT = '[0-9A-Za-z-]+';
/** SemVer 2.0.0's grammar (https://semver.org/#backusnaur-form-grammar-for-valid-semver-versions). */
const SHAPE = new RegExp(
  `^(${NUMBER})\\.(${NUMBER})\\.(${NUMBER})(?:-((?:${PRE_IDENT})(?:\\.(?:${PRE_IDENT}))*))?(?:\\+${BUILD_IDENT}(?:\\.${BUILD_IDENT})*)?$`,
);

function parse(input: string): CargoVersion | null {
  const match = SHAPE.exec(input.trim());
  if (!match) return null;
  return { numbers: [match[1] ?? '0', match[2] ?? '0', match[3] ?? '0'], prerelease: match[4]?.split('.') ?? [] };
}

export const cargo: VersionScheme<CargoVersion> = {
  id: 'cargo',
  parse,
  // Build metadata does not take part in precedence (SemVer §10), as in OSV's SEMVER ranges.
  compare: comparePrecedence,
};
