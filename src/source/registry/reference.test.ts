import { describe, expect, it } from 'vitest';
import { apiHost, formatReference, isLoopback, parseReference, repositoryName } from './reference.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('parseReference', () => {
  // Expected values as go-containerregistry's name.ParseReference gives them (Context().RegistryStr(), ...).
  const cases: { name: string; input: string; want: object; repo: string; full: string }[] = [
    {
      name: 'an official image is library/ on Docker Hub, tag latest',
      input: 'alpine',
      want: { registry: 'index.docker.io', repository: 'library/alpine', tag: 'latest' },
      repo: 'alpine',
      full: 'index.docker.io/library/alpine:latest',
    },
    {
      name: 'docker.io is Docker Hub',
      input: 'docker.io/library/debian:11',
      want: { registry: 'index.docker.io', repository: 'library/debian', tag: '11' },
      repo: 'debian',
      full: 'index.docker.io/library/debian:11',
    },
    {
      name: 'a user repository on Docker Hub',
      input: 'barnacle-test/bullseye',
      want: { registry: 'index.docker.io', repository: 'barnacle-test/bullseye', tag: 'latest' },
      repo: 'barnacle-test/bullseye',
      full: 'index.docker.io/barnacle-test/bullseye:latest',
    },
    {
      name: 'a registry with a port and a nested path',
      input: '127.0.0.1:5000/team/app/api:v1.2',
      want: { registry: '127.0.0.1:5000', repository: 'team/app/api', tag: 'v1.2' },
      repo: '127.0.0.1:5000/team/app/api',
      full: '127.0.0.1:5000/team/app/api:v1.2',
    },
    {
      name: 'localhost is a registry even without a dot',
      input: 'localhost/app',
      want: { registry: 'localhost', repository: 'app', tag: 'latest' },
      repo: 'localhost/app',
      full: 'localhost/app:latest',
    },
    {
      name: 'a digest reference has no tag',
      input: `ghcr.io/org/app@${DIGEST}`,
      want: { registry: 'ghcr.io', repository: 'org/app', tag: undefined, digest: DIGEST },
      repo: 'ghcr.io/org/app',
      full: `ghcr.io/org/app@${DIGEST}`,
    },
  ];
  it.each(cases)('$name', ({ input, want, repo, full }) => {
    const reference = parseReference(input);
    expect(reference).toEqual(want);
    expect(repositoryName(reference)).toBe(repo);
    expect(formatReference(reference)).toBe(full);
  });

  const bad: { name: string; input: string; want: string }[] = [
    { name: 'upper case', input: 'Alpine', want: 'lowercase' },
    { name: 'a path that climbs', input: 'a/../b', want: 'lowercase' },
    { name: 'an empty tag', input: 'alpine:', want: "'' is not a valid tag" },
    { name: 'a short digest', input: 'alpine@sha256:abc', want: 'not a sha256/sha512 digest' },
    { name: 'a query in the name', input: 'alpine?x=1', want: 'lowercase' },
  ];
  it.each(bad)('refuses $name', ({ input, want }) => {
    expect(() => parseReference(input)).toThrow(want);
  });
});

describe('hosts', () => {
  it.each([
    ['alpine', 'registry-1.docker.io'],
    ['ghcr.io/a/b', 'ghcr.io'],
  ])('the API of %s is at %s', (input, host) => expect(apiHost(parseReference(input))).toBe(host));
  it.each([
    ['127.0.0.1:5000', true],
    ['localhost', true],
    ['registry.localhost:80', true],
    ['[::1]:5000', true],
    ['127.0.0.1.example.com', false],
    ['ghcr.io', false],
  ])('%s is loopback: %s', (host, want) => expect(isLoopback(host)).toBe(want));
});
