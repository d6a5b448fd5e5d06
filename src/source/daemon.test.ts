// Scanning images by name from a real engine: Debian's podman as root (vfs storage) serving the Docker
// engine API on a unix socket, reached through DOCKER_HOST, --docker-host, --podman-host and the default
// rootless socket path under XDG_RUNTIME_DIR.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestImage, testImage } from '../../test/images.js';
import { barnacle, cacheWithDb, freshCache, SCAN, withoutNames } from '../../test/registry/scan.js';
import { type Podman, removeTempDirs, startPodman, tempDir } from '../../test/registry/services.js';
import { dockerEndpoint } from './daemon.js';

let podman: Podman;
let xdgRuntimeDir: string;
let bullseye: TestImage;
let dbCache: string;
let fromArchive: unknown;
/** The name `podman load` gives the docker-archive (its manifest.json RepoTags). */
const TAG = 'docker.io/barnacle-test/bullseye:latest';

beforeAll(async () => {
  bullseye = await testImage('bullseye');
  xdgRuntimeDir = tempDir('xdg');
  // The service listens where a rootless Podman's socket is: $XDG_RUNTIME_DIR/podman/podman.sock.
  mkdirSync(path.join(xdgRuntimeDir, 'podman'));
  podman = await startPodman(path.join(xdgRuntimeDir, 'podman'));
  podman.load(bullseye.dockerArchive ?? '');
  dbCache = await cacheWithDb();
  const run = await barnacle([
    'image',
    '--input',
    bullseye.dockerArchive ?? '',
    ...SCAN,
    '--cache-dir',
    freshCache(dbCache),
  ]);
  expect(run.stderr).toBe('');
  fromArchive = withoutNames(run.stdout);
});

afterAll(async () => {
  await podman?.stop();
  removeTempDirs();
});

describe('scanning by name from an engine', () => {
  const noEngine = () => `unix://${path.join(xdgRuntimeDir, 'no-such.sock')}`;
  const cases: { name: string; ref: string; args: () => string[]; env: () => NodeJS.ProcessEnv }[] = [
    {
      name: 'Docker engine API through DOCKER_HOST, by short name',
      ref: 'barnacle-test/bullseye',
      args: () => ['--image-src', 'docker'],
      env: () => ({ DOCKER_HOST: `unix://${podman.socket}` }),
    },
    {
      name: 'Docker engine API through --docker-host, by the full name',
      ref: TAG,
      args: () => ['--image-src', 'docker', '--docker-host', `unix://${podman.socket}`],
      env: () => ({}),
    },
    {
      name: 'Podman through --podman-host',
      ref: 'barnacle-test/bullseye:latest',
      args: () => ['--image-src', 'podman', '--podman-host', podman.socket],
      env: () => ({}),
    },
    {
      name: "Podman's default socket under XDG_RUNTIME_DIR, after the default sources' docker fails",
      ref: 'barnacle-test/bullseye',
      args: () => [],
      env: () => ({ XDG_RUNTIME_DIR: xdgRuntimeDir, DOCKER_HOST: noEngine() }),
    },
  ];
  it.each(cases)(
    '$name gives the archive scan, with the engine tags and digests',
    { timeout: 120_000 },
    async ({ ref, args, env }) => {
      const run = await barnacle(['image', ref, ...args(), ...SCAN, '--cache-dir', freshCache(dbCache)], env());
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(withoutNames(run.stdout)).toEqual(fromArchive);
      const report = JSON.parse(run.stdout) as { ArtifactName: string; Metadata: Record<string, string[]> };
      expect(report.ArtifactName).toBe(ref);
      expect(report.Metadata.RepoTags).toEqual([TAG]);
      expect(report.Metadata.RepoDigests).toEqual([
        expect.stringMatching(/^docker\.io\/barnacle-test\/bullseye@sha256:[a-f0-9]{64}$/),
      ]);
    },
  );

  it('an image the engine does not have: one line naming each source, exit 3', async () => {
    const run = await barnacle(
      ['image', 'barnacle-test/absent:1', '--image-src', 'docker,podman', ...SCAN, '--cache-dir', freshCache(dbCache)],
      { DOCKER_HOST: noEngine(), XDG_RUNTIME_DIR: xdgRuntimeDir },
    );
    expect(run.code).toBe(3);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(
      /unable to find the image 'barnacle-test\/absent:1' in docker, podman: docker: cannot connect to unix:\/\/.*no-such\.sock \(no engine listening\); podman: unix:\/\/.*podman\.sock: no image 'barnacle-test\/absent:1' \(404/,
    );
  });
});

describe('dockerEndpoint', () => {
  const cases: { name: string; host?: string; env: NodeJS.ProcessEnv; want: object | string }[] = [
    {
      name: 'the default socket',
      env: {},
      want: { socketPath: '/var/run/docker.sock', label: 'unix:///var/run/docker.sock' },
    },
    {
      name: 'DOCKER_HOST',
      env: { DOCKER_HOST: 'unix:///run/user/1000/docker.sock' },
      want: { socketPath: '/run/user/1000/docker.sock' },
    },
    {
      name: '--docker-host over DOCKER_HOST',
      host: 'unix:///a.sock',
      env: { DOCKER_HOST: 'unix:///b.sock' },
      want: { socketPath: '/a.sock' },
    },
    { name: 'a bare socket path', host: '/c.sock', env: {}, want: { socketPath: '/c.sock' } },
    { name: 'tcp', env: { DOCKER_HOST: 'tcp://127.0.0.1:2375' }, want: { origin: 'http://127.0.0.1:2375' } },
    {
      name: 'an unknown scheme',
      env: { DOCKER_HOST: 'ssh://me@host' },
      want: 'expected unix:///path/to/docker.sock or tcp://host:port',
    },
  ];
  it.each(cases)('$name', ({ host, env, want }) => {
    if (typeof want === 'string') expect(() => dockerEndpoint(host, env)).toThrow(want);
    else expect(dockerEndpoint(host, env)).toMatchObject(want);
  });
});
