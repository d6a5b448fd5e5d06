// Python package versions, ordered by PEP 440 (https://peps.python.org/pep-0440/#summary-of-permitted-suffixes-and-relative-ordering)
// with @renovatebot/pep440, which follows pypa/packaging's `Version`.
import { compare as comparePep440, explain } from '@renovatebot/pep440';
import type { VersionScheme } from './types.js';

/** A version PEP 440 accepts, kept as written: the library compares the normalised form itself. */
export interface Pep440Version {
  readonly text: string;
}

export const pep440: VersionScheme<Pep440Version> = {
  id: 'pep440',
  parse(input) {
    const text = input.trim();
    return text !== '' && explain(text) !== null ? { text } : null;
  },
  compare: (a, b) => comparePep440(a.text, b.text),
};
