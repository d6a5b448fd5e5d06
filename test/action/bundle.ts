// The action as a runner has it: dist/ of a checkout, with no node_modules anywhere above it. Running the bundle
// inside this repository would let it load what it failed to bundle from the repository's node_modules.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const DIST = path.resolve(import.meta.dirname, '..', '..', 'dist');

/** dist/action.js and its native addons copied into a fresh directory under the system's temp dir. */
export function bundleOutsideRepo(): string {
  const dist = path.join(mkdtempSync(path.join(os.tmpdir(), 'barnacle-action-checkout-')), 'dist');
  mkdirSync(dist);
  for (const name of readdirSync(DIST).filter((n) => n === 'action.js' || /^better_sqlite3-node\d+\.node$/.test(n))) {
    copyFileSync(path.join(DIST, name), path.join(dist, name));
  }
  return path.join(dist, 'action.js');
}
