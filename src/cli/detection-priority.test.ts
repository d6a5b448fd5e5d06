// `--detection-priority` on directory scans: comprehensive takes minimum versions from requirement ranges (fs) and
// keeps Python packages dpkg installed (rootfs); precise, the default, does neither, as Trivy.
import { copyFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { imageOptionsOf } from './compat-flags.js';
import { scanDirectory } from './fs-command.js';
import { silentLogger } from './log.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../test/fixtures');
const context = {
  cacheDir: mkdtempSync(path.join(os.tmpdir(), 'barnacle-priority-cache-')),
  env: {},
  stdout: () => {},
  stdoutIsTty: false,
  logger: silentLogger,
  now: new Date('2026-01-02T00:00:00Z'),
};

const app = mkdtempSync(path.join(os.tmpdir(), 'barnacle-priority-'));
copyFileSync(path.join(FIXTURES, 'analyzer/min-versions/requirements.txt'), path.join(app, 'requirements.txt'));

const packagesOf = async (kind: 'fs' | 'rootfs', dir: string, priority?: string) => {
  const flags = priority ? { 'detection-priority': priority } : {};
  const result = await scanDirectory(kind, dir, flags, context, false);
  return result.results
    .filter((r) => r.class === 'lang-pkgs')
    .map((r) => `${r.target}: ${r.packages.map((p) => `${p.name}@${p.version}`).join(' ')}`);
};

describe('--detection-priority', () => {
  it('fs, precise: a requirements file of ranges gives no packages', async () =>
    expect(await packagesOf('fs', app)).toEqual([]));

  it('fs, comprehensive: each range gives its lowest version', async () =>
    expect(await packagesOf('fs', app, 'comprehensive')).toEqual([
      'requirements.txt: Mopidy-Dirble@1.1 eventlet@0.18.2 keyring@4.1.1 pyjwt@1.2 python-gitlab@2.0.0',
    ]));

  const rootfs = path.join(FIXTURES, 'cli/dpkg-python');
  it('rootfs, precise: the Python package dpkg installed is left to the OS package', async () =>
    expect(await packagesOf('rootfs', rootfs, 'precise')).toEqual([]));

  it('rootfs, comprehensive: it is reported as a Python package too', async () =>
    expect(await packagesOf('rootfs', rootfs, 'comprehensive')).toEqual(['Python: six@1.16.0']));

  it('image scans get it through their options', () => {
    expect(imageOptionsOf({ 'detection-priority': 'comprehensive' }).detectionPriority).toBe('comprehensive');
    expect(imageOptionsOf({ 'detection-priority': 'precise' }).detectionPriority).toBeUndefined();
  });
});
