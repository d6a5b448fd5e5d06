// Python's requirements.txt as Trivy's pip analyzer reads it (pkg/dependency/parser/python/pip): only pinned
// `name==version` lines, extras, comments, markers and hash options stripped; each package on its own line.
// With `--detection-priority comprehensive` (Trivy's useMinVersion) a `~=` or `>=` lower bound counts as the
// version too, and a `==1.2.*` wildcard as its lowest release (1.2.0).
import { valid } from '@renovatebot/pep440';
import type { Package } from '../types.js';
import { lockResult } from './lockfile.js';
import type { Analyzer, AnalyzerResult } from './types.js';

const NAME_CHAR = /[\p{L}\p{N}._-]/u;

/** Everything before the first `key`, trailing space trimmed (Trivy's rStripByKey). */
function beforeKey(line: string, key: string): string {
  const at = line.indexOf(key);
  return at === -1 ? line : line.slice(0, at).trimEnd();
}

/** Trivy's removeExtras: the first `[...]` taken out. */
function withoutExtras(line: string): string {
  const start = line.indexOf('[');
  const end = line.indexOf(']') + 1;
  return start !== -1 && end !== 0 ? line.slice(0, start) + line.slice(end) : line;
}

/** Trivy's operators, in the order it looks for them: only `==` unless minimum versions are used. */
const PINNING = ['=='];
const BOUNDING = ['~=', '>=', '=='];

/** `name` and the version of one cleaned line (Trivy's splitLine), or null when it gives none. */
function pinned(line: string, operators: readonly string[]): [string, string] | null {
  let split = 0;
  for (const char of line) {
    if (!NAME_CHAR.test(char)) break;
    split += char.length;
  }
  const [name, specs] = [line.slice(0, split), line.slice(split)];
  if (name === '' || specs === '') return null;
  for (const operator of operators) {
    for (const spec of specs.split(',')) if (spec.startsWith(operator)) return [name, spec.slice(operator.length)];
  }
  return null;
}

/** The pinned packages of a requirements file, each with its line; with `minVersions`, lower bounds too. */
export function requirementPackages(text: string, minVersions = false): Package[] {
  const packages: Package[] = [];
  for (const [index, raw] of text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .entries()) {
    let line = raw.replaceAll(' ', '').replaceAll('\\', '');
    line = beforeKey(beforeKey(beforeKey(withoutExtras(line), '#'), ';'), '--');
    const pair = pinned(line, minVersions ? BOUNDING : PINNING);
    if (pair && minVersions && pair[1].endsWith('.*')) pair[1] = `${pair[1].slice(0, -1)}0`;
    // Trivy drops names with other characters and versions PEP 440 cannot parse.
    if (!pair || valid(pair[1]) === null) continue;
    const [name, version] = pair;
    packages.push({ id: '', name, version, locations: [{ startLine: index + 1, endLine: index + 1 }] });
  }
  return packages;
}

/** The pip analyzer; `minVersions` for `--detection-priority comprehensive`. */
function pipAnalyzer(minVersions: boolean): Analyzer {
  return {
    id: 'pip',
    version: 1,
    wants: (path) => path === 'requirements.txt' || path.endsWith('/requirements.txt'),
    async analyze(file): Promise<AnalyzerResult> {
      return lockResult('pip', file, requirementPackages(await file.text(), minVersions));
    },
  };
}

export const pip = pipAnalyzer(false);
export const pipMinVersions = pipAnalyzer(true);
