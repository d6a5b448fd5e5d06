// The benchmark cases. A case names the test images it needs and says how to run barnacle, and
// optionally Trivy and a floor (the least work the same input needs, such as decompressing its
// layers to /dev/null). Add a case by adding an entry to CASES.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBenchRegistry } from './registry.js';

/**
 * @typedef {object} Context
 * @property {string} root repository root
 * @property {(image: string, file?: string) => string} path a file in a test image's directory
 * @property {(image: string) => { digest: string, mediaType: string }[]} layers first platform's layers
 * @property {string} scratch a fresh empty directory for this run (caches)
 *
 * @typedef {object} Case
 * @property {string} name
 * @property {string[]} images test images it needs (built on demand)
 * @property {boolean} [large] run only with --large
 * @property {(ctx: Context) => string[]} barnacle arguments after `node bin/barnacle.js`
 * @property {(ctx: Context) => string[]} [trivy] arguments after `trivy`
 * @property {(ctx: Context) => string} [floor] a shell command doing the least work on the same input
 * @property {(ctx: Context) => Promise<{ ref: string, stop: () => Promise<void> }>} [start] a service the
 *   case needs (a registry), started before its runs and stopped after; the runs see it as ctx.service
 */

/**
 * The same flags for both tools: JSON with every package, and `--scanners license` so that neither
 * needs a vulnerability DB (Trivy refuses `--scanners vuln` without one). A vulnerability scan case
 * needs a DB in its cache dir first (a `prepare` step of its own).
 */
const SCAN = ['--format', 'json', '--list-all-pkgs', '--scanners', 'license'];
const TRIVY = [...SCAN, '--skip-db-update', '--offline-scan', '--quiet'];
/** Secrets only: no DB and no package listing, for either tool. */
const SECRETS = ['--format', 'json', '--scanners', 'secret'];

const DECOMPRESS = {
  'application/vnd.oci.image.layer.v1.tar+gzip': 'gzip -dc',
  'application/vnd.docker.image.rootfs.diff.tar.gzip': 'gzip -dc',
  'application/vnd.oci.image.layer.v1.tar+zstd': 'zstd -dc',
  'application/vnd.oci.image.layer.v1.tar': 'cat',
};

/** Decompressing every layer blob of the image's OCI layout to /dev/null. */
const layersFloor = (image) => (ctx) =>
  ctx
    .layers(image)
    .map((l) => `${DECOMPRESS[l.mediaType] ?? 'cat'} ${ctx.path(image, join('oci', 'blobs', ...l.digest.split(':')))}`)
    .map((cmd) => `${cmd} >/dev/null`)
    .join(' && ');

/** Scanning one form of a test image (`oci`, `oci.tar`, `docker.tar`, `docker.tar.gz`). */
function scan(image, input, { large = false } = {}) {
  const floors = {
    'docker.tar': (ctx) => `cat ${ctx.path(image, 'docker.tar')} >/dev/null`,
    'docker.tar.gz': (ctx) => `gzip -dc ${ctx.path(image, 'docker.tar.gz')} >/dev/null`,
  };
  return {
    name: `scan ${image}/${input}`,
    images: [image],
    large,
    barnacle: (ctx) => ['image', '--input', ctx.path(image, input), ...SCAN, '--cache-dir', ctx.scratch],
    // Trivy 0.44.1 reads docker-archives and OCI layout directories, not OCI layout tars.
    trivy: input.endsWith('oci.tar')
      ? undefined
      : (ctx) => ['image', '--input', ctx.path(image, input), ...TRIVY, '--cache-dir', ctx.scratch],
    floor: floors[input] ?? layersFloor(image),
  };
}

/** @type {Case[]} */
export const CASES = [
  scan('bullseye', 'docker.tar'),
  scan('bullseye', 'docker.tar.gz'),
  scan('bullseye', 'oci.tar'),
  scan('three-layer', 'oci'),
  scan('distroless', 'oci'),
  scan('opaque', 'oci'),
  scan('zstd', 'oci'),
  scan('multiarch', 'oci'),
  scan('gzip-bomb', 'oci', { large: true }),
  scan('big-status', 'oci', { large: true }),
  scan('big-layer', 'oci', { large: true }),
  {
    // Target: at most 1.3x the same image from its OCI layout (the floor here is barnacle on the layout).
    name: 'scan bullseye from a loopback registry',
    images: ['bullseye'],
    start: (ctx) => startBenchRegistry(ctx.path('bullseye', 'oci'), 'bullseye'),
    barnacle: (ctx) => ['image', ctx.service.ref, '--image-src', 'remote', ...SCAN, '--cache-dir', ctx.scratch],
    trivy: (ctx) => ['image', ctx.service.ref, '--image-src', 'remote', ...TRIVY, '--cache-dir', ctx.scratch],
    floor: (ctx) =>
      ['node', join(ctx.root, 'bin', 'barnacle.js'), 'image', '--input', ctx.path('bullseye', 'oci'), ...SCAN]
        .concat(['--cache-dir', ctx.scratch])
        .join(' '),
  },
  {
    // What secret scanning (every text file of every layer against Trivy's rules) adds to the same image's package
    // listing, the floor here; Trivy's `--scanners secret` on the same archive beside it.
    name: 'scan bullseye/docker.tar.gz for secrets',
    images: ['bullseye'],
    barnacle: (ctx) => [
      'image',
      '--input',
      ctx.path('bullseye', 'docker.tar.gz'),
      ...SECRETS,
      '--cache-dir',
      ctx.scratch,
    ],
    trivy: (ctx) =>
      [
        'image',
        '--input',
        ctx.path('bullseye', 'docker.tar.gz'),
        ...SECRETS,
        '--skip-db-update',
        '--offline-scan',
      ].concat(['--quiet', '--cache-dir', ctx.scratch]),
    floor: (ctx) =>
      ['node', join(ctx.root, 'bin', 'barnacle.js'), 'image', '--input', ctx.path('bullseye', 'docker.tar.gz')]
        .concat(SCAN, ['--cache-dir', ctx.scratch])
        .join(' '),
  },
  {
    // Target: language analysis adds at most 30% (1.3x) over the OS-only analysis of the same image, the
    // floor here: the lang image of test/lang-images.ts (about 1,000 packages in node_modules, built by its
    // test: `npx vitest run test/lang-images.test.ts`).
    name: 'scan lang/docker.tar (node_modules, site-packages)',
    images: [],
    barnacle: (ctx) => ['image', '--input', langArchive(ctx), ...SCAN, '--cache-dir', ctx.scratch],
    trivy: (ctx) => ['image', '--input', langArchive(ctx), ...TRIVY, '--cache-dir', ctx.scratch],
    floor: (ctx) => `node ${join(ctx.root, 'scripts', 'bench', 'os-only.js')} ${langArchive(ctx)} ${ctx.scratch}`,
  },
];

/** The language test image, built by test/lang-images.ts under .cache/lang-images. */
const langArchive = (ctx) => join(ctx.root, '.cache', 'lang-images', 'lang', 'docker.tar');

/** The first platform's layers, from the image's image.json. */
export function layersOf(imageDir) {
  const described = JSON.parse(readFileSync(join(imageDir, 'image.json'), 'utf8'));
  return described.platforms[0].layers;
}
