// bun's text lock file, bun.lock (JSON with comments and trailing commas), as Trivy's bun parser reads it
// (pkg/dependency/parser/nodejs/bun): the `workspaces` name the direct dependencies, each `packages` entry is
// `[identifier, registry?, info, integrity?]` on one line, and what production dependencies reach is production;
// the rest is dev. Where bun nests a package under its dependent (`"debug/ms": ["ms@2.1.2", ...]`) the name and
// version come from the identifier and `debug`'s `ms` resolves to it, as node would resolve it (Trivy names such
// packages `debug/ms`, version `ms@2.1.2`).
import { z } from 'zod';
import type { Package } from '../types.js';
import { memberSpans } from './json-spans.js';
import { jsonLine, lockResult, packageId, uniquePackages, unreadable } from './lockfile.js';
import { isNodeModulesPackage, nodeModulesPackage } from './node-modules.js';
import type { Analyzer, AnalyzerResult } from './types.js';

const Deps = z.record(z.string(), z.string()).nullish();
const Workspace = z.object({
  name: z.string().nullish(),
  version: z.string().nullish(),
  dependencies: Deps,
  devDependencies: Deps,
  optionalDependencies: Deps,
  peerDependencies: Deps,
});
const LockFile = z.object({
  lockfileVersion: z.number().nullish(),
  workspaces: z.record(z.string(), Workspace).nullish(),
  packages: z.record(z.string(), z.array(z.unknown()).min(1)).nullish(),
});
const Info = z.object({ dependencies: z.record(z.string(), z.unknown()).nullish() }).passthrough();

/**
 * JSONC as JSON with every offset kept (Trivy's ToRFC8259): comments and trailing commas become spaces, line
 * breaks stay, so lines found in the result are the file's lines.
 */
export function jsoncToJson(text: string): string {
  const out = text.split('');
  let i = 0;
  let lastComma = -1; // a comma not yet followed by a value: trailing if `}` or `]` comes next
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      lastComma = -1;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      i++;
    } else if (c === '/' && text[i + 1] === '/') {
      for (; i < text.length && text[i] !== '\n'; i++) out[i] = ' ';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      for (; i < stop; i++) if (text[i] !== '\n' && text[i] !== '\r') out[i] = ' ';
    } else {
      if (c === ',') lastComma = i;
      else if ((c === '}' || c === ']') && lastComma !== -1) {
        out[lastComma] = ' ';
        lastComma = -1;
      } else if (!' \t\r\n'.includes(c ?? '')) lastComma = -1;
      i++;
    }
  }
  return out.join('');
}

/** `name@version` of an identifier; a scoped name keeps its leading `@`. */
function splitIdentifier(identifier: string): [name: string, version: string] {
  const at = identifier.indexOf('@', identifier.startsWith('@') ? 1 : 0);
  return at === -1 ? [identifier, ''] : [identifier.slice(0, at), identifier.slice(at + 1)];
}

/** The package keys a key's parents may hold its dependencies under: `a/b` → `a/b`, `a`, `` (scopes kept whole). */
function ancestors(key: string): string[] {
  const parts: string[] = [];
  const segments = key.split('/');
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] ?? '';
    parts.push(segment.startsWith('@') && i + 1 < segments.length ? `${segment}/${segments[++i]}` : segment);
  }
  return parts.map((_, n) => parts.slice(0, parts.length - n).join('/')).concat('');
}

interface Entry {
  readonly key: string;
  readonly pkg: Package;
  readonly deps: readonly string[];
}

export function bunPackages(text: string, lock: z.infer<typeof LockFile>): Package[] {
  const workspaces = lock.workspaces ?? {};
  const prodDirect = new Set<string>();
  const devDirect = new Set<string>();
  for (const ws of Object.values(workspaces)) {
    for (const name of Object.keys({ ...ws.dependencies, ...ws.peerDependencies, ...ws.optionalDependencies }))
      prodDirect.add(name);
    for (const name of Object.keys(ws.devDependencies ?? {})) devDirect.add(name);
  }
  const spans = memberSpans(text, ['packages']);
  const entries = new Map<string, Entry>();
  for (const [key, raw] of Object.entries(lock.packages ?? {})) {
    const identifier = typeof raw[0] === 'string' ? raw[0] : '';
    let [name, version] = splitIdentifier(identifier);
    if (name === '') [name, version] = [key, ''];
    const workspacePath = version.startsWith('workspace:') ? version.slice('workspace:'.length) : undefined;
    const workspace = workspacePath === undefined ? undefined : (workspaces[workspacePath] ?? workspaces[key]);
    if (workspacePath !== undefined) version = workspace?.version ?? '';
    // [identifier, info], [identifier, info, tag], [identifier, registry, info, integrity]
    const info = Info.safeParse(raw.length > 3 ? raw[2] : raw[1]);
    const deps = Object.keys((info.success && info.data.dependencies) || {}).sort();
    const location = spans.get(key);
    entries.set(key, {
      key,
      deps,
      pkg: {
        id: packageId('bun', name, version),
        name,
        version,
        relationship: workspace ? 'workspace' : prodDirect.has(key) || devDirect.has(key) ? 'direct' : 'indirect',
        dev: !workspace,
        ...(location ? { locations: [location] } : {}),
      },
    });
  }
  const resolve = (from: string, dep: string): Entry | undefined => {
    for (const parent of ancestors(from)) {
      const found = entries.get(parent === '' ? dep : `${parent}/${dep}`);
      if (found) return found;
    }
    return undefined;
  };
  // What the direct production dependencies reach is production.
  const stack = [...entries.values()].filter((e) => e.pkg.relationship === 'direct' && prodDirect.has(e.key));
  const production = new Set<string>();
  while (stack.length > 0) {
    const entry = stack.pop() as Entry;
    if (production.has(entry.key)) continue;
    production.add(entry.key);
    for (const dep of entry.deps) {
      const found = resolve(entry.key, dep);
      if (found) stack.push(found);
    }
  }
  const packages = [...entries.values()].map(({ key, pkg, deps }): Package => {
    const dependsOn = [...new Set(deps.flatMap((dep) => resolve(key, dep)?.pkg.id ?? []))].sort();
    const { dev, ...rest } = pkg;
    return {
      ...rest,
      ...(dev && !production.has(key) ? { dev: true } : {}),
      ...(dependsOn.length > 0 ? { dependsOn } : {}),
    };
  });
  return uniquePackages(packages);
}

export const bun: Analyzer = {
  id: 'bun',
  // 2: installed package.json files read for the packages' licenses.
  version: 2,
  wants: (path) =>
    ((path === 'bun.lock' || path.endsWith('/bun.lock')) && !path.split('/').includes('node_modules')) ||
    isNodeModulesPackage(path),
  async analyze(file): Promise<AnalyzerResult> {
    if (isNodeModulesPackage(file.path)) return nodeModulesPackage(file.path, await file.text());
    const text = jsoncToJson(await file.text());
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      return unreadable(file, `not valid JSON (${(error as Error).message})`, jsonLine(text, error));
    }
    const parsed = LockFile.safeParse(json ?? {});
    if (!parsed.success) {
      const where = parsed.error.issues[0]?.path.join('.') || 'the top level';
      return unreadable(file, `${where} does not have bun.lock's shape`);
    }
    return lockResult('bun', file, bunPackages(text, parsed.data));
  },
};
