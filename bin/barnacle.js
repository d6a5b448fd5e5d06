#!/usr/bin/env node
import { statSync } from 'node:fs';

// dist/barnacle.js is the CLI bundled in one module by `npm run build` (scripts/bundle-cli.js): it starts in
// about half the time. One older than the compiled modules (tsc run on its own since) is stale and not used.
const modified = (file) => statSync(new URL(`../dist/${file}`, import.meta.url), { throwIfNoEntry: false })?.mtimeMs;
const bundled = (modified('barnacle.js') ?? -1) >= (modified('cli/main.js') ?? Number.POSITIVE_INFINITY);
const { main } = await import(bundled ? '../dist/barnacle.js' : '../dist/cli/main.js');

const code = await main(process.argv);
// Exit once stdout is flushed: a timed-out scan may still have work queued that must not keep us alive.
process.stdout.write('', () => process.exit(code));
