// The table report's section for a license target, as Trivy's package license renderer prints it (trivy
// pkg/report/table/licensing.go): a heading `<target> (license)`, the severity count, then one row per license
// with its package, name, classification and severity. A target whose licenses were all filtered out is not
// printed (Trivy skips it).
import type { LicenseCategory } from '../licensing/types.js';
import { SEVERITIES, type Severity, type TargetResult } from '../types.js';
import { renderBoxTable } from './box-table.js';
import type { ReportOptions } from './types.js';

/** Severity colours of Trivy's table (fatih/color): cyan, blue, yellow, bright red, red. */
const SEVERITY_COLOR: Readonly<Record<Severity, number>> = { UNKNOWN: 36, LOW: 34, MEDIUM: 33, HIGH: 91, CRITICAL: 31 };

const paint = (text: string, code: number): string => `\x1b[${code}m${text}\x1b[0m`;

/** Trivy's colorizeLicenseCategory: on a terminal, named and coloured; otherwise the category as it is. */
function categoryCell(category: LicenseCategory, color: boolean): string {
  if (!color) return category;
  if (category === 'forbidden') return paint('Forbidden', 31);
  if (category === 'restricted') return paint('Restricted', 91);
  if (category === 'unknown') return paint('Non Standard', 36);
  return category.charAt(0).toUpperCase() + category.slice(1);
}

/** A severity cell: coloured on a terminal (an empty severity in blue, as Trivy's ColorizeSeverity). */
function severityCell(severity: Severity | '', color: boolean): string {
  if (!color) return severity;
  return paint(severity, severity === '' ? 34 : SEVERITY_COLOR[severity]);
}

/** The section of a license target, under the heading given; empty when it has no licenses. */
export function renderLicenseTarget(target: TargetResult, options: ReportOptions, heading: string): string {
  const licenses = target.licenses ?? [];
  if (licenses.length === 0) return '';
  const counts = new Map<string, number>();
  for (const l of licenses) counts.set(l.severity, (counts.get(l.severity) ?? 0) + 1);
  const selected = SEVERITIES.filter((severity) => options.severities.includes(severity));
  const total = selected.reduce((sum, severity) => sum + (counts.get(severity) ?? 0), 0);
  const summary = selected.map((severity) => `${severity}: ${counts.get(severity) ?? 0}`).join(', ');
  const rows = licenses.map((l) => [
    l.pkgName,
    l.name,
    categoryCell(l.category, options.color),
    severityCell(l.severity, options.color),
  ]);
  const headers = ['Package', 'License', 'Classification', 'Severity'];
  const table = renderBoxTable({ headers, rows, autoMerge: true, maxColumnWidth: 60, color: options.color });
  return `${heading}Total: ${total} (${summary})\n\n${table}`;
}
