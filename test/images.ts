// Real container images for tests, built on first use with real tools and cached under
// .cache/test-images/<name>/.
//
// How they are made (scripts/test-images/build-<name>.sh; test/fixtures/images/README.md has more):
// - mmdebstrap writes Debian bullseye minbase as a tarball, once per architecture (base/), from
//   Debian's mirror; arm64 runs its maintainer scripts under qemu-user through binfmt_misc.
// - umoci makes the OCI layouts: `raw add-layer` turns a tarball into a layer, `unpack` + a chroot
//   (apt-get) + `repack` turns a change of the root filesystem into a layer, deleted files becoming
//   `.wh.` whiteouts. Layers that umoci cannot write (an opaque directory) are written by GNU tar.
// - skopeo converts the layout into a docker-archive (`docker save` layout) and recompresses with zstd.
// - The ground truth is dpkg-query over the root filesystem after each layer; `umoci unpack` of the
//   finished image must give the same packages, or the build fails.
//
// A build is keyed by a hash of the builder scripts, and several test processes may ask for the same
// image at once: the first takes a lock directory, the others wait for it.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SCRIPTS = join(ROOT, 'scripts', 'test-images');
/** Where the images are built. */
export const TEST_IMAGES_DIR = join(ROOT, '.cache', 'test-images');

/** The images most tests use: small, built in a few minutes all together. */
export const TEST_IMAGES = ['bullseye', 'three-layer', 'opaque', 'distroless', 'zstd', 'multiarch'] as const;
/** Images for limits and benchmarks, built only when asked for. */
export const LARGE_TEST_IMAGES = ['gzip-bomb', 'big-status', 'big-layer'] as const;
export type TestImageName = (typeof TEST_IMAGES)[number] | (typeof LARGE_TEST_IMAGES)[number];
export const ALL_TEST_IMAGES: readonly TestImageName[] = [...TEST_IMAGES, ...LARGE_TEST_IMAGES];

export type Arch = 'amd64' | 'arm64';

/** What each image is built from: the images and base tarballs its builder reads. */
const RECIPES: Record<TestImageName, { readonly deps: readonly TestImageName[]; readonly bases: readonly Arch[] }> = {
  bullseye: { deps: [], bases: ['amd64'] },
  'three-layer': { deps: [], bases: ['amd64'] },
  distroless: { deps: ['three-layer'], bases: [] },
  opaque: { deps: ['distroless'], bases: [] },
  zstd: { deps: ['three-layer'], bases: [] },
  multiarch: { deps: ['bullseye'], bases: ['arm64'] },
  'gzip-bomb': { deps: ['bullseye'], bases: [] },
  'big-status': { deps: ['bullseye'], bases: [] },
  'big-layer': { deps: ['bullseye'], bases: [] },
};

const GroundTruthPackage = z.object({
  name: z.string(),
  /** The full dpkg version string (epoch:upstream-revision). */
  version: z.string(),
  srcName: z.string(),
  srcVersion: z.string(),
  arch: z.string(),
  /** Index of the layer that introduced the package (first of the last unbroken run holding it). */
  layer: z.number().int().nonnegative(),
});
export type GroundTruthPackage = z.infer<typeof GroundTruthPackage>;

const TestImageLayer = z.object({
  /** Blob digest as the manifest names it. */
  digest: z.string(),
  /** sha256 of the uncompressed layer (config rootfs.diff_ids). */
  diffId: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
});
export type TestImageLayer = z.infer<typeof TestImageLayer>;

const TestImageOs = z.object({
  id: z.string(),
  versionId: z.string(),
  prettyName: z.string(),
  /** /etc/debian_version, the point release Trivy prints ('11.11'). */
  debianVersion: z.string(),
});

const TestImagePlatform = z.object({
  /** `os/arch`, e.g. `linux/arm64`. */
  platform: z.string(),
  manifestDigest: z.string(),
  configDigest: z.string(),
  layers: z.array(TestImageLayer),
  os: TestImageOs,
  /** dpkg-query's installed packages, sorted by name. */
  packages: z.array(GroundTruthPackage),
});
export type TestImagePlatform = z.infer<typeof TestImagePlatform>;

const ImageJson = z.object({ platforms: z.array(TestImagePlatform).min(1) });

/** A built test image: where its forms are on disk and what it holds. */
export interface TestImage {
  readonly name: TestImageName;
  readonly dir: string;
  /** OCI image layout directory (index.json → manifest, or both platforms for `multiarch`). */
  readonly ociDir: string;
  /** The same layout as a tar. */
  readonly ociTar: string;
  /** `multiarch` only: index.json → image index → manifests. */
  readonly ociNestedDir?: string;
  readonly ociNestedTar?: string;
  /** `docker save` layout (manifest.json, RepoTags `docker.io/barnacle-test/<name>:latest`), when the image has one. */
  readonly dockerArchive?: string;
  /** The docker-archive gzipped as a whole. */
  readonly dockerArchiveGz?: string;
  readonly repoTag?: string;
  /** The final root filesystem as umoci unpacked it, when kept. */
  readonly rootfs?: string;
  readonly platforms: readonly TestImagePlatform[];
  /** The first platform (linux/amd64): its layers, OS and packages. */
  readonly layers: readonly TestImageLayer[];
  readonly os: z.infer<typeof TestImageOs>;
  readonly groundTruth: readonly GroundTruthPackage[];
}

const building = new Map<string, Promise<unknown>>();

/** Builds the image if needed (once per script version) and describes it. */
export function testImage(name: TestImageName): Promise<TestImage> {
  let pending = building.get(name) as Promise<TestImage> | undefined;
  if (!pending) {
    pending = buildImage(name);
    building.set(name, pending);
  }
  return pending;
}

async function buildImage(name: TestImageName): Promise<TestImage> {
  const recipe = RECIPES[name];
  const env: Record<string, string> = {};
  for (const dep of recipe.deps) env[`DEP_${envName(dep)}`] = (await testImage(dep)).dir;
  for (const arch of recipe.bases) env[`BASE_${envName(arch)}`] = await baseTarball(arch);
  const dir = join(TEST_IMAGES_DIR, name);
  await built(dir, hashOf(readdirSync(SCRIPTS)), `build-${name}.sh`, env);
  return describe(name, dir);
}

/** The mmdebstrap tarball of bullseye minbase for one architecture, built if needed. */
export function baseTarball(arch: Arch): Promise<string> {
  let pending = building.get(`base-${arch}`) as Promise<string> | undefined;
  if (!pending) {
    const dir = join(TEST_IMAGES_DIR, `base-${arch}`);
    pending = built(dir, hashOf(['build-base.sh', 'lib.sh']), 'build-base.sh', { ARCH: arch }).then(() =>
      join(dir, `bullseye-${arch}.tar`),
    );
    building.set(`base-${arch}`, pending);
  }
  return pending;
}

/** Runs one of this folder's builder scripts into `dir` (see buildOnce). */
const built = (dir: string, key: string, script: string, env: Record<string, string>): Promise<void> =>
  buildOnce(dir, key, join(SCRIPTS, script), env);

/**
 * Runs the bash `script` with `dir` as its argument unless `dir/key` already holds `key`: the lazy, locked build
 * every test image shares. One builder at a time per dir (a lock directory holding its pid, taken over when that
 * process is gone); the others wait, then find the key. The script's output goes to `<dir>.log`. `env` may be a
 * function, asked only when the build runs (for inputs that are themselves built on demand).
 */
export async function buildOnce(
  dir: string,
  key: string,
  script: string,
  env: Record<string, string> | (() => Promise<Record<string, string>>),
): Promise<void> {
  const keyFile = join(dir, 'key');
  const isCurrent = () => existsSync(keyFile) && readFileSync(keyFile, 'utf8') === key;
  if (isCurrent()) return;
  mkdirSync(dirname(dir), { recursive: true });
  await withLock(`${dir}.lock`, async () => {
    if (isCurrent()) return;
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const log = `${dir}.log`;
    const extra = typeof env === 'function' ? await env() : env;
    const code = await run('bash', [script, dir], { ...process.env, ...extra }, log);
    if (code !== 0) {
      const tail = readFileSync(log, 'utf8').trimEnd().split('\n').slice(-15).join('\n');
      throw new Error(`building ${dir} with ${basename(script)} failed (exit ${code}); log ${log}:\n${tail}`);
    }
    writeFileSync(keyFile, key); // written last: a dir without it is incomplete
  });
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, logPath: string): Promise<number> {
  const fd = openSync(logPath, 'w');
  return new Promise((done, fail) => {
    const child = spawn(command, args, { env, stdio: ['ignore', fd, fd] });
    child.on('error', fail);
    child.on('close', (code, signal) => done(code ?? (signal ? 128 : 1)));
  });
}

/** Takes a lock directory, waiting while a live process holds it; removes it after `fn`. */
async function withLock(lockDir: string, fn: () => Promise<void>): Promise<void> {
  const owner = join(lockDir, 'pid');
  const deadline = Date.now() + 30 * 60_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(owner, String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (isStale(owner)) rmSync(lockDir, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`${lockDir} still held after 30 minutes`);
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
  let pid: number;
  try {
    pid = Number(readFileSync(ownerFile, 'utf8'));
  } catch {
    return false; // just created, pid not yet written
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function hashOf(files: readonly string[]): string {
  const hash = createHash('sha256');
  for (const file of [...files].sort()) {
    hash
      .update(`${file}\0`)
      .update(readFileSync(join(SCRIPTS, file)))
      .update('\0');
  }
  return hash.digest('hex');
}

const envName = (name: string) => name.toUpperCase().replaceAll('-', '_');

function describe(name: TestImageName, dir: string): TestImage {
  const path = join(dir, 'image.json');
  const { platforms } = ImageJson.parse(JSON.parse(readFileSync(path, 'utf8')));
  const optional = (file: string) => (existsSync(join(dir, file)) ? join(dir, file) : undefined);
  const first = platforms[0] as TestImagePlatform;
  const dockerArchive = optional('docker.tar');
  return {
    name,
    dir,
    ociDir: join(dir, 'oci'),
    ociTar: join(dir, 'oci.tar'),
    ociNestedDir: optional('oci-nested'),
    ociNestedTar: optional('oci-nested.tar'),
    dockerArchive,
    dockerArchiveGz: optional('docker.tar.gz'),
    repoTag: dockerArchive ? `docker.io/barnacle-test/${name}:latest` : undefined, // skopeo writes the name fully qualified
    rootfs: optional('bundle/rootfs'),
    platforms,
    layers: first.layers,
    os: first.os,
    groundTruth: first.packages,
  };
}
