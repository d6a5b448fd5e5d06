// Go's go.mod as Trivy's gomod analyzer reads it (pkg/dependency/parser/golang/mod with replace directives):
// the main module as the root, `require`d modules as direct or `// indirect` (indirect ones only from go 1.17,
// whose go.mod lists the full graph), `replace` directives applied. With `--detection-priority comprehensive`
// (Trivy's useMinVersion) the Go standard library is a direct dependency too, `stdlib` at the minimum version the
// `toolchain` line (or from go 1.21 the `go` line) asks for.
import type { Package } from '../types.js';
import { lockResult, packageId, unreadable } from './lockfile.js';
import { goSumManifest } from './package-manifest.js';
import type { Analyzer, AnalyzerResult } from './types.js';

interface Directive {
  readonly verb: string;
  readonly args: readonly string[];
  readonly indirect: boolean;
  readonly line: number;
}

/** Tokens of a go.mod line: words and quoted strings, the comment cut off. */
function tokens(line: string): { words: string[]; comment: string } {
  const words: string[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i] ?? '';
    if (c === ' ' || c === '\t' || c === '\r') i++;
    else if (line.startsWith('//', i)) return { words, comment: line.slice(i + 2).trim() };
    else if (c === '"' || c === '`') {
      const end = line.indexOf(c, i + 1);
      const stop = end === -1 ? line.length : end;
      words.push(line.slice(i + 1, stop));
      i = stop + 1;
    } else {
      let end = i;
      while (end < line.length && !/[\s"`]/.test(line[end] ?? '') && !line.startsWith('//', end)) end++;
      words.push(line.slice(i, end));
      i = end;
    }
  }
  return { words, comment: '' };
}

/** The directives of a go.mod, blocks (`require ( ... )`) flattened; throws with the line of a bad block. */
export function directives(text: string): Directive[] {
  const out: Directive[] = [];
  let block: string | undefined;
  for (const [index, raw] of text.split('\n').entries()) {
    const { words, comment } = tokens(raw);
    const indirect = /^indirect(;|$)/.test(comment);
    if (block !== undefined) {
      if (words[0] === ')') block = undefined;
      else if (words.length > 0) out.push({ verb: block, args: words, indirect, line: index + 1 });
      continue;
    }
    const [verb, ...args] = words;
    if (!verb) continue;
    if (args[0] === '(' && args.length === 1) block = verb;
    else out.push({ verb, args, indirect, line: index + 1 });
  }
  if (block !== undefined) throw new SyntaxError(`the ${block} block is not closed`);
  return out;
}

/** Trivy's lessThan: a `major.minor` go version below 1.17 (a patch version counts as not below). */
function before117(version: string): boolean {
  const parts = version.split('.');
  if (parts.length !== 2) return false;
  const [major, minor] = parts.map(Number);
  if (!Number.isInteger(major) || !Number.isInteger(minor)) return false;
  return (major ?? 0) <= 1 && (minor ?? 0) < 17;
}

/** Trivy's lessThan for go 1.21, the first release with `toolchain` lines. */
function before121(majorMinor: string): boolean {
  const [major, minor, ...rest] = majorMinor.split('.').map(Number);
  if (rest.length > 0 || !Number.isInteger(major) || !Number.isInteger(minor)) return false;
  return (major ?? 0) < 1 || (major === 1 && (minor ?? 0) < 21);
}

/**
 * Trivy's toolchainVersion: the `toolchain` line's version without its `go` prefix and any `-suffix`, else the
 * `go` line's from go 1.21 (`1.21` as `1.21.0`, `1.21rc1` as it is); '' when there is none.
 */
export function toolchainVersion(toolchain: string | undefined, go: string | undefined): string {
  if (toolchain) return (toolchain.split('-')[0] ?? '').replace(/^go/, '');
  if (go === undefined) return '';
  const parts = go.split('.');
  const rc = go.indexOf('rc');
  const majorMinor = parts.length > 2 ? parts.slice(0, 2).join('.') : rc >= 0 ? go.slice(0, rc) : go;
  if (before121(majorMinor)) return '';
  return parts.length > 2 || rc >= 0 ? go : `${go}.0`;
}

export function goModPackages(text: string, minVersions = false): Package[] {
  const all = directives(text);
  const goVersion = all.find((d) => d.verb === 'go')?.args[0];
  const skipIndirect = goVersion === undefined || before117(goVersion);
  const byPath = new Map<string, Package>();
  const stdlib = minVersions ? toolchainVersion(all.find((d) => d.verb === 'toolchain')?.args[0], goVersion) : '';
  if (stdlib !== '') {
    const version = `v${stdlib}`;
    byPath.set('stdlib', { id: packageId('gomod', 'stdlib', stdlib), name: 'stdlib', version, relationship: 'direct' });
  }
  for (const d of all.filter((d) => d.verb === 'require')) {
    const [path, version] = d.args;
    if (!path || !version || (skipIndirect && d.indirect)) continue;
    const id = packageId('gomod', path, version);
    byPath.set(path, { id, name: path, version, relationship: d.indirect ? 'indirect' : 'direct' });
  }
  for (const d of all.filter((d) => d.verb === 'replace')) {
    const arrow = d.args.indexOf('=>');
    if (arrow === -1) continue;
    const [oldPath, oldVersion] = d.args.slice(0, arrow);
    const [newPath, newVersion] = d.args.slice(arrow + 1);
    const old = oldPath === undefined ? undefined : byPath.get(oldPath);
    if (!old || !oldPath || !newPath || (oldVersion !== undefined && old.version !== oldVersion)) continue;
    byPath.delete(oldPath);
    // A replacement by a local directory has no version: the module leaves the list.
    if (newVersion === undefined) continue;
    const id = packageId('gomod', newPath, newVersion);
    byPath.set(newPath, { id, name: newPath, version: newVersion, relationship: old.relationship });
  }
  const packages = [...byPath.values()];
  const module = all.find((d) => d.verb === 'module')?.args[0];
  if (module) {
    const dependsOn = packages.filter((p) => p.relationship === 'direct').map((p) => p.id);
    packages.push({
      id: module,
      name: module,
      version: '',
      relationship: 'root',
      ...(dependsOn.length > 0 && { dependsOn: dependsOn.sort() }),
    });
  }
  return packages;
}

/** The gomod analyzer; `minVersions` for `--detection-priority comprehensive`. */
function gomodAnalyzer(minVersions: boolean): Analyzer {
  return {
    id: 'gomod',
    // 2: go.sum read too; the inventory adds its modules to a go.mod below go 1.17 (src/inventory/manifests.ts).
    version: 2,
    wants: (path) => ['go.mod', 'go.sum'].some((name) => path === name || path.endsWith(`/${name}`)),
    async analyze(file): Promise<AnalyzerResult> {
      if (file.path.endsWith('go.sum')) {
        return { manifests: [goSumManifest(file.path, await file.text())], problems: [] };
      }
      try {
        return lockResult('gomod', file, goModPackages(await file.text(), minVersions));
      } catch (error) {
        return unreadable(file, (error as Error).message);
      }
    },
  };
}

export const gomod = gomodAnalyzer(false);
export const gomodMinVersions = gomodAnalyzer(true);
