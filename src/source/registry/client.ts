// An HTTP client for one repository of an OCI distribution registry (distribution-spec spec.md): finds the
// scheme (/v2/ ping), authenticates as the registry's challenge asks, retries 429/5xx with backoff honouring
// Retry-After, and follows redirects to blob storage without sending the registry's Authorization there.
import { readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { rootCertificates } from 'node:tls';
import type { Agent, Dispatcher } from 'undici';
import { InputError, messageOf } from '../../errors.js';
import { undici } from '../../undici.js';
import { VERSION } from '../../version.js';
import { type Challenge, parseChallenge, TokenResponse, tokenRequest } from './auth.js';
import type { Credential } from './docker-config.js';
import { apiHost, isLoopback, type Reference } from './reference.js';

export interface ClientOptions {
  /** --insecure: skip TLS verification and allow plain HTTP for any registry. */
  readonly insecure?: boolean;
  readonly credential?: Credential;
  /** Read for SSL_CERT_FILE (extra trusted CAs, as Go's crypto/x509 reads it). */
  readonly env?: NodeJS.ProcessEnv;
  /** Attempts per request when the registry answers 429/5xx or the connection fails (default 4). */
  readonly attempts?: number;
  /** First backoff delay in ms, doubled each retry (default 250). */
  readonly backoffMs?: number;
}

/** The credential was refused: the caller may try the next one. */
export class AuthError extends InputError {}
/** The registry does not have what was asked for (404). */
export class NotFoundError extends InputError {}

export interface Response {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Readable;
  readonly url: string;
}

const MAX_REDIRECTS = 5;
/** Longest Retry-After honoured; a registry asking for more gets an error sooner. */
const MAX_RETRY_AFTER_MS = 60_000;
const USER_AGENT = `barnacle/${VERSION}`;

export class RegistryClient {
  private readonly dispatcher: Agent;
  private base?: string;
  private authorization?: string;

  constructor(
    readonly reference: Reference,
    private readonly options: ClientOptions = {},
  ) {
    const ca = extraCa(options.env);
    const { Agent } = undici();
    this.dispatcher = new Agent({
      connect: { rejectUnauthorized: !options.insecure, ...(ca ? { ca: [...rootCertificates, ca] } : {}) },
    });
  }

  /** `host/repository`, for messages. */
  get label(): string {
    return `${this.reference.registry}/${this.reference.repository}`;
  }

  /** Ends every connection, aborting downloads still running (a scan that failed on another layer). */
  async close(): Promise<void> {
    await this.dispatcher.destroy();
  }

  /** GET a path under /v2/<repository>/, authenticated; redirects followed. */
  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    await this.ready();
    const url = `${this.base}/v2/${this.reference.repository}/${path}`;
    let response = await this.send(url, headers, true);
    if (response.status === 401) {
      // A token may expire or be scoped too narrowly: authenticate again once, from the new challenge.
      const challenge = parseChallenge(header(response.headers, 'www-authenticate'));
      await response.body.resume();
      if (!challenge) throw new AuthError(`${this.label}: registry refused the request (401) without a challenge`);
      await this.authenticate(challenge);
      response = await this.send(url, headers, true);
    }
    if (response.status === 401 || response.status === 403) {
      const detail = await errorDetail(response);
      throw new AuthError(`${this.label}: access denied (${response.status}${detail}); ${this.credentialHint()}`);
    }
    return response;
  }

  /** Finds the scheme and the authentication the registry wants (GET /v2/, spec.md "Determining support"). */
  private async ready(): Promise<void> {
    if (this.base !== undefined) return;
    const host = apiHost(this.reference);
    const plainAllowed = this.options.insecure === true || isLoopback(host);
    let response: Response | undefined;
    let firstError: unknown;
    for (const scheme of plainAllowed ? ['https', 'http'] : ['https']) {
      try {
        const answer = await this.send(`${scheme}://${host}/v2/`, {}, false);
        // A TLS port answers plain HTTP with 400: that is the HTTPS failure, not a registry on HTTP.
        if (firstError !== undefined && answer.status !== 200 && answer.status !== 401) {
          await answer.body.resume();
          break;
        }
        response = answer;
        this.base = `${scheme}://${host}`;
        break;
      } catch (error) {
        firstError ??= error;
      }
    }
    if (!response || this.base === undefined) {
      const hint = plainAllowed
        ? ''
        : '; for a registry on plain HTTP or with a self-signed certificate use --insecure';
      throw new InputError(`${host}: cannot reach the registry (${messageOf(firstError)})${hint}`, {
        cause: firstError,
      });
    }
    await response.body.resume();
    if (response.status === 401) {
      const challenge = parseChallenge(header(response.headers, 'www-authenticate'));
      if (!challenge) throw new AuthError(`${host}: registry asks for authentication without saying how (401)`);
      await this.authenticate(challenge);
    } else if (response.status >= 400) {
      throw new InputError(`${this.base}/v2/: registry answered ${response.status}; is this an OCI registry?`);
    }
  }

  private async authenticate(challenge: Challenge): Promise<void> {
    const credential = this.options.credential;
    if (challenge.scheme === 'basic') {
      if (!credential) throw new AuthError(`${this.label}: registry requires a login; ${this.credentialHint()}`);
      this.authorization =
        credential.kind === 'bearer'
          ? `Bearer ${credential.token}`
          : `Basic ${Buffer.from(`${credential.username}:${credential.password}`).toString('base64')}`;
      return;
    }
    if (challenge.scheme !== 'bearer') {
      throw new AuthError(`${this.label}: unsupported authentication scheme '${challenge.scheme}'`);
    }
    if (credential?.kind === 'bearer') {
      // A registry token (--registry-token, config.json registrytoken) is sent as it is.
      this.authorization = `Bearer ${credential.token}`;
      return;
    }
    const realm = challenge.params.realm;
    if (!realm || !/^https?:\/\//.test(realm)) {
      throw new AuthError(`${this.label}: bearer challenge has no usable realm ('${realm ?? ''}')`);
    }
    const token = tokenRequest(challenge, `repository:${this.reference.repository}:pull`, credential);
    const response = await this.sendRaw(token.url, token.method, token.headers, token.body);
    const text = await readText(response, 1024 * 1024);
    if (response.status === 401 || response.status === 403) {
      throw new AuthError(
        `${realm}: token server refused ${credential ? `the credentials from ${credential.from}` : 'anonymous access'} (${response.status}); ${this.credentialHint()}`,
      );
    }
    if (response.status !== 200) throw new InputError(`${realm}: token server answered ${response.status}`);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new InputError(`${realm}: token server answer is not JSON`);
    }
    const parsed = TokenResponse.safeParse(json);
    if (!parsed.success) throw new InputError(`${realm}: token server answer has neither token nor access_token`);
    this.authorization = `Bearer ${parsed.data.token || parsed.data.access_token}`;
  }

  private credentialHint(): string {
    const credential = this.options.credential;
    if (!credential) return 'log in (docker login) or pass --username and --password';
    return `check the credentials from ${credential.from}`;
  }

  /** One request with retries and redirects; `authorize` adds Authorization while on the registry's origin. */
  private async send(url: string, headers: Record<string, string>, authorize: boolean): Promise<Response> {
    let current = url;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const sameOrigin = new URL(current).origin === new URL(url).origin;
      const sent = { ...headers };
      if (authorize && sameOrigin && this.authorization) sent.authorization = this.authorization;
      const response = await this.sendRaw(current, 'GET', sent);
      const location = header(response.headers, 'location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body.resume();
        current = new URL(location, current).toString();
        continue;
      }
      return response;
    }
    throw new InputError(`${url}: more than ${MAX_REDIRECTS} redirects`);
  }

  /** One request, retried with exponential backoff on connection errors, 429 and 5xx. */
  private async sendRaw(
    url: string,
    method: 'GET' | 'POST',
    headers: Record<string, string>,
    body?: string,
  ): Promise<Response> {
    const attempts = this.options.attempts ?? 4;
    const backoff = this.options.backoffMs ?? 250;
    for (let attempt = 1; ; attempt++) {
      let response: Dispatcher.ResponseData;
      try {
        response = await undici().request(url, {
          method,
          headers: { 'user-agent': USER_AGENT, ...headers },
          body,
          dispatcher: this.dispatcher,
        });
      } catch (error) {
        if (attempt >= attempts || !isTransient(error)) {
          throw new InputError(`${redact(url)}: ${messageOf(error)}`, { cause: error });
        }
        await sleep(backoff * 2 ** (attempt - 1));
        continue;
      }
      const status = response.statusCode;
      if ((status === 429 || status >= 500) && attempt < attempts) {
        const wait = retryAfterMs(header(response.headers, 'retry-after')) ?? backoff * 2 ** (attempt - 1);
        await response.body.dump();
        if (wait > MAX_RETRY_AFTER_MS) {
          throw new InputError(`${redact(url)}: registry asks to retry after ${Math.round(wait / 1000)} s (${status})`);
        }
        await sleep(wait);
        continue;
      }
      if (status === 429 || status >= 500) {
        const detail = await errorDetail({ status, headers: response.headers, body: response.body, url });
        throw new InputError(`${redact(url)}: registry answered ${status}${detail} after ${attempts} attempts`);
      }
      return { status, headers: response.headers, body: response.body, url };
    }
  }
}

/** A header's value (the first one when repeated). */
export function header(headers: Response['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Retry-After (RFC 9110 §10.2.3): seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** A response body read whole as text, refusing more than `limit` bytes. */
export async function readText(response: Response, limit: number): Promise<string> {
  return (await readBytes(response, limit)).toString('utf8');
}

export async function readBytes(response: Response, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of response.body) {
    length += (chunk as Buffer).length;
    if (length > limit) {
      response.body.destroy();
      throw new InputError(`${redact(response.url)}: response larger than ${limit} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** ` : CODE message` from a distribution-spec error body, or '' (the body is consumed). */
export async function errorDetail(response: Response): Promise<string> {
  const text = await readText(response, 64 * 1024).catch(() => '');
  try {
    const errors = (JSON.parse(text) as { errors?: { code?: string; message?: string }[] }).errors;
    const first = errors?.[0];
    if (first) return `: ${[first.code, first.message].filter(Boolean).join(' ')}`;
  } catch {}
  return '';
}

/** Connection failures worth retrying (reset, refused mid-scan, timeouts); TLS and DNS errors are not. */
function isTransient(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return [
    'ECONNRESET',
    'EPIPE',
    'ETIMEDOUT',
    'UND_ERR_SOCKET',
    'UND_ERR_CONNECT_TIMEOUT',
    'UND_ERR_HEADERS_TIMEOUT',
  ].includes(code);
}

/** A URL for messages without its query (pre-signed storage URLs carry credentials there). */
function redact(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}

/** SSL_CERT_FILE's certificates, trusted beside the system's, as Go programs (Trivy) do. */
function extraCa(env: NodeJS.ProcessEnv | undefined): string | undefined {
  const file = env?.SSL_CERT_FILE;
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`SSL_CERT_FILE ${file}: ${messageOf(error)}`, { cause: error });
  }
}
