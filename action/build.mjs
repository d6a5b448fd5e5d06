// Builds dist/action.js, the one file the runner starts: esbuild bundles the action, barnacle and their
// dependencies as an ES module. better-sqlite3 is a native addon and cannot be bundled: its compiled addon is
// committed beside the bundle, one per Node.js ABI (dist/better_sqlite3-node<ABI>.node): the one `npm ci` built
// for this machine's Node.js, copied here, and the one for the action's runtime (action.yml `runs.using`),
// built by scripts/build-action-addon.js. The `bindings` lookup better-sqlite3 makes is replaced by a load of
// the file for the running Node.js. zstd-napi's addon is left out: its load fails and barnacle decodes zstd
// layers with fzstd (pure JavaScript). undici, which barnacle loads at run time, is bundled (undiciInBundle).
// The output is deterministic: no timestamps, no absolute paths (esbuild writes paths relative to the repository).
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const addon = path.join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');

/**
 * `require('bindings')('better_sqlite3.node')` loads better_sqlite3-node<ABI>.node from the bundle's own directory,
 * for the ABI of the Node.js running it; with none for it, a one-line error says which Node.js lacks one.
 */
const bindingsBesideBundle = {
  name: 'bindings-beside-bundle',
  setup(b) {
    b.onResolve({ filter: /^bindings$/ }, () => ({ path: 'bindings', namespace: 'beside-bundle' }));
    b.onLoad({ filter: /.*/, namespace: 'beside-bundle' }, () => ({
      contents: [
        "const path = require('node:path');",
        "const { existsSync } = require('node:fs');",
        'module.exports = function bindings(name) {',
        "  const file = path.join(__barnacleDirname, name.replace(/\\.node$/, '-node' + process.versions.modules + '.node'));",
        '  if (!existsSync(file)) {',
        "    throw new Error(path.basename(file) + ' is missing: no ' + name + ' built for Node.js ' + process.version);",
        '  }',
        '  return require(file);',
        '};',
      ].join('\n'),
      loader: 'js',
    }));
  },
};

/**
 * src/undici.ts requires undici at run time from node_modules, which the action does not have: in the bundle it
 * is replaced by a module that imports undici, so that undici is bundled.
 */
const undiciInBundle = {
  name: 'undici-in-bundle',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]undici\.ts$/ }, () => ({
      contents: [
        "import * as bundled from 'undici';",
        'export function undici() {',
        '  return bundled;',
        '}',
      ].join('\n'),
      loader: 'ts',
      resolveDir: path.join(root, 'src'),
    }));
  },
};

await build({
  absWorkingDir: root,
  entryPoints: ['action/main.ts'],
  outfile: 'dist/action.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  sourcemap: false,
  logLevel: 'warning',
  // CommonJS dependencies use require(), __filename and __dirname: give the module them.
  banner: {
    js: [
      "import { createRequire as __barnacleCreateRequire } from 'node:module';",
      "import { fileURLToPath as __barnacleFileURLToPath } from 'node:url';",
      'const require = __barnacleCreateRequire(import.meta.url);',
      'const __barnacleFilename = __barnacleFileURLToPath(import.meta.url);',
      "const __barnacleDirname = __barnacleFilename.replace(/[\\\\/][^\\\\/]*$/, '');",
    ].join('\n'),
  },
  // Free uses of __filename and __dirname (CommonJS code) are the bundle's; modules that declare their own keep them.
  define: { __filename: '__barnacleFilename', __dirname: '__barnacleDirname' },
  // Optional plug-ins of @cyclonedx/cyclonedx-library (validators, XML) that barnacle does not use: each load
  // is guarded there, so leaving them out of the bundle only leaves them unavailable.
  external: ['zstd-napi', 'zstd-napi/*', 'ajv', 'ajv-formats', 'ajv-formats-draft2019', 'xmlbuilder2', 'libxmljs2'],
  plugins: [bindingsBesideBundle, undiciInBundle],
});
copyFileSync(addon, path.join(root, `dist/better_sqlite3-node${process.versions.modules}.node`));
