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
