import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzers } from '../analyzer/index.js';
import { INDIVIDUAL_PKG_TYPES } from '../analyzer/lockfile.js';
import { isNodeModulesPackage, nodeModulesPackage } from '../analyzer/node-modules.js';
import type { Application, NodeModulesPackage } from '../analyzer/types.js';
import { mergeLayers } from '../inventory/merge.js';
import { analyzeDirectory } from '../source/directory.js';
import { licenseFileOf, nodeModulesLicenses, withNodeModulesLicenses } from './node-modules.js';

const FIXTURES = 'test/fixtures/analyzer/lockfiles/npm-node-modules';

/** The package.json files of a fixture's node_modules, read as the npm analyzer reads them. */
function installedIn(root: string): NodeModulesPackage[] {
  return readdirSync(`${FIXTURES}/${root}`, { recursive: true, encoding: 'utf8' })
    .map((path) => path.split('\\').join('/'))
    .filter(isNodeModulesPackage)
    .flatMap((path) => nodeModulesPackage(path, readFileSync(`${FIXTURES}/${root}/${path}`, 'utf8')).nodeModules ?? []);
}

const npmApp = (filePath: string, packages: Application['packages']): Application => ({
  type: 'npm',
  filePath,
  packages,
});

describe('license fields that point to a file', () => {
  // Trivy's Test_IsLicenseRefToFile (pkg/fanal/analyzer/language/nodejs/license/license_test.go).
  const cases: { name: string; input: string[]; want: string | undefined }[] = [
    { name: 'no ref to file', input: ['MIT'], want: undefined },
    { name: 'empty input', input: [], want: 'LICENSE' },
    { name: 'happy `SEE LICENSE IN`', input: ['SEE LICENSE IN LICENSE.md'], want: 'LICENSE.md' },
    { name: 'sad `SEE LICENSE IN`', input: ['SEE LICENSE IN '], want: undefined },
    { name: 'happy `LicenseRef-`', input: ['LicenseRef-LICENSE.txt'], want: 'LICENSE.txt' },
    { name: 'sad `LicenseRef-`', input: ['LicenseRef-'], want: undefined },
    { name: 'several names mean the LICENSE file', input: ['MIT', 'Apache-2.0'], want: 'LICENSE' },
  ];
  it.each(cases)('$name', ({ input, want }) => expect(licenseFileOf(input)).toBe(want));
});

describe('licenses from node_modules', () => {
  it("gives what Trivy's Traverse gives without the LICENSE files its npm analyzer is never handed", () => {
    // Trivy's Test_ParseLicenses also finds package-b MIT (LicenseRef-LICENSE.txt), package-c and package-d
    // BSD-3-Clause (SEE LICENSE IN LICENSE.md; no license field, so LICENSE) by classifying those files. Its npm
    // analyzer's file system holds only package-lock.json and node_modules package.json files, so there those
    // packages get no license.
    const licenses = nodeModulesLicenses('node_modules', installedIn('trivy-license-happy'));
    expect(Object.fromEntries(licenses)).toEqual({
      'package-a@0.0.1': ['CC-BY-SA-4.0'],
      'package-e@0.0.1': ['(GPL-3.0 OR LGPL-3.0 OR MPL-1.1 OR SEE LICENSE IN LICENSE)'],
    });
  });

  it('reads only the node_modules beside the lock file', () => {
    const installed = installedIn('trivy-npm-happy').map((pkg) => ({ ...pkg, filePath: `app/${pkg.filePath}` }));
    expect(nodeModulesLicenses('node_modules', installed).size).toBe(0);
    expect([...nodeModulesLicenses('app/node_modules', installed).keys()].sort()).toEqual([
      '@babel/parser@7.23.6',
      'body-parser@1.18.3',
      'debug@2.6.9',
      'express@4.16.4',
      'ms@2.0.0',
      'ms@2.1.1',
    ]);
  });

  // The same name@version installed twice: the file fs.WalkDir reaches last wins (entries by name, byte order).
  const orders: { name: string; paths: [string, string]; want: string }[] = [
    {
      name: 'a nested copy comes before its parent package.json',
      paths: ['node_modules/a/package.json', 'node_modules/a/node_modules/x/package.json'],
      want: 'node_modules/a/package.json',
    },
    {
      name: 'directory a comes before a-b (Go compares names, not whole paths)',
      paths: ['node_modules/a-b/package.json', 'node_modules/a/package.json'],
      want: 'node_modules/a-b/package.json',
    },
    {
      name: 'upper case before lower case',
      paths: ['node_modules/b/package.json', 'node_modules/B/package.json'],
      want: 'node_modules/b/package.json',
    },
  ];
  it.each(orders)('$name', ({ paths, want }) => {
    const installed = paths.map((filePath) => ({ filePath, id: 'x@1.0.0', licenses: [filePath] }));
    expect(nodeModulesLicenses('node_modules', installed).get('x@1.0.0')).toEqual([want]);
  });

  it('fills npm packages without a license of their own, every pnpm package, and no other type', () => {
    const installed = installedIn('trivy-npm-happy');
    const apps = withNodeModulesLicenses(
      [
        npmApp('package-lock.json', [
          { id: 'ms@2.0.0', name: 'ms', version: '2.0.0' },
          { id: 'express@4.16.4', name: 'express', version: '4.16.4', licenses: ['Apache-2.0'] },
          { id: 'left-pad@1.3.0', name: 'left-pad', version: '1.3.0' },
        ]),
        { type: 'composer', filePath: 'composer.lock', packages: [{ id: 'ms@2.0.0', name: 'ms', version: '2.0.0' }] },
        {
          type: 'pnpm',
          filePath: 'pnpm-lock.yaml',
          packages: [{ id: '/ms/2.0.0', name: 'ms', version: '2.0.0', licenses: ['Unlicense'] }],
        },
      ],
      installed,
    );
    expect(apps.map((app) => app.packages.map((p) => `${p.id} ${p.licenses ?? '-'}`))).toEqual([
      ['ms@2.0.0 MIT', 'express@4.16.4 Apache-2.0', 'left-pad@1.3.0 -'],
      ['ms@2.0.0 -'],
      ['/ms/2.0.0 MIT'],
    ]);
  });
});

describe('lock files scanned with their node_modules', () => {
  // What Trivy's analyzer tests expect for its test data: npm_test.go “with node_modules”, pnpm_test.go “with
  // node_modules” and “V9 with node_modules”, yarn_test.go “happy path with licenses (yarn classic)”, bun_test.go
  // “with node_modules”.
  const cases: { name: string; dir: string; want: string[] }[] = [
    {
      name: 'npm: a v1 lock file, nested and scoped packages',
      dir: 'trivy-npm-happy',
      want: [
        '@babel/parser@7.23.6 MIT',
        'ansi-colors@3.2.3 -',
        'array-flatten@1.1.1 -',
        'body-parser@1.18.3 MIT',
        'debug@2.6.9 MIT',
        'express@4.16.4 MIT',
        'ms@2.0.0 MIT',
        'ms@2.1.1 MIT',
      ],
    },
    { name: 'pnpm: a package in the virtual store', dir: 'trivy-pnpm-happy', want: ['ms@2.1.3 MIT'] },
    {
      name: 'pnpm 9: matched by name@version, not by the ID with its peer suffix',
      dir: 'trivy-pnpm-happy-v9',
      want: ['vue-router@4.5.1(vue@3.5.22) MIT'],
    },
    {
      // yarn_test.go “happy path with licenses (yarn classic)” also gives @vue/compiler-sfc MIT, by classifying the
      // LICENSE file of a package.json without a license field; barnacle has no license text classifier.
      name: 'yarn v1: every license a package.json names; none where Trivy classifies a LICENSE file',
      dir: 'trivy-yarn-classic-licenses',
      want: [
        '@babel/parser@7.22.7 MIT',
        '@vue/compiler-sfc@2.7.14 -',
        'nanoid@3.3.6 MIT',
        'package.json -',
        'picocolors@1.0.0 ISC',
        'postcss@8.4.27 MIT',
        'source-map-js@1.0.2 BSD-3-Clause',
        'source-map@0.6.1 BSD-3-Clause',
      ],
    },
    {
      name: 'bun',
      dir: 'trivy-bun-happy',
      want: [
        '@types/bun@1.2.13 MIT',
        '@types/node@22.15.18 MIT',
        'bun-types@1.2.13 MIT',
        'typescript@5.8.3 Apache-2.0',
        'undici-types@6.21.0 MIT',
        'zod@3.24.4 MIT',
      ],
    },
  ];
  it.each(cases)('$name', async ({ dir, want }) => {
    const fs = analyzers.all.filter((a) => !INDIVIDUAL_PKG_TYPES.has(a.id));
    const layer = await analyzeDirectory(`${FIXTURES}/${dir}`, fs);
    const inventory = mergeLayers([layer], { artifactName: dir });
    const lines = inventory.targets.flatMap((t) => t.packages.map((p) => `${p.id} ${p.licenses?.join(',') ?? '-'}`));
    expect(lines.sort()).toEqual(want);
    expect(inventory.problems).toEqual([]);
  });
});

describe('node_modules package.json files', () => {
  const paths: { path: string; want: boolean }[] = [
    { path: 'node_modules/ms/package.json', want: true },
    { path: 'node_modules/@babel/parser/package.json', want: true },
    { path: 'app/node_modules/a/node_modules/b/package.json', want: true },
    { path: 'node_modules/.pnpm/ms@2.1.3/node_modules/ms/package.json', want: true },
    { path: 'node_modules/rxjs/ajax/package.json', want: false },
    { path: 'node_modules/@angular/core/testing/package.json', want: false },
    { path: 'node_modules/@scope/package.json', want: false },
    { path: 'package.json', want: false },
    { path: 'node_modules/ms/index.js', want: false },
  ];
  it.each(paths)('$path: $want', ({ path, want }) => expect(isNodeModulesPackage(path)).toBe(want));

  const files: { name: string; text: string; want: ReturnType<typeof nodeModulesPackage> }[] = [
    {
      name: 'a legacy list of {type} objects gives each name',
      text: '{"name":"a","version":"1.0.0","license":[{"type":"MIT"},{"type":"Apache-2.0"}]}',
      want: { nodeModules: [{ filePath: 'p', id: 'a@1.0.0', licenses: ['MIT', 'Apache-2.0'] }], problems: [] },
    },
    {
      name: 'a list with a type that is not a string gives none (Go fails the whole list)',
      text: '{"name":"a","version":"1.0.0","license":[{"type":"MIT"},{"type":2}]}',
      want: { nodeModules: [{ filePath: 'p', id: 'a@1.0.0', licenses: [] }], problems: [] },
    },
    {
      name: 'no version, no id',
      text: '{"name":"a","license":"MIT"}',
      want: { nodeModules: [{ filePath: 'p', id: '', licenses: ['MIT'] }], problems: [] },
    },
    {
      name: 'a name that is not URL-friendly is skipped quietly',
      text: '{"name":"a b","version":"1.0.0","license":"MIT"}',
      want: { problems: [] },
    },
    {
      name: 'a file that is not JSON is a warning',
      text: '{"name":',
      want: {
        problems: [
          {
            path: 'p',
            reason: expect.stringMatching(
              /^package.json is not valid JSON \(.*\); the license of its package is not read$/,
            ),
          },
        ],
      },
    },
    {
      name: 'a member of the wrong type is a warning',
      text: '{"name":"a","version":1}',
      want: {
        problems: [
          { path: 'p', reason: 'package.json version has the wrong type; the license of its package is not read' },
        ],
      },
    },
  ];
  it.each(files)('$name', ({ text, want }) => expect(nodeModulesPackage('p', text)).toEqual(want));
});
