import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixtureFile, textFile } from '../../test/fixture-file.js';
import { nugetLock } from './nuget-lock.js';

// Trivy's own parser test data (pkg/dependency/parser/nuget/lock/testdata/packages_lock_subdependencies.json).
const LOCK = () => fixtureFile('test/fixtures/analyzer/lockfiles/trivy-testdata/nuget', 'packages.lock.json');

describe('packages.lock.json', () => {
  it('marks the packages the project asks for direct, the others indirect', async () => {
    const packages = (await nugetLock.analyze(LOCK())).applications?.[0]?.packages ?? [];
    expect(packages.filter((p) => p.relationship === 'direct').map((p) => p.id)).toEqual([
      'Newtonsoft.Json@12.0.3',
      'NuGet.Frameworks@5.7.0',
      'Swashbuckle.AspNetCore@5.5.1',
    ]);
    expect(packages.filter((p) => p.relationship === 'indirect').length).toBeGreaterThan(0);
  });

  it('gives each package the versions of its dependencies resolved in the same target', async () => {
    const packages = (await nugetLock.analyze(LOCK())).applications?.[0]?.packages ?? [];
    expect(packages.find((p) => p.name === 'Swashbuckle.AspNetCore')?.dependsOn).toEqual([
      'Microsoft.Extensions.ApiDescription.Server@3.0.0',
      'Swashbuckle.AspNetCore.Swagger@5.5.1',
      'Swashbuckle.AspNetCore.SwaggerGen@5.5.1',
      'Swashbuckle.AspNetCore.SwaggerUI@5.5.1',
    ]);
  });

  it('a file that is not JSON is a warning naming it and the line', async () => {
    const result = await nugetLock.analyze(
      textFile('app/packages.lock.json', '{\n  "version": 1,\n  "dependencies": {\n'),
    );
    expect(result.applications).toEqual([]);
    expect(result.problems).toEqual([
      { path: 'app/packages.lock.json', reason: expect.stringMatching(/^cannot parse at line \d+: not valid JSON/) },
    ]);
  });
});

describe('packages.config', () => {
  // Trivy's own parser test data (pkg/dependency/parser/nuget/config/testdata); the lists are real Trivy v0.44.1's
  // fs result on them (test/fixtures/analyzer/lockfiles/nuget-xml-trivy-v0.44.1-fs.json).
  const trivy = JSON.parse(
    readFileSync('test/fixtures/analyzer/lockfiles/nuget-xml-trivy-v0.44.1-fs.json', 'utf8'),
  ) as { Target: string; Packages: { Name: string; Version: string }[] }[];
  it.each(trivy.map((t) => [t.Target, t] as const))('%s has Trivy v0.44.1’s packages', async (target, want) => {
    const [dir = '', file = ''] = target.split('/');
    const result = await nugetLock.analyze(fixtureFile(`test/fixtures/analyzer/lockfiles/nuget-xml/${dir}`, file));
    const packages = result.applications?.[0]?.packages ?? [];
    expect(packages.map((p) => `${p.name}@${p.version} ${p.id}`).sort()).toEqual(
      want.Packages.map((p) => `${p.Name}@${p.Version} `).sort(),
    );
  });

  it('a file cut short is a warning naming the line', async () => {
    const text = '<?xml version="1.0" encoding="utf-8"?>\n<packages>\n  <package id="a" version="1" />\n';
    const result = await nugetLock.analyze(textFile('app/packages.config', text));
    expect(result.problems).toEqual([
      {
        path: 'app/packages.config',
        reason: 'cannot parse at line 4: not a packages.config (unexpected end of file inside <packages>)',
      },
    ]);
  });

  it('a malformed file is a warning naming the line Go’s XML decoder names (Trivy’s “sad path”: line 5)', async () => {
    const file = fixtureFile('test/fixtures/analyzer/lockfiles/nuget-xml', 'malformed_xml.config');
    const result = await nugetLock.analyze({ ...file, path: 'packages.config' });
    expect(result.problems[0]?.reason).toMatch(/^cannot parse at line 5: /);
  });

  const paths: { path: string; want: boolean }[] = [
    { path: 'packages.config', want: true },
    { path: 'src/app/packages.config', want: true },
    { path: 'src/app/web.config', want: false },
  ];
  it.each(paths)('wants $path: $want', ({ path, want }) => expect(nugetLock.wants(path, 10, 0o644)).toBe(want));
});
