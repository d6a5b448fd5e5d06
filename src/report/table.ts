// Trivy's table report as Trivy v0.74 prints it (the layout of v0.60 and later), with the default
// `--table-mode summary,detailed` (trivy pkg/report/table: table.go, summary.go, vulnerability.go): a
// "Report Summary" table of every target with its count per scanner, then, for each target, its title, a
// severity count and a table of its findings. One deliberate difference: a target without findings still
// gets its title and `Total: 0 (...)` line, as every Trivy before v0.50 printed it, because CI logs and the
// scripts that read them look for that line (Trivy v0.74 lists such targets only in the summary). Not reproduced: the VEX notice Trivy prints when $CI is set, and tml's exact escape
// sequences for headings on a terminal (colours are Trivy's, the reset codes may differ).
// Trivy reports an end-of-life OS in its log, not in the table: that warning belongs to the CLI.
import { type Finding, type Package, type ScanResult, SEVERITIES, type Severity, type TargetResult } from '../types.js';
import { type Alignment, renderBoxTable } from './box-table.js';
import { renderLicenseTarget } from './table-license.js';
import { renderSecretTarget } from './table-secret.js';
import type { Reporter, ReportOptions } from './types.js';

/** Severity colours of Trivy's table (fatih/color): cyan, blue, yellow, bright red, red. */
const SEVERITY_COLOR: Readonly<Record<Severity, number>> = { UNKNOWN: 36, LOW: 34, MEDIUM: 33, HIGH: 91, CRITICAL: 31 };
const BRIGHT_RED = 91;
const BLUE = 34;

const paint = (text: string, code: number, color: boolean): string => (color ? `\x1b[${code}m${text}\x1b[0m` : text);

/** Trivy's target heading: underlined and bold on a terminal, else followed by a line of '='. */
function heading(title: string, color: boolean): string {
  return color ? `\n\x1b[4m\x1b[1m${title}\x1b[0m\x1b[0m\n\n` : `\n${title}\n${'='.repeat(title.length)}\n`;
}

/** Language types whose packages each come from their own file; the summary lists those files (ftypes.AggregatingTypes). */
const AGGREGATING_TYPES = new Set(['python-pkg', 'conda-pkg', 'gemspec', 'node-pkg', 'jar']);
const JAR_EXTENSIONS = new Set(['.jar', '.war', '.par', '.ear']);

/** The outermost archive of a path inside nested jars, else the path (trivy rootJarFromPath). */
function rootJarFromPath(path: string): string {
  const parts = path.split('/');
  const index = parts.findIndex((part) => {
    const dot = part.lastIndexOf('.');
    return dot >= 0 && JAR_EXTENSIONS.has(part.slice(dot));
  });
  return index >= 0 ? parts.slice(0, index + 1).join('/') : path;
}

interface SummaryRow {
  readonly target: string;
  readonly type: string;
  readonly vulnerabilities: number;
  /** Secret targets only. */
  readonly secrets?: number;
  /** License targets only. */
  readonly licenses?: number;
}

/**
 * Targets named by their language (langpkg.PkgTargets, the names of inventory/merge.ts AGGREGATED_TARGETS): their
 * license rows are split by file in the summary.
 */
const LANGUAGE_TARGETS = new Set(['Python', 'Conda', 'Ruby', 'Node.js', 'Java']);

/** A license target's summary rows: one per file for a language-named target, sorted (splitAggregatedLicenses). */
function licenseRows(target: TargetResult): SummaryRow[] {
  const licenses = target.licenses ?? [];
  const row = (name: string, count: number): SummaryRow => ({
    target: name,
    type: '-',
    vulnerabilities: -1,
    licenses: count,
  });
  if (!LANGUAGE_TARGETS.has(target.target)) return [row(target.target, licenses.length)];
  const byFile = new Map<string, number>();
  for (const license of licenses) byFile.set(license.filePath, (byFile.get(license.filePath) ?? 0) + 1);
  return [...byFile.entries()]
    .map(([file, count]) => row(file || target.target, count))
    .sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
}

/** Aggregated targets split into one row per package file, sorted by path (trivy splitAggregatedVulns). */
function summaryRows(target: TargetResult): SummaryRow[] {
  // A secret target's type shows as `text` (trivy summaryRenderer); its vulnerabilities column is '-'.
  if (target.class === 'secret') {
    return [{ target: target.target, type: 'text', vulnerabilities: -1, secrets: target.secrets?.length ?? 0 }];
  }
  // A license target's type shows as `-`; its vulnerabilities column too.
  if (target.class === 'license') return licenseRows(target);
  const count = { target: target.target, type: target.type, vulnerabilities: target.vulnerabilities.length };
  if (!AGGREGATING_TYPES.has(target.type) || (target.packages.length === 0 && target.vulnerabilities.length > 0)) {
    return [count];
  }
  const byPath = new Map<string, number>();
  for (const pkg of target.packages as readonly Package[]) byPath.set(rootJarFromPath(pkg.filePath ?? ''), 0);
  for (const finding of target.vulnerabilities) {
    const path = rootJarFromPath(finding.pkgPath ?? '');
    const seen = byPath.get(path);
    if (seen !== undefined) byPath.set(path, seen + 1);
  }
  return [...byPath.entries()]
    .map(([path, vulnerabilities]) => ({ target: path || target.target, type: target.type, vulnerabilities }))
    .sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
}

/** Scanners with a summary column, in Trivy's order of the `--scanners` value; others have none. */
const SUMMARY_COLUMNS: Readonly<Record<string, string>> = {
  vuln: 'Vulnerabilities',
  misconfig: 'Misconfigurations',
  secret: 'Secrets',
  license: 'Licenses',
};

function renderSummary(result: ScanResult, options: ReportOptions): string {
  const scanners = (options.scanners ?? ['vuln', 'secret']).filter((scanner) => scanner in SUMMARY_COLUMNS);
  if (scanners.length === 0) return '';
  const headers = ['Target', 'Type', ...scanners.map((scanner) => SUMMARY_COLUMNS[scanner] as string)];
  const alignments: Alignment[] = ['left', ...headers.slice(1).map((): Alignment => 'center')];
  // Trivy's colorizeCount: '-' for a column that does not apply to the target (count -1).
  const counted = (n: number | undefined): string => {
    if (n === undefined || n < 0) return '-';
    return n !== 0 && options.color ? paint(String(n), BRIGHT_RED, true) : String(n);
  };
  const cell = (row: SummaryRow, scanner: string): string => {
    if (scanner === 'vuln') return counted(row.vulnerabilities);
    if (scanner === 'secret') return counted(row.secrets);
    if (scanner === 'license') return counted(row.licenses);
    return '-';
  };
  const rows = result.results
    .flatMap(summaryRows)
    .map((row) => [row.target, row.type, ...scanners.map((s) => cell(row, s))]);
  if (result.results.length === 0) {
    alignments[0] = 'center';
    rows.push(headers.map(() => '-'));
  }
  const title = options.color ? '\n\x1b[4m\x1b[1mReport Summary\x1b[0m\x1b[0m\n\n' : '\nReport Summary\n\n';
  const table = renderBoxTable({
    headers,
    rows,
    alignments,
    autoMerge: false,
    maxColumnWidth: 80,
    color: options.color,
  });
  return `${title}${table}Legend:\n- '-': Not scanned\n- '0': Clean (no security findings detected)\n\n`;
}

/** The Title cell: the title (else the description) cut after 12 words, then the primary URL on its own line. */
function titleCell(finding: Finding, color: boolean): string {
  let title = finding.title || finding.description || '';
  const words = title.split(' ');
  if (words.length >= 12) title = `${words.slice(0, 12).join(' ')}...`;
  if (finding.primaryUrl) title = `${title}\n${paint(finding.primaryUrl, BLUE, color)}`;
  return title.trim();
}

function libraryCell(finding: Finding): string {
  if (!finding.pkgPath) return finding.pkgName;
  const path = rootJarFromPath(finding.pkgPath);
  return `${finding.pkgName} (${path.slice(path.lastIndexOf('/') + 1)})`;
}

function renderTarget(target: TargetResult, options: ReportOptions): string {
  if (target.class === 'secret') {
    return renderSecretTarget(target, options, heading(`${target.target} (secrets)`, options.color));
  }
  if (target.class === 'license') {
    return renderLicenseTarget(target, options, heading(`${target.target} (license)`, options.color));
  }
  const counts = new Map<Severity, number>();
  for (const f of target.vulnerabilities) counts.set(f.severity, (counts.get(f.severity) ?? 0) + 1);
  const selected = SEVERITIES.filter((severity) => options.severities.includes(severity));
  const total = selected.reduce((sum, severity) => sum + (counts.get(severity) ?? 0), 0);
  const summary = selected.map((severity) => `${severity}: ${counts.get(severity) ?? 0}`).join(', ');
  const title = target.class === 'lang-pkgs' ? `${target.target} (${target.type})` : target.target;
  const totalLine = `${heading(title, options.color)}Total: ${total} (${summary})\n\n`;
  if (target.vulnerabilities.length === 0) return totalLine;
  const rows = target.vulnerabilities.map((f) => [
    libraryCell(f),
    f.vulnerabilityId,
    options.color ? paint(f.severity, SEVERITY_COLOR[f.severity], true) : f.severity,
    f.status,
    f.installedVersion,
    f.fixedVersion ?? '',
    titleCell(f, options.color),
  ]);
  const headers = ['Library', 'Vulnerability', 'Severity', 'Status', 'Installed Version', 'Fixed Version', 'Title'];
  const table = renderBoxTable({ headers, rows, autoMerge: true, maxColumnWidth: 60, color: options.color });
  return `${totalLine}${table}${options.dependencyTree ? renderDependencyTree(target, options) : ''}`;
}

/** Each package's parents: the packages whose DependsOn names it, each once (ftypes.Packages.ParentDeps). */
function parentDeps(packages: readonly Package[]): Map<string, Package[]> {
  const parents = new Map<string, Package[]>();
  for (const pkg of packages) {
    for (const child of pkg.dependsOn ?? []) {
      const list = parents.get(child) ?? [];
      if (!list.some((p) => p.id === pkg.id)) list.push(pkg);
      parents.set(child, list);
    }
  }
  return parents;
}

/**
 * The direct dependencies a package comes from (trivy findAncestor): a direct parent, a parent without parents
 * (lock files that know dependencies but not relationships), else the parent's own ancestors.
 */
function findAncestors(id: string, parents: ReadonlyMap<string, readonly Package[]>, seen: Set<string>): Set<string> {
  const ancestors = new Set<string>();
  seen.add(id);
  for (const parent of parents.get(id) ?? []) {
    if (seen.has(parent.id)) continue;
    if (parent.relationship === 'direct' || (parents.get(parent.id) ?? []).length === 0) ancestors.add(parent.id);
    else for (const ancestor of findAncestors(parent.id, parents, seen)) ancestors.add(ancestor);
  }
  return ancestors;
}

/** A tree as treeprint draws it: each child under its parent, with box-drawing branches. */
interface TreeNode {
  readonly label: string;
  readonly children: TreeNode[];
}

function drawTree(nodes: readonly TreeNode[], indent: string): string {
  return nodes
    .map((node, i) => {
      const last = i === nodes.length - 1;
      const line = `${indent}${last ? '└── ' : '├── '}${node.label}\n`;
      return line + drawTree(node.children, `${indent}${last ? '    ' : '│   '}`);
    })
    .join('');
}

/**
 * `--dependency-tree`: under a target's findings, each vulnerable package with its severity counts and the
 * direct dependencies it comes from; those reached through other packages under "...(omitted)..."
 * (trivy pkg/report/table/vulnerability.go renderDependencyTree).
 */
function renderDependencyTree(target: TargetResult, options: ReportOptions): string {
  const parents = parentDeps(target.packages);
  if (parents.size === 0) return '';
  const ancestors = new Map(target.packages.map((p) => [p.id, findAncestors(p.id, parents, new Set())] as const));
  const counts = new Map<string, Map<Severity, number>>();
  for (const f of target.vulnerabilities) {
    const byId = counts.get(f.pkgId) ?? new Map<Severity, number>();
    byId.set(f.severity, (byId.get(f.severity) ?? 0) + 1);
    counts.set(f.pkgId, byId);
  }
  const selected = SEVERITIES.filter((severity) => options.severities.includes(severity));
  const branches = target.packages
    .filter((pkg) => counts.has(pkg.id))
    .map((pkg): TreeNode => {
      const summary = selected.map((s) => `${s}: ${counts.get(pkg.id)?.get(s) ?? 0}`).join(', ');
      const node: TreeNode = { label: paint(`${pkg.id}, (${summary})`, 31, options.color), children: [] };
      if (pkg.relationship === 'direct') return node;
      const seen = new Set([pkg.id]);
      const roots = new Set<string>();
      for (const parent of parents.get(pkg.id) ?? []) {
        if (seen.has(parent.id)) continue;
        seen.add(parent.id);
        if (parent.relationship === 'direct') node.children.push({ label: parent.id, children: [] });
        else for (const ancestor of ancestors.get(parent.id) ?? []) roots.add(ancestor);
      }
      const omitted = [...roots].filter((id) => !seen.has(id)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      if (omitted.length > 0) {
        node.children.push({ label: '...(omitted)...', children: omitted.map((id) => ({ label: id, children: [] })) });
      }
      return node;
    });
  const title = 'Dependency Origin Tree (Reversed)';
  return `\n${title}\n${'='.repeat(title.length)}\n${target.target}\n${drawTree(branches, '')}`;
}

/** `--show-suppressed`: the findings ignore files and VEX suppressed (trivy renderModifiedVulnerabilities). */
function renderSuppressed(target: TargetResult, options: ReportOptions): string {
  const modified = target.modifiedFindings ?? [];
  if (!options.showSuppressed || modified.length === 0) return '';
  const rows = modified.map((m) => [
    m.finding.pkgName,
    m.finding.vulnerabilityId,
    options.color ? paint(m.finding.severity, SEVERITY_COLOR[m.finding.severity], true) : m.finding.severity,
    m.status,
    m.statement || 'N/A',
    m.source,
  ]);
  const headers = ['Library', 'Vulnerability', 'Severity', 'Status', 'Statement', 'Source'];
  const title = `Suppressed Vulnerabilities (Total: ${modified.length})`;
  const heading = options.color ? `\n\x1b[4m${title}\x1b[0m\n\n` : `\n${title}\n${'='.repeat(title.length)}\n`;
  return heading + renderBoxTable({ headers, rows, autoMerge: false, maxColumnWidth: 60, color: options.color });
}

/** `--table-mode`: the summary table, the detailed tables, or both (the default), as Trivy's table writer. */
const DEFAULT_TABLE_MODES: readonly string[] = ['summary', 'detailed'];

export const table: Reporter = {
  id: 'table',
  render(result, options) {
    const modes = options.tableModes ?? DEFAULT_TABLE_MODES;
    const summary = modes.includes('summary') ? renderSummary(result, options) : '';
    if (!modes.includes('detailed')) return summary;
    return summary + result.results.map((t) => renderTarget(t, options) + renderSuppressed(t, options)).join('');
  },
};
