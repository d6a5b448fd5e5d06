// Whether an installed version is affected by one OSV `affected[]` entry, following the OSV schema's
// evaluation algorithm (https://ossf.github.io/osv-schema/#evaluation) with the ecosystem's version scheme.
import type { AffectedRange, RangeEvent } from '../db/types.js';
import type { VersionScheme } from '../version/types.js';

/** Why a version is affected: the range (or the versions list) that contains it. */
export interface RangeHit {
  /** The range as text, e.g. `>=0, <2.31-13+deb11u6`, `>=1.0, <=1.4`, or `in versions list`. */
  readonly range: string;
  /** The fixed event that ends the containing interval, when there is one. */
  readonly fixed?: string;
}

/** The verdict for one entry, with the reasons a record could not be fully evaluated. */
export interface RangeVerdict {
  readonly hit?: RangeHit;
  /** One line per range or version that does not parse with the scheme; such a range never matches. */
  readonly problems: readonly string[];
}

type Kind = 'introduced' | 'fixed' | 'last_affected' | 'limit';
interface Event<V> {
  readonly kind: Kind;
  readonly text: string;
  /** null for the special values: introduced "0" (before everything) and limit "*" (infinity). */
  readonly version: V | null;
}

function kindOf(event: RangeEvent): Kind {
  if ('introduced' in event) return 'introduced';
  if ('fixed' in event) return 'fixed';
  if ('last_affected' in event) return 'last_affected';
  return 'limit';
}

function textOf(event: RangeEvent): string {
  if ('introduced' in event) return event.introduced;
  if ('fixed' in event) return event.fixed;
  if ('last_affected' in event) return event.last_affected;
  return event.limit;
}

/** Parses every event of a range, or returns the first version that does not parse. */
function parseEvents<V>(range: AffectedRange, scheme: VersionScheme<V>): Event<V>[] | string {
  const events: Event<V>[] = [];
  for (const event of range.events) {
    const kind = kindOf(event);
    const text = textOf(event);
    // "0" sorts before any version; a limit containing "*" is infinity (OSV schema, "Special values").
    if ((kind === 'introduced' && text === '0') || (kind === 'limit' && text.includes('*'))) {
      events.push({ kind, text, version: null });
      continue;
    }
    const version = scheme.parse(text);
    if (version === null) return text;
    events.push({ kind, text, version });
  }
  return events;
}

/** Orders events by version; "0" first, "*" last. Array.prototype.sort is stable, so ties keep record order. */
function sortEvents<V>(events: readonly Event<V>[], scheme: VersionScheme<V>): Event<V>[] {
  const rank = (e: Event<V>): number => (e.version !== null ? 1 : e.kind === 'introduced' ? 0 : 2);
  return [...events].sort((a, b) => {
    if (a.version !== null && b.version !== null) return scheme.compare(a.version, b.version);
    return rank(a) - rank(b);
  });
}

/** OSV BeforeLimits: no limit events means an implicit "*"; otherwise v must be below one of them. */
function beforeLimits<V>(v: V, events: readonly Event<V>[], scheme: VersionScheme<V>): boolean {
  const limits = events.filter((e) => e.kind === 'limit');
  return limits.length === 0 || limits.some((e) => e.version === null || scheme.compare(v, e.version) < 0);
}

/**
 * OSV IncludedInRanges for one range: walks the sorted events and returns the interval that contains v,
 * or undefined. The text names the last introduced event at or below v and the event that closes it.
 */
function hitInRange<V>(v: V, events: readonly Event<V>[], scheme: VersionScheme<V>): RangeHit | undefined {
  if (!beforeLimits(v, events, scheme)) return undefined;
  const sorted = sortEvents(events, scheme);
  let vulnerable = false;
  let openedAt = -1;
  for (const [index, e] of sorted.entries()) {
    const cmp = e.version === null ? (e.kind === 'introduced' ? 1 : -1) : scheme.compare(v, e.version);
    if (e.kind === 'introduced' && cmp >= 0) {
      vulnerable = true;
      openedAt = index;
    } else if (e.kind === 'fixed' && cmp >= 0) vulnerable = false;
    else if (e.kind === 'last_affected' && cmp > 0) vulnerable = false;
  }
  if (!vulnerable) return undefined;
  const opened = sorted[openedAt] as Event<V>;
  const closing = sorted.slice(openedAt + 1).find((e) => e.kind === 'fixed' || e.kind === 'last_affected');
  if (!closing) return { range: `>=${opened.text}` };
  if (closing.kind === 'fixed') return { range: `>=${opened.text}, <${closing.text}`, fixed: closing.text };
  return { range: `>=${opened.text}, <=${closing.text}` };
}

/**
 * Evaluates one `affected[]` entry for an installed version (OSV IsVulnerable for one package):
 * the ECOSYSTEM and SEMVER ranges, then the `versions` list by exact match under the scheme.
 * GIT ranges name commits, not package versions, so they are ignored here. A range with a version the
 * scheme cannot parse is skipped and reported; the other ranges are still evaluated.
 */
export function evaluateAffected<V>(
  installed: V,
  ranges: readonly AffectedRange[],
  versions: readonly string[],
  scheme: VersionScheme<V>,
): RangeVerdict {
  const problems: string[] = [];
  for (const [index, range] of ranges.entries()) {
    if (range.type === 'GIT') continue;
    const events = parseEvents(range, scheme);
    if (typeof events === 'string') {
      problems.push(`range ${index + 1}: '${events}' is not a valid ${scheme.id} version`);
      continue;
    }
    if (!events.some((e) => e.kind === 'introduced')) {
      problems.push(`range ${index + 1}: no introduced event`);
      continue;
    }
    const hit = hitInRange(installed, events, scheme);
    if (hit) return { hit, problems };
  }
  for (const text of versions) {
    const version = scheme.parse(text);
    if (version === null) problems.push(`versions: '${text}' is not a valid ${scheme.id} version`);
    else if (scheme.compare(installed, version) === 0) return { hit: { range: 'in versions list' }, problems };
  }
  return { problems };
}

/**
 * Trivy's FixedVersion for an advisory: every fixed event of its ECOSYSTEM and SEMVER ranges, in record
 * order, without duplicates, joined by ", " (trivy-db vulnsrc/osv parseAffectedVersions and
 * trivy pkg/detector/library createFixedVersions).
 */
export function fixedVersionsOf(ranges: readonly AffectedRange[]): string {
  const fixed = ranges
    .filter((range) => range.type !== 'GIT')
    .flatMap((range) => range.events.flatMap((event) => ('fixed' in event ? [event.fixed] : [])));
  return [...new Set(fixed)].join(', ');
}
