// Trivy's order of findings within a target (pkg/types/vulnerability.go BySeverity, applied in
// pkg/result/filter.go): package name, package id, installed version, severity (highest first),
// vulnerability id, package path. Strings compare by code unit, as Go compares bytes.
import { type Finding, SEVERITIES } from '../types.js';

const byText = (a: string | undefined, b: string | undefined): number => {
  const [x, y] = [a ?? '', b ?? ''];
  return x < y ? -1 : x > y ? 1 : 0;
};

/** The findings in Trivy's order (a new array). */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      byText(a.pkgName, b.pkgName) ||
      byText(a.pkgId, b.pkgId) ||
      byText(a.installedVersion, b.installedVersion) ||
      SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity) ||
      byText(a.vulnerabilityId, b.vulnerabilityId) ||
      byText(a.pkgPath, b.pkgPath),
  );
}
