// npm package versions (SemVer 2.0.0), ordered as the npm `semver` library orders them.
// OSV `SEMVER` ranges and the npm ecosystem use this ordering (https://semver.org/#spec-item-11).
import { compare as compareSemver, SemVer } from 'semver';
import type { VersionScheme } from './types.js';

/**
 * Parses a SemVer version. A leading `v` or `=` is accepted as npm accepts it (`v1.2.3`);
 * anything else that is not strict SemVer 2.0.0 is null.
 */
function parse(input: string): SemVer | null {
  try {
    return new SemVer(input.trim());
  } catch {
    return null;
  }
}

export const semver: VersionScheme<SemVer> = {
  id: 'semver',
  parse,
  compare: (a, b) => compareSemver(a, b),
};
