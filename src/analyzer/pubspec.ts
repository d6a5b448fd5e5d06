// Dart's pubspec.lock as Trivy's pub analyzer reads it (pkg/dependency/parser/dart/pub): every package of
// `packages` (dev ones kept, as Pub cannot tell transitive dev dependencies apart), direct or indirect by its
// `dependency` field. SDK packages keep their `0.0.0` version, as Trivy does by default; with
// `--detection-priority comprehensive` (Trivy's useMinVersion) they take the lowest version of their SDK's
// constraint in `sdks` (`^3.3.0` or `>=3.3.0 <4.0.0` give 3.3.0).
import { parse } from 'yaml';
import { z } from 'zod';
import { messageOf } from '../errors.js';
import type { Package, Relationship } from '../types.js';
import { lockResult, packageId, unreadable } from './lockfile.js';
import type { Analyzer, AnalyzerResult } from './types.js';

const PubspecLock = z.object({
  packages: z
    .record(
      z.string(),
      z
        .object({
          dependency: z.string().nullish(),
          version: z.unknown(),
          source: z.unknown(),
          description: z.unknown(),
        })
        .nullable(),
    )
    .nullish(),
  sdks: z.record(z.string(), z.unknown()).nullish(),
});

const RELATIONSHIPS: Readonly<Record<string, Relationship>> = {
  'direct main': 'direct',
  'direct dev': 'direct',
  transitive: 'indirect',
};

// aquasecurity/go-version's constraints, which Trivy parses the SDK constraint with: operators, and versions
// (`v?1.2.3`, a pre-release after `-` or a letter, build metadata after `+`).
const OPERATORS = ['==', '!=', '>=', '=>', '<=', '=<', '~>', '>', '<', '~', '^'];
const VERSION =
  String.raw`v?(\d+(?:\.\d+)*)(?:-(\d+[0-9A-Za-z~-]*(?:\.[0-9A-Za-z~-]+)*)|-?([A-Za-z~-]+[0-9A-Za-z~-]*(?:\.[0-9A-Za-z~-]+)*))?` +
  String.raw`(?:\+([0-9A-Za-z~-]+(?:\.[0-9A-Za-z~-]+)*))?`;
const CONSTRAINT = new RegExp(
  String.raw`\s*(${OPERATORS.map((op) => op.replace(/[~^]/g, '\\$&')).join('|')})\s*${VERSION}\s*,?`,
  'y',
);

/** The constraints of one `||` alternative, read left to right; null unless it is one or more constraints. */
function constraints(alternative: string): RegExpExecArray[] | null {
  const found: RegExpExecArray[] = [];
  let end = 0;
  CONSTRAINT.lastIndex = 0;
  for (let m = CONSTRAINT.exec(alternative); m; m = CONSTRAINT.exec(alternative)) {
    found.push(m);
    end = CONSTRAINT.lastIndex;
  }
  return found.length > 0 && alternative.slice(end).trim() === '' ? found : null;
}

/**
 * Trivy's minVersionOfConstrain: the version of the first constraint when its operator is `>=` or `^` (the only
 * ones Dart writes), as go-version prints it (numbers without leading zeros); '' for any other constraint and for
 * one go-version refuses (then the package keeps 0.0.0).
 */
export function sdkMinVersion(constraint: string): string {
  const alternatives = constraint.split('||').map(constraints);
  if (alternatives.some((a) => a === null)) return '';
  const first = alternatives[0]?.[0];
  if (!first || (first[1] !== '>=' && first[1] !== '^')) return '';
  const [, , numbers = '', pre, letters, build] = first;
  const release = numbers
    .split('.')
    .map((n) => BigInt(n).toString())
    .join('.');
  const preRelease = pre ?? letters;
  return `${release}${preRelease ? `-${preRelease}` : ''}${build ? `+${build}` : ''}`;
}

/** The pub analyzer; `minVersions` for `--detection-priority comprehensive`. */
function pubAnalyzer(minVersions: boolean): Analyzer {
  return {
    id: 'pub',
    version: 1,
    wants: (path) => path === 'pubspec.lock' || path.endsWith('/pubspec.lock'),
    async analyze(file): Promise<AnalyzerResult> {
      let doc: unknown;
      try {
        doc = parse(await file.text());
      } catch (error) {
        const line = (error as { linePos?: { line: number }[] }).linePos?.[0]?.line;
        return unreadable(file, `not valid YAML (${messageOf(error).split('\n')[0]})`, line);
      }
      const parsed = PubspecLock.safeParse(doc ?? {});
      if (!parsed.success) return unreadable(file, "it does not have pubspec.lock's shape");
      const sdks = parsed.data.sdks ?? {};
      const packages: Package[] = Object.entries(parsed.data.packages ?? {}).map(([name, dep]) => {
        let version = dep?.version === undefined || dep.version === null ? '' : String(dep.version);
        const sdk = typeof dep?.description === 'string' ? sdks[dep.description] : undefined;
        if (minVersions && version === '0.0.0' && dep?.source === 'sdk' && typeof sdk === 'string') {
          version = sdkMinVersion(sdk) || version;
        }
        return {
          id: packageId('pub', name, version),
          name,
          version,
          relationship: RELATIONSHIPS[dep?.dependency ?? ''] ?? 'unknown',
        };
      });
      return lockResult('pub', file, packages);
    },
  };
}

export const pubspec = pubAnalyzer(false);
export const pubspecMinVersions = pubAnalyzer(true);
