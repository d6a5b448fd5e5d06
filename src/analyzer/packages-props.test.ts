import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { textFile } from '../../test/fixture-file.js';
import { fsAnalyzers } from '../cli/fs-command.js';
import { mergeLayers } from '../inventory/merge.js';
import { analyzeDirectory } from '../source/directory.js';
import { packagesProps, packagesPropsPackages } from './packages-props.js';

// Trivy's own test data (test/fixtures/analyzer/lockfiles/nuget-xml/README.md).
const DATA = 'test/fixtures/analyzer/lockfiles/nuget-xml';
const read = (path: string) => readFileSync(`${DATA}/${path}`, 'utf8');

describe('*packages.props', () => {
  // Trivy v0.44.1 reads no *packages.props: the expectations are today's Trivy's parser test
  // (pkg/dependency/parser/nuget/packagesprops/parse_test.go) on the same files.
  const cases: { name: string; file: string; want: string[] }[] = [
    {
      name: 'PackagesProps',
      file: 'props-parser/packages.props',
      want: [
        'Microsoft.Extensions.Configuration@2.1.1',
        'Microsoft.Extensions.DependencyInjection.Abstractions@2.2.1',
        'Microsoft.Extensions.Http@3.2.1',
      ],
    },
    {
      name: 'DirectoryPackagesProps',
      file: 'props-parser/Directory.Packages.props',
      want: ['PackageOne@6.2.3', 'PackageThree@2.4.1', 'PackageTwo@6.0.0'],
    },
    {
      name: 'SeveralItemGroupElements',
      file: 'props-parser/several_item_groups',
      want: ['PackageOne@6.2.3', 'PackageThree@2.4.1', 'PackageTwo@6.0.0'],
    },
    { name: 'VariablesAsNamesOrVersion', file: 'props-parser/variables_and_empty', want: ['PackageFour@2.4.1'] },
    { name: 'NoItemGroupInXMLStructure', file: 'props-parser/no_item_group.props', want: [] },
  ];
  it.each(cases)('as Trivy’s parser test $name', ({ file, want }) =>
    expect(packagesPropsPackages(read(file)).map((p) => `${p.id} ${p.name}@${p.version}`)).toEqual(
      want.map((id) => `${id} ${id}`),
    ),
  );

  it('a file whose root is not <Project> is a warning naming its line', async () => {
    const result = await packagesProps.analyze(textFile('no_project.props', read('props-parser/no_project.props')));
    expect(result.problems).toEqual([
      {
        path: 'no_project.props',
        reason: 'cannot parse at line 3: not a packages.props file (the root element is <ItemGroup>, not <Project>)',
      },
    ]);
  });

  it('finds the files of a tree as Trivy’s analyzer test does', async () => {
    const layer = await analyzeDirectory(`${DATA}/central`, fsAnalyzers('fs'));
    const targets = mergeLayers([layer], { artifactName: 'central' }).targets.map(
      (t) => `${t.type} ${t.target}: ${t.packages.map((p) => p.id).join(' ')}`,
    );
    // pkg/fanal/analyzer/language/dotnet/packagesprops/packagesprops_test.go
    expect(targets).toEqual([
      'packages-props Directory.Packages.props: Package1@4.2.1 Package2@8.2.0',
      'packages-props src/Packages.props: Package1@22.1.4 Package2@2.3.0',
    ]);
  });

  const paths: { path: string; want: boolean }[] = [
    { path: 'Directory.Packages.props', want: true },
    { path: 'src/packages.props', want: true },
    { path: 'src/My.PACKAGES.PROPS', want: true },
    { path: 'src/App.csproj', want: false },
    { path: 'Directory.Build.props', want: false },
  ];
  it.each(paths)('wants $path: $want', ({ path, want }) => expect(packagesProps.wants(path, 10, 0o644)).toBe(want));
});
