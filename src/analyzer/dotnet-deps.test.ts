import { describe, expect, it } from 'vitest';
import { fixtureFile, fixtureRoot, textFile } from '../../test/fixture-file.js';
import { dotnetDeps } from './dotnet-deps.js';

const DEPS = 'app/hello2.deps.json';

describe('dotnet-core', () => {
  const paths: { path: string; want: boolean }[] = [
    { path: DEPS, want: true },
    { path: 'usr/share/dotnet/shared/Microsoft.NETCore.App/6.0.0/Microsoft.NETCore.App.deps.json', want: true },
    { path: 'app/hello2.runtimeconfig.json', want: false },
    { path: 'app/deps.json.bak', want: false },
  ];
  it.each(paths)('wants $path: $want', ({ path, want }) => expect(dotnetDeps.wants(path, 100, 0o644)).toBe(want));

  // Trivy's core_deps testdata: libraries without runtime assets are left out; lines as Trivy's test expects.
  it('fixture: runtime libraries with the root, direct and indirect relationships', async () => {
    const result = await dotnetDeps.analyze(fixtureFile(fixtureRoot('dotnet-core', 'without-runtime'), DEPS));
    const packages = result.applications?.[0]?.packages ?? [];
    expect([...packages].sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual([
      {
        id: 'JsonDiffPatch/2.0.61',
        name: 'JsonDiffPatch',
        version: '2.0.61',
        locations: [{ startLine: 66, endLine: 72 }],
        relationship: 'direct',
      },
      {
        id: 'Libuv/1.9.1',
        name: 'Libuv',
        version: '1.9.1',
        locations: [{ startLine: 73, endLine: 79 }],
        relationship: 'indirect',
      },
      {
        id: 'System.Collections.Immutable/1.3.0',
        name: 'System.Collections.Immutable',
        version: '1.3.0',
        locations: [{ startLine: 101, endLine: 107 }],
        relationship: 'indirect',
      },
      {
        id: 'hello2/1.0.0',
        name: 'hello2',
        version: '1.0.0',
        locations: [{ startLine: 61, endLine: 65 }],
        relationship: 'root',
        dependsOn: ['JsonDiffPatch/2.0.61'],
      },
    ]);
    expect(result.applications?.map((app) => [app.type, app.filePath])).toEqual([['dotnet-core', DEPS]]);
    expect(result.problems).toEqual([]);
  });

  it('without the runtime target every package and project library is kept, without relationships', async () => {
    const text = JSON.stringify({
      runtimeTarget: { name: 'missing' },
      libraries: {
        'A/1.0.0': { type: 'package' },
        'B/2.0.0': { type: 'reference' },
        'runtimepack.R/6.0.0': { type: 'runtimepack' },
      },
    });
    const result = await dotnetDeps.analyze(textFile(DEPS, text));
    expect(result.applications?.[0]?.packages.map((p) => p.id).sort()).toEqual(['A/1.0.0', 'R/6.0.0']);
    expect(result.applications?.[0]?.packages.some((p) => p.relationship)).toBe(false);
  });

  const bad: { name: string; text: string; reason: string }[] = [
    { name: 'not JSON', text: '', reason: 'deps.json is not valid JSON (Unexpected end of JSON input)' },
    {
      name: 'a library name without a version',
      text: '{"libraries": {"A": {"type": "package"}}}',
      reason: "deps.json: library 'A' has no version; skipped",
    },
  ];
  it.each(bad)('bad input: $name is a problem naming the file', async ({ text, reason }) => {
    expect((await dotnetDeps.analyze(textFile(DEPS, text))).problems).toEqual([{ path: DEPS, reason }]);
  });
});
