import { describe, expect, it } from 'vitest';
import { fixtureFile, textFile } from '../../test/fixture-file.js';
import type { Package } from '../types.js';
import { bun, jsoncToJson } from './bun.js';

// bun.lock written by real bun 1.3 for the package.json beside it: see test/fixtures/analyzer/lockfiles/bun-README.md.
const summary = (packages: readonly Package[]) =>
  packages
    .map((p) => ({
      id: p.id,
      relationship: p.relationship,
      dev: p.dev ?? false,
      dependsOn: p.dependsOn ?? [],
      lines: p.locations?.map((l) => `${l.startLine}-${l.endLine}`),
    }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
const packagesOf = async () =>
  (await bun.analyze(fixtureFile('test/fixtures/analyzer/lockfiles/bun', 'bun.lock'))).applications?.[0]?.packages ??
  [];

describe('bun.lock', () => {
  it('lists every package with its relationship, dev flag, dependencies and line', async () => {
    expect(summary(await packagesOf())).toEqual([
      { id: 'debug@4.3.4', relationship: 'direct', dev: false, dependsOn: ['ms@2.1.2'], lines: ['19-19'] },
      { id: 'is-number@7.0.0', relationship: 'direct', dev: true, dependsOn: [], lines: ['21-21'] },
      { id: 'lodash@4.17.20', relationship: 'direct', dev: false, dependsOn: [], lines: ['23-23'] },
      { id: 'minimist@1.2.5', relationship: 'direct', dev: false, dependsOn: [], lines: ['25-25'] },
      // The dev dependency ms 2.0.0 sits at the top; debug's own ms 2.1.2 is nested under it, and production.
      { id: 'ms@2.0.0', relationship: 'direct', dev: true, dependsOn: [], lines: ['27-27'] },
      { id: 'ms@2.1.2', relationship: 'indirect', dev: false, dependsOn: [], lines: ['29-29'] },
    ]);
  });

  // Trivy's own test data and the packages its parser test expects (parse_testcase.go at dc3c56e).
  it.each([
    [
      'bun_happy.lock',
      [
        {
          id: '@types/bun@1.2.13',
          relationship: 'direct',
          dev: true,
          dependsOn: ['bun-types@1.2.13'],
          lines: ['18-18'],
        },
        {
          id: '@types/node@22.15.18',
          relationship: 'indirect',
          dev: true,
          dependsOn: ['undici-types@6.21.0'],
          lines: ['20-20'],
        },
        {
          id: 'bun-types@1.2.13',
          relationship: 'indirect',
          dev: true,
          dependsOn: ['@types/node@22.15.18'],
          lines: ['22-22'],
        },
        { id: 'typescript@5.8.3', relationship: 'direct', dev: false, dependsOn: [], lines: ['24-24'] },
        { id: 'undici-types@6.21.0', relationship: 'indirect', dev: false, dependsOn: [], lines: ['26-26'] },
        { id: 'zod@3.24.4', relationship: 'direct', dev: false, dependsOn: ['undici-types@6.21.0'], lines: ['28-28'] },
      ],
    ],
    [
      'bun_multiple_ws.lock',
      [
        { id: 'chalk@5.0.1', relationship: 'direct', dev: false, dependsOn: [], lines: ['23-23'] },
        { id: 'lodash@4.17.21', relationship: 'direct', dev: false, dependsOn: [], lines: ['25-25'] },
        { id: 'my-app@1.0.0', relationship: 'workspace', dev: false, dependsOn: [], lines: ['27-27'] },
        { id: 'my-lib@1.0.0', relationship: 'workspace', dev: false, dependsOn: [], lines: ['29-29'] },
      ],
    ],
  ])("Trivy's %s gives the packages Trivy's parser test expects", async (name, expected) => {
    const result = await bun.analyze(fixtureFile('test/fixtures/analyzer/lockfiles/trivy-testdata/bun', name));
    expect(summary(result.applications?.[0]?.packages ?? [])).toEqual(expected);
  });

  it('a syntax error is a warning naming the file and the line', async () => {
    const result = await bun.analyze(
      textFile('app/bun.lock', '{\n  "lockfileVersion": 1,\n  "packages": {\n    "a": [\n}\n'),
    );
    expect(result.applications).toEqual([]);
    expect(result.problems).toEqual([
      { path: 'app/bun.lock', reason: expect.stringMatching(/^cannot parse at line 5: not valid JSON/) },
    ]);
  });

  it('a package entry that is not an array is a warning naming its member', async () => {
    const result = await bun.analyze(textFile('bun.lock', '{ "lockfileVersion": 1, "packages": { "a": "a@1.0.0" } }'));
    expect(result.problems).toEqual([
      { path: 'bun.lock', reason: "cannot parse: packages.a does not have bun.lock's shape" },
    ]);
  });
});

describe('jsoncToJson', () => {
  it.each([
    ['a trailing comma in an object', '{ "a": 1, }', '{ "a": 1  }'],
    ['a trailing comma before a line break', '[1,\n]', '[1 \n]'],
    ['a line comment, its line break kept', '{"a": 1 // one\n}', '{"a": 1       \n}'],
    ['a block comment over two lines', '{/* a\nb */"a": 1}', '{    \n    "a": 1}'],
    ['comment-like text inside a string', '{"a": "x // y, }"}', '{"a": "x // y, }"}'],
    ['an escaped quote inside a string', '{"a": "\\",", }', '{"a": "\\","  }'],
  ])('%s', (_name, input, expected) => {
    expect(jsoncToJson(input)).toBe(expected);
    expect(jsoncToJson(input)).toHaveLength(input.length);
  });
});
