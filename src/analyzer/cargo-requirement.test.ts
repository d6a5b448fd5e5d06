import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { meetsConstraint, meetsRequirement } from './cargo-requirement.js';

const DATA = 'test/fixtures/analyzer/lockfiles/cargo-toml';

describe('meetsRequirement', () => {
  // Trivy's TestMatchVersion (pkg/fanal/analyzer/language/rust/cargo/cargo_test.go): a bare version is a caret
  // requirement.
  it.each([
    ['0.0.4', '0.0.3', false],
    ['1.2.4', '1.2.3', true],
    ['1.5.0', '^1.2', true],
    ['1.3.4', '~ 1.2', false],
    ['1.2.4', '~ 1.2.3', true],
    ['2.5.0', '< 2.5.0', false],
    ['2.5.0', '>= 2.5, < 2.5.1', true],
    ['2.5.0', '= 2.5', true],
    ['2.5.0', '*', true],
    ['2.5.0', '2.5.*', true],
  ])('%s meets %s: %s', (version, requirement, want) => {
    expect(meetsRequirement(version, requirement)).toBe(want);
  });

  it.each([
    ['a version that is not SemVer', '1.2', '1', /version 1.2 is not SemVer/],
    ['a requirement with no comparator', '1.2.3', 'latest', /improper constraint: latest/],
  ])('%s throws', (_name, version, requirement, message) => {
    expect(() => meetsRequirement(version, requirement)).toThrow(message);
  });
});

describe('meetsConstraint', () => {
  // The library's own vectors (aquasecurity/go-version, pkg/semver/constraint_test.go).
  const vectors = readFileSync(`${DATA}/go-version-checks.tsv`, 'utf8')
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => line.split('\t'))
    .map(
      ([constraint = '', version = '', want]) =>
        [constraint.replaceAll('\\t', '\t'), version, want === 'true'] as const,
    );
  it('reads every vector', () => expect(vectors).toHaveLength(219));
  it.each(vectors)('%j with %s: %s', (constraint, version, want) => {
    expect(meetsConstraint(version, constraint)).toBe(want);
  });
});
