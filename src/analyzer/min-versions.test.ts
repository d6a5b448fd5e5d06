// `--detection-priority comprehensive` (Trivy's useMinVersion) in the pip, gomod and pub parsers, against the
// expectations of Trivy's own parser tests on the same files (pkg/dependency/parser/{python/pip,golang/mod,dart/pub}).
import { describe, expect, it } from 'vitest';
import { fixtureFile, textFile } from '../../test/fixture-file.js';
import { gomod, gomodMinVersions, toolchainVersion } from './gomod.js';
import { pip, pipMinVersions } from './pip.js';
import { pubspec, pubspecMinVersions, sdkMinVersion } from './pubspec.js';
import type { Analyzer } from './types.js';

const LOCKFILES = 'test/fixtures/analyzer/lockfiles/trivy-testdata';

async function packagesOf(analyzer: Analyzer, dir: string, name: string): Promise<string[]> {
  const result = await analyzer.analyze(fixtureFile(dir, name));
  expect(result.problems).toEqual([]);
  return (result.applications?.[0]?.packages ?? []).map(
    (p) => `${p.name} ${p.version}${p.locations ? ` line ${p.locations[0]?.startLine}` : ''}`,
  );
}

describe('requirements.txt with minimum versions', () => {
  it("takes ~= and >= lower bounds and == wildcards as Trivy's compatible-versions case expects", async () => {
    expect(await packagesOf(pipMinVersions, 'test/fixtures/analyzer/min-versions', 'requirements.txt')).toEqual([
      'keyring 4.1.1 line 1',
      'Mopidy-Dirble 1.1 line 2',
      'python-gitlab 2.0.0 line 3',
      'pyjwt 1.2 line 6',
      'eventlet 0.18.2 line 7',
    ]);
  });

  it('takes none of them by default: that file pins nothing', async () => {
    const result = await pip.analyze(fixtureFile('test/fixtures/analyzer/min-versions', 'requirements.txt'));
    expect(result.applications).toEqual([]);
  });

  it.each([
    ['a pin wins over nothing else', 'flask==2.0.1', 'flask 2.0.1'],
    ['~= is looked for before >= and ==', 'a==1.0,>=0.9,~=0.8', 'a 0.8'],
    ['>= is looked for before ==', 'a==1.*,>=1.2', 'a 1.2'],
    ['an upper bound alone gives no version', 'a<3', undefined],
  ])('%s', async (_name, line, expected) => {
    const result = await pipMinVersions.analyze(textFile('requirements.txt', `${line}\n`));
    const found = result.applications?.[0]?.packages[0];
    expect(found && `${found.name} ${found.version}`).toBe(expected);
  });
});

describe('go.mod with minimum versions', () => {
  it('adds stdlib at the toolchain version as a direct dependency of the main module', async () => {
    const result = await gomodMinVersions.analyze(fixtureFile(`${LOCKFILES}/gomod`, 'go.mod'));
    const packages = result.applications?.[0]?.packages ?? [];
    expect(packages.find((p) => p.name === 'stdlib')).toEqual({
      id: 'stdlib@v1.22.5',
      name: 'stdlib',
      version: 'v1.22.5',
      relationship: 'direct',
    });
    expect(packages.find((p) => p.relationship === 'root')?.dependsOn).toEqual([
      'github.com/aquasecurity/go-version@v0.0.0-20240603093900-cf8a8d29271d',
      'stdlib@v1.22.5',
    ]);
  });

  it('has no stdlib by default', async () => {
    expect(await packagesOf(gomod, `${LOCKFILES}/gomod`, 'go.mod')).not.toContainEqual(
      expect.stringMatching(/^stdlib/),
    );
  });

  // Trivy's TestToolchainVersion cases.
  it.each([
    ['1.21.1', undefined, '1.21.1'],
    ['1.21.1-custom', undefined, '1.21.1'],
    ['go1.22.5', '1.22.0', '1.22.5'],
    [undefined, '1.18rc1', ''],
    [undefined, '1.18.1', ''],
    [undefined, '1.20', ''],
    [undefined, '1.21', '1.21.0'],
    [undefined, '1.21rc1', '1.21rc1'],
    [undefined, '1.21.2', '1.21.2'],
    [undefined, undefined, ''],
  ])('toolchain %s, go %s: stdlib %j', (toolchain, go, expected) => {
    expect(toolchainVersion(toolchain, go)).toBe(expected);
  });
});

describe('pubspec.lock with minimum versions', () => {
  it("gives an SDK package its SDK constraint's lowest version, as Trivy's use-minimum-version case", async () => {
    expect(await packagesOf(pubspecMinVersions, `${LOCKFILES}/pub`, 'pubspec.lock')).toEqual([
      'crypto 3.0.2',
      'flutter_test 3.3.0',
      'uuid 3.0.6',
    ]);
    expect(await packagesOf(pubspec, `${LOCKFILES}/pub`, 'pubspec.lock')).toContain('flutter_test 0.0.0');
  });

  it.each([
    ['^3.3.0', '3.3.0'],
    ['>=2.18.0 <3.0.0', '2.18.0'],
    ['>=2.18.0, <3.0.0', '2.18.0'],
    ['>= 02.018.0-beta.1', '2.18.0-beta.1'],
    ['^3.3 || >=4.0.0', '3.3'],
    ['<3.0.0 >=2.18.0', ''],
    ['any', ''],
    ['^3.0.0 ||', ''],
  ])('constraint %j gives %j', (constraint, expected) => {
    expect(sdkMinVersion(constraint)).toBe(expected);
  });
});
