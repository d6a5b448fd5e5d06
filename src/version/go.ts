// Go module versions, ordered as golang.org/x/mod/semver.Compare orders them (the go command and the Go
// vulnerability database): SemVer 2.0.0 with a `v` prefix, the shorthands v1 and v1.2, build metadata
// (`+incompatible`) ignored, pseudo-versions ordered as the pre-releases they are.
import type { VersionScheme } from './types.js';

export interface GoVersion {
  /** Major, minor and patch as decimal strings without leading zeros (numbers may pass 2^53). */
  readonly numbers: readonly [string, string, string];
  /** Pre-release identifiers; empty for a release. */
  readonly prerelease: readonly string[];
}

const NUMBER = '0|[1-9][0-9]*';
const IDENT = '[0-9A-Za-z-]+';
const SHAPE = new RegExp(
  `^v(${NUMBER})(?:\\.(${NUMBER})(?:\\.(${NUMBER})(?:-(${IDENT}(?:\\.${IDENT})*))?(?:\\+${IDENT}(?:\\.${IDENT})*)?)?)?$`,
);
/** Go toolchain versions as `go version` prints them: go1.21rc2 is SemVer 1.21.0-rc.2 (as govulncheck maps it). */
const TOOLCHAIN = /^v?(\d+)\.(\d+)(?:\.(\d+))?(alpha|beta|rc)(\d+)$/;

/**
 * Parses a Go module version. The `v` is optional because OSV's Go records write versions without it
 * (`2.8.0+incompatible`) while build info and go.mod write it (`v2.8.0+incompatible`).
 */
function parse(input: string): GoVersion | null {
  const trimmed = input.trim();
  const toolchain = TOOLCHAIN.exec(trimmed);
  const text = toolchain
    ? `v${toolchain[1]}.${toolchain[2]}.${toolchain[3] ?? '0'}-${toolchain[4]}.${toolchain[5]}`
    : trimmed.startsWith('v')
      ? trimmed
      : `v${trimmed}`;
  const match = SHAPE.exec(text);
  if (!match) return null;
  const prerelease = match[4]?.split('.') ?? [];
  // SemVer forbids leading zeros in numeric pre-release identifiers (x/mod/semver rejects them too).
  if (prerelease.some((id) => /^0\d+$/.test(id))) return null;
  return { numbers: [match[1] ?? '0', match[2] ?? '0', match[3] ?? '0'], prerelease };
}

function compareNumbers(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** SemVer §11.4: numeric identifiers numerically and below alphanumeric ones, which compare in ASCII order. */
function compareIdentifiers(a: string, b: string): number {
  const numericA = /^\d+$/.test(a);
  const numericB = /^\d+$/.test(b);
  if (numericA && numericB) return compareNumbers(a, b);
  if (numericA !== numericB) return numericA ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function comparePrerelease(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return b.length - a.length; // a release is above its pre-releases
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = compareIdentifiers(a[i] as string, b[i] as string);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

/** SemVer 2.0.0 precedence (§11) of parsed versions; numbers of any length. Shared with the cargo scheme. */
export function comparePrecedence(a: GoVersion, b: GoVersion): number {
  return (
    compareNumbers(a.numbers[0], b.numbers[0]) ||
    compareNumbers(a.numbers[1], b.numbers[1]) ||
    compareNumbers(a.numbers[2], b.numbers[2]) ||
    comparePrerelease(a.prerelease, b.prerelease)
  );
}

export const go: VersionScheme<GoVersion> = { id: 'go', parse, compare: comparePrecedence };
