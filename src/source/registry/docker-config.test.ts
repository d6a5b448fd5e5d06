import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configCredential } from './docker-config.js';

const work = mkdtempSync(path.join(tmpdir(), 'barnacle-docker-config-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let n = 0;
function configDir(config: unknown): string {
  const dir = path.join(work, `config-${n++}`);
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'config.json'), typeof config === 'string' ? config : JSON.stringify(config));
  return dir;
}

/** docker-credential-<name> answering `get` for one server URL, as docker-credential-helpers do. */
function helper(name: string, server: string, user: string, secret: string): string {
  const dir = path.join(work, `bin-${n++}`);
  mkdirSync(dir);
  const file = path.join(dir, `docker-credential-${name}`);
  writeFileSync(
    file,
    `#!/bin/sh\n[ "$1" = get ] || exit 1\nread -r s\nif [ "$s" = "${server}" ]; then echo '{"ServerURL":"'"$s"'","Username":"${user}","Secret":"${secret}"}'; else echo "credentials not found in native keychain"; exit 1; fi\n`,
  );
  chmodSync(file, 0o755);
  return dir;
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('configCredential', () => {
  const cases: { name: string; registry: string; env: () => NodeJS.ProcessEnv; want: object | undefined }[] = [
    {
      name: 'auths by host',
      registry: 'ghcr.io',
      env: () => ({ DOCKER_CONFIG: configDir({ auths: { 'ghcr.io': { auth: b64('u:p:with:colons') } } }) }),
      want: { kind: 'basic', username: 'u', password: 'p:with:colons' },
    },
    {
      name: "Docker Hub's key as docker login writes it",
      registry: 'index.docker.io',
      env: () => ({ DOCKER_CONFIG: configDir({ auths: { 'https://index.docker.io/v1/': { auth: b64('hub:pw') } } }) }),
      want: { kind: 'basic', username: 'hub', password: 'pw' },
    },
    {
      name: 'a key written as a URL',
      registry: 'registry.example:5000',
      env: () => ({
        DOCKER_CONFIG: configDir({ auths: { 'https://registry.example:5000/v2/': { username: 'a', password: 'b' } } }),
      }),
      want: { kind: 'basic', username: 'a', password: 'b' },
    },
    {
      name: 'a registry token',
      registry: 'ghcr.io',
      env: () => ({ DOCKER_CONFIG: configDir({ auths: { 'ghcr.io': { registrytoken: 'tok' } } }) }),
      want: { kind: 'bearer', token: 'tok' },
    },
    {
      name: 'credHelpers wins over auths',
      registry: 'ghcr.io',
      env: () => ({
        DOCKER_CONFIG: configDir({ credHelpers: { 'ghcr.io': 'one' }, auths: { 'ghcr.io': { auth: b64('x:y') } } }),
        PATH: `${helper('one', 'ghcr.io', 'helped', 's3cret')}:${process.env.PATH}`,
      }),
      want: { kind: 'basic', username: 'helped', password: 's3cret', from: 'docker-credential-one' },
    },
    {
      name: 'credsStore without an entry falls back to auths',
      registry: 'ghcr.io',
      env: () => ({
        DOCKER_CONFIG: configDir({ credsStore: 'two', auths: { 'ghcr.io': { auth: b64('x:y') } } }),
        PATH: `${helper('two', 'other.io', 'h', 's')}:${process.env.PATH}`,
      }),
      want: { kind: 'basic', username: 'x', password: 'y' },
    },
    {
      name: 'no config file means anonymous',
      registry: 'ghcr.io',
      env: () => ({ DOCKER_CONFIG: path.join(work, 'absent') }),
      want: undefined,
    },
    {
      name: 'another registry only means anonymous',
      registry: 'quay.io',
      env: () => ({ DOCKER_CONFIG: configDir({ auths: { 'ghcr.io': { auth: b64('u:p') } } }) }),
      want: undefined,
    },
  ];
  it.each(cases)('$name', async ({ registry, env, want }) => {
    const got = await configCredential(registry, env());
    if (want === undefined) expect(got).toBeUndefined();
    else expect(got).toMatchObject(want);
  });

  const bad: { name: string; env: () => NodeJS.ProcessEnv; want: RegExp }[] = [
    {
      name: 'invalid JSON',
      env: () => ({ DOCKER_CONFIG: configDir('{') }),
      want: /config-\d+\/config\.json: not valid JSON/,
    },
    {
      name: 'a helper that is not installed',
      env: () => ({ DOCKER_CONFIG: configDir({ credsStore: 'missing-helper' }), PATH: work }),
      want: /credential helper docker-credential-missing-helper is not on PATH/,
    },
    {
      name: 'a helper name with a path in it',
      env: () => ({ DOCKER_CONFIG: configDir({ credsStore: '../x' }) }),
      want: /not a valid helper name/,
    },
  ];
  it.each(bad)('$name is an input error naming the file or helper', async ({ env, want }) => {
    await expect(configCredential('ghcr.io', env())).rejects.toThrow(want);
  });
});
