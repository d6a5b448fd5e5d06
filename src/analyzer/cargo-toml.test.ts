import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cargoManifest } from './cargo-toml.js';

// Trivy's cargo analyzer test data, unpacked (see test/fixtures/analyzer/lockfiles/README.md).
const DATA = 'test/fixtures/analyzer/lockfiles/cargo-toml';
const read = (path: string) => cargoManifest(path, readFileSync(`${DATA}/${path}`, 'utf8'));

describe('cargoManifest', () => {
  // The ids Trivy's cargo_test.go expects for the virtual workspace roots of these files.
  it.each([
    ['version-workspace-inherit/Cargo.toml', 'afc012b7e68b6638'],
    ['toml-workspace-members/Cargo.toml', 'eeae9dc40f83d7dd'],
    ['toml-workspace-glob/Cargo.toml', 'fbcbfc8e1114c435'],
  ])("%s: Trivy's hash of the decoded manifest", (path, hash) => {
    expect(read(path).cargo?.hash).toBe(hash);
  });

  it.each([
    [
      '[dependencies], [target.*.dependencies] and [workspace.dependencies]; not [dev-dependencies]',
      'happy/Cargo.toml',
      {
        name: 'app',
        version: '0.1.0',
        workspaceVersion: '',
        members: [],
        dependencies: { regex: '=1.7.3', memchr: '1.*', 'regex-syntax': '<0.6' },
      },
    ],
    [
      'version.workspace = true, inherited later; a dependency from the workspace has no requirement of its own',
      'toml-workspace-glob/member2/Cargo.toml',
      { name: 'member2', version: '0.1.0', workspaceVersion: '', members: [], dependencies: { regex: null } },
    ],
    [
      'a virtual workspace: no package, members and the workspace version',
      'version-workspace-inherit/Cargo.toml',
      { name: '', version: null, workspaceVersion: '2.0.0', members: ['app'], dependencies: {} },
    ],
    [
      'a member inheriting its version',
      'version-workspace-inherit/app/Cargo.toml',
      { name: 'myapp', version: null, workspaceVersion: '', members: [], dependencies: { serde: '1.0' } },
    ],
  ])('%s', (_name, path, want) => {
    const { hash: _, ...cargo } = read(path).cargo ?? { hash: '' };
    expect(cargo).toEqual(want);
  });

  it.each([
    [
      'later tables override earlier ones',
      '[dependencies]\na = "1"\n[workspace.dependencies]\na = { path = "x" }\n',
      { a: null },
    ],
    [
      'a version that is not a string counts as none',
      '[dependencies]\na = { version = 1 }\nb = ["1"]\n',
      { a: null, b: null },
    ],
  ])('dependencies: %s', (_name, text, want) => {
    expect(cargoManifest('Cargo.toml', text).cargo?.dependencies).toEqual(want);
  });

  it.each([
    ['a version of another type is empty', '[package]\nname = "a"\nversion = 1\n', ''],
    ['version = { workspace = false } is empty', '[package]\nname = "a"\nversion = { workspace = false }\n', ''],
    ['no version is inherited', '[package]\nname = "a"\n', null],
  ])('version: %s', (_name, text, want) => {
    expect(cargoManifest('Cargo.toml', text).cargo?.version).toBe(want);
  });

  it.each([
    ['not TOML', 'wrong-cargo-toml/Cargo.toml', /^not valid TOML/],
    ['members that are not strings', '[workspace]\nmembers = [1]\n', /^workspace\.members\.0 has the wrong type$/],
    ['a package name that is not a string', '[package]\nname = 1\n', /^package\.name has the wrong type$/],
    ['a dependency table that is not a table', 'dependencies = 1\n', /^dependencies has the wrong type$/],
  ])('%s: Go would refuse it, and the manifest says why', (_name, input, reason) => {
    const manifest = input.endsWith('.toml') ? read(input) : cargoManifest('Cargo.toml', input);
    expect(manifest.cargo).toBeUndefined();
    expect(manifest.invalid).toMatch(reason);
  });
});
