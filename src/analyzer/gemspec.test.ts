import { describe, expect, it } from 'vitest';
import { fixtureFile, fixtureRoot, textFile } from '../../test/fixture-file.js';
import { gemspec } from './gemspec.js';
import type { AnalyzerResult } from './types.js';

const SPECS = 'usr/share/rubygems-integration/all/specifications';

const found = (path: string, name: string, version: string, licenses?: string[]): AnalyzerResult => ({
  applications: [
    {
      type: 'gemspec',
      filePath: path,
      packages: [{ id: '', name, version, ...(licenses && { licenses }), filePath: path }],
    },
  ],
  problems: [],
});

describe('gemspec', () => {
  const paths: { path: string; want: boolean }[] = [
    { path: `${SPECS}/rake-13.0.6.gemspec`, want: true },
    { path: 'usr/lib/ruby/gems/3.1.0/specifications/default/json-2.6.1.gemspec', want: true },
    { path: 'usr/local/bundle/specifications/rack-2.2.3.gemspec', want: true },
    { path: 'specifications/rake-13.0.6.gemspec', want: false },
    { path: 'usr/src/app/rake.gemspec', want: false },
    { path: `${SPECS}/rake-13.0.6.gem`, want: false },
  ];
  it.each(paths)('wants $path: $want', ({ path, want }) => expect(gemspec.wants(path, 100, 0o644)).toBe(want));

  // Real gemspecs from Debian's ruby-rack and rake packages (bookworm).
  const root = fixtureRoot('gemspec', 'debian');
  const fixtures: { name: string; path: string; want: AnalyzerResult }[] = [
    {
      name: 'ruby-rack: a frozen name and a licenses array',
      path: `${SPECS}/rack-2.2.22.gemspec`,
      want: found(`${SPECS}/rack-2.2.22.gemspec`, 'rack', '2.2.22', ['MIT']),
    },
    {
      name: 'rake',
      path: `${SPECS}/rake-13.0.6.gemspec`,
      want: found(`${SPECS}/rake-13.0.6.gemspec`, 'rake', '13.0.6', ['MIT']),
    },
  ];
  it.each(fixtures)('fixture: $name', async ({ path, want }) => {
    expect(await gemspec.analyze(fixtureFile(root, path))).toEqual(want);
  });

  const P = 'var/lib/gems/2.5.0/specifications/x-1.0.gemspec';
  const texts: { name: string; text: string; want: AnalyzerResult }[] = [
    {
      name: 'any block variable name, single quotes and a license string',
      text: "Gem::Specification.new do |spec|\n  spec.name = 'x'\n  spec.version = '1.0'\n  spec.license = 'Ruby'\nend\n",
      want: found(P, 'x', '1.0', ['Ruby']),
    },
    {
      name: 'several licenses',
      text: 'Gem::Specification.new do |s|\ns.name = "x".freeze\ns.version = "1.0"\ns.licenses = ["Ruby".freeze, "BSD-2-Clause".freeze]\nend\n',
      want: found(P, 'x', '1.0', ['Ruby', 'BSD-2-Clause']),
    },
    {
      name: 'lines before the Gem::Specification block are not read',
      text: 's.name = "y"\nGem::Specification.new do |s|\ns.version = "1.0"\nend\n',
      want: { problems: [{ path: P, reason: 'gemspec: no Gem::Specification block with a name and a version' }] },
    },
    {
      name: 'a file that is not a gemspec is a problem',
      text: '{"name": "x", "version": "1.0"}',
      want: { problems: [{ path: P, reason: 'gemspec: no Gem::Specification block with a name and a version' }] },
    },
  ];
  it.each(texts)('text: $name', async ({ text, want }) => {
    expect(await gemspec.analyze(textFile(P, text))).toEqual(want);
  });
});
