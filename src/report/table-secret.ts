// The table report's section for a file with secrets, as Trivy's secret renderer prints it (trivy
// pkg/report/table/secret.go): a heading `<file> (secrets)`, the severity count, then each finding with its
// rule, title, location (with the layer that added the file) and the lines around it. Trivy ends these lines
// with "\r\n" and draws its dividers as wide as the terminal on stdin, 40 characters without one.
import type { SecretFinding } from '../secret/types.js';
import { SEVERITIES, type Severity, type TargetResult } from '../types.js';
import type { ReportOptions } from './types.js';

/** Trivy's divider width when stdin is not a terminal. */
const DEFAULT_WIDTH = 40;

/** tml's colours: the escape for each tag, and the reset written after each coloured piece. */
const TML = { red: 31, blue: 34, yellow: 33, magenta: 35, cyan: 36, bold: 1, dim: 2 } as const;
type Tag = keyof typeof TML;

function painter(color: boolean) {
  return (text: string, ...tags: Tag[]): string =>
    color && tags.length > 0 ? `${tags.map((t) => `\x1b[${TML[t]}m`).join('')}${text}\x1b[0m` : text;
}

/** The colours of a severity in the finding's heading. */
const SEVERITY_TAGS: Readonly<Record<Severity, Tag[]>> = {
  CRITICAL: ['red', 'bold'],
  HIGH: ['red'],
  MEDIUM: ['yellow'],
  LOW: [],
  UNKNOWN: ['blue'],
};

/** Where the file came from: the layer's history line (at most 40 bytes), else its diffID's first 12 digits. */
function layerNote(secret: SecretFinding): string {
  const createdBy = secret.layer?.createdBy;
  if (createdBy) return ` (added by '${Buffer.from(createdBy).subarray(0, 40).toString()}')`;
  const diffId = secret.layer?.diffId;
  return diffId ? ` (added in layer '${diffId.replace(/^sha256:/, '').slice(0, 12)}')` : '';
}

function renderFinding(target: string, secret: SecretFinding, options: ReportOptions): string {
  const paint = painter(options.color);
  const width = options.terminalWidth || DEFAULT_WIDTH;
  const double = `${paint('═'.repeat(width), 'dim')}\r\n`;
  const single = `${paint('─'.repeat(width), 'dim')}\r\n`;
  let out = `${paint(`${secret.severity}: `, ...SEVERITY_TAGS[secret.severity])}`;
  out += `${secret.category} (${secret.ruleId})\r\n${double}${paint(secret.title, 'dim')}\r\n${single}`;
  const lines = secret.code.lines;
  if (lines.length > 0) {
    let lineInfo = '';
    if (secret.startLine > 0) {
      lineInfo = `${paint(':', 'dim')}${paint(String(secret.startLine), 'blue')}`;
      if (secret.endLine > secret.startLine) lineInfo += paint(`-${secret.endLine}`, 'blue');
    }
    const offset = secret.offset
      ? ` ${paint('(offset: ', 'dim')}${paint(String(secret.offset), 'cyan')}${paint(' bytes)', 'dim')}`
      : '';
    out += ` ${paint(target, 'blue')}${lineInfo}${offset}${paint(layerNote(secret), 'magenta')}\r\n${single}`;
    for (const [i, line] of lines.entries()) {
      let number: string;
      if (line.truncated) number = paint(`${'.'.repeat(String(line.number).length).padStart(4)}   `, 'dim');
      else if (line.isCause) {
        let mark = '│ ';
        if ((line.firstCause && line.lastCause) || lines.length === 1) mark = '[ ';
        else if (line.firstCause || i === 0) mark = '┌ ';
        else if (line.lastCause || i === lines.length - 1) mark = '└ ';
        number = paint(`${String(line.number).padStart(4)} `, 'red') + paint(mark, 'red');
      } else number = paint(`${String(line.number).padStart(4)}   `, 'dim');
      const content = options.color ? (line.highlighted ?? line.content) : line.content;
      out += `${number}${content}\r\n`;
    }
    out += single;
  }
  return `${out}\r\n\r\n`;
}

/** The section of a secret target; nothing when its secrets were all filtered out (Trivy skips it). */
export function renderSecretTarget(target: TargetResult, options: ReportOptions, heading: string): string {
  const secrets = target.secrets ?? [];
  if (secrets.length === 0) return '';
  const counts = new Map<Severity, number>();
  for (const s of secrets) counts.set(s.severity, (counts.get(s.severity) ?? 0) + 1);
  const selected = SEVERITIES.filter((severity) => options.severities.includes(severity));
  const total = selected.reduce((sum, severity) => sum + (counts.get(severity) ?? 0), 0);
  const summary = selected.map((severity) => `${severity}: ${counts.get(severity) ?? 0}`).join(', ');
  const findings = secrets.map((secret) => renderFinding(target.target, secret, options)).join('');
  return `${heading}Total: ${total} (${summary})\n\n${findings}`;
}
