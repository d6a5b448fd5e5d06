import { describe, expect, it } from 'vitest';
import { fixtureFile, textFile } from '../../test/fixture-file.js';
import { pubspec } from './pubspec.js';

describe('pubspec.lock', () => {
  // Trivy's own parser test data (pkg/dependency/parser/dart/pub/testdata/happy.lock); its parse_test.go expects
  // these ids and relationships.
  it('lists every package, direct or indirect by its dependency field, sdk ones at 0.0.0', async () => {
    const result = await pubspec.analyze(
      fixtureFile('test/fixtures/analyzer/lockfiles/trivy-testdata/pub', 'pubspec.lock'),
    );
    expect(result.problems).toEqual([]);
    expect(result.applications?.[0]?.packages.map((p) => `${p.id} ${p.relationship}`).sort()).toEqual([
      'crypto@3.0.2 direct',
      'flutter_test@0.0.0 direct',
      'uuid@3.0.6 indirect',
    ]);
  });

  it('a file that is not YAML is a warning naming it and the line', async () => {
    const result = await pubspec.analyze(textFile('app/pubspec.lock', 'packages:\n  a:\n    version: "1\n  b: [\n'));
    expect(result.applications).toEqual([]);
    expect(result.problems).toEqual([
      { path: 'app/pubspec.lock', reason: expect.stringMatching(/^cannot parse at line \d+: not valid YAML/) },
    ]);
  });
});
