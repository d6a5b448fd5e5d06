import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fixtureFile, textFile } from '../../test/fixture-file.js';
import { cargo } from './cargo.js';

const ROOT = fileURLToPath(new URL('../../test/fixtures/analyzer/lockfiles/cargo-toml', import.meta.url));

describe('cargo', () => {
  it.each([
    { path: 'Cargo.lock', want: true },
    { path: 'srv/app/Cargo.lock', want: true },
    { path: 'Cargo.toml', want: true },
    { path: 'root/.cargo/registry/src/index/serde-1.0.195/Cargo.toml', want: true },
    { path: 'srv/app/MyCargo.lock', want: false },
    { path: 'srv/app/Cargo.toml.orig', want: false },
  ])('wants $path: $want', ({ path, want }) => expect(cargo.wants(path, 10, 0o644)).toBe(want));

  it('a Cargo.toml is a manifest for the inventory, not an application', async () => {
    const result = await cargo.analyze(fixtureFile(ROOT, 'toml-only-workspace-deps/Cargo.toml'));
    expect(result.applications ?? []).toEqual([]);
    expect(result.manifests?.map((m) => [m.filePath, m.cargo?.name, m.cargo?.dependencies])).toEqual([
      ['toml-only-workspace-deps/Cargo.toml', 'app', { memchr: '2.5' }],
    ]);
  });

  it('a Cargo.toml that is not TOML is a manifest that says why, not a problem of its own', async () => {
    const result = await cargo.analyze(textFile('Cargo.toml', '[\n'));
    expect(result.problems).toEqual([]);
    expect(result.manifests?.[0]?.invalid).toMatch(/^not valid TOML/);
  });

  it('a Cargo.lock: its packages, relationship unknown until the inventory reads the Cargo.toml', async () => {
    const result = await cargo.analyze(fixtureFile(ROOT, 'toml-only-workspace-deps/Cargo.lock'));
    const packages = result.applications?.[0]?.packages ?? [];
    expect(packages.map((p) => `${p.id} ${p.relationship ?? 'unknown'} [${p.dependsOn ?? []}]`)).toEqual([
      'app@0.1.0 unknown [memchr@2.5.0]',
      'memchr@2.5.0 unknown []',
    ]);
  });
});
