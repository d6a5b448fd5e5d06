// Real binaries and archives for the gobinary, jar and rustbinary tests, built on first use by
// scripts/binary-images/build-binaries.sh into .cache/binary-images/binaries/ and keyed by a hash of that
// folder: Go programs compiled by Debian's golang-go, Debian's jars, and the image holding them.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SCRIPTS = join(ROOT, 'scripts', 'binary-images');
const DIR = join(ROOT, '.cache', 'binary-images', 'binaries');

export interface BinaryImage {
  readonly dir: string;
  /** The image's only layer unpacked: usr/local/bin/hello-go, usr/share/java/*.jar, ... */
  readonly rootfs: string;
  readonly dockerArchive: string;
  readonly ociTar: string;
  /** Ground truth files written by the build (truth/hello-go.txt is `go version -m`). */
  readonly truth: (name: string) => string;
}

let pending: Promise<BinaryImage> | undefined;

/** Builds the `binaries` image once per version of its scripts, and describes it. */
export function binaryImage(): Promise<BinaryImage> {
  pending ??= build();
  return pending;
}

async function build(): Promise<BinaryImage> {
  const key = hashOf([SCRIPTS, join(ROOT, 'scripts', 'test-images', 'lib.sh')]);
  const keyFile = join(DIR, 'key');
  const isCurrent = () => existsSync(keyFile) && readFileSync(keyFile, 'utf8') === key;
  if (!isCurrent()) {
    mkdirSync(dirname(DIR), { recursive: true });
    await withLock(`${DIR}.lock`, async () => {
      if (isCurrent()) return;
      rmSync(DIR, { recursive: true, force: true });
      mkdirSync(DIR, { recursive: true });
      const log = `${DIR}.log`;
      const code = await run(join(SCRIPTS, 'build-binaries.sh'), DIR, log);
      if (code !== 0) {
        const tail = readFileSync(log, 'utf8').trimEnd().split('\n').slice(-15).join('\n');
        throw new Error(`building ${DIR} failed (exit ${code}); log ${log}:\n${tail}`);
      }
      writeFileSync(keyFile, key);
    });
  }
  return {
    dir: DIR,
    rootfs: join(DIR, 'rootfs'),
    dockerArchive: join(DIR, 'docker.tar'),
    ociTar: join(DIR, 'oci.tar'),
    truth: (name) => readFileSync(join(DIR, 'truth', name), 'utf8'),
  };
}

function run(script: string, out: string, logPath: string): Promise<number> {
  const fd = openSync(logPath, 'w');
  return new Promise((done, fail) => {
    const child = spawn('bash', [script, out], { stdio: ['ignore', fd, fd] });
    child.on('error', fail);
    child.on('close', (code, signal) => done(code ?? (signal ? 128 : 1)));
  });
}

/** A lock directory holding the builder's pid; a lock whose process is gone is taken over. */
async function withLock(lockDir: string, fn: () => Promise<void>): Promise<void> {
  const owner = join(lockDir, 'pid');
  const deadline = Date.now() + 20 * 60_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(owner, String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (isStale(owner)) rmSync(lockDir, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`${lockDir} still held after 20 minutes`);
      else await sleep(500);
    }
  }
  try {
    await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function isStale(ownerFile: string): boolean {
  const pid = Number(existsSync(ownerFile) ? readFileSync(ownerFile, 'utf8') : '');
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** sha256 over the files under `paths` (names and contents), in a stable order. */
function hashOf(paths: readonly string[]): string {
  const hash = createHash('sha256');
  const visit = (path: string) => {
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) visit(join(path, name));
      return;
    }
    hash
      .update(`${relative(ROOT, path)}\0`)
      .update(readFileSync(path))
      .update('\0');
  };
  for (const path of paths) visit(path);
  return hash.digest('hex');
}
