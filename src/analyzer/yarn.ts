// yarn.lock (yarn v1 and berry) as Trivy's yarn parser reads it (pkg/dependency/parser/nodejs/yarn): one block
// per package (blank-line separated), its patterns, `version`, `dependencies` and lines; workspace, patch,
// file, link, portal and git entries skipped.
import type { Package, Problem } from '../types.js';
import { lockResult, packageId } from './lockfile.js';
import { isNodeModulesPackage, nodeModulesPackage } from './node-modules.js';
import { packageManifest } from './package-manifest.js';
import type { Analyzer, AnalyzerResult } from './types.js';

// Trivy's yarnPatternRegexp, yarnVersionRegexp and yarnDependencyRegexp.
const PATTERN = /^\s?\\?"?(?<pkg>\S+?)@(?:(?<protocol>\S+?):)?(?<version>.+?)\\?"?:?$/;
const VERSION = /^"?version:?"?\s+"?(?<version>[^"]+)"?/;
const DEPENDENCY = /\s{4,}"?(?<pkg>.+?)"?:?\s"?(?:(?<protocol>\S+?):)?(?<version>[^"]+)"?/;
const IGNORED_PROTOCOLS = new Set([
  'workspace',
  'patch',
  'file',
  'link',
  'portal',
  'github',
  'git',
  'git+ssh',
  'git+http',
  'git+https',
  'git+file',
]);
const validProtocol = (protocol: string | undefined): boolean => !protocol || protocol === 'npm';

interface Block {
  name: string;
  version: string;
  patterns: string[];
  deps: string[];
  startLine: number;
  endLine: number;
}

/** One block's package, or a reason to skip it (an unknown protocol is a problem, a known one is not). */
function parseBlock(lines: readonly string[], startLine: number): { block?: Block; problem?: string } {
  const block: Block = {
    name: '',
    version: '',
    patterns: [],
    deps: [],
    startLine,
    endLine: startLine + lines.length - 1,
  };
  let skip = false;
  let problem: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    if (raw.startsWith('#') || skip) continue;
    if (raw.startsWith('__metadata')) {
      skip = true;
      continue;
    }
    const line = raw.trim().replace(/^"/, '');
    if (line.startsWith('version')) {
      const version = VERSION.exec(line)?.groups?.version;
      if (version === undefined) skip = true;
      else block.version = version;
      continue;
    }
    if (line.startsWith('dependencies:')) {
      // Trivy's parseDependencies also consumes the first line that is not a dependency.
      for (i++; i < lines.length; i++) {
        const dep = DEPENDENCY.exec(lines[i] ?? '')?.groups;
        if (!dep) break;
        if (validProtocol(dep.protocol)) block.deps.push(packageId('yarn', dep.pkg ?? '', dep.version ?? ''));
      }
      continue;
    }
    const patterns = line.split(', ');
    const first = PATTERN.exec(patterns[0] ?? '')?.groups;
    if (!first) continue;
    if (!validProtocol(first.protocol)) {
      skip = true;
      if (!IGNORED_PROTOCOLS.has(first.protocol ?? ''))
        problem = `unknown protocol '${first.protocol}' at line ${startLine + i}`;
      continue;
    }
    block.name = first.pkg ?? '';
    block.patterns = patterns.map((p) => packageId('yarn', block.name, PATTERN.exec(p)?.groups?.version ?? ''));
  }
  if (problem) return { problem };
  return block.name === '' ? {} : { block };
}

export function yarnPackages(text: string): {
  packages: Package[];
  patterns: Record<string, readonly string[]>;
  problems: string[];
} {
  const lines = text.split(/\r?\n/);
  const blocks: Block[] = [];
  const problems: string[] = [];
  let start = 0;
  while (start < lines.length) {
    if ((lines[start] ?? '') === '') {
      start++;
      continue;
    }
    let end = start;
    while (end < lines.length && (lines[end] ?? '') !== '') end++;
    const { block, problem } = parseBlock(lines.slice(start, end), start + 1);
    if (block) blocks.push(block);
    if (problem) problems.push(problem);
    start = end;
  }
  // Dependencies name patterns (`name@range`); each resolves to the package whose block lists that pattern.
  const idOfPattern = new Map<string, string>();
  // A package's patterns, for the package.json beside the lock file: the last block's, as Trivy keeps them.
  const patterns: Record<string, readonly string[]> = {};
  for (const block of blocks) {
    const id = packageId('yarn', block.name, block.version);
    for (const pattern of block.patterns) idOfPattern.set(pattern, id);
    patterns[id] = block.patterns;
  }
  const byId = new Map<string, Package>();
  for (const block of blocks) {
    const id = packageId('yarn', block.name, block.version);
    const dependsOn = [...new Set(block.deps.flatMap((dep) => idOfPattern.get(dep) ?? []))].sort();
    const location = { startLine: block.startLine, endLine: block.endLine };
    const saved = byId.get(id);
    byId.set(id, {
      id,
      name: block.name,
      version: block.version,
      ...(dependsOn.length > 0 ? { dependsOn } : saved?.dependsOn ? { dependsOn: saved.dependsOn } : {}),
      locations: [...(saved?.locations ?? []), location],
    });
  }
  return { packages: [...byId.values()], patterns, problems };
}

const NODE_MODULES_OR_YARN = (dir: string) => dir === 'node_modules' || dir === '.yarn';

export const yarn: Analyzer = {
  id: 'yarn',
  // 2: package.json files read too; the inventory marks direct and dev dependencies from them. 3: installed
  // package.json files under node_modules read for the packages' licenses.
  version: 3,
  wants: (path) =>
    ((path === 'yarn.lock' ||
      path.endsWith('/yarn.lock') ||
      path === 'package.json' ||
      path.endsWith('/package.json')) &&
      !path.split('/').some(NODE_MODULES_OR_YARN)) ||
    isNodeModulesPackage(path),
  async analyze(file): Promise<AnalyzerResult> {
    if (isNodeModulesPackage(file.path)) return nodeModulesPackage(file.path, await file.text());
    if (file.path === 'package.json' || file.path.endsWith('/package.json')) {
      return { manifests: [packageManifest(file.path, await file.text())], problems: [] };
    }
    const { packages, patterns, problems } = yarnPackages(await file.text());
    const found: Problem[] = problems.map((reason) => ({ path: file.path, reason }));
    const result = lockResult('yarn', file, packages, found);
    return { ...result, applications: (result.applications ?? []).map((app) => ({ ...app, patterns })) };
  },
};
