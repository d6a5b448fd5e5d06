// `--detection-priority`: Trivy's precise (the default: fewer false positives) or comprehensive (fewer false
// negatives). Comprehensive takes minimum versions where a file gives ranges (Trivy's useMinVersion in the pip,
// gomod and pub parsers) and keeps language packages in files the OS package manager installed (the inventory's
// keepSystemFiles).
import { gomodMinVersions } from './gomod.js';
import { pipMinVersions } from './pip.js';
import { pubspecMinVersions } from './pubspec.js';
import type { Analyzer } from './types.js';

export type DetectionPriority = 'precise' | 'comprehensive';

const MIN_VERSIONS: ReadonlyMap<string, Analyzer> = new Map(
  [gomodMinVersions, pipMinVersions, pubspecMinVersions].map((analyzer) => [analyzer.id, analyzer]),
);

/** The analyzers for a detection priority: with comprehensive, the minimum-version parsers replace their twins. */
export function withDetectionPriority(analyzers: readonly Analyzer[], priority: DetectionPriority): Analyzer[] {
  if (priority !== 'comprehensive') return [...analyzers];
  return analyzers.map((analyzer) => MIN_VERSIONS.get(analyzer.id) ?? analyzer);
}

/** `--detection-priority` as given, precise when absent. */
export function detectionPriorityOf(value: unknown): DetectionPriority {
  return value === 'comprehensive' ? 'comprehensive' : 'precise';
}
