#!/usr/bin/env node
import { main } from '../dist/cli/main.js';

const code = await main(process.argv);
// Exit once stdout is flushed: a timed-out scan may still have work queued that must not keep us alive.
process.stdout.write('', () => process.exit(code));
