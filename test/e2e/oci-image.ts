// Builds small OCI image layouts for end-to-end tests with umoci: each layer a tar of real fixture files.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

/** One layer: its history line and the files it holds (path in the image → file on disk). */
export interface FixtureLayer {
  readonly created: string;
  readonly files: Readonly<Record<string, string>>;
}

function run(command: string, args: readonly string[]): void {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr || result.error}`);
}

/** An OCI layout `<dir>/oci` (tag latest, gzip layers), one layer per entry, reproducible (sorted, mtime 0, root). */
export function buildLayout(dir: string, layers: readonly FixtureLayer[]): string {
  const layout = path.join(dir, 'oci');
  run('umoci', ['init', '--layout', layout]);
  run('umoci', ['new', '--image', `${layout}:latest`]);
  run('umoci', ['config', '--image', `${layout}:latest`, '--os', 'linux', '--architecture', 'amd64']);
  for (const [index, layer] of layers.entries()) {
    const rootfs = path.join(dir, `rootfs-${index}`);
    for (const [target, source] of Object.entries(layer.files)) {
      mkdirSync(path.dirname(path.join(rootfs, target)), { recursive: true });
      copyFileSync(source, path.join(rootfs, target));
    }
    const tar = path.join(dir, `layer-${index}.tar`);
    const tarArgs = ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', '--mtime=@0', '-C', rootfs];
    run('tar', [...tarArgs, '-cf', tar, ...Object.keys(layer.files)]);
    run('umoci', ['raw', 'add-layer', '--image', `${layout}:latest`, '--history.created_by', layer.created, tar]);
  }
  return layout;
}
