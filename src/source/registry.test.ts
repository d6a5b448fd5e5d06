// Scanning images by name from a real registry (Debian's docker-registry) on loopback: TLS from a test CA,
// htpasswd and token auth, credentials from flags, config.json and a credential helper, multi-platform
// indexes, and a proxy that serves wrong blobs, throttles and redirects.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestImage, testImage } from '../../test/images.js';
import { barnacle, cacheWithDb, freshCache, SCAN, withoutNames } from '../../test/registry/scan.js';
import {
  certDir,
  makePki,
  type Pki,
  push,
  type Registry,
  removeTempDirs,
  type Service,
  startBlobStore,
  startProxy,
  startRegistry,
  startTokenServer,
  tempDir,
} from '../../test/registry/services.js';

const USER = 'alice';
const PASSWORD = 'wonderland';
const SERVICE = 'barnacle-test-registry';
const ISSUER = 'barnacle-test-token-server';

let pki: Pki;
let basic: Registry; // TLS + htpasswd
let token: Registry; // TLS + token auth
let tokenServer: Awaited<ReturnType<typeof startTokenServer>>;
let bullseye: TestImage;
let multiarch: TestImage;
let dbCache: string;
/** A token from the token server for the private repository, as a CI system would hand one out. */
let registryToken: string;
let work: string;
const services: Service[] = [];
/** Reports of the same images scanned from their OCI layouts, for comparison. */
const fromLayout: Record<string, unknown> = {};

beforeAll(async () => {
  [bullseye, multiarch] = await Promise.all([testImage('bullseye'), testImage('multiarch')]);
  work = tempDir('registry');
  pki = makePki(work);
  tokenServer = await startTokenServer(pki, {
    users: { [USER]: PASSWORD },
    service: SERVICE,
    issuer: ISSUER,
    anonymousRepos: ['public/bullseye', 'public/multi'],
  });
  services.push(tokenServer);
  basic = await startRegistry(path.join(work, 'basic'), { kind: 'htpasswd', users: { [USER]: PASSWORD } }, pki);
  services.push(basic);
  token = await startRegistry(
    path.join(work, 'token'),
    { kind: 'token', realm: tokenServer.realm, service: SERVICE, issuer: ISSUER },
    pki,
  );
  services.push(token);
  const creds = `${USER}:${PASSWORD}`;
  const certs = certDir(pki);
  await push(`oci:${bullseye.ociDir}`, `${basic.host}/private/bullseye:1`, { certDir: certs, creds });
  await push(`oci:${bullseye.ociDir}`, `${token.host}/public/bullseye:1`, { certDir: certs, creds });
  await push(`oci:${bullseye.ociDir}`, `${token.host}/private/bullseye:1`, { certDir: certs, creds });
  await push(`oci:${multiarch.ociNestedDir}`, `${token.host}/public/multi:1`, { certDir: certs, creds });
  registryToken = await tokenFor('repository:private/bullseye:pull');
  dbCache = await cacheWithDb();
  for (const [key, args] of Object.entries({
    bullseye: ['--input', bullseye.ociDir],
    amd64: ['--input', multiarch.ociDir, '--platform', 'linux/amd64'],
    arm64: ['--input', multiarch.ociDir, '--platform', 'linux/arm64'],
  })) {
    const run = await barnacle(['image', ...args, ...SCAN, '--cache-dir', freshCache(dbCache)]);
    expect(run.stderr).toBe('');
    fromLayout[key] = withoutNames(run.stdout);
  }
});

afterAll(async () => {
  for (const service of services.reverse()) await service.stop();
  removeTempDirs();
});

/** Trusting the test CA as Trivy users do (SSL_CERT_FILE), and nothing else from the host. */
const trustCa = () => ({ SSL_CERT_FILE: pki.caFile, DOCKER_CONFIG: path.join(work, 'no-docker-config') });

function dockerConfig(name: string, config: object): string {
  const dir = path.join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
  return dir;
}

/** A docker-credential-test helper answering for `registry` only, as docker-credential-helpers do. */
function credentialHelper(registry: string): string {
  const dir = path.join(work, 'helper-bin');
  mkdirSync(dir, { recursive: true });
  const script = path.join(dir, 'docker-credential-test');
  writeFileSync(
    script,
    `#!/bin/sh
[ "$1" = get ] || exit 1
read -r server
if [ "$server" = "${registry}" ]; then
  printf '{"ServerURL":"%s","Username":"${USER}","Secret":"${PASSWORD}"}\\n' "$server"
else
  echo "credentials not found in native keychain"; exit 1
fi
`,
  );
  chmodSync(script, 0o755);
  return dir;
}

describe('scanning by name from a registry', () => {
  const cases: {
    name: string;
    ref: () => string;
    args?: () => string[];
    env: () => NodeJS.ProcessEnv;
    same: string;
    tags: () => string[];
    digest: () => string;
  }[] = [
    {
      name: 'an anonymous pull through the token flow gives the layout scan, with RepoTags and RepoDigests',
      ref: () => `${token.host}/public/bullseye:1`,
      env: trustCa,
      same: 'bullseye',
      tags: () => [`${token.host}/public/bullseye:1`],
      digest: () => `${token.host}/public/bullseye@${bullseye.platforms[0]?.manifestDigest}`,
    },
    {
      name: 'a private repository with --username and --password through the token flow',
      ref: () => `${token.host}/private/bullseye:1`,
      args: () => ['--username', USER, '--password', PASSWORD],
      env: trustCa,
      same: 'bullseye',
      tags: () => [`${token.host}/private/bullseye:1`],
      digest: () => `${token.host}/private/bullseye@${bullseye.platforms[0]?.manifestDigest}`,
    },
    {
      name: 'a private repository with --registry-token, sent as it is',
      ref: () => `${token.host}/private/bullseye:1`,
      args: () => ['--registry-token', registryToken],
      env: trustCa,
      same: 'bullseye',
      tags: () => [`${token.host}/private/bullseye:1`],
      digest: () => `${token.host}/private/bullseye@${bullseye.platforms[0]?.manifestDigest}`,
    },
    {
      name: 'a basic-auth registry with credentials from config.json auths (DOCKER_CONFIG)',
      ref: () => `${basic.host}/private/bullseye:1`,
      env: () => ({
        SSL_CERT_FILE: pki.caFile,
        DOCKER_CONFIG: dockerConfig('config-auths', {
          auths: { [basic.host]: { auth: Buffer.from(`${USER}:${PASSWORD}`).toString('base64') } },
        }),
      }),
      same: 'bullseye',
      tags: () => [`${basic.host}/private/bullseye:1`],
      digest: () => `${basic.host}/private/bullseye@${bullseye.platforms[0]?.manifestDigest}`,
    },
    {
      name: 'a basic-auth registry with credentials from a credential helper (credsStore)',
      ref: () => `${basic.host}/private/bullseye:1`,
      env: () => ({
        SSL_CERT_FILE: pki.caFile,
        DOCKER_CONFIG: dockerConfig('config-helper', { credsStore: 'test' }),
        PATH: `${credentialHelper(basic.host)}:${process.env.PATH}`,
      }),
      same: 'bullseye',
      tags: () => [`${basic.host}/private/bullseye:1`],
      digest: () => `${basic.host}/private/bullseye@${bullseye.platforms[0]?.manifestDigest}`,
    },
    {
      name: 'a digest reference has RepoDigests but no RepoTags',
      ref: () => `${token.host}/public/bullseye@${bullseye.platforms[0]?.manifestDigest}`,
      env: trustCa,
      same: 'bullseye',
      tags: () => [],
      digest: () => `${token.host}/public/bullseye@${bullseye.platforms[0]?.manifestDigest}`,
    },
    {
      name: 'a multi-platform index without --platform gives linux/amd64, named by the index digest',
      ref: () => `${token.host}/public/multi:1`,
      env: trustCa,
      same: 'amd64',
      tags: () => [`${token.host}/public/multi:1`],
      digest: () => `${token.host}/public/multi@${indexDigest()}`,
    },
    {
      name: 'a multi-platform index with --platform linux/arm64 gives the arm64 image',
      ref: () => `${token.host}/public/multi:1`,
      args: () => ['--platform', 'linux/arm64'],
      env: trustCa,
      same: 'arm64',
      tags: () => [`${token.host}/public/multi:1`],
      digest: () => `${token.host}/public/multi@${indexDigest()}`,
    },
    {
      name: '--insecure accepts a certificate from an unknown CA',
      ref: () => `${token.host}/public/bullseye:1`,
      args: () => ['--insecure'],
      env: () => ({ DOCKER_CONFIG: path.join(work, 'no-docker-config') }),
      same: 'bullseye',
      tags: () => [`${token.host}/public/bullseye:1`],
      digest: () => `${token.host}/public/bullseye@${bullseye.platforms[0]?.manifestDigest}`,
    },
  ];
  it.each(cases)('$name', { timeout: 120_000 }, async ({ ref, args, env, same, tags, digest }) => {
    const run = await barnacle(
      ['image', ref(), ...(args?.() ?? []), '--image-src', 'remote', ...SCAN, '--cache-dir', freshCache(dbCache)],
      env(),
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(withoutNames(run.stdout)).toEqual(fromLayout[same]);
    const report = JSON.parse(run.stdout) as { ArtifactName: string; Metadata: Record<string, unknown> };
    expect(report.ArtifactName).toBe(ref());
    // Trivy's JSON leaves out an empty RepoTags.
    expect(report.Metadata.RepoTags).toEqual(tags().length > 0 ? tags() : undefined);
    expect(report.Metadata.RepoDigests).toEqual([digest()]);
  });
});

/** Asks the token server for a token with basic auth, as `docker login` flows do. */
function tokenFor(scope: string): Promise<string> {
  const url = `${tokenServer.realm}?service=${SERVICE}&scope=${encodeURIComponent(scope)}`;
  const auth = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca: readFileSync(pki.caFile), headers: { authorization: auth } }, (res) => {
        let text = '';
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => resolve((JSON.parse(text) as { token: string }).token));
      })
      .on('error', reject);
  });
}

/** The digest of multiarch's image index, as oci-nested's index.json names it and skopeo pushed it. */
function indexDigest(): string {
  const index = JSON.parse(readFileSync(path.join(multiarch.ociNestedDir ?? '', 'index.json'), 'utf8')) as {
    manifests: { digest: string }[];
  };
  return index.manifests[0]?.digest ?? '';
}

describe('registry errors', () => {
  const cases: {
    name: string;
    ref: () => string;
    args?: () => string[];
    env: () => NodeJS.ProcessEnv;
    want: RegExp;
  }[] = [
    {
      name: 'a wrong password is refused by the token server',
      ref: () => `${token.host}/private/bullseye:1`,
      args: () => ['--username', USER, '--password', 'not-the-password'],
      env: trustCa,
      want: /token server refused the credentials from --username\/--password \(401\)/,
    },
    {
      name: 'a wrong password is refused by a basic-auth registry',
      ref: () => `${basic.host}/private/bullseye:1`,
      args: () => ['--username', USER, '--password', 'not-the-password'],
      env: trustCa,
      want: /access denied \(401.*check the credentials from --username\/--password/,
    },
    {
      name: 'a private repository without credentials is refused',
      ref: () => `${basic.host}/private/bullseye:1`,
      env: trustCa,
      want: /log in \(docker login\) or pass --username and --password/,
    },
    {
      name: 'a missing tag',
      ref: () => `${token.host}/public/bullseye:nope`,
      env: trustCa,
      want: /public\/bullseye:nope: no such tag in the registry \(404/,
    },
    {
      name: 'a platform the index does not have',
      ref: () => `${token.host}/public/multi:1`,
      args: () => ['--platform', 'linux/s390x'],
      env: trustCa,
      want: /no image for platform linux\/s390x \(it has: linux\/amd64, linux\/arm64\)/,
    },
    {
      name: 'a certificate from an unknown CA without --insecure',
      ref: () => `${token.host}/public/bullseye:1`,
      env: () => ({ DOCKER_CONFIG: path.join(work, 'no-docker-config') }),
      want: /cannot reach the registry \(.*certificate.*\)/i,
    },
  ];
  it.each(cases)('$name: one line, exit 3', async ({ ref, args, env, want }) => {
    const run = await barnacle(
      ['image', ref(), ...(args?.() ?? []), '--image-src', 'remote', ...SCAN, '--cache-dir', freshCache(dbCache)],
      env(),
    );
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(want);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});

describe('registries that misbehave (a proxy in front of the token registry)', () => {
  const layerDigest = () => bullseye.layers[0]?.digest ?? '';
  const blobPath = () => `/v2/public/bullseye/blobs/${layerDigest()}`;
  const scan = (host: string, cacheDir: string) =>
    barnacle(
      ['image', `${host}/public/bullseye:1`, '--image-src', 'remote', ...SCAN, '--cache-dir', cacheDir],
      trustCa(),
    );

  it('a layer blob with the wrong content fails on its digest and leaves nothing in the layer cache', async () => {
    // The gzip header's MTIME byte changed: still a valid gzip of the same tar, so only the digest tells.
    const proxy = await startProxy(token.host, pki.caFile, (req) =>
      req.url === blobPath()
        ? { action: 'pass', rewrite: (body) => Buffer.from(body.map((b, i) => (i === 4 ? b ^ 0xff : b))) }
        : { action: 'pass' },
    );
    try {
      const cacheDir = freshCache(dbCache);
      const run = await scan(proxy.host, cacheDir);
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(
        new RegExp(
          `public/bullseye@${layerDigest()}: blob digest is sha256:[a-f0-9]{64}, its descriptor says ${layerDigest()}`,
        ),
      );
      expect(proxy.log.some((r) => r.url === blobPath() && r.status === 200)).toBe(true);
      const layers = path.join(cacheDir, 'layers');
      expect(existsSync(layers) ? readdirSync(layers, { recursive: true }) : []).toEqual([]);
      expect(readdirSync(cacheDir).sort()).toEqual(existsSync(layers) ? ['db', 'layers'] : ['db']);
    } finally {
      await proxy.stop();
    }
  });

  it('503 and then 429 with Retry-After are retried, waiting as asked', async () => {
    let manifestRequests = 0;
    const proxy = await startProxy(token.host, pki.caFile, (req) => {
      if (!req.url?.startsWith('/v2/public/bullseye/manifests/')) return { action: 'pass' };
      manifestRequests++;
      if (manifestRequests === 1) return { action: 'answer', status: 503 };
      if (manifestRequests === 2) return { action: 'answer', status: 429, headers: { 'retry-after': '1' } };
      return { action: 'pass' };
    });
    try {
      const started = Date.now();
      const run = await scan(proxy.host, freshCache(dbCache));
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(withoutNames(run.stdout)).toEqual(fromLayout.bullseye);
      expect(manifestRequests).toBe(3);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    } finally {
      await proxy.stop();
    }
  });

  it('a redirect to blob storage on another origin is followed without the registry token', async () => {
    const store = await startBlobStore(token);
    const proxy = await startProxy(token.host, pki.caFile, (req) => {
      const m = /^\/v2\/public\/bullseye\/blobs\/sha256:([a-f0-9]{64})$/.exec(req.url ?? '');
      if (!m) return { action: 'pass' };
      return {
        action: 'answer',
        status: 307,
        headers: { location: `http://${store.host}/blobs/sha256/${m[1]}?sig=x` },
      };
    });
    try {
      const run = await scan(proxy.host, freshCache(dbCache));
      expect(run.stderr).toBe('');
      expect(withoutNames(run.stdout)).toEqual(fromLayout.bullseye);
      // The config and the layer came from the store, and the proxy saw the bearer token on its own origin.
      // (The layer walker reads a layer a second time when a link resolves into it, so count distinct blobs.)
      expect([...new Set(store.log.map((r) => r.url.split('?')[0]))].sort()).toEqual(
        [bullseye.platforms[0]?.configDigest, layerDigest()].map((d) => `/blobs/${d?.replace(':', '/')}`).sort(),
      );
      expect(store.log.every((r) => r.authorization === undefined)).toBe(true);
      expect(
        proxy.log.filter((r) => r.url.includes('/blobs/')).every((r) => r.authorization?.startsWith('Bearer ')),
      ).toBe(true);
    } finally {
      await Promise.all([proxy.stop(), store.stop()]);
    }
  });
});
