// Image references (`alpine`, `ghcr.io/org/app:1.2`, `host:5000/app@sha256:…`) parsed and normalised as
// go-containerregistry's name.ParseReference does: Docker Hub is index.docker.io, official images live
// under library/, and a reference without a tag or digest means :latest.
import { UsageError } from '../../errors.js';
import { isDigest } from '../blob.js';

/** The registry a reference without a registry part names (go-containerregistry name.DefaultRegistry). */
export const DEFAULT_REGISTRY = 'index.docker.io';

export interface Reference {
  /** Registry host[:port], normalised: `docker.io` becomes index.docker.io. */
  readonly registry: string;
  /** Repository path inside the registry (`library/alpine`). */
  readonly repository: string;
  /** The tag, when the reference names one (`latest` when it names neither tag nor digest). */
  readonly tag?: string;
  /** The manifest digest, when the reference names one. */
  readonly digest?: string;
}

/** distribution/reference's grammar: path components, then an optional tag and digest. */
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const HOST =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::\d+)?$/;

/** Parses an image reference; anything else is a usage error naming it. */
export function parseReference(input: string): Reference {
  const bad = (why: string) => new UsageError(`'${input}': not a valid image reference (${why})`);
  let rest = input;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!isDigest(digest)) throw bad(`'${digest}' is not a sha256/sha512 digest`);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw bad(`'${tag}' is not a valid tag`);
  }
  const parts = rest.split('/');
  let registry = DEFAULT_REGISTRY;
  const first = parts[0] ?? '';
  // As in Docker: the first component is a registry when it looks like a host (a dot, a port, localhost).
  if (
    parts.length > 1 &&
    (first.includes('.') || first.includes(':') || first === 'localhost' || first.startsWith('['))
  ) {
    if (!HOST.test(first)) throw bad(`'${first}' is not a valid registry host`);
    registry = first === 'docker.io' ? DEFAULT_REGISTRY : first;
    parts.shift();
  }
  if (parts.length === 0 || parts.some((part) => !COMPONENT.test(part))) {
    throw bad('repository names are lowercase letters, digits and separators');
  }
  if (registry === DEFAULT_REGISTRY && parts.length === 1) parts.unshift('library');
  const repository = parts.join('/');
  if (repository.length > 255) throw bad('repository name longer than 255 characters');
  return { registry, repository, tag: tag ?? (digest ? undefined : 'latest'), digest };
}

/** The host serving the registry API: Docker Hub's API lives at registry-1.docker.io. */
export function apiHost(reference: Reference): string {
  return reference.registry === DEFAULT_REGISTRY ? 'registry-1.docker.io' : reference.registry;
}

/** Whether plain HTTP may be tried without --insecure: loopback registries only (as go-containerregistry). */
export function isLoopback(registry: string): boolean {
  const host = registry.replace(/:\d+$/, '');
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]' || host.endsWith('.localhost');
}

/**
 * The repository as Trivy writes it in RepoTags and RepoDigests (pkg/fanal/image/remote.go
 * implicitReference): `registry/repo`, or for Docker Hub the repository without `library/`.
 */
export function repositoryName(reference: Reference): string {
  if (reference.registry !== DEFAULT_REGISTRY) return `${reference.registry}/${reference.repository}`;
  return reference.repository.replace(/^library\//, '');
}

/** The reference written out in full: `index.docker.io/library/alpine:latest`. */
export function formatReference(reference: Reference): string {
  const base = `${reference.registry}/${reference.repository}`;
  if (reference.digest) return `${base}@${reference.digest}`;
  return `${base}:${reference.tag ?? 'latest'}`;
}
