// The example app built for real and scanned by name, as the workflow does after `docker build`: a stand-in
// `python:3.9` made from Debian bullseye with mmdebstrap (bullseye is what the real one is built on; it cannot be
// pulled here; pip and setuptools pip-installed as in the real one), examples/flask-app built on it by podman (vfs storage, chroot isolation, Flask from Debian's
// python3-flask through the FLASK_FROM build argument), served over the Docker engine API by
// `podman system service`, and scanned by the bundled action through that socket.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionNodeDir } from '../../action/runtime.mjs';
import { main } from '../../src/cli/main.js';
import { bundleOutsideRepo } from './bundle.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
/** The bundle outside the repository, as a runner has it (no node_modules to fall back on). */
const BUNDLE = bundleOutsideRepo();
const OSV = path.join(ROOT, 'examples', 'demo', 'osv');
const WORK = path.join(ROOT, '.cache', 'flask-app-test');
const BASE = path.join(WORK, 'python-3.9-standin-3.tar');
const SOCKET = path.join(WORK, 'podman.sock');
/** podman's own storage for this test, apart from the machine's. */
const PODMAN = ['--root', path.join(WORK, 'storage'), '--runroot', path.join(WORK, 'run'), '--storage-driver', 'vfs'];

function sh(command: string, args: readonly string[], timeoutMs = 900_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { maxBuffer: 64 << 20, timeout: timeoutMs }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')} failed: ${error.message}\n${stderr.slice(-3000)}`));
      else resolve(stdout);
    });
  });
}

async function waitFor(file: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!existsSync(file)) {
    if (Date.now() > end) throw new Error(`${file} did not appear within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

let service: ChildProcess | undefined;
let log = '';
let code = -1;

beforeAll(async () => {
  mkdirSync(WORK, { recursive: true });
  if (!existsSync(BASE)) {
    await sh('mmdebstrap', [
      '--quiet',
      '--mode=root',
      '--format=tar',
      '--variant=minbase',
      '--include=python3,python3-pip,ca-certificates',
      // As in the real python:3.9, pip and setuptools installed by pip (into /usr/local), not by dpkg: from the
      // wheels Debian ships in python-pip-whl.
      '--customize-hook=chroot "$1" pip3 install --ignore-installed --no-index --find-links /usr/share/python-wheels pip setuptools',
      'bullseye',
      `${BASE}.tmp`,
      'http://deb.debian.org/debian',
    ]);
    await sh('mv', [`${BASE}.tmp`, BASE]);
  }
  await sh('podman', [...PODMAN, 'import', BASE, 'docker.io/library/python:3.9']);
  await sh('podman', [
    ...PODMAN,
    'build',
    '--isolation',
    'chroot',
    '--pull=never',
    '--build-arg',
    'FLASK_FROM=debian',
    '-t',
    'flask-app:ci',
    path.join(ROOT, 'examples', 'flask-app'),
  ]);
  rmSync(SOCKET, { force: true });
  service = spawn('podman', [...PODMAN, 'system', 'service', '--time=0', `unix://${SOCKET}`], { stdio: 'ignore' });
  await waitFor(SOCKET, 30_000);

  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'barnacle-flask-cache-'));
  const quiet = { env: {}, stdout: () => {}, stderr: () => {}, stdoutIsTty: false };
  expect(await main(['node', 'barnacle', 'db', 'import', OSV, '--cache-dir', cacheDir], quiet)).toBe(0);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'barnacle-flask-run-'));
  writeFileSync(path.join(dir, 'output'), '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: dir,
    GITHUB_OUTPUT: path.join(dir, 'output'),
    RUNNER_TEMP: path.join(dir, 'tmp'),
    'INPUT_IMAGE-REF': 'flask-app:ci',
    'INPUT_DOCKER-HOST': `unix://${SOCKET}`,
    'INPUT_CACHE-DIR': cacheDir,
  };
  await new Promise<void>((resolve) => {
    // The Node.js the runner starts the action with (action.yml `runs.using`), from the npm registry.
    const node = path.join(actionNodeDir(), 'bin', 'node');
    execFile(node, [BUNDLE], { cwd: dir, env, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      code = error ? Number((error as { code?: number }).code ?? 1) : 0;
      log = stdout + stderr;
      resolve();
    });
  });
}, 1_200_000);

afterAll(() => {
  service?.kill();
});

describe('the example app built with podman and scanned by name by the action', () => {
  it('scans the image through the engine socket and succeeds without exit-code', () => {
    expect(log).not.toContain('::error::');
    expect(code).toBe(0);
  });

  it("shows the image's Debian 11 target and its total", () => {
    expect(log).toMatch(
      /flask-app:ci \(debian 11\.\d+\)\n=+\nTotal: \d+ \(UNKNOWN: \d+, LOW: \d+, MEDIUM: \d+, HIGH: \d+, CRITICAL: \d+\)/,
    );
  });

  // Debian's python3-flask belongs to dpkg and is left out of the Python target, as Trivy leaves out language
  // packages installed by OS packages; pip and setuptools (pip-installed, as in the real base) are in it.
  it('shows the Python target of pip-installed packages and its total', () => {
    expect(log).toMatch(
      /Python \(python-pkg\)\n=+\nTotal: \d+ \(UNKNOWN: \d+, LOW: \d+, MEDIUM: \d+, HIGH: \d+, CRITICAL: \d+\)/,
    );
  });
});
