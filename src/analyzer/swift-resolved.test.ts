import { describe, expect, it } from 'vitest';
import { fixtureFile, textFile } from '../../test/fixture-file.js';
import { swiftResolved } from './swift-resolved.js';

const DATA = 'test/fixtures/analyzer/lockfiles/trivy-testdata';
const ids = async (dir: string) =>
  (
    (await swiftResolved.analyze(fixtureFile(`${DATA}/${dir}`, 'Package.resolved'))).applications?.[0]?.packages ?? []
  ).map((p) => `${p.id} ${p.locations?.map((l) => `${l.startLine}-${l.endLine}`).join(',')}`);

// Trivy's own parser test data (pkg/dependency/parser/swift/swift/testdata/happy-v{1,2}-Package.resolved): the ids,
// order and lines are those its parse_test.go expects (Trivy v0.44.1 had no Swift analyzer to compare with).
describe('Package.resolved', () => {
  it('v1: pins under object, named by repositoryURL', async () =>
    expect(await ids('swift-v1')).toEqual([
      'github.com/Quick/Nimble@9.2.1 4-12',
      'github.com/ReactiveCocoa/ReactiveSwift@7.1.1 13-21',
    ]));

  it('v2: pins named by location, sorted by name', async () =>
    expect(await ids('swift-v2')).toEqual([
      'github.com/Quick/Nimble@9.2.1 21-29',
      'github.com/Quick/Quick@7.2.0 30-38',
      'github.com/ReactiveCocoa/ReactiveSwift@7.1.1 39-47',
      'github.com/element-hq/swift-ogg@0.0.1 48-56',
      'github.com/mattgallagher/CwlCatchException@2.1.2 3-11',
      'github.com/mattgallagher/CwlPreconditionTesting@2.1.2 12-20',
    ]));

  it('a pin with neither version nor branch is skipped with a warning', async () => {
    const text = JSON.stringify({
      version: 2,
      pins: [{ location: 'https://github.com/a/b.git', state: { revision: 'abc' } }],
    });
    const result = await swiftResolved.analyze(textFile('App/Package.resolved', text));
    expect(result.applications).toEqual([]);
    expect(result.problems).toEqual([
      { path: 'App/Package.resolved', reason: 'github.com/a/b: neither a version nor a branch is pinned' },
    ]);
  });
});
