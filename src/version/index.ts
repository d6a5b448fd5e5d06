// Every version scheme, and the comparisons written once on top of `compare`.
import { registry } from '../registry.js';
import { apk } from './apk.js';
import { cargo } from './cargo.js';
import { composer } from './composer.js';
import { dpkg } from './dpkg.js';
import { go } from './go.js';
import { maven } from './maven.js';
import { nuget } from './nuget.js';
import { pep440 } from './pep440.js';
import { rpm } from './rpm.js';
import { rubygems } from './rubygems.js';
import { semver } from './semver.js';
import type { VersionScheme } from './types.js';

export const versionSchemes = registry<VersionScheme>([
  apk,
  cargo,
  composer,
  dpkg,
  go,
  maven,
  nuget,
  pep440,
  rpm,
  rubygems,
  semver,
]);

/**
 * Compares two version strings with a scheme. Throws when either does not parse: callers that
 * handle untrusted versions parse first and decide what an invalid version means.
 */
export function compareStrings<V>(scheme: VersionScheme<V>, a: string, b: string): number {
  const pa = scheme.parse(a);
  const pb = scheme.parse(b);
  if (pa === null) throw new Error(`'${a}' is not a valid ${scheme.id} version`);
  if (pb === null) throw new Error(`'${b}' is not a valid ${scheme.id} version`);
  return scheme.compare(pa, pb);
}
