import { describe, expect, it } from 'vitest';
import { fixtureFile, fixtureRoot, textFile } from '../../test/fixture-file.js';
import { nodePkg } from './node-pkg.js';
import type { AnalyzerResult } from './types.js';

const APP = 'usr/src/app';

const found = (path: string, name: string, version: string, licenses?: string[]): AnalyzerResult => ({
  applications: [
    {
      type: 'node-pkg',
      filePath: path,
      packages: [{ id: `${name}@${version}`, name, version, ...(licenses && { licenses }), filePath: path }],
    },
  ],
  problems: [],
});
const problem = (path: string, reason: string): AnalyzerResult => ({ problems: [{ path, reason }] });

describe('node-pkg', () => {
  const paths: { path: string; want: boolean }[] = [
    { path: `${APP}/node_modules/lodash/package.json`, want: true },
    { path: `${APP}/node_modules/@types/cookie/package.json`, want: true },
    { path: `${APP}/package.json`, want: true },
    { path: 'usr/local/lib/node_modules/npm/package.json', want: true },
    { path: 'package.json', want: true },
    { path: `${APP}/package-lock.json`, want: false },
    { path: `${APP}/node_modules/lodash/package.json.bak`, want: false },
    { path: `${APP}/my-package.json`, want: false },
  ];
  it.each(paths)('wants $path: $want', ({ path, want }) => expect(nodePkg.wants(path, 100, 0o644)).toBe(want));

  // Real package.json files written by `npm install --no-package-lock lodash@4.17.20 minimist@1.2.5 @types/cookie@0.4.0`.
  const root = fixtureRoot('node-pkg', 'npm-install');
  const fixtures: { name: string; path: string; want: AnalyzerResult }[] = [
    {
      name: 'an installed package',
      path: `${APP}/node_modules/lodash/package.json`,
      want: found(`${APP}/node_modules/lodash/package.json`, 'lodash', '4.17.20', ['MIT']),
    },
    {
      name: 'a package whose license is the last field',
      path: `${APP}/node_modules/minimist/package.json`,
      want: found(`${APP}/node_modules/minimist/package.json`, 'minimist', '1.2.5', ['MIT']),
    },
    {
      name: 'a scoped package',
      path: `${APP}/node_modules/@types/cookie/package.json`,
      want: found(`${APP}/node_modules/@types/cookie/package.json`, '@types/cookie', '0.4.0', ['MIT']),
    },
    {
      name: "the application's own package.json, its ranges not read",
      path: `${APP}/package.json`,
      want: found(`${APP}/package.json`, 'app', '1.0.0', ['ISC']),
    },
  ];
  it.each(fixtures)('fixture: $name', async ({ path, want }) => {
    expect(await nodePkg.analyze(fixtureFile(root, path))).toEqual(want);
  });

  const P = `${APP}/node_modules/x/package.json`;
  const texts: { name: string; text: string; want: AnalyzerResult }[] = [
    {
      name: 'a legacy license object gives its type',
      text: '{"name":"x","version":"1.0.0","license":{"type":"MIT","url":"http://x"}}',
      want: found(P, 'x', '1.0.0', ['MIT']),
    },
    {
      name: 'a legacy array of license objects gives each type',
      text: '{"name":"x","version":"1.0.0","license":[{"type":"MIT"},{"type":"Apache-2.0"}]}',
      want: found(P, 'x', '1.0.0', ['MIT', 'Apache-2.0']),
    },
    {
      name: 'a license string is not split',
      text: '{"name":"x","version":"1.0.0","license":"(MIT OR Apache-2.0)"}',
      want: found(P, 'x', '1.0.0', ['(MIT OR Apache-2.0)']),
    },
    {
      name: 'an array of license strings gives none',
      text: '{"name":"x","version":"1.0.0","license":["MIT"]}',
      want: found(P, 'x', '1.0.0'),
    },
    {
      name: 'a subpath helper without a version is no package',
      text: '{"main":"../dist/ajax"}',
      want: { problems: [] },
    },
    { name: 'a name without a version is no package', text: '{"name":"x"}', want: { problems: [] } },
    {
      name: 'a file that is not JSON is a problem naming it',
      text: '{"name": "x", "version": ',
      want: problem(P, 'package.json is not valid JSON (Unexpected end of JSON input)'),
    },
    {
      name: 'a version of the wrong type is a problem',
      text: '{"name":"x","version":1}',
      want: problem(P, 'package.json: version has the wrong type'),
    },
    {
      name: 'a dependency range of the wrong type is a problem, as Go fails to decode it',
      text: '{"name":"x","version":"1.0.0","dependencies":{"y":1}}',
      want: problem(P, 'package.json: dependencies.y has the wrong type'),
    },
    {
      name: 'a subpath helper naming itself with a slash is no package and no warning',
      text: '{"name":"rxjs/ajax","version":"1.0.0","main":"../bundles/ajax.js"}',
      want: { problems: [] },
    },
    {
      name: 'a name that is not URL-friendly is no package',
      text: '{"name":"../../etc","version":"1.0.0"}',
      want: { problems: [] },
    },
  ];
  it.each(texts)('text: $name', async ({ text, want }) => {
    expect(await nodePkg.analyze(textFile(P, text))).toEqual(want);
  });
});
