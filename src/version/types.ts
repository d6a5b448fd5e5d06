// The VersionScheme plug-in interface: parse once, compare parsed values.

export interface VersionScheme<V = unknown> {
  /** Scheme id: 'dpkg', 'apk', 'rpm', 'semver', 'pep440', 'go', 'maven', 'rubygems', 'nuget', ... */
  readonly id: string;
  /** The parsed version, or null when the input is not a valid version of this scheme (never a guess). */
  parse(input: string): V | null;
  /** Negative, zero or positive, like Array.prototype.sort's comparator. */
  compare(a: V, b: V): number;
}
