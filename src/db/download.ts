// Downloads one OSV all.zip: conditional request, streamed to a temporary file, size and zip checks, retries.
import { createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Dispatcher } from 'undici';
import yauzl from 'yauzl';
import { DbError, messageOf } from '../errors.js';
import { undici } from '../undici.js';

export interface HttpOptions {
  /** Connect, response-headers and body-inactivity timeout of one request (ms). */
  readonly timeoutMs: number;
  /** Attempts after the first, on 429, 5xx, network errors, timeouts and truncated or corrupt bodies. */
  readonly retries: number;
  /** Delay before the first retry (ms); doubled for each further one. */
  readonly backoffMs: number;
  /** The longest Retry-After honoured (ms); a server asking for more ends the attempts. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_HTTP: HttpOptions = { timeoutMs: 60_000, retries: 3, backoffMs: 1000, maxRetryAfterMs: 60_000 };

/** HTTP validators of a download, sent back as If-None-Match / If-Modified-Since. */
export interface Validators {
  readonly etag?: string;
  readonly lastModified?: string;
}

export type FetchResult =
  | { readonly kind: 'unchanged' }
  /** The repository has no such feed (HTTP 404, or no file in a directory). */
  | { readonly kind: 'absent' }
  | {
      readonly kind: 'downloaded';
      /** The verified zip: the temporary file, or the repository's own file for a local directory. */
      readonly file: string;
      readonly bytes: number;
      readonly validators: Validators;
    };

/** Network errors that another attempt does not cure. */
const UNREACHABLE = new Set(['ENOTFOUND', 'ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH']);

/** A failure worth another attempt, with the delay the server asked for (ms), if any. */
class Retryable extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** One dispatcher per update: keep-alive across feeds, redirects followed (mirrors often redirect). */
export function createDispatcher(http: HttpOptions): Dispatcher {
  const { Agent, interceptors } = undici();
  return new Agent({
    connectTimeout: http.timeoutMs,
    headersTimeout: http.timeoutMs,
    bodyTimeout: http.timeoutMs,
  }).compose(interceptors.redirect({ maxRedirections: 5 }));
}

/**
 * Fetches `url` into `dest` unless it is unchanged since `validators`. The body is streamed to `dest`, its
 * length checked against Content-Length, and its central directory read, before it is reported downloaded;
 * anything else is retried (honouring Retry-After, bounded) and finally a DbError naming the URL. `dest` never
 * survives a failure.
 */
export async function fetchZip(
  url: string,
  dest: string,
  validators: Validators,
  http: HttpOptions,
  dispatcher: Dispatcher,
  onBytes?: (received: number, total?: number) => void,
): Promise<FetchResult> {
  let last = '';
  for (let attempt = 0; attempt <= http.retries; attempt++) {
    try {
      return await fetchOnce(url, dest, validators, dispatcher, onBytes);
    } catch (error) {
      await rm(dest, { force: true });
      if (!(error instanceof Retryable)) throw error;
      last = error.message;
      if (attempt === http.retries) break;
      const delay = error.retryAfterMs ?? http.backoffMs * 2 ** attempt;
      if (delay > http.maxRetryAfterMs) {
        throw new DbError(`downloading ${url} failed: ${last}; the server asks to wait ${Math.ceil(delay / 1000)} s`);
      }
      await sleep(delay);
    }
  }
  throw new DbError(`downloading ${url} failed after ${http.retries + 1} attempts: ${last}`);
}

async function fetchOnce(
  url: string,
  dest: string,
  validators: Validators,
  dispatcher: Dispatcher,
  onBytes?: (received: number, total?: number) => void,
): Promise<FetchResult> {
  const headers: Record<string, string> = {};
  if (validators.etag) headers['if-none-match'] = validators.etag;
  if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
  let response: Dispatcher.ResponseData;
  try {
    response = await undici().request(url, { method: 'GET', headers, dispatcher });
  } catch (error) {
    // No such host, nobody listening, no route: asking again in a few seconds changes nothing (an offline
    // runner should fail at once); resets and timeouts are worth another attempt.
    const code =
      (error as { cause?: { code?: string }; code?: string }).cause?.code ?? (error as { code?: string }).code;
    if (code && UNREACHABLE.has(code)) throw new DbError(`downloading ${url} failed: ${networkReason(error)}`);
    throw new Retryable(networkReason(error));
  }
  const { statusCode, body } = response;
  if (statusCode === 304) {
    await body.dump();
    return { kind: 'unchanged' };
  }
  if (statusCode !== 200) {
    await body.dump().catch(() => {});
    if (statusCode === 404) return { kind: 'absent' };
    if (statusCode === 429 || statusCode >= 500) {
      throw new Retryable(`HTTP ${statusCode}`, retryAfterMs(header(response.headers['retry-after'])));
    }
    throw new DbError(`downloading ${url} failed: HTTP ${statusCode}`);
  }
  const lengthHeader = header(response.headers['content-length']);
  const total = lengthHeader !== undefined && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : undefined;
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      onBytes?.(received, total);
      done(null, chunk);
    },
  });
  try {
    await pipeline(body, counter, createWriteStream(dest));
  } catch (error) {
    throw new Retryable(`the body broke off after ${received} bytes (${networkReason(error)})`);
  }
  if (total !== undefined && received !== total) {
    throw new Retryable(`truncated body: ${received} of ${total} bytes`);
  }
  const problem = await zipProblem(dest);
  if (problem) throw new Retryable(`not a valid zip file (${problem})`);
  return {
    kind: 'downloaded',
    file: dest,
    bytes: received,
    validators: { etag: header(response.headers.etag), lastModified: header(response.headers['last-modified']) },
  };
}

/**
 * A feed in a local directory (`<dir>/<feed>/all.zip`): unchanged when its size and modification time are those
 * of the last import (kept as its etag), else verified and imported from where it is.
 */
export async function fetchLocalZip(file: string, validators: Validators): Promise<FetchResult> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(file);
  } catch {
    return { kind: 'absent' };
  }
  const etag = `"local-${info.size}-${Math.trunc(info.mtimeMs)}"`;
  if (validators.etag === etag) return { kind: 'unchanged' };
  const problem = await zipProblem(file);
  if (problem) throw new DbError(`${file} is not a valid zip file (${problem})`);
  return { kind: 'downloaded', file, bytes: info.size, validators: { etag } };
}

/** Why a file is not a readable zip (end of central directory, every central directory entry), or undefined. */
export async function zipProblem(file: string): Promise<string | undefined> {
  let zip: yauzl.ZipFile | undefined;
  try {
    zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false });
    let entries = 0;
    for await (const _ of zip.eachEntry()) entries += 1;
    return entries === zip.entryCount ? undefined : `${entries} of ${zip.entryCount} entries readable`;
  } catch (error) {
    return messageOf(error);
  } finally {
    zip?.close();
  }
}

/** Retry-After in ms: delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** undici's errors carry the useful part in `code` or `cause`. */
function networkReason(error: unknown): string {
  const e = error as { code?: string; cause?: { code?: string; message?: string }; message?: string };
  if (e.code === 'UND_ERR_HEADERS_TIMEOUT' || e.code === 'UND_ERR_BODY_TIMEOUT') return 'timed out';
  if (e.code === 'UND_ERR_CONNECT_TIMEOUT') return 'connection timed out';
  const code = e.cause?.code ?? e.code;
  return code ? `${code}: ${e.cause?.message ?? e.message ?? ''}`.replace(/: $/, '') : messageOf(error);
}
