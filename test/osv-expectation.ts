// The independent side of the findings tests: OSV ranges evaluated here, versions ordered by the ecosystems' own
// tools (Ruby's Gem::Version, Python's packaging), never by barnacle's version schemes or matcher.
import { execFileSync } from 'node:child_process';

export interface OsvEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
}

/** OSV's evaluation of one range: the last event at or below the version decides ("0" is below everything). */
export function inRange(events: readonly OsvEvent[], version: string, cmp: (a: string, b: string) => number): boolean {
  let affected = false;
  const points = events
    .map((e) => ({ e, at: e.introduced ?? e.fixed ?? e.last_affected ?? '0' }))
    .sort((a, b) => (a.at === '0' ? -1 : b.at === '0' ? 1 : cmp(a.at, b.at)));
  for (const { e, at } of points) {
    if (e.introduced !== undefined && (at === '0' || cmp(version, at) >= 0)) affected = true;
    else if (e.fixed !== undefined && cmp(version, at) >= 0) affected = false;
    else if (e.last_affected !== undefined && cmp(version, at) > 0) affected = false;
  }
  return affected;
}

/**
 * A comparator over `versions` from a program that prints, for each version read from stdin (one a line), how
 * many of them are below it: equal versions ("2.1" and "2.1.0") share a rank. Others compare as NaN.
 */
function rankedBy(command: string, args: readonly string[], versions: readonly string[]) {
  const unique = [...new Set(versions)];
  const ranks = execFileSync(command, args, { input: unique.join('\n') })
    .toString()
    .trim()
    .split('\n');
  const rank = new Map(unique.map((v, i) => [v, Number(ranks[i])]));
  return (a: string, b: string) => (rank.get(a) ?? Number.NaN) - (rank.get(b) ?? Number.NaN);
}

/** The order of RubyGems versions as Ruby's own Gem::Version gives it, asked of ruby once. */
export const rubyOrder = (versions: readonly string[]) =>
  rankedBy(
    'ruby',
    [
      '-e',
      'v = STDIN.read.split("\\n").map { |s| Gem::Version.new(s) }; v.each { |x| puts(v.count { |o| (o <=> x) < 0 }) }',
    ],
    versions,
  );

/** The order of PyPI versions as Python's packaging library gives it, asked of python3 once. */
export const pythonOrder = (versions: readonly string[]) =>
  rankedBy(
    'python3',
    [
      '-c',
      [
        'import sys',
        'from packaging.version import Version',
        'v = [Version(s) for s in sys.stdin.read().splitlines()]',
        'for x in v: print(sum(1 for o in v if o < x))',
      ].join('\n'),
    ],
    versions,
  );
