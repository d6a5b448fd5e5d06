// Real services for the registry and engine tests, each started on 127.0.0.1 by the test that needs it and
// stopped by it: Debian's docker-registry (TLS from a test CA made with openssl, htpasswd or token auth),
// a Docker token server (distribution's docs/spec/auth/token.md, signed with a test key), a plain HTTP
// proxy that can misbehave, and a Podman service serving the Docker engine API on a unix socket.
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { createSign, randomUUID } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { type AddressInfo, createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

/** Fails loudly (not a skip) when a tool the tests need is missing; .ci/run installs them. */
export function requireBinary(name: string, apt: string): string {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(`${name} is not installed; apt-get install ${apt} (see .ci/run)`);
  }
}

const made: string[] = [];

/** A new directory under the system temp dir, removed by removeTempDirs. */
export function tempDir(prefix: string): string {
  const root = path.join(tmpdir(), 'barnacle-registry-tests');
  mkdirSync(root, { recursive: true });
  const dir = mkdtempSync(path.join(root, `${prefix}-`));
  made.push(dir);
  return dir;
}

/** Removes every directory tempDir made in this process. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A free TCP port on 127.0.0.1 (taken from the kernel, then released for the service to bind). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface Pki {
  readonly dir: string;
  /** The CA certificate (PEM file) the clients trust. */
  readonly caFile: string;
  /** The server's certificate and key for 127.0.0.1, signed by the CA. */
  readonly certFile: string;
  readonly keyFile: string;
  /** A self-signed certificate and key the token server signs tokens with. */
  readonly signingCertFile: string;
  readonly signingKeyFile: string;
}

/** A test CA, a server certificate for 127.0.0.1 signed by it, and a token signing key, made with openssl. */
export function makePki(dir: string): Pki {
  requireBinary('openssl', 'openssl');
  const f = (name: string) => path.join(dir, name);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  ssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=barnacle test CA',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
  );
  ssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', 'server.key', '-out', 'server.csr');
  writeFileSync(f('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  ssl(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    'server.ext',
    '-out',
    'server.crt',
  );
  ssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=barnacle token signer',
    '-keyout',
    'signer.key',
    '-out',
    'signer.crt',
  );
  return {
    dir,
    caFile: f('ca.crt'),
    certFile: f('server.crt'),
    keyFile: f('server.key'),
    signingCertFile: f('signer.crt'),
    signingKeyFile: f('signer.key'),
  };
}

export interface Service {
  /** host:port */
  readonly host: string;
  stop(): Promise<void>;
}

export type RegistryAuth =
  | { readonly kind: 'none' }
  | { readonly kind: 'htpasswd'; readonly users: Readonly<Record<string, string>> }
  | { readonly kind: 'token'; readonly realm: string; readonly service: string; readonly issuer: string };

export interface Registry extends Service {
  /** Where the registry stores blobs (docker/registry/v2/blobs/sha256/<2>/<hex>/data). */
  readonly storage: string;
}

/** Starts docker-registry on a free loopback port, with TLS when `pki` is given. */
export async function startRegistry(dir: string, auth: RegistryAuth, pki?: Pki): Promise<Registry> {
  const binary = requireBinary('docker-registry', 'docker-registry');
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const storage = path.join(dir, 'storage');
  const lines = [
    'version: 0.1',
    'log: {level: error}',
    'storage:',
    `  filesystem: {rootdirectory: ${storage}}`,
    '  delete: {enabled: true}',
    'http:',
    `  addr: 127.0.0.1:${port}`,
  ];
  if (pki) lines.push(`  tls: {certificate: ${pki.certFile}, key: ${pki.keyFile}}`);
  if (auth.kind === 'htpasswd') {
    const file = path.join(dir, 'htpasswd');
    requireBinary('htpasswd', 'apache2-utils');
    const entries = Object.entries(auth.users).map(([user, password]) =>
      execFileSync('htpasswd', ['-Bbn', user, password], { encoding: 'utf8' }).trim(),
    );
    writeFileSync(file, `${entries.join('\n')}\n`);
    lines.push('auth:', `  htpasswd: {realm: barnacle-test, path: ${file}}`);
  } else if (auth.kind === 'token') {
    if (!pki) throw new Error('token auth needs the signing certificate of a Pki');
    lines.push(
      'auth:',
      `  token: {realm: "${auth.realm}", service: ${auth.service}, issuer: ${auth.issuer}, rootcertbundle: ${pki.signingCertFile}}`,
    );
  }
  const config = path.join(dir, 'config.yml');
  writeFileSync(config, `${lines.join('\n')}\n`);
  const child = spawn(binary, ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  const stderr = collect(child);
  const host = `127.0.0.1:${port}`;
  await waitFor(port, child, stderr, `docker-registry (${config})`);
  return { host, storage, stop: () => stopChild(child) };
}

/** A token server on loopback: basic auth against `users`, RS256 tokens granting what the scope asks. */
export async function startTokenServer(
  pki: Pki,
  options: {
    users: Readonly<Record<string, string>>;
    service: string;
    issuer: string;
    anonymousRepos?: readonly string[];
  },
): Promise<Service & { readonly realm: string; readonly requests: { authorized: boolean; scope: string }[] }> {
  const key = readFileSync(pki.signingKeyFile, 'utf8');
  const der = Buffer.from(
    readFileSync(pki.signingCertFile, 'utf8').replace(/-----[^-]+-----|\s/g, ''),
    'base64',
  ).toString('base64');
  const requests: { authorized: boolean; scope: string }[] = [];
  const server = https.createServer(
    { cert: readFileSync(pki.certFile), key: readFileSync(pki.keyFile) },
    (req, res) => {
      const url = new URL(req.url ?? '/', 'https://127.0.0.1');
      const scope = url.searchParams.get('scope') ?? '';
      const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const [user, password] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(/:(.*)/s) : [];
      requests.push({ authorized: basic !== undefined, scope });
      if (basic !== undefined && (user === undefined || options.users[user] !== password)) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"details":"incorrect username or password"}');
        return;
      }
      const [, name = '', actions = ''] = /^repository:([^:]+):(.+)$/.exec(scope) ?? [];
      const allowed = basic !== undefined || options.anonymousRepos?.includes(name);
      const access = allowed && name ? [{ type: 'repository', name, actions: actions.split(',') }] : [];
      const now = Math.floor(Date.now() / 1000);
      const token = jwt(
        { alg: 'RS256', typ: 'JWT', x5c: [der] },
        {
          iss: options.issuer,
          sub: user ?? '',
          aud: options.service,
          exp: now + 300,
          nbf: now - 10,
          iat: now,
          jti: randomUUID(),
          access,
        },
        key,
      );
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token, expires_in: 300 }));
    },
  );
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    host: `127.0.0.1:${port}`,
    realm: `https://127.0.0.1:${port}/token`,
    requests,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function jwt(header: object, claims: object, key: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${part(header)}.${part(claims)}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(key).toString('base64url')}`;
}

/** How the proxy answers a request: pass it on (possibly to rewrite the body), or answer itself. */
export type ProxyRule = (req: http.IncomingMessage) =>
  | { readonly action: 'pass'; readonly rewrite?: (body: Buffer) => Buffer }
  | {
      readonly action: 'answer';
      readonly status: number;
      readonly headers?: Record<string, string>;
      readonly body?: string;
    };

/** A plain HTTP proxy on loopback in front of an HTTPS `upstream`, logging what it saw. */
export async function startProxy(
  upstream: string,
  caFile: string,
  rule: ProxyRule,
): Promise<Service & { readonly log: { method: string; url: string; authorization?: string; status: number }[] }> {
  const ca = readFileSync(caFile);
  const log: { method: string; url: string; authorization?: string; status: number }[] = [];
  const server = http.createServer((req, res) => {
    const decision = rule(req);
    const entry = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      authorization: req.headers.authorization,
      status: 0,
    };
    log.push(entry);
    if (decision.action === 'answer') {
      entry.status = decision.status;
      res.writeHead(decision.status, decision.headers).end(decision.body ?? '');
      return;
    }
    const [hostname, port] = upstream.split(':');
    const headers = { ...req.headers, host: upstream };
    const out = https.request(
      { hostname, port: Number(port), path: req.url, method: req.method, headers, ca },
      (up) => {
        entry.status = up.statusCode ?? 0;
        const location = up.headers.location;
        const rewritten = { ...up.headers };
        if (location) rewritten.location = location.replace(`https://${upstream}`, `http://${req.headers.host}`);
        if (!decision.rewrite) {
          res.writeHead(up.statusCode ?? 502, rewritten);
          up.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        up.on('data', (c: Buffer) => chunks.push(c));
        up.on('end', () => {
          const body = decision.rewrite?.(Buffer.concat(chunks)) ?? Buffer.alloc(0);
          res.writeHead(up.statusCode ?? 502, { ...rewritten, 'content-length': String(body.length) }).end(body);
        });
      },
    );
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    host: `127.0.0.1:${port}`,
    log,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Blob storage on another origin, as registries redirect to (S3, GCS): serves /blobs/<alg>/<hex> from the
 * registry's filesystem storage and logs the Authorization header each request arrived with.
 */
export async function startBlobStore(
  registry: Registry,
): Promise<Service & { readonly log: { url: string; authorization?: string }[] }> {
  const log: { url: string; authorization?: string }[] = [];
  const server = http.createServer((req, res) => {
    log.push({ url: req.url ?? '', authorization: req.headers.authorization });
    const m = /^\/blobs\/(sha256)\/([a-f0-9]{64})/.exec(req.url ?? '');
    const file = m
      ? path.join(
          registry.storage,
          'docker/registry/v2/blobs',
          m[1] ?? '',
          (m[2] ?? '').slice(0, 2),
          m[2] ?? '',
          'data',
        )
      : '';
    if (!m || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-length': String(statSync(file).size) });
    createReadStream(file).pipe(res);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { host: `127.0.0.1:${port}`, log, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** skopeo copy of an OCI layout (all its platforms) into the registry; async, as the token server is in-process. */
export async function push(
  source: string,
  destination: string,
  options: { certDir?: string; creds?: string } = {},
): Promise<void> {
  requireBinary('skopeo', 'skopeo');
  const args = ['copy', '--all', '--quiet'];
  if (options.certDir) args.push('--dest-cert-dir', options.certDir);
  else args.push('--dest-tls-verify=false');
  if (options.creds) args.push('--dest-creds', options.creds);
  await promisify(execFile)('skopeo', [...args, source, `docker://${destination}`]);
}

/** A directory holding only the CA as `ca.crt`, as skopeo's --dest-cert-dir wants. */
export function certDir(pki: Pki): string {
  const dir = path.join(pki.dir, 'certs.d');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'ca.crt'), readFileSync(pki.caFile));
  return dir;
}

export interface Podman {
  readonly socket: string;
  /** `podman load -i` into this service's storage. */
  load(archive: string): void;
  stop(): Promise<void>;
}

/** `podman system service` as root with vfs storage of its own, on a unix socket in `dir`. */
export async function startPodman(dir: string): Promise<Podman> {
  requireBinary('podman', 'podman');
  const global = [
    '--root',
    path.join(dir, 'root'),
    '--runroot',
    path.join(dir, 'run'),
    '--storage-driver',
    'vfs',
    '--cgroup-manager',
    'cgroupfs',
    '--events-backend',
    'file',
  ];
  const socket = path.join(dir, 'podman.sock');
  const child = spawn('podman', [...global, 'system', 'service', '--time=0', `unix://${socket}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const stderr = collect(child);
  const deadline = Date.now() + 20_000;
  while (!existsSync(socket)) {
    if (child.exitCode !== null) throw new Error(`podman system service exited: ${stderr()}`);
    if (Date.now() > deadline) throw new Error(`podman socket ${socket} did not appear: ${stderr()}`);
    await sleep(100);
  }
  return {
    socket,
    load: (archive) => execFileSync('podman', [...global, 'load', '-q', '-i', archive], { stdio: 'pipe' }),
    stop: async () => {
      await stopChild(child);
      // vfs layers are plain directories: remove them as root, then the rest.
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function collect(child: ChildProcess): () => string {
  let text = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    text = (text + chunk).slice(-4000);
  });
  return () => text;
}

async function waitFor(port: number, child: ChildProcess, stderr: () => string, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}: ${stderr()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`${what} did not listen on ${port}: ${stderr()}`);
    await sleep(50);
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}
