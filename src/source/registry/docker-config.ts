// Registry credentials from Docker's config.json ($DOCKER_CONFIG/config.json, else ~/.docker/config.json):
// `credHelpers` and `credsStore` through docker-credential-<name> helpers, then `auths` (docker/cli
// cli/config/configfile/file.go GetAuthConfig; go-containerregistry's authn.DefaultKeychain).
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { InputError, messageOf } from '../../errors.js';
import { DEFAULT_REGISTRY } from './reference.js';

/** What a registry accepts: a user and password (or identity token), or a bearer token as it is. */
export type Credential =
  | { readonly kind: 'basic'; readonly username: string; readonly password: string; readonly from: string }
  | { readonly kind: 'bearer'; readonly token: string; readonly from: string };

const AuthEntry = z.looseObject({
  auth: z.string().optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  identitytoken: z.string().optional(),
  registrytoken: z.string().optional(),
});
const ConfigFile = z.looseObject({
  auths: z.record(z.string(), AuthEntry).optional(),
  credHelpers: z.record(z.string(), z.string()).optional(),
  credsStore: z.string().optional(),
});
const HelperAnswer = z.looseObject({ Username: z.string(), Secret: z.string() });

/** Docker Hub's key in config.json, as `docker login` writes it. */
const HUB_KEY = 'https://index.docker.io/v1/';
const HELPER_TIMEOUT_MS = 30_000;
const HELPER_NAME = /^[A-Za-z0-9._-]+$/;

/** The config.json Docker reads. */
export function dockerConfigPath(env: NodeJS.ProcessEnv): string {
  return path.join(env.DOCKER_CONFIG || path.join(env.HOME || os.homedir(), '.docker'), 'config.json');
}

/**
 * The credential config.json holds for `registry`, or undefined (anonymous). A missing config file means
 * none; an unreadable or invalid one, or a failing helper, is an InputError naming it.
 */
export async function configCredential(registry: string, env: NodeJS.ProcessEnv): Promise<Credential | undefined> {
  const file = dockerConfigPath(env);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new InputError(`${file}: cannot read the Docker config (${messageOf(error)})`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file}: not valid JSON (${messageOf(error)})`, { cause: error });
  }
  const parsed = ConfigFile.safeParse(json);
  if (!parsed.success) throw new InputError(`${file}: not a Docker config file (${parsed.error.issues[0]?.message})`);
  const config = parsed.data;
  const key = registry === DEFAULT_REGISTRY ? HUB_KEY : registry;
  const helper = config.credHelpers?.[registry] ?? config.credHelpers?.[key] ?? config.credsStore;
  if (helper) {
    const answer = await askHelper(helper, key, env);
    if (answer) return answer;
  }
  const entry = Object.entries(config.auths ?? {}).find(([k]) => hostOf(k) === hostOf(key))?.[1];
  return entry ? credentialOf(entry, `${file} auths`) : undefined;
}

/** docker/cli's ConvertToHostname: a key may be written as a URL (`https://host/v1/`). */
function hostOf(key: string): string {
  const host = key.replace(/^https?:\/\//, '').split('/')[0] ?? '';
  return host === 'docker.io' || host === 'registry-1.docker.io' ? DEFAULT_REGISTRY : host;
}

function credentialOf(entry: z.infer<typeof AuthEntry>, from: string): Credential | undefined {
  if (entry.registrytoken) return { kind: 'bearer', token: entry.registrytoken, from };
  if (entry.identitytoken) return { kind: 'basic', username: '<token>', password: entry.identitytoken, from };
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new InputError(`${from}: 'auth' is not base64 of user:password`);
    return { kind: 'basic', username: decoded.slice(0, colon), password: decoded.slice(colon + 1), from };
  }
  if (entry.username !== undefined && entry.password !== undefined) {
    return { kind: 'basic', username: entry.username, password: entry.password, from };
  }
  return undefined;
}

/**
 * Runs `docker-credential-<helper> get` with the server URL on stdin (docker-credential-helpers'
 * protocol). "credentials not found" means anonymous; any other failure is an InputError.
 */
async function askHelper(helper: string, serverUrl: string, env: NodeJS.ProcessEnv): Promise<Credential | undefined> {
  const program = `docker-credential-${helper}`;
  if (!HELPER_NAME.test(helper)) throw new InputError(`credential helper '${helper}': not a valid helper name`);
  const { code, stdout, stderr } = await run(program, ['get'], serverUrl, env);
  const output = stdout.trim() || stderr.trim();
  if (code !== 0) {
    if (/credentials not found/i.test(output)) return undefined;
    throw new InputError(`${program} get ${serverUrl}: ${output.split('\n')[0] || `exit code ${code}`}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    throw new InputError(`${program} get ${serverUrl}: answer is not JSON`);
  }
  const answer = HelperAnswer.safeParse(json);
  if (!answer.success) throw new InputError(`${program} get ${serverUrl}: answer has no Username and Secret`);
  const from = program;
  // docker-credential-helpers: the user name `<token>` marks an identity token.
  return { kind: 'basic', username: answer.data.Username, password: answer.data.Secret, from };
}

function run(
  program: string,
  args: readonly string[],
  input: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { env, stdio: ['pipe', 'pipe', 'pipe'], timeout: HELPER_TIMEOUT_MS });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', (error) => {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      reject(
        new InputError(
          missing
            ? `credential helper ${program} is not on PATH; install it or fix credsStore/credHelpers in ${dockerConfigPath(env)}`
            : `${program}: ${messageOf(error)}`,
          { cause: error },
        ),
      );
    });
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}
