import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layerFrom } from '../../test/fixtures/layer/make-layer.js';
import { analyzers } from '../analyzer/index.js';
import { INDIVIDUAL_PKG_TYPES, LOCKFILE_TYPES } from '../analyzer/lockfile.js';
import type { Analyzer } from '../analyzer/types.js';
import { mergeLayers } from '../inventory/merge.js';
import { analyzeLayer } from '../layer/walk.js';
import { analyzeDirectory } from '../source/directory.js';

const FIXTURES = 'test/fixtures/analyzer';
/** The analyzers of `fs` (lock files) and `rootfs` (installed packages) scans, as Trivy disables them. */
const FS = analyzers.all.filter((a) => !INDIVIDUAL_PKG_TYPES.has(a.id));
const ROOTFS = analyzers.all.filter((a) => !LOCKFILE_TYPES.has(a.id));

/** Each package's `name version: licenses` in the gathered inventory of a fixture directory. */
async function gatheredLicenses(root: string, scan: readonly Analyzer[]): Promise<string[]> {
  const layer = await analyzeDirectory(root, scan);
  return licenseLines(mergeLayers([layer], { artifactName: root }));
}

function licenseLines(inventory: ReturnType<typeof mergeLayers>): string[] {
  return inventory.targets
    .flatMap((t) => t.packages.map((p) => `${p.name} ${p.version}: ${(p.licenses ?? []).join(', ')}`))
    .sort();
}

/**
 * A license a lock-file analyzer might report in a future format: `<name> <version> <license>` lines of
 * `*.licensed` files, the license as written. No analyzer normalises: the gathering point does.
 */
const licensedLines: Analyzer = {
  id: 'licensed-lines',
  version: 1,
  wants: (path) => path.endsWith('.licensed'),
  async analyze(file) {
    const packages = (await file.text())
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        const [name = '', version = '', ...license] = line.split(' ');
        return { id: `${name}@${version}`, name, version, licenses: [license.join(' ')] };
      });
    return { applications: [{ type: 'licensed', filePath: file.path, packages }], problems: [] };
  },
};

describe('licenses gathered from a layer', () => {
  // Trivy normalises these when it merges the analyzers' results; its analyzer tests (which stop before the merge)
  // see them as written, as barnacle's analyzer tests do.
  const cases: { name: string; root: string; scan: readonly Analyzer[]; want: string[] }[] = [
    {
      name: 'wheel METADATA classifiers and License: fields become SPDX ids',
      root: `${FIXTURES}/python-pkg/pip-wheels`,
      scan: ROOTFS,
      want: [
        'Flask 2.2.2: BSD-3-Clause',
        'dnspython 2.2.1: ISC',
        'email-validator 1.3.0: CC0-1.0',
        'greenlet 1.1.3: MIT',
      ],
    },
    {
      name: "a pom.xml's <license><name> becomes its SPDX id (Trivy's analyzer test “happy path”)",
      root: `${FIXTURES}/lockfiles/pom/analyzer-happy`,
      scan: FS,
      want: ['com.example:example 1.0.0: Apache-2.0', 'com.example:example-api 2.0.0: '],
    },
    {
      name: 'lock-file packages filled from node_modules are normalised too (a post-analyzer result)',
      root: `${FIXTURES}/lockfiles/npm-node-modules/trivy-npm-happy`,
      scan: FS,
      want: [
        '@babel/parser 7.23.6: MIT',
        'ansi-colors 3.2.3: ',
        'array-flatten 1.1.1: ',
        'body-parser 1.18.3: MIT',
        'debug 2.6.9: MIT',
        'express 4.16.4: MIT',
        'ms 2.0.0: MIT',
        'ms 2.1.1: MIT',
      ],
    },
  ];
  it.each(cases)('$name', async ({ root, scan, want }) => {
    expect(await gatheredLicenses(root, scan)).toEqual(want);
  });

  it('normalises the licenses of an analyzer that does not (a new analyzer gets it for free)', async () => {
    const layer = await layerFrom([
      {
        name: 'srv/app/deps.licensed',
        content: 'left 1.0 Apache License, Version 2.0\nright 2.0 GPLv2+\nboth 3.0 MIT License\nnone 4.0 \n',
      },
    ]);
    const dir = await mkdtemp(join(tmpdir(), 'barnacle-gathered-'));
    try {
      const analysis = await analyzeLayer(layer, [licensedLines], { cacheDir: dir, cache: false });
      // What the analyzer said, before the gathering.
      expect(analysis.results[0]?.result.applications?.[0]?.packages.map((p) => p.licenses)).toEqual([
        ['Apache License, Version 2.0'],
        ['GPLv2+'],
        ['MIT License'],
        [''],
      ]);
      expect(licenseLines(mergeLayers([analysis], { artifactName: 'image' }))).toEqual([
        'both 3.0: MIT',
        'left 1.0: Apache-2.0',
        'none 4.0: ',
        'right 2.0: GPL-2.0-or-later',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('licenses of a cached layer', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'barnacle-gathered-cache-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('are the same as a fresh analysis gives, and the cache holds them as the analyzers wrote them', async () => {
    const site = `${FIXTURES}/python-pkg/pip-wheels/usr/local/lib/python3.8/site-packages`;
    const flask = await readFile(`${site}/Flask-2.2.2.dist-info/METADATA`);
    const greenlet = await readFile(`${site}/greenlet-1.1.3.dist-info/METADATA`);
    const layer = await layerFrom([
      { name: 'usr/lib/python3/dist-packages/Flask-2.2.2.dist-info/METADATA', content: flask },
      { name: 'usr/lib/python3/dist-packages/greenlet-1.1.3.dist-info/METADATA', content: greenlet },
    ]);
    const fresh = await analyzeLayer(layer, ROOTFS, { cacheDir: dir });
    const cached = await analyzeLayer(layer, ROOTFS, { cacheDir: dir });
    expect(layer.opens()).toBe(1); // the second analysis came from the cache
    const want = ['Flask 2.2.2: BSD-3-Clause', 'greenlet 1.1.3: MIT'];
    expect(licenseLines(mergeLayers([fresh], { artifactName: 'image' }))).toEqual(want);
    expect(licenseLines(mergeLayers([cached], { artifactName: 'image' }))).toEqual(want);
    const stored = cached.results.flatMap((r) => r.result.applications ?? []).flatMap((a) => a.packages);
    expect(stored.map((p) => p.licenses)).toEqual([['BSD License'], ['MIT License']]);
  });
});
