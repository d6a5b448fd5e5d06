// --distro on real inputs: the demo image (Debian 11.5, Python packages) and a real npm lock file.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import type { ScanResult } from '../types.js';
import { parseDistro } from './distro.js';
import { scanDirectory } from './fs-command.js';
import { silentLogger } from './log.js';
import { scanImage } from './scan.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const DEMO = path.join(ROOT, 'examples', 'demo', 'flask-app.tar');
const NPM = path.join(ROOT, 'test', 'fixtures', 'analyzer', 'lockfiles', 'npm-v3');
const FILTERS = { severities: [], ignoreUnfixed: false, pkgTypes: ['os', 'library'] };

describe('parseDistro', () => {
  const cases: { name: string; value: unknown; want: unknown }[] = [
    { name: 'family and version', value: 'ubuntu/22.04', want: { family: 'ubuntu', name: '22.04' } },
    { name: 'a version with a slash keeps it', value: 'alpine/3.19/x', want: { family: 'alpine', name: '3.19/x' } },
    { name: 'a family without a version', value: 'wolfi', want: { family: 'wolfi', name: '' } },
    { name: 'nothing given is no distro', value: '', want: undefined },
    { name: 'unset is no distro', value: undefined, want: undefined },
  ];
  it.each(cases)('$name', ({ value, want }) => expect(parseDistro(value)).toEqual(want));

  it('refuses a family Trivy does not know, naming it', () => {
    expect(() => parseDistro('debain/12')).toThrow(UsageError);
    expect(() => parseDistro('debain/12')).toThrow('--distro: unknown OS family: debain, must be one of');
  });
});

describe('--distro on an image', () => {
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'barnacle-distro-'));
  const scan = async (distro?: { family: string; name: string }, info: string[] = []): Promise<ScanResult> =>
    scanImage({
      input: DEMO,
      cacheDir,
      vulnerabilities: false,
      filters: FILTERS,
      now: new Date('2026-01-02T00:00:00Z'),
      logger: { ...silentLogger, info: (m) => info.push(m) },
      distro,
    });
  let detected: ScanResult;
  let overridden: ScanResult;
  const info: string[] = [];
  beforeAll(async () => {
    detected = await scan();
    overridden = await scan({ family: 'ubuntu', name: '22.04' }, info);
  }, 120_000);

  it('scans for the given OS instead of the detected one', () => {
    expect(detected.metadata.os).toEqual({ family: 'debian', name: '11.5' });
    expect(overridden.metadata.os).toEqual({ family: 'ubuntu', name: '22.04' });
  });

  it("names the OS target after the given OS, as Trivy's target", () => {
    expect(detected.results[0]?.target).toBe(`${DEMO} (debian 11.5)`);
    expect(overridden.results[0]?.target).toBe(`${DEMO} (ubuntu 22.04)`);
    expect(overridden.results[0]?.type).toBe('ubuntu');
  });

  it("makes the OS packages' purls again for the given OS", () => {
    const purls = overridden.results[0]?.packages.map((p) => p.purl) ?? [];
    expect(purls.length).toBeGreaterThan(50);
    expect(purls.every((purl) => purl?.startsWith('pkg:deb/ubuntu/') && purl.includes('distro=ubuntu-22.04'))).toBe(
      true,
    );
  });

  it('keeps the same packages and leaves the language targets alone', () => {
    expect(overridden.results.map((r) => r.packages.length)).toEqual(detected.results.map((r) => r.packages.length));
    expect(overridden.results.slice(1)).toEqual(detected.results.slice(1));
  });

  it("says which OS it replaced, in Trivy's words", () =>
    expect(info).toContain(
      'Overriding detected OS with provided distro detected="debian/11.5" provided="ubuntu/22.04"',
    ));
});

describe('--distro without a detected OS', () => {
  it('changes nothing, as in Trivy (only a detected OS is replaced)', async () => {
    const info: string[] = [];
    const context = {
      cacheDir: mkdtempSync(path.join(os.tmpdir(), 'barnacle-distro-')),
      env: {},
      stdout: () => {},
      stdoutIsTty: false,
      logger: { ...silentLogger, info: (m: string) => info.push(m) },
      now: new Date('2026-01-02T00:00:00Z'),
    };
    const plain = await scanDirectory('fs', NPM, {}, context, false);
    const given = await scanDirectory('fs', NPM, { distro: 'alpine/3.19' }, context, false);
    expect(plain.results.length).toBeGreaterThan(0);
    expect(given).toEqual(plain);
    expect(info.filter((m) => m.startsWith('Overriding'))).toEqual([]);
  });
});
