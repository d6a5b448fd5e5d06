// --pkg-relationships on a real lock file: Trivy's npm testdata (test/fixtures/analyzer/lockfiles/trivy-testdata/npm).
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { scanDirectory } from './fs-command.js';
import { silentLogger } from './log.js';
import { pkgRelationshipsOf, RELATIONSHIPS } from './pkg-relationships.js';

const NPM = path.resolve(import.meta.dirname, '../../test/fixtures/analyzer/lockfiles/trivy-testdata/npm');
const context = {
  cacheDir: mkdtempSync(path.join(os.tmpdir(), 'barnacle-rel-')),
  env: {},
  stdout: () => {},
  stdoutIsTty: false,
  logger: silentLogger,
  now: new Date('2026-01-02T00:00:00Z'),
};
const scan = (relationships?: string[]) =>
  scanDirectory('fs', NPM, relationships ? { 'pkg-relationships': relationships } : {}, context, false);

describe('--pkg-relationships', () => {
  it('keeps every package by default', async () => {
    const all = await scan();
    expect(all.results[0]?.packages.length).toBe(29);
    expect(await scan([...RELATIONSHIPS])).toEqual(all);
  });

  it('keeps only the direct dependencies with direct', async () => {
    const packages = (await scan(['direct'])).results[0]?.packages ?? [];
    expect(packages.map((p) => p.id)).toEqual([
      '@babel/helper-string-parser@7.19.4',
      'body-parser@1.18.3',
      'finalhandler@1.1.1',
      'ms@1.0.0',
      'promise@8.3.0',
    ]);
  });

  it('keeps the others with indirect', async () => {
    const packages = (await scan(['indirect'])).results[0]?.packages ?? [];
    expect(packages.length).toBe(24);
    expect(packages.every((p) => p.relationship === 'indirect')).toBe(true);
  });

  it('drops a lock file left without packages', async () => expect((await scan(['root'])).results).toEqual([]));
});

describe('pkgRelationshipsOf', () => {
  const cases: { name: string; flags: Record<string, unknown>; want: unknown }[] = [
    { name: 'all relationships filter nothing', flags: { 'pkg-relationships': [...RELATIONSHIPS] }, want: undefined },
    { name: 'unset filters nothing', flags: {}, want: undefined },
    { name: 'a subset is kept', flags: { 'pkg-relationships': ['direct'], format: 'json' }, want: ['direct'] },
  ];
  it.each(cases)('$name', ({ flags, want }) => expect(pkgRelationshipsOf(flags as never)).toEqual(want));

  const refused: { name: string; flags: Record<string, unknown> }[] = [
    { name: 'with --dependency-tree', flags: { 'dependency-tree': true } },
    { name: 'with an SBOM format', flags: { format: 'cyclonedx' } },
    { name: 'with --vex', flags: { vex: ['openvex.json'] } },
  ];
  it.each(refused)("is refused $name, in Trivy's words", ({ flags }) => {
    const given = { 'pkg-relationships': ['direct'], format: 'table', ...flags } as never;
    expect(() => pkgRelationshipsOf(given)).toThrow(UsageError);
    expect(() => pkgRelationshipsOf(given)).toThrow(
      "'--pkg-relationships' cannot be used with '--dependency-tree', '--vex' or SBOM formats",
    );
  });
});
