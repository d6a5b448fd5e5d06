import { describe, expect, it } from 'vitest';
import { parseChallenge, tokenRequest } from './auth.js';
import { retryAfterMs } from './client.js';

describe('parseChallenge', () => {
  const cases: { name: string; header?: string; want: object | undefined }[] = [
    {
      name: "Docker Hub's bearer challenge",
      header:
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull"',
      want: {
        scheme: 'bearer',
        params: {
          realm: 'https://auth.docker.io/token',
          service: 'registry.docker.io',
          scope: 'repository:library/alpine:pull',
        },
      },
    },
    {
      name: "docker-registry's htpasswd challenge",
      header: 'Basic realm="barnacle-test"',
      want: { scheme: 'basic', params: { realm: 'barnacle-test' } },
    },
    {
      name: 'unquoted values, spaces and escaped quotes',
      header: 'bearer Realm=https://t.example/token , service="a \\"b\\""',
      want: { scheme: 'bearer', params: { realm: 'https://t.example/token', service: 'a "b"' } },
    },
    { name: 'no header', want: undefined },
  ];
  it.each(cases)('$name', ({ header, want }) => expect(parseChallenge(header)).toEqual(want));
});

describe('tokenRequest', () => {
  const challenge = { scheme: 'bearer', params: { realm: 'https://t.example/token?a=1', service: 'reg' } };
  it('anonymous: a GET with service and scope', () => {
    expect(tokenRequest(challenge, 'repository:x:pull')).toEqual({
      url: 'https://t.example/token?a=1&service=reg&scope=repository%3Ax%3Apull',
      method: 'GET',
      headers: {},
    });
  });
  it('a user and password go as basic auth', () => {
    const request = tokenRequest(challenge, 'repository:x:pull', {
      kind: 'basic',
      username: 'u',
      password: 'p',
      from: 'test',
    });
    expect(request.headers).toEqual({ authorization: `Basic ${Buffer.from('u:p').toString('base64')}` });
  });
  it('an identity token is exchanged on a POST with grant_type=refresh_token', () => {
    const request = tokenRequest(challenge, 'repository:x:pull', {
      kind: 'basic',
      username: '<token>',
      password: 'rt',
      from: 'test',
    });
    expect(request.method).toBe('POST');
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'rt',
      service: 'reg',
      scope: 'repository:x:pull',
      client_id: 'barnacle',
    });
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it.each([
    ['seconds', '3', 3000],
    ['an HTTP date', 'Thu, 01 Jan 2026 00:00:05 GMT', 5000],
    ['a date in the past', 'Wed, 31 Dec 2025 23:00:00 GMT', 0],
    ['garbage', 'soon', undefined],
    ['absent', undefined, undefined],
  ])('%s', (_name, value, want) => expect(retryAfterMs(value, now)).toBe(want));
});
