// Maven versions, ordered as Maven's ComparableVersion (maven-artifact 3.8) orders them: items split at '.',
// '-' and letter/digit transitions, qualifiers alpha < beta < milestone < rc < snapshot < release < sp.
// https://maven.apache.org/pom.html#version-order-specification
import type { VersionScheme } from './types.js';

/** An item of a parsed version: a number (decimal string without leading zeros), a qualifier, or a sub-list. */
export type MavenItem =
  | { readonly kind: 'number'; readonly value: string }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'list'; readonly items: readonly MavenItem[] };

export type MavenVersion = MavenItem & { readonly kind: 'list' };

const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
/** Index of the release qualifier ('') in QUALIFIERS: a missing item compares as a release. */
const RELEASE_INDEX = '5';
/** Spellings Maven treats as another qualifier. */
const ALIASES: Readonly<Record<string, string>> = { ga: '', final: '', release: '', cr: 'rc' };
/** One-letter qualifiers directly followed by a digit (1a1 = 1-alpha-1). */
const LETTER_ALIASES: Readonly<Record<string, string>> = { a: 'alpha', b: 'beta', m: 'milestone' };

function stringItem(value: string, followedByDigit: boolean): MavenItem {
  const letter = followedByDigit && value.length === 1 ? LETTER_ALIASES[value] : undefined;
  const aliased = letter ?? value;
  return { kind: 'string', value: ALIASES[aliased] ?? aliased };
}

function parseItem(isDigit: boolean, text: string): MavenItem {
  return isDigit ? { kind: 'number', value: text.replace(/^0+/, '') || '0' } : stringItem(text, false);
}

function isNull(item: MavenItem): boolean {
  if (item.kind === 'number') return item.value === '0';
  if (item.kind === 'string') return item.value === '';
  return item.items.length === 0;
}

/** Drops trailing null items (0, '', empty lists) up to the last sub-list, as ListItem.normalize does. */
function normalize(items: MavenItem[]): void {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i] as MavenItem;
    if (isNull(item)) items.splice(i, 1);
    else if (item.kind !== 'list') break;
  }
}

/**
 * Characters of the versions Maven repositories publish. ComparableVersion takes any string; blanks, controls
 * and punctuation outside these are refused here so that a broken version is not guessed at.
 */
const SHAPE = /^[0-9A-Za-z][0-9A-Za-z._+-]*$/;

/** ComparableVersion.parseVersion, for versions of the SHAPE above. */
function parse(input: string): MavenVersion | null {
  const version = input.trim().toLowerCase();
  if (!SHAPE.test(version)) return null;
  const root: MavenItem[] = [];
  let list = root;
  const stack: MavenItem[][] = [root];
  const startList = () => {
    const items: MavenItem[] = [];
    list.push({ kind: 'list', items });
    list = items;
    stack.push(items);
  };
  let isDigit = false;
  let start = 0;
  for (let i = 0; i < version.length; i++) {
    const c = version[i] as string;
    if (c === '.' || c === '-') {
      list.push(i === start ? { kind: 'number', value: '0' } : parseItem(isDigit, version.slice(start, i)));
      start = i + 1;
      if (c === '-') startList();
    } else if (c >= '0' && c <= '9') {
      if (!isDigit && i > start) {
        // 1.0.0.X1 < 1.0.0-X2: a qualifier after '.' is read as if after '-'.
        if (list.length > 0) startList();
        list.push(stringItem(version.slice(start, i), true));
        start = i;
        startList();
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.push(parseItem(true, version.slice(start, i)));
        start = i;
        startList();
      }
      isDigit = false;
    }
  }
  if (version.length > start) {
    if (!isDigit && list.length > 0) startList(); // the same for a trailing qualifier: 2.0.a = 2.0-a
    list.push(parseItem(isDigit, version.slice(start)));
  }
  while (stack.length > 0) normalize(stack.pop() as MavenItem[]);
  return { kind: 'list', items: root };
}

function qualifierKey(value: string): string {
  const index = QUALIFIERS.indexOf(value);
  return index === -1 ? `${QUALIFIERS.length}-${value}` : String(index);
}

const sign = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Item.compareTo, where `b` undefined is Java's null (the shorter side of a list). */
function compareItems(a: MavenItem, b: MavenItem | undefined): number {
  switch (a.kind) {
    case 'number':
      if (!b) return a.value === '0' ? 0 : 1;
      if (b.kind === 'number') return a.value.length - b.value.length || sign(a.value, b.value);
      return 1; // 1.1 > 1-sp and 1.1 > 1-1
    case 'string':
      if (!b) return sign(qualifierKey(a.value), RELEASE_INDEX);
      if (b.kind === 'number' || b.kind === 'list') return -1;
      return sign(qualifierKey(a.value), qualifierKey(b.value));
    case 'list': {
      if (!b) {
        // The whole list against nothing, not only its first item (MNG-6964): 1-0.3.7 > 1.
        for (const item of a.items) {
          const order = compareItems(item, undefined);
          if (order !== 0) return order;
        }
        return 0;
      }
      if (b.kind === 'number') return -1;
      if (b.kind === 'string') return 1;
      for (let i = 0; i < Math.max(a.items.length, b.items.length); i++) {
        const left = a.items[i];
        const right = b.items[i];
        const order = left ? compareItems(left, right) : right ? -compareItems(right, undefined) : 0;
        if (order !== 0) return order;
      }
      return 0;
    }
  }
}

export const maven: VersionScheme<MavenVersion> = {
  id: 'maven',
  parse,
  compare: (a, b) => compareItems(a, b),
};
