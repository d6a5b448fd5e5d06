// A compact Markdown report for pull request comments and job summaries: a summary table of every target's
// counts per severity, then per target a collapsible <details> table of its findings, most severe first; a file
// with secrets gets its own table of the rules found, at their lines, with the matches masked; a license target
// (`--scanners license`) a table of its packages' licenses and their classification.
// GitHub refuses comments over 65,536 characters: past the budget whole rows are left out (never part of
// a row or of the table's closing), and a note says how many and where the full report is.
import type { DetectedLicense } from '../licensing/types.js';
import type { SecretFinding } from '../secret/types.js';
import { type Finding, type ScanResult, SEVERITIES, type Severity, type TargetResult } from '../types.js';
import type { Reporter, ReportOptions } from './types.js';

/** GitHub's limit on the body of an issue or pull request comment. */
export const GITHUB_COMMENT_LIMIT = 65_536;
const BY_SEVERITY: readonly Severity[] = [...SEVERITIES].reverse();
const TITLE_MAX = 80;

/** A table cell: one line, pipes escaped, HTML-significant characters neutralised. */
function cell(text: string | undefined, max = Number.POSITIVE_INFINITY): string {
  const flat = (text ?? '').replace(/\s+/g, ' ').trim();
  const cut = flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  return cut.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;

function counts(findings: readonly { readonly severity: Severity | '' }[]): Record<Severity, number> {
  const out = { UNKNOWN: 0, LOW: 0, MEDIUM: 0, HIGH: 0, CRITICAL: 0 };
  for (const f of findings) if (f.severity !== '') out[f.severity] += 1;
  return out;
}

function findingRow(f: Finding): string {
  const id = f.primaryUrl ? `[${cell(f.vulnerabilityId)}](${f.primaryUrl})` : cell(f.vulnerabilityId);
  const fixed = f.fixedVersion ? cell(f.fixedVersion) : '';
  return `| ${f.severity} | ${id} | ${cell(f.pkgName)} | ${cell(f.installedVersion)} | ${fixed} | ${cell(f.title ?? f.description, TITLE_MAX)} |\n`;
}

function secretRow(s: SecretFinding): string {
  const lines = s.endLine > s.startLine ? `${s.startLine}-${s.endLine}` : String(s.startLine);
  return `| ${s.severity} | ${cell(s.ruleId)} | ${lines} | ${cell(s.title, TITLE_MAX)} | ${code(s.match.slice(0, TITLE_MAX))} |\n`;
}

function licenseRow(l: DetectedLicense): string {
  return `| ${l.severity} | ${cell(l.pkgName)} | ${cell(l.name, TITLE_MAX)} | ${l.category} |\n`;
}

const LICENSE_TABLE_HEAD = '| Severity | Package | License | Classification |\n| --- | --- | --- | --- |\n';

const SECRET_TABLE_HEAD = '| Severity | Rule | Lines | Title | Match |\n| --- | --- | --- | --- | --- |\n';

const TABLE_HEAD =
  '| Severity | Vulnerability | Package | Installed | Fixed | Title |\n| --- | --- | --- | --- | --- | --- |\n';
const DETAILS_END = '\n</details>\n';

/** Where the full report can be read: the GitHub Actions run when there is one. */
function fullReportLink(options: ReportOptions): string {
  const env = options.env ?? {};
  if (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID) {
    return `[the workflow run](${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID})`;
  }
  return 'the JSON report (`--format json`)';
}

function header(scan: ScanResult): string {
  const all = scan.results.flatMap((t) => t.vulnerabilities);
  const total = counts(all);
  const secretFiles = scan.results.filter((t) => (t.secrets?.length ?? 0) > 0);
  const secrets = secretFiles.flatMap((t) => t.secrets ?? []);
  const secretCounts = counts(secrets);
  const secretLine =
    secrets.length > 0
      ? [
          `**${secrets.length} ${secrets.length === 1 ? 'secret' : 'secrets'}** in ${secretFiles.length} ${secretFiles.length === 1 ? 'file' : 'files'} (${BY_SEVERITY.map((s) => `${s}: ${secretCounts[s]}`).join(', ')})`,
          '',
        ]
      : [];
  const licenseTargets = scan.results.filter((t) => (t.licenses?.length ?? 0) > 0);
  const licenses = licenseTargets.flatMap((t) => t.licenses ?? []);
  const licenseCounts = counts(licenses);
  const licenseLine =
    licenses.length > 0
      ? [
          `**${licenses.length} ${licenses.length === 1 ? 'license' : 'licenses'}** in ${licenseTargets.length} ${licenseTargets.length === 1 ? 'target' : 'targets'} (${BY_SEVERITY.map((s) => `${s}: ${licenseCounts[s]}`).join(', ')})`,
          '',
        ]
      : [];
  const suppressed = scan.results.reduce((n, t) => n + (t.modifiedFindings?.length ?? 0), 0);
  const lines = [
    `## barnacle: ${code(scan.artifactName)}`,
    '',
    `**${all.length} ${all.length === 1 ? 'vulnerability' : 'vulnerabilities'}** (${BY_SEVERITY.map((s) => `${s}: ${total[s]}`).join(', ')})${suppressed > 0 ? `, ${suppressed} suppressed by ignore files or VEX` : ''}`,
    '',
    ...secretLine,
    ...licenseLine,
    '| Target | Type | Critical | High | Medium | Low | Unknown |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
    ...scan.results
      .filter((t) => t.class !== 'secret' && t.class !== 'license')
      .map((t) => {
        const c = counts(t.vulnerabilities);
        return `| ${code(t.target)} | ${cell(t.type)} | ${BY_SEVERITY.map((s) => c[s]).join(' | ')} |`;
      }),
    '',
  ];
  return `${lines.join('\n')}\n`;
}

function sortedFindings(target: TargetResult): Finding[] {
  const rank = (f: Finding) => BY_SEVERITY.indexOf(f.severity);
  return [...target.vulnerabilities].sort((a, b) => rank(a) - rank(b));
}

/** A target's collapsible table: its opening, its header and its rows (one per finding, most severe first). */
function sectionOf(target: TargetResult): { open: string; head: string; rows: string[] } | undefined {
  const secrets = target.secrets ?? [];
  if (secrets.length > 0) {
    const open = `\n<details><summary><b>${cell(target.target)}</b> (secrets): ${secrets.length}</summary>\n\n`;
    return { open, head: SECRET_TABLE_HEAD, rows: secrets.map(secretRow) };
  }
  const licenses = target.licenses ?? [];
  if (licenses.length > 0) {
    const open = `\n<details><summary><b>${cell(target.target)}</b> (license): ${licenses.length}</summary>\n\n`;
    const rank = (l: DetectedLicense) => (l.severity === '' ? BY_SEVERITY.length : BY_SEVERITY.indexOf(l.severity));
    return { open, head: LICENSE_TABLE_HEAD, rows: [...licenses].sort((a, b) => rank(a) - rank(b)).map(licenseRow) };
  }
  if (target.vulnerabilities.length === 0) return undefined;
  const open = `\n<details><summary><b>${cell(target.target)}</b> (${cell(target.type)}): ${target.vulnerabilities.length}</summary>\n\n`;
  return { open, head: TABLE_HEAD, rows: sortedFindings(target).map(findingRow) };
}

/** The markdown report, at most `limit` characters. */
export function markdownReport(scan: ScanResult, options: ReportOptions, limit = GITHUB_COMMENT_LIMIT): string {
  const total = scan.results.reduce(
    (n, t) => n + t.vulnerabilities.length + (t.secrets?.length ?? 0) + (t.licenses?.length ?? 0),
    0,
  );
  // Room kept for the truncation note, whose length depends only on numbers of at most 7 digits.
  const noteFor = (shown: number) =>
    `\n<a id="barnacle-truncated"></a>\n> [!NOTE]\n> ${total - shown} of ${total} findings are not listed here: the comment would pass GitHub's ${GITHUB_COMMENT_LIMIT}-character limit. The least severe were left out; see ${fullReportLink(options)} for all of them.\n`;
  const reserve = noteFor(0).length + 16;
  let out = header(scan);
  let shown = 0;
  let full = false;
  for (const target of scan.results) {
    const section = sectionOf(target);
    if (!section) continue;
    if (full || out.length + section.open.length + section.head.length + DETAILS_END.length + reserve > limit) {
      full = true;
      break;
    }
    out += section.open + section.head;
    for (const row of section.rows) {
      if (out.length + row.length + DETAILS_END.length + reserve > limit) {
        full = true;
        break;
      }
      out += row;
      shown += 1;
    }
    out += DETAILS_END;
  }
  if (shown < total) out += noteFor(shown);
  return out;
}

export const markdown: Reporter = { id: 'markdown', render: (result, options) => markdownReport(result, options) };
