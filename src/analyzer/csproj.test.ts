import { describe, expect, it } from 'vitest';
import { fixtureFile, textFile } from '../../test/fixture-file.js';
import { csproj } from './csproj.js';

describe('.NET project files', () => {
  it('a real .csproj gives its PackageReference packages with their lines, not its ProjectReference', async () => {
    const result = await csproj.analyze(
      fixtureFile('test/fixtures/analyzer/lockfiles/csproj', 'Infrastructure.csproj'),
    );
    expect(result.problems).toEqual([]);
    expect(result.applications?.[0]?.type).toBe('nuget');
    expect(result.applications?.[0]?.packages.map((p) => `${p.id} ${p.locations?.[0]?.startLine}`)).toEqual([
      'Microsoft.AspNetCore.ApiAuthorization.IdentityServer@3.0.0 10',
      'Microsoft.AspNetCore.Identity.EntityFrameworkCore@3.0.0 11',
      'Microsoft.EntityFrameworkCore.SqlServer@3.0.0 12',
    ]);
  });

  it('takes a Version element, and skips references without a literal version', async () => {
    const text = [
      '<Project Sdk="Microsoft.NET.Sdk">',
      '  <ItemGroup>',
      '    <PackageReference Include="Serilog">',
      '      <Version>2.10.0</Version>',
      '    </PackageReference>',
      '    <PackageReference Include="Central" />',
      '    <PackageReference Include="Prop" Version="$(PropVersion)" />',
      '    <PackageReference Include="Range" Version="[1.0,2.0)" />',
      '    <PackageReference Include="Wild" Version="1.*" />',
      '  </ItemGroup>',
      '</Project>',
    ].join('\n');
    const result = await csproj.analyze(textFile('src/App/App.csproj', text));
    expect(result.applications?.[0]?.packages.map((p) => p.id)).toEqual(['Serilog@2.10.0']);
  });

  it('a file that is not XML is a warning naming it and the line', async () => {
    const result = await csproj.analyze(textFile('src/App/App.csproj', '<Project>\n  <ItemGroup>\n</Project>\n'));
    expect(result.applications).toEqual([]);
    expect(result.problems).toEqual([
      { path: 'src/App/App.csproj', reason: expect.stringMatching(/^cannot parse at line \d+: not a project file/) },
    ]);
  });

  const paths: { path: string; want: boolean }[] = [
    { path: 'src/App/App.csproj', want: true },
    { path: 'src/Lib/Lib.fsproj', want: true },
    { path: 'src/App/App.csproj.user', want: false },
    { path: 'App.sln', want: false },
  ];
  it.each(paths)('wants $path: $want', ({ path, want }) => expect(csproj.wants(path, 10, 0o644)).toBe(want));
});
