// `--file-patterns analyzer:regexp`: an analyzer also takes the files whose path matches the pattern, besides
// the files it knows by name (trivy pkg/fanal/analyzer/analyzer.go NewAnalyzerGroup and AnalyzeFile).

import type { Analyzer } from '../analyzer/types.js';
import { UsageError } from '../errors.js';

/** The patterns by analyzer id, as Trivy parses them; a UsageError in Trivy's words for a bad one. */
export function parseFilePatterns(value: unknown): ReadonlyMap<string, readonly RegExp[]> {
  const patterns = new Map<string, RegExp[]>();
  for (const item of Array.isArray(value) ? (value as readonly string[]) : []) {
    const colon = item.indexOf(':');
    if (colon < 0) {
      throw new UsageError(
        `invalid file pattern (${item}) expected format: "fileType:regexPattern" e.g. "dockerfile:my_dockerfile_*"`,
      );
    }
    let pattern: RegExp;
    try {
      pattern = new RegExp(item.slice(colon + 1));
    } catch (error) {
      throw new UsageError(`invalid file regexp (${item}): ${(error as Error).message}`);
    }
    const id = item.slice(0, colon);
    patterns.set(id, [...(patterns.get(id) ?? []), pattern]);
  }
  return patterns;
}

/** The analyzers, each also wanting the paths its patterns match. */
export function withFilePatterns(
  analyzers: readonly Analyzer[],
  patterns: ReadonlyMap<string, readonly RegExp[]>,
): Analyzer[] {
  return analyzers.map((analyzer) => {
    const extra = patterns.get(analyzer.id);
    if (!extra) return analyzer;
    return {
      ...analyzer,
      wants: (path, size, mode) => extra.some((p) => p.test(path)) || analyzer.wants(path, size, mode),
      analyze: (file) => analyzer.analyze(file),
    };
  });
}
