// An rpm-based image end to end: a real SLE 15 NDB rpmdb and SLES's real os-release laid into a two-layer OCI
// image layout with umoci, scanned through the CLI. The package list must equal
// the database's ground truth (test/fixtures/analyzer/rpm/README.md).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { barnacle } from '../barnacle-cli.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const ROOTFS = path.join(ROOT, 'test', 'fixtures', 'analyzer', 'rpm', 'sle15-ndb');
const LAYERS = [
  { created: 'os-release of SLES 15 SP3', paths: ['etc/os-release'] },
  { created: 'rpmdb of a SLE 15 BCI image', paths: ['usr/lib/sysimage/rpm/Packages.db'] },
];

interface Report {
  Metadata: { OS?: { Family: string; Name: string }; DiffIDs?: string[] };
  Results?: {
    Target: string;
    Class: string;
    Type: string;
    Packages?: {
      ID: string;
      Name: string;
      Version: string;
      Release?: string;
      Epoch?: number;
      Arch?: string;
      SrcName?: string;
      SrcVersion?: string;
      SrcRelease?: string;
      Licenses?: string[];
      Maintainer?: string;
      Identifier: { PURL?: string };
      Layer?: { DiffID?: string };
    }[];
  }[];
}

function run(command: string, args: readonly string[]): void {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr || result.error}`);
}

/** The image as an OCI layout (gzip layers): one layer per entry of LAYERS, built from the fixture's files. */
function buildImage(dir: string): string {
  const layout = path.join(dir, 'oci');
  run('umoci', ['init', '--layout', layout]);
  run('umoci', ['new', '--image', `${layout}:latest`]);
  run('umoci', ['config', '--image', `${layout}:latest`, '--os', 'linux', '--architecture', 'amd64']);
  for (const [index, layer] of LAYERS.entries()) {
    const tar = path.join(dir, `layer-${index}.tar`);
    run('tar', [
      '--sort=name',
      '--owner=0',
      '--group=0',
      '--numeric-owner',
      '--mtime=@0',
      '-C',
      ROOTFS,
      '-cf',
      tar,
      ...layer.paths,
    ]);
    run('umoci', ['raw', 'add-layer', '--image', `${layout}:latest`, '--history.created_by', layer.created, tar]);
  }
  return layout;
}

let work: string;
let report: Report;

beforeAll(async () => {
  mkdirSync(path.join(ROOT, '.cache'), { recursive: true });
  work = mkdtempSync(path.join(ROOT, '.cache', 'rpm-image-'));
  const layout = buildImage(work);
  const args = ['image', '--input', layout, '--cache-dir', path.join(work, 'cache'), '--format', 'json'];
  const result = await barnacle([...args, '--list-all-pkgs', '--scanners', 'license']);
  // `--scanners license` lists the packages without a vulnerability DB.
  expect(result.code, result.stderr).toBe(0);
  expect(result.stderr).not.toMatch(/error/);
  report = JSON.parse(result.stdout) as Report;
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('an SLE 15 image with an NDB rpmdb', () => {
  it('is detected as SLES 15.3, with one OS target', () => {
    // Today's Trivy family name for SLES (v0.44 said 'suse linux enterprise server'); its purl namespace is suse.
    expect(report.Metadata.OS).toMatchObject({ Family: 'sles', Name: '15.3' });
    // `--scanners license` (used to list packages without a DB) adds the license results after the package target.
    const packageResults = report.Results?.filter((r) => r.Class !== 'license');
    expect(packageResults?.map((r) => [r.Target, r.Class, r.Type])).toEqual([
      [`${path.join(work, 'oci')} (sles 15.3)`, 'os-pkgs', 'sles'],
    ]);
  });

  it('lists exactly the packages of the database ground truth', () => {
    const truth = readFileSync(path.join(ROOTFS, 'expected.tsv'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [name, epoch, version, release, arch, , license, vendor] = line.split('\t');
        return `${name} ${epoch}:${version}-${release} ${arch} ${license} ${vendor}`;
      })
      .sort();
    const listed = (report.Results?.[0]?.Packages ?? [])
      .map((p) => `${p.Name} ${p.Epoch ?? 0}:${p.Version}-${p.Release} ${p.Arch} ${p.Licenses?.[0]} ${p.Maintainer}`)
      .sort();
    expect(listed).toEqual(truth);
  });

  it('gives each package its source rpm, purl and the layer of the database', () => {
    const packages = report.Results?.[0]?.Packages ?? [];
    const libcap = packages.find((p) => p.Name === 'libcap2');
    expect(libcap).toMatchObject({
      ID: 'libcap2@2.26-4.6.1.x86_64',
      SrcName: 'libcap',
      SrcVersion: '2.26',
      SrcRelease: '4.6.1',
      Identifier: { PURL: 'pkg:rpm/suse/libcap2@2.26-4.6.1?arch=x86_64&distro=sles-15.3' },
    });
    const rpmdbLayer = report.Metadata.DiffIDs?.[1];
    expect(rpmdbLayer).toBeDefined();
    for (const p of packages) expect(p.Layer?.DiffID).toBe(rpmdbLayer);
  });
});
