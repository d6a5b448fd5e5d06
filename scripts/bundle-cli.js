#!/usr/bin/env node
// Bundles the compiled CLI (dist/cli/main.js and everything it imports) into one module, dist/barnacle.js,
// which bin/barnacle.js loads when it is at least as new as dist/cli/main.js. Resolving and compiling its 509
// module files is most of a scan's start-up: importing the bundle took 0.33 s of CPU against 0.59 s.
// Left outside: native modules. The CycloneDX library is bundled as the parts the report imports (Enums, Models,
// Serialize, Spec, Types): its index also loads its validators (ajv and the schema files they find from
// __dirname), which a scan never uses; loading the external library cost every run 0.05-0.08 s of start-up.
//
//   node scripts/bundle-cli.js        (run by `npm run build` after tsc)
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** `@cyclonedx/cyclonedx-library` as the parts the report uses, each from its own entry point. */
const CYCLONEDX = '@cyclonedx/cyclonedx-library';
const CYCLONEDX_PARTS = ['Enums', 'Models', 'Serialize', 'Spec', 'Types'];
const cyclonedxParts = {
  name: 'cyclonedx-parts',
  setup(bundler) {
    bundler.onResolve({ filter: /^@cyclonedx\/cyclonedx-library$/ }, () => ({
      path: CYCLONEDX,
      namespace: 'cyclonedx',
    }));
    bundler.onLoad({ filter: /.*/, namespace: 'cyclonedx' }, () => ({
      contents: CYCLONEDX_PARTS.map((part) => `export * as ${part} from '${CYCLONEDX}/${part}';`).join('\n'),
      resolveDir: ROOT,
    }));
  },
};

await build({
  entryPoints: [join(ROOT, 'dist', 'cli', 'main.js')],
  outfile: join(ROOT, 'dist', 'barnacle.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // xmlbuilder2: the CycloneDX library's optional XML stringifier, tried in a try/catch and not installed.
  external: ['better-sqlite3', 'zstd-napi', 'xmlbuilder2'],
  plugins: [cyclonedxParts],
  // Bundled CommonJS packages call require() for Node's modules.
  banner: {
    js: "import { createRequire as bundleRequire } from 'node:module';\nconst require = bundleRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
