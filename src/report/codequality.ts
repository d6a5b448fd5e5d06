// contrib/gitlab-codequality.tpl: GitLab's Code Quality report (Code Climate's issue format), one issue per
// finding, located at its target. The fingerprint is the template's: sha1 of ID, package, version and target; for
// a secret, of its rule, title and file, located at its first line.
import { createHash } from 'node:crypto';
import type { ScanResult, Severity } from '../types.js';

const SEVERITY: Readonly<Record<Severity, string>> = {
  UNKNOWN: 'info',
  LOW: 'info',
  MEDIUM: 'minor',
  HIGH: 'major',
  CRITICAL: 'critical',
};

export function codequalityReport(scan: ScanResult): string {
  const issues = scan.results.flatMap((target) => [
    ...target.vulnerabilities.map((v) => ({
      type: 'issue',
      check_name: 'container_scanning',
      categories: ['Security'],
      description: [v.vulnerabilityId, v.pkgName, v.installedVersion, v.title ?? ''].join(' - '),
      fingerprint: createHash('sha1')
        .update(`${v.vulnerabilityId}${v.pkgName}${v.installedVersion}${target.target}`)
        .digest('hex'),
      content: v.description ?? '',
      severity: SEVERITY[v.severity],
      location: { path: target.target, lines: { begin: 0 } },
    })),
    ...(target.secrets ?? []).map((s) => ({
      type: 'issue',
      check_name: 'container_scanning',
      categories: ['Security'],
      description: ['Secret', s.ruleId, s.title].join(' - '),
      fingerprint: createHash('sha1').update(`${s.ruleId}${s.title}${target.target}`).digest('hex'),
      content: s.title,
      severity: SEVERITY[s.severity],
      location: { path: target.target, lines: { begin: s.startLine } },
    })),
  ]);
  return `${JSON.stringify(issues, null, 2)}\n`;
}
