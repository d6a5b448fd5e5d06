// Images in a Docker or Podman engine, through the Docker engine API on a unix socket (or tcp://):
// GET /images/{name}/json for the ID, tags and digests, then GET /images/{name}/get (a `docker save`
// archive) written into the cache directory and read as a docker-archive (Trivy's pkg/fanal/image/daemon).
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import http, { type IncomingMessage } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { InputError, messageOf } from '../errors.js';
import { openArchive } from './archive.js';
import { dockerArchiveImage } from './docker-archive.js';
import { MAX_JSON_BYTES } from './image-config.js';
import { formatReference, parseReference } from './registry/reference.js';
import type { Image, ImageSource, SourceOptions } from './types.js';

/** The members of the engine's image inspect answer used here (Docker API ImageInspect). */
const Inspect = z.looseObject({
  Id: z.string(),
  RepoTags: z.array(z.string()).nullish(),
  RepoDigests: z.array(z.string()).nullish(),
});

/** Where an engine listens: a unix socket or a TCP address, and how to name it in messages. */
export interface Endpoint {
  readonly engine: 'docker' | 'podman';
  readonly socketPath?: string;
  readonly origin: string;
  readonly label: string;
}

/** Docker's default socket (docker/cli's DefaultDockerHost on Linux). */
const DOCKER_SOCKET = '/var/run/docker.sock';

/** --docker-host, else DOCKER_HOST, else /var/run/docker.sock (Trivy's order; Docker contexts are not read). */
export function dockerEndpoint(host: string | undefined, env: NodeJS.ProcessEnv): Endpoint {
  const address = host || env.DOCKER_HOST || `unix://${DOCKER_SOCKET}`;
  if (address.startsWith('unix://')) {
    const socketPath = address.slice('unix://'.length);
    return { engine: 'docker', socketPath, origin: 'http://docker', label: address };
  }
  if (address.startsWith('tcp://') || address.startsWith('http://')) {
    return { engine: 'docker', origin: `http://${address.replace(/^\w+:\/\//, '')}`, label: address };
  }
  if (address.startsWith('/'))
    return { engine: 'docker', socketPath: address, origin: 'http://docker', label: address };
  throw new InputError(`docker host '${address}': expected unix:///path/to/docker.sock or tcp://host:port`);
}

/**
 * --podman-host, else $XDG_RUNTIME_DIR/podman/podman.sock (rootless, Trivy's default), else
 * /run/podman/podman.sock (the root service's socket).
 */
export async function podmanEndpoint(host: string | undefined, env: NodeJS.ProcessEnv): Promise<Endpoint> {
  const candidates = host
    ? [host.replace(/^unix:\/\//, '')]
    : [env.XDG_RUNTIME_DIR ? path.join(env.XDG_RUNTIME_DIR, 'podman', 'podman.sock') : '', '/run/podman/podman.sock'];
  const tried: string[] = [];
  for (const socketPath of candidates.filter(Boolean)) {
    tried.push(socketPath);
    const info = await stat(socketPath).catch(() => undefined);
    if (info?.isSocket())
      return { engine: 'podman', socketPath, origin: 'http://podman', label: `unix://${socketPath}` };
  }
  throw new InputError(
    `no Podman socket at ${tried.join(' or ')}; start one with podman system service or pass --podman-host`,
  );
}

export const docker: ImageSource = {
  id: 'docker',
  accepts: async (target) => isReference(target),
  open: (target, options) =>
    openDaemonImage(target, dockerEndpoint(options.access?.dockerHost, envOf(options)), options),
};

export const podman: ImageSource = {
  id: 'podman',
  accepts: async (target) => isReference(target),
  open: async (target, options) =>
    openDaemonImage(target, await podmanEndpoint(options.access?.podmanHost, envOf(options)), options),
};

const envOf = (options: SourceOptions) => options.access?.env ?? process.env;

function isReference(target: string): boolean {
  try {
    parseReference(target);
    return true;
  } catch {
    return false;
  }
}

/** The image `name` in the engine at `endpoint`, saved to a temporary archive in the cache directory. */
export async function openDaemonImage(name: string, endpoint: Endpoint, options: SourceOptions): Promise<Image> {
  // The name as given first (Podman resolves short names itself), then written out in full, as Trivy
  // does for Docker (ref.Name(), `docker.io/library/alpine:latest`).
  const names = [
    ...new Set([name, formatReference(parseReference(name)).replace(/^index\.docker\.io\//, 'docker.io/')]),
  ];
  let found: { name: string; inspect: z.infer<typeof Inspect> } | undefined;
  let reason = '';
  for (const candidate of names) {
    const answer = await get(endpoint, `/images/${candidate}/json`);
    const text = await textOf(answer);
    if (answer.statusCode === 200) {
      found = { name: candidate, inspect: parseInspect(text, endpoint, candidate) };
      break;
    }
    reason ||= `${answer.statusCode}${engineMessage(text)}`;
  }
  if (!found) throw new InputError(`${endpoint.label}: no image '${name}' (${reason})`);
  const image = await saved(endpoint, found.name, options);
  return {
    ...image,
    name,
    id: found.inspect.Id.includes(':') ? found.inspect.Id : `sha256:${found.inspect.Id}`,
    repoTags: found.inspect.RepoTags ?? [],
    repoDigests: found.inspect.RepoDigests ?? [],
  };
}

/** GET /images/{name}/get into a temporary file, then opened as a docker-archive that removes it on close. */
async function saved(endpoint: Endpoint, name: string, options: SourceOptions): Promise<Image> {
  await mkdir(options.cacheDir, { recursive: true });
  const dir = await mkdtemp(path.join(options.cacheDir, `${endpoint.engine}-export-`));
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    const file = path.join(dir, 'image.tar');
    const answer = await get(endpoint, `/images/${name}/get`);
    if (answer.statusCode !== 200) {
      const text = await textOf(answer);
      throw new InputError(
        `${endpoint.engine} ${endpoint.label}: cannot export '${name}' (${answer.statusCode}${engineMessage(text)})`,
      );
    }
    try {
      await pipeline(answer, createWriteStream(file));
    } catch (error) {
      throw new InputError(`${endpoint.engine} ${endpoint.label}: export of '${name}' failed (${messageOf(error)})`, {
        cause: error,
      });
    }
    const archive = await openArchive(file, options.cacheDir);
    const image = await dockerArchiveImage({ ...archive, label: `${endpoint.engine}:${name}` }, options);
    return {
      ...image,
      close: async () => {
        await image.close();
        await remove();
      },
    };
  } catch (error) {
    await remove();
    throw error;
  }
}

/**
 * One GET to the engine. node:http rather than undici here: Podman sends `docker save` output as many small
 * chunks, which undici 7 reads about 40 times slower than node:http does (measured: 54 s against 1.4 s).
 */
function get(endpoint: Endpoint, urlPath: string): Promise<IncomingMessage> {
  const url = new URL(endpoint.origin);
  const target = endpoint.socketPath
    ? { socketPath: endpoint.socketPath }
    : { host: url.hostname, port: Number(url.port || 80) };
  return new Promise((resolve, reject) => {
    http
      .get({ ...target, path: urlPath, headers: { host: endpoint.engine } }, resolve)
      .on('error', (error: NodeJS.ErrnoException) => {
        const why = error.code === 'ENOENT' || error.code === 'ECONNREFUSED' ? 'no engine listening' : error.message;
        reject(new InputError(`cannot connect to ${endpoint.label} (${why})`, { cause: error }));
      });
  });
}

/** A small answer read whole (at most MAX_JSON_BYTES). */
async function textOf(answer: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of answer) {
    length += (chunk as Buffer).length;
    if (length > MAX_JSON_BYTES) {
      answer.destroy();
      throw new InputError(`engine answer larger than ${MAX_JSON_BYTES} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseInspect(text: string, endpoint: Endpoint, name: string): z.infer<typeof Inspect> {
  if (text.length > MAX_JSON_BYTES)
    throw new InputError(`${endpoint.engine}: inspect answer for '${name}' is too large`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InputError(`${endpoint.engine} ${endpoint.label}: inspect answer for '${name}' is not JSON`);
  }
  const parsed = Inspect.safeParse(json);
  if (!parsed.success)
    throw new InputError(`${endpoint.engine} ${endpoint.label}: inspect answer for '${name}' has no Id`);
  return parsed.data;
}

/** `: message` from an engine's error answer ({"message": "..."}), or ''. */
function engineMessage(text: string): string {
  try {
    const message = (JSON.parse(text) as { message?: unknown }).message;
    return typeof message === 'string' ? `: ${message}` : '';
  } catch {
    return '';
  }
}
