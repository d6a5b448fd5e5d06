// `barnacle rootfs` on the unpacked root filesystem of a test image lists what `barnacle image` lists for the image
// (which scripts/compare-trivy.js compares with Trivy's). Trivy v0.44.1's `rootfs` on the three-layer image's
// unpacked tree lists the same 98 Debian packages, under a target it names `vm (debian 11.11)`; today's Trivy
// names it after the path, as barnacle does.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { barnacle } from '../barnacle-cli.js';
import { testImage } from '../images.js';

interface Report {
  Metadata: { OS?: { Family: string; Name: string } };
  Results?: { Target: string; Type: string; Packages?: Record<string, unknown>[] }[];
}

const FIELDS = ['Name', 'Version', 'Release', 'Epoch', 'Arch', 'SrcName', 'SrcVersion', 'SrcRelease', 'SrcEpoch'];
const packagesOf = (report: Report) =>
  (report.Results ?? []).flatMap((r) =>
    (r.Packages ?? []).map((p) => [r.Type, ...FIELDS.map((f) => String(p[f] ?? ''))].join(' ')),
  );

const DEMO_OSV = path.resolve(import.meta.dirname, '..', '..', 'examples', 'demo', 'osv');

let work: string;
let tree: string;
let image: Report;
let rootfs: Report;
beforeAll(async () => {
  const built = await testImage('three-layer');
  work = mkdtempSync(path.join(os.tmpdir(), 'barnacle-rootfs-'));
  tree = path.join(work, 'rootfs');
  execFileSync('umoci', ['raw', 'unpack', '--rootless', '--image', `${built.ociDir}:latest`, tree]);
  const flags = ['--format', 'json', '--list-all-pkgs', '--scanners', 'license', '--cache-dir', path.join(work, 'c')];
  const fromImage = await barnacle(['image', '--input', built.ociDir, ...flags]);
  const fromTree = await barnacle(['rootfs', tree, ...flags]);
  expect(fromImage.code, fromImage.stderr).toBe(0);
  expect(fromTree.code, fromTree.stderr).toBe(0);
  image = JSON.parse(fromImage.stdout) as Report;
  rootfs = JSON.parse(fromTree.stdout) as Report;
}, 600_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('barnacle rootfs on an unpacked image', () => {
  it('detects the same OS', () => expect(rootfs.Metadata.OS).toEqual(image.Metadata.OS));

  it('lists the same packages', () => {
    const listed = packagesOf(rootfs);
    expect(listed.length).toBeGreaterThan(50);
    expect(listed.sort()).toEqual(packagesOf(image).sort());
  });

  it('names the OS target after the path', () =>
    expect(rootfs.Results?.[0]?.Target).toMatch(/rootfs \(debian \d+\.\d+\)$/));
});

describe('barnacle rootfs with the vulnerability scan', () => {
  it('judges the OS against its end of life as an image scan does, and --exit-on-eol exits with its code', async () => {
    const cache = path.join(work, 'with-db');
    expect((await barnacle(['db', 'import', DEMO_OSV, '--cache-dir', cache])).code).toBe(0);
    // 2030: Debian 11's LTS has ended.
    const env = { SOURCE_DATE_EPOCH: String(Date.UTC(2030, 0, 1) / 1000) };
    const args = ['rootfs', tree, '--cache-dir', cache, '--skip-db-update', '--format', 'json', '--exit-on-eol', '9'];
    const run = await barnacle(args, env);
    expect(run.code, run.stderr).toBe(9);
    expect((JSON.parse(run.stdout) as { Metadata: { OS: { EOSL?: boolean } } }).Metadata.OS.EOSL).toBe(true);
    expect(run.stderr).toMatch(/error: Detected EOL OS family="debian" version="11\.\d+"/);
  });
});
