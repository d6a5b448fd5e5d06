#!/usr/bin/env node
import { statSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';

// V8's young generation (new_space in v8.getHeapSpaceStatistics()) grows from 1 MiB to 32 MiB during a long scan,
// resident memory a layer walk does not need: a scan of the 560 MB big-layer image peaked at 145-156 MB, and at
// 132-144 MB with the growth stopped at 8 MiB, no slower (the language image: 171-179 to 159-160 MB). Node takes
// its maximum only on the command line (--max-semi-space-size), so once it has reached 8 MiB the growth factor is
// set to 1 (V8 reports GCs after the fact, so Node 24, whose young generation grows faster, stops at 16 MiB, against
// 32). A maximum given by the user (NODE_OPTIONS or node's own arguments) is left as it is.
const YOUNG_GENERATION_LIMIT = 8 * 1024 * 1024;
// PerformanceObserver reports GCs only once the running code yields, so the size is also checked as soon as the
// bundle has loaded (which takes the young generation to 8 MiB), before the CLI builds its commands and flags.
const userSet = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((arg) => arg.includes('semi-space'));
let stopped = userSet;
const youngGeneration = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;
const observer = new PerformanceObserver(() => stopGrowthAtLimit());
function stopGrowthAtLimit() {
  if (stopped || youngGeneration() < YOUNG_GENERATION_LIMIT) return;
  v8.setFlagsFromString('--semi-space-growth-factor=1');
  observer.disconnect();
  stopped = true;
}
if (!userSet) observer.observe({ entryTypes: ['gc'] });

// dist/barnacle.js is the CLI bundled in one module by `npm run build` (scripts/bundle-cli.js): it starts in
// about half the time. One older than the compiled modules (tsc run on its own since) is stale and not used.
const modified = (file) => statSync(new URL(`../dist/${file}`, import.meta.url), { throwIfNoEntry: false })?.mtimeMs;
const bundled = (modified('barnacle.js') ?? -1) >= (modified('cli/main.js') ?? Number.POSITIVE_INFINITY);
const { main } = await import(bundled ? '../dist/barnacle.js' : '../dist/cli/main.js');
stopGrowthAtLimit();

const code = await main(process.argv);
// Exit once stdout is flushed: a timed-out scan may still have work queued that must not keep us alive.
process.stdout.write('', () => process.exit(code));
