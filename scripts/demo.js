// `npm run demo`: builds a vulnerability DB from the bundled OSV records and scans the bundled image,
// offline, with the same CLI a pipeline runs. Everything is written under .cache/demo.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../dist/cli/main.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cacheDir = path.join(root, '.cache', 'demo');
const image = path.join('examples', 'demo', 'flask-app.tar');
process.chdir(root);
rmSync(cacheDir, { recursive: true, force: true });

const run = async (...args) => {
  process.stderr.write(`\n$ barnacle ${args.join(' ')}\n`);
  return main(['node', 'barnacle', ...args, '--cache-dir', cacheDir]);
};

let code = await run('db', 'import', path.join('examples', 'demo', 'osv'));
if (code === 0) code = await run('image', '--input', image);
// The classic CI gate: fail on fixable CRITICAL/HIGH findings. Its exit code is shown, not propagated.
if (code === 0) {
  const gate = await run(
    'image',
    '--input',
    image,
    '--severity',
    'CRITICAL,HIGH',
    '--ignore-unfixed',
    '--pkg-types',
    'os,library',
    '--exit-code',
    '1',
  );
  process.stderr.write(`(exit code ${gate})\n`);
}
process.exitCode = code;
