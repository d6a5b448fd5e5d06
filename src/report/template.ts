// `--format template`: Trivy's bundled templates by name (`@contrib/junit.tpl`, `@contrib/sarif.tpl`,
// `@contrib/gitlab.tpl`, `@contrib/gitlab-codequality.tpl`, `@contrib/html.tpl`, `@contrib/asff.tpl`, with or
// without a directory in front), rendered by native equivalents. Go templates of one's own are not executed:
// the error says which names are known.
import { UsageError } from '../errors.js';
import type { Finding, ScanResult, Severity, TargetResult } from '../types.js';
import { asffReport } from './asff.js';
import { codequalityReport } from './codequality.js';
import { escapeXml, junitXml } from './junit.js';
import { sarif } from './sarif.js';
import type { Reporter, ReportOptions } from './types.js';

const GITLAB_SEVERITY: Readonly<Record<Severity, string>> = {
  UNKNOWN: 'Unknown',
  LOW: 'Low',
  MEDIUM: 'Medium',
  HIGH: 'High',
  CRITICAL: 'Critical',
};
const URL_PATTERN = /^(https?|ftp):\/\/.+/;

/** contrib/gitlab.tpl: GitLab's container scanning report (schema 15.0.7). */
export function gitlabReport(scan: ScanResult, options: ReportOptions): string {
  const os = scan.results.find((t) => t.class === 'os-pkgs');
  const image = os ? (/[^\s]+/.exec(os.target)?.[0] ?? 'Unknown') : 'Unknown';
  const osName = os ? (os.target.split('(').at(-1) ?? '').replace(/\)$/, '') : 'Unknown';
  const time = scan.createdAt.replace(/(\.\d+)?Z$/, '');
  const tool = { id: 'barnacle', name: 'barnacle', vendor: { name: 'barnacle' }, version: options.version };
  const vulnerability = (v: Finding) => ({
    id: v.vulnerabilityId,
    name: v.title ?? '',
    description: v.description ?? '',
    severity: GITLAB_SEVERITY[v.severity],
    solution: v.fixedVersion ? `Upgrade ${v.pkgName} to ${v.fixedVersion}` : 'No solution provided',
    location: {
      dependency: { package: { name: v.pkgName }, version: v.installedVersion },
      operating_system: osName,
      image,
    },
    identifiers: [
      {
        type: 'cve',
        name: v.vulnerabilityId,
        value: v.vulnerabilityId,
        ...(URL_PATTERN.test(v.primaryUrl ?? '') ? { url: v.primaryUrl } : {}),
      },
    ],
    links: (v.references ?? []).filter((r) => URL_PATTERN.test(r)).map((url) => ({ url })),
  });
  const report = {
    version: '15.0.7',
    scan: {
      analyzer: tool,
      end_time: time,
      scanner: { ...tool, url: '' },
      start_time: time,
      status: 'success',
      type: 'container_scanning',
    },
    vulnerabilities: scan.results.flatMap((t) => t.vulnerabilities.map(vulnerability)),
    remediations: [],
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

const html = (text: string | undefined) => escapeXml(text ?? '');

function htmlTarget(target: TargetResult): string {
  const rows = target.vulnerabilities.map(
    (v) => `      <tr class="severity-${v.severity}">
        <td class="pkg-name">${html(v.pkgName)}</td>
        <td>${html(v.vulnerabilityId)}</td>
        <td class="severity">${v.severity}</td>
        <td class="pkg-version">${html(v.installedVersion)}</td>
        <td>${html(v.fixedVersion)}</td>
        <td class="links">${(v.references ?? []).map((r) => `<a href="${html(r)}">${html(r)}</a>`).join('')}</td>
      </tr>`,
  );
  const body =
    rows.length === 0
      ? '      <tr><th colspan="6">No Vulnerabilities found</th></tr>'
      : `      <tr class="sub-header"><th>Package</th><th>Vulnerability ID</th><th>Severity</th><th>Installed Version</th><th>Fixed Version</th><th>Links</th></tr>\n${rows.join('\n')}`;
  return `      <tr class="group-header"><th colspan="6">${html(target.type)}</th></tr>\n${body}`;
}

/** contrib/html.tpl: one table, a group per target, the same columns and severity classes. */
export function htmlReport(scan: ScanResult): string {
  const title = `${html(scan.results[0]?.target ?? scan.artifactName)} - barnacle Report - ${html(scan.createdAt)}`;
  const style = [
    '* { font-family: Arial, Helvetica, sans-serif; }',
    'h1 { text-align: center; }',
    'table, th, td { border: 1px solid black; border-collapse: collapse; white-space: nowrap; padding: .3em; }',
    'table { margin: 0 auto; }',
    '.severity { text-align: center; font-weight: bold; color: #fafafa; }',
    '.severity-LOW .severity { background-color: #5fbb31; }',
    '.severity-MEDIUM .severity { background-color: #e9c600; }',
    '.severity-HIGH .severity { background-color: #ff8800; }',
    '.severity-CRITICAL .severity { background-color: #e40000; }',
    '.severity-UNKNOWN .severity { background-color: #747474; }',
    '.links a { display: block; }',
  ];
  return `<!DOCTYPE html>
<html>
  <head>
    <meta http-equiv="Content-Type" content="text/html; charset=utf-8">
    <style>
      ${style.join('\n      ')}
    </style>
    <title>${title}</title>
  </head>
  <body>
    <h1>${title}</h1>
    <table>
${scan.results.map(htmlTarget).join('\n')}
    </table>
  </body>
</html>
`;
}

/** The bundled templates, by file name. */
const BUNDLED: Readonly<Record<string, (scan: ScanResult, options: ReportOptions) => string>> = {
  'asff.tpl': asffReport,
  'gitlab-codequality.tpl': (scan) => codequalityReport(scan),
  'gitlab.tpl': gitlabReport,
  'html.tpl': (scan) => htmlReport(scan),
  'junit.tpl': (scan) => junitXml(scan),
  'sarif.tpl': (scan, options) => sarif.render(scan, options),
};

/** The native renderer for a `--template` value, or a UsageError naming the bundled templates. */
export function bundledTemplate(name: string | undefined): (scan: ScanResult, options: ReportOptions) => string {
  if (!name) throw new UsageError('--format template needs --template (e.g. "@contrib/html.tpl")');
  const file = name.replace(/^@/, '').split('/').at(-1) ?? '';
  const render = name.startsWith('@') || name.includes('contrib/') ? BUNDLED[file] : undefined;
  if (!render) {
    throw new UsageError(
      `--template ${name}: only Trivy's bundled templates are supported (${Object.keys(BUNDLED)
        .map((f) => `@contrib/${f}`)
        .join(', ')})`,
    );
  }
  return render;
}

export const template: Reporter = {
  id: 'template',
  render: (result, options) => bundledTemplate(options.template)(result, options),
};
