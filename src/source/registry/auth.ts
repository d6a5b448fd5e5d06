// Registry authentication: WWW-Authenticate challenges (RFC 7235 §4.1) and the Docker token flow
// (distribution's docs/spec/auth/token.md and oauth.md): a bearer token for `repository:<name>:pull`.
import { z } from 'zod';
import type { Credential } from './docker-config.js';

export interface Challenge {
  /** Lowercased: `bearer` or `basic`. */
  readonly scheme: string;
  /** Auth-params with lowercased names: realm, service, scope... */
  readonly params: Readonly<Record<string, string>>;
}

const PARAM = /\s*([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*,?/y;

/** The first challenge of a WWW-Authenticate header (registries send one), or undefined when unreadable. */
export function parseChallenge(header: string | undefined): Challenge | undefined {
  const m = /^\s*([A-Za-z][A-Za-z0-9_-]*)(?:\s+|$)/.exec(header ?? '');
  if (!m?.[1] || header === undefined) return undefined;
  const params: Record<string, string> = {};
  PARAM.lastIndex = m[0].length;
  for (let p = PARAM.exec(header); p !== null && p[0] !== ''; p = PARAM.exec(header)) {
    params[(p[1] ?? '').toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : (p[3] ?? '');
  }
  return { scheme: m[1].toLowerCase(), params };
}

/** The `Authorization` value of basic auth. */
export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/** token.md: `token`, or OAuth2's `access_token`; either may be absent in favour of the other. */
export const TokenResponse = z
  .looseObject({ token: z.string().optional(), access_token: z.string().optional() })
  .refine((t) => Boolean(t.token || t.access_token), 'neither token nor access_token');

/** How to ask the token server for a token: the URL, and the method, headers and body to use. */
export interface TokenRequest {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly headers: Record<string, string>;
  readonly body?: string;
}

/**
 * The token request for `scope` under a Bearer challenge. A user and password go as basic auth on a GET
 * (token.md); an identity token (user `<token>`, as `docker login` stores for OAuth registries) is
 * exchanged on a POST with grant_type=refresh_token (oauth.md).
 */
export function tokenRequest(challenge: Challenge, scope: string, credential?: Credential): TokenRequest {
  const realm = challenge.params.realm ?? '';
  const service = challenge.params.service;
  if (credential?.kind === 'basic' && credential.username === '<token>') {
    const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: credential.password });
    if (service) form.set('service', service);
    form.set('scope', scope);
    form.set('client_id', 'barnacle');
    return {
      url: realm,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    };
  }
  const url = new URL(realm);
  if (service) url.searchParams.set('service', service);
  url.searchParams.set('scope', scope);
  const headers: Record<string, string> = {};
  if (credential?.kind === 'basic')
    headers.authorization = basicAuthorization(credential.username, credential.password);
  return { url: url.toString(), method: 'GET', headers };
}
