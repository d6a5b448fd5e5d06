// undici, loaded on first use: a scan with a DB in place and a local image never makes a request, and loading
// undici costs about 0.1 s of start-up. It is required at run time, from node_modules beside the code; the
// action's bundle, which runs without node_modules, replaces this module with one that imports undici
// (action/build.mjs).
import { createRequire } from 'node:module';

let loaded: typeof import('undici') | undefined;

export function undici(): typeof import('undici') {
  loaded ??= createRequire(import.meta.url)('undici') as typeof import('undici');
  return loaded;
}
