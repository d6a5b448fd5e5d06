// Ubuntu images carry etc/debian_version ('buster/sid') as well as etc/lsb-release: whatever the layer order,
// the OS is Ubuntu (Trivy's OS.Merge lets the ubuntu analyzer replace a Debian guess, never the reverse).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { barnacle as run } from '../barnacle-cli.js';
import { buildLayout, type FixtureLayer } from './oci-image.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const BIONIC = path.join(ROOT, 'test', 'fixtures', 'analyzer', 'ubuntu', 'bionic', 'etc');
const DEBIAN_VERSION = { 'etc/debian_version': path.join(BIONIC, 'debian_version') };
const LSB_RELEASE = { 'etc/lsb-release': path.join(BIONIC, 'lsb-release') };
const ESM_STATUS = {
  'var/lib/ubuntu-advantage/status.json': path.join(
    ROOT,
    'test',
    'fixtures',
    'analyzer',
    'ubuntu-esm',
    'enabled',
    'var',
    'lib',
    'ubuntu-advantage',
    'status.json',
  ),
};
const OSV = path.join(ROOT, 'test', 'fixtures', 'analyzer', 'apk', 'osv');
/** 2026-01-02: Ubuntu 18.04's standard support ended on 2023-05-31. */
const ENV = { SOURCE_DATE_EPOCH: '1767323045' };

const barnacle = (args: readonly string[]) => run(args, ENV);

let work: string;
let cacheDir: string;
beforeAll(async () => {
  mkdirSync(path.join(ROOT, '.cache'), { recursive: true });
  work = mkdtempSync(path.join(ROOT, '.cache', 'ubuntu-image-'));
  cacheDir = path.join(work, 'cache');
  // Any DB will do: the end of life is decided with the vulnerability scan.
  expect((await barnacle(['db', 'import', OSV, '--cache-dir', cacheDir])).code).toBe(0);
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('an Ubuntu 18.04 image', () => {
  const orders: { name: string; layers: FixtureLayer[] }[] = [
    { name: 'both files in one layer', layers: [{ created: 'bionic', files: { ...DEBIAN_VERSION, ...LSB_RELEASE } }] },
    {
      name: 'debian_version in a later layer',
      layers: [
        { created: 'lsb-release', files: LSB_RELEASE },
        { created: 'debian_version', files: DEBIAN_VERSION },
      ],
    },
    {
      name: 'lsb-release in a later layer',
      layers: [
        { created: 'debian_version', files: DEBIAN_VERSION },
        { created: 'lsb-release', files: LSB_RELEASE },
      ],
    },
  ];
  it.each(orders)('is ubuntu 18.04, not Debian, with $name', async ({ name, layers }) => {
    const dir = path.join(work, name.replaceAll(' ', '-'));
    mkdirSync(dir);
    const layout = buildLayout(dir, layers);
    const run = await barnacle(['image', '--input', layout, '--cache-dir', cacheDir, '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { Metadata: { OS?: unknown } };
    expect(report.Metadata.OS).toEqual({ Family: 'ubuntu', Name: '18.04', EOSL: true });
    expect(run.stderr).toContain(
      'This OS version is no longer supported by the distribution family="ubuntu" version="18.04"',
    );
  });

  it('with Ubuntu Pro ESM enabled is extended, named 18.04-ESM, and supported until the ESM end', async () => {
    const dir = path.join(work, 'esm');
    mkdirSync(dir);
    const files = { ...DEBIAN_VERSION, ...LSB_RELEASE, ...ESM_STATUS };
    const layout = buildLayout(dir, [{ created: 'bionic with Ubuntu Pro', files }]);
    const run = await barnacle(['image', '--input', layout, '--cache-dir', cacheDir, '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { Metadata: { OS?: unknown }; Results?: { Target: string }[] };
    // 18.04-ESM ends on 2028-03-31: no EOSL at the test's clock.
    expect(report.Metadata.OS).toEqual({ Family: 'ubuntu', Name: '18.04', extended: true });
    expect(run.stderr).not.toContain('no longer supported');
    expect(report.Results?.map((r) => r.Target)).toEqual([`${layout} (ubuntu 18.04-ESM)`]);
  });
});
