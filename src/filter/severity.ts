// `--severity`: keeps the findings whose severity was selected. A finding without a rating is UNKNOWN,
// so it stays only when UNKNOWN is selected (trivy pkg/result/filter.go filterVulnerabilities).
import type { Finding, Severity } from '../types.js';

export function bySeverity(severities: readonly Severity[]): (finding: Finding) => boolean {
  const selected = new Set(severities);
  return (finding) => selected.has(finding.severity ?? 'UNKNOWN');
}
