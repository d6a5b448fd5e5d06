// Golden reports of the demo image: real package data (the image's dpkg status and Python distributions)
// matched against a real DB built from real OSV records, with a fixed clock. Update: `vitest -u`.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath, imageConfig, pythonPackages, statusPackages } from '../../test/fixtures/match/advisories.js';
import { importSources } from '../db/build.js';
import { openDb } from '../db/open.js';
import type { VulnDb } from '../db/types.js';
import { applyFilters } from '../filter/index.js';
import { matchTargetWithProblems } from '../match/match.js';
import { type ScanResult, SEVERITIES, type TargetResult } from '../types.js';
import { reporters } from './index.js';
import type { ReportOptions } from './types.js';

const NOW = new Date('2026-01-02T03:04:05.678Z');
const OS = { family: 'debian', name: '11.5' };
let dir: string;
let db: VulnDb;

beforeAll(async () => {
  mkdirSync(path.join(process.cwd(), '.cache'), { recursive: true });
  dir = mkdtempSync(path.join(process.cwd(), '.cache', 'report-golden-'));
  await importSources([fixturePath('debian'), fixturePath('pypi')], path.join(dir, 'test.db'), { now: NOW });
  db = openDb(path.join(dir, 'test.db'));
});
afterAll(() => {
  db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function scan(): ScanResult {
  const targets: TargetResult[] = [
    {
      target: 'flask-app.tar (debian 11.5)',
      class: 'os-pkgs',
      type: 'debian',
      packages: statusPackages(),
      vulnerabilities: [],
    },
    { target: 'Python', class: 'lang-pkgs', type: 'python-pkg', packages: pythonPackages(), vulnerabilities: [] },
  ];
  const config = imageConfig();
  return {
    schemaVersion: 2,
    createdAt: NOW.toISOString(),
    artifactName: 'flask-app.tar',
    artifactType: 'container_image',
    metadata: {
      os: OS,
      imageId: 'sha256:5c51e45ab0b36eb0eca58d63a48ef259cc52231c64da74f554019b934bf35cdf',
      diffIds: ['sha256:7c2d351c6dfd539ffee28fca8cd48ea7094f9a03936f54be21de7d239d35137c'],
      repoTags: ['docker.io/library/flask-app:latest'],
      imageConfig: config,
    },
    results: targets.map((target) => ({
      ...target,
      vulnerabilities: matchTargetWithProblems(target, OS, db).findings,
    })),
  };
}

const options = (over: Partial<ReportOptions> = {}): ReportOptions => ({
  severities: [...SEVERITIES],
  listAllPkgs: false,
  color: false,
  version: 'dev',
  scanners: ['vuln', 'secret'],
  ...over,
});
const ALL = { severities: [...SEVERITIES], ignoreUnfixed: false, pkgTypes: ['os', 'library'] };

describe('golden reports of the demo image', () => {
  const cases: { name: string; file: string; format: string; filter?: object; report?: Partial<ReportOptions> }[] = [
    { name: 'json', file: 'flask-app.json', format: 'json' },
    { name: 'table', file: 'flask-app.table', format: 'table' },
    {
      name: 'table of HIGH and CRITICAL findings with a fix',
      file: 'flask-app.high-critical-fixed.table',
      format: 'table',
      filter: { severities: ['HIGH', 'CRITICAL'], ignoreUnfixed: true },
      report: { severities: ['HIGH', 'CRITICAL'] },
    },
    {
      name: 'json with every package',
      file: 'flask-app.list-all-pkgs.json',
      format: 'json',
      report: { listAllPkgs: true },
    },
  ];
  it.each(cases)('$name', async ({ file, format, filter, report }) => {
    const result = applyFilters(scan(), { ...ALL, ...filter });
    const text = reporters.get(format)?.render(result, options(report)) ?? '';
    await expect(text).toMatchFileSnapshot(`../../test/golden/${file}`);
  });

  it('finds vulnerabilities in both targets', () => {
    const result = scan();
    expect(result.results.map((t) => t.vulnerabilities.length > 0)).toEqual([true, true]);
  });
});
