import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gradleLockfile, gradlePackages } from './gradle-lockfile.js';

// Trivy's own parser test data (pkg/dependency/parser/gradle/lockfile/testdata/happy.lockfile): the lines and
// dev flags below are those its parse_test.go expects.
const HAPPY = readFileSync('test/fixtures/analyzer/lockfiles/trivy-testdata/gradle/gradle.lockfile', 'utf8');

describe('gradle.lockfile', () => {
  it('lists each locked package with its line, dev when locked for test configurations only', () =>
    expect(gradlePackages(HAPPY).map((p) => `${p.id} ${p.locations?.[0]?.startLine} ${p.dev === true}`)).toEqual([
      'cglib:cglib-nodep:2.1.2 4 false',
      'junit:junit:4.13.2 5 true',
      'org.springframework:spring-asm:3.1.3.RELEASE 6 false',
      'org.springframework:spring-beans:5.0.5.RELEASE 7 false',
    ]));

  it('skips comments, the empty= line and lines that are not group:artifact:version', () =>
    expect(gradlePackages('# comment\n # a:b:1=classpath\nempty=\nnot-a-dependency\na:b=classpath\n')).toEqual([]));

  const paths: { path: string; want: boolean }[] = [
    { path: 'gradle.lockfile', want: true },
    { path: 'app/buildscript-gradle.lockfile', want: true },
    { path: 'app/gradle.lockfile.bak', want: false },
    { path: 'app/build.gradle', want: false },
  ];
  it.each(paths)('wants $path: $want', ({ path, want }) => expect(gradleLockfile.wants(path, 10, 0o644)).toBe(want));
});
