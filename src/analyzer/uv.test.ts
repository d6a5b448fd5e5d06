import { describe, expect, it } from 'vitest';
import { fixtureFile, textFile } from '../../test/fixture-file.js';
import { uv } from './uv.js';

const DATA = 'test/fixtures/analyzer/lockfiles';

// Trivy v0.44.1 reads no uv.lock: the expectation is today's Trivy's, transcribed from its parser test
// (pkg/dependency/parser/python/uv/parse_testcase.go, uvNormal and uvNormalDeps) for the same file.
const TRIVY_PACKAGES = [
  'normal@0.1.0 root',
  'httpx@0.28.1 direct',
  'orjson@3.10.12 direct',
  'pytest@8.3.4 direct dev',
  'requests@2.32.0 direct',
  'anyio@4.7.0 indirect',
  'certifi@2024.12.14 indirect',
  'charset-normalizer@3.4.0 indirect',
  'colorama@0.4.6 indirect dev',
  'exceptiongroup@1.2.2 indirect',
  'h11@0.14.0 indirect',
  'httpcore@1.0.7 indirect',
  'idna@3.10 indirect',
  'iniconfig@2.0.0 indirect dev',
  'packaging@24.2 indirect dev',
  'pluggy@1.5.0 indirect dev',
  'sniffio@1.3.1 indirect',
  'socksio@1.0.0 indirect',
  'tomli@2.2.1 indirect dev',
  'typing-extensions@4.12.2 indirect',
  'urllib3@2.2.3 indirect',
];
const TRIVY_DEPENDENCIES = [
  'anyio@4.7.0 -> exceptiongroup@1.2.2 idna@3.10 sniffio@1.3.1 typing-extensions@4.12.2',
  'httpcore@1.0.7 -> certifi@2024.12.14 h11@0.14.0',
  'httpx@0.28.1 -> anyio@4.7.0 certifi@2024.12.14 httpcore@1.0.7 idna@3.10 socksio@1.0.0',
  'normal@0.1.0 -> httpx@0.28.1 orjson@3.10.12 pytest@8.3.4 requests@2.32.0',
  'pytest@8.3.4 -> colorama@0.4.6 exceptiongroup@1.2.2 iniconfig@2.0.0 packaging@24.2 pluggy@1.5.0 tomli@2.2.1',
  'requests@2.32.0 -> certifi@2024.12.14 charset-normalizer@3.4.0 idna@3.10 urllib3@2.2.3',
];

describe('uv.lock', () => {
  it('gives the packages, relationships, dev flags and dependencies today’s Trivy gives', async () => {
    const result = await uv.analyze(fixtureFile(`${DATA}/trivy-testdata/uv`, 'uv.lock'));
    const app = result.applications?.[0];
    expect(app?.type).toBe('uv');
    expect(app?.filePath).toBe('uv.lock');
    const packages = app?.packages ?? [];
    expect(packages.map((p) => `${p.id} ${p.relationship}${p.dev ? ' dev' : ''}`).sort()).toEqual(
      [...TRIVY_PACKAGES].sort(),
    );
    expect(packages.filter((p) => p.dependsOn).map((p) => `${p.id} -> ${p.dependsOn?.join(' ')}`)).toEqual(
      TRIVY_DEPENDENCIES,
    );
    expect(result.problems).toEqual([]);
  });

  const broken: { name: string; path: string; want: string }[] = [
    {
      name: 'a lock without a root package is refused with a warning',
      path: 'uv_without_root.lock',
      want: 'cannot parse: a uv.lock must have exactly one root package, found 0',
    },
    {
      name: 'a lock with two root packages is refused with a warning',
      path: 'uv_multiple_roots.lock',
      want: 'cannot parse: a uv.lock must have exactly one root package, found 2',
    },
  ];
  it.each(broken)('$name', async ({ path, want }) => {
    const result = await uv.analyze(fixtureFile(`${DATA}/uv-bad`, path));
    expect(result.applications).toEqual([]);
    expect(result.problems).toEqual([{ path, reason: want }]);
  });

  it('a TOML syntax error is a warning naming its line', async () => {
    const result = await uv.analyze(textFile('app/uv.lock', 'version = 1\n\n[[package]]\nname = "a\n'));
    expect(result.problems[0]?.reason).toMatch(/^cannot parse at line 4: not valid TOML/);
  });

  const paths: { path: string; want: boolean }[] = [
    { path: 'uv.lock', want: true },
    { path: 'app/uv.lock', want: true },
    { path: 'app/uv.lock.bak', want: false },
    { path: 'app/poetry.lock', want: false },
  ];
  it.each(paths)('wants $path: $want', ({ path, want }) => expect(uv.wants(path, 10, 0o644)).toBe(want));
});
