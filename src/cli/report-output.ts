// The report step every command shares (image, sbom, convert): filter options from the flags (ignore file,
// VEX, SARIF's all-severities rule), report options, the reporter for --format, and the report written to
// stdout or --output.
import { renameSync, writeFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { loadIgnoreFile } from '../filter/ignore-file.js';
import type { FilterOptions } from '../filter/index.js';
import { loadVex } from '../filter/vex.js';
import { reporters } from '../report/index.js';
import type { Reporter, ReportOptions } from '../report/types.js';
import { type ScanResult, SEVERITIES, type Severity } from '../types.js';
import { VERSION } from '../version.js';
import type { FlagValues } from './flags.js';
import { severitiesOf } from './flags.js';

/** The reporter `--format` names, or a UsageError listing the formats. */
export function reporterOf(flags: FlagValues): Reporter {
  const format = String(flags.format);
  const reporter = reporters.get(format);
  if (!reporter) {
    throw new UsageError(`--format: unknown format '${format}'; one of ${reporters.all.map((r) => r.id).join(', ')}`);
  }
  if (format === 'template' && !(typeof flags.template === 'string' && flags.template !== '')) {
    throw new UsageError('--format template needs --template (e.g. "@contrib/html.tpl")');
  }
  return reporter;
}

/**
 * The severities reported: `--severity`, except that SARIF shows every severity unless
 * `--limit-severities-for-sarif` is set (Trivy's report flags).
 */
export function reportedSeverities(flags: FlagValues): Severity[] {
  if (String(flags.format) === 'sarif' && flags['limit-severities-for-sarif'] !== true) return [...SEVERITIES];
  return severitiesOf(flags.severity);
}

/** Ignore file, VEX documents and the clock, added to the filter options. */
export function acceptedRisk(flags: FlagValues, now: Date): Pick<FilterOptions, 'ignore' | 'vex' | 'now'> {
  const ignorefile = typeof flags.ignorefile === 'string' && flags.ignorefile !== '' ? flags.ignorefile : undefined;
  const vexFiles = (flags.vex as readonly string[] | undefined) ?? [];
  return {
    ignore: ignorefile ? loadIgnoreFile(ignorefile) : undefined,
    vex: vexFiles.map(loadVex),
    now,
  };
}

export function reportOptionsOf(
  flags: FlagValues,
  env: NodeJS.ProcessEnv,
  color: boolean,
  scanners?: readonly string[],
): ReportOptions {
  return {
    severities: reportedSeverities(flags),
    listAllPkgs: flags['list-all-pkgs'] === true,
    color,
    version: VERSION,
    scanners,
    env,
    showSuppressed: flags['show-suppressed'] === true,
    template: typeof flags.template === 'string' ? flags.template : undefined,
  };
}

/** Writes the report next to its final name first, so a reader never sees half a report. */
export function writeReportFile(file: string, text: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, text);
    renameSync(temp, file);
  } catch (error) {
    throw new UsageError(
      `--output ${file}: cannot write the report (${(error as NodeJS.ErrnoException).code ?? error})`,
      { cause: error },
    );
  }
}

/** Formats that are SBOMs: they scan for nothing unless `--scanners` is given (Trivy's flag options). */
const SBOM_FORMATS = new Set(['cyclonedx', 'spdx-json']);

/**
 * The scanners a command runs: `--scanners`, except that an SBOM format without an explicit `--scanners`
 * (flag, environment) lists packages only, as Trivy does; `info` tells the user so.
 */
export function scannersFor(
  flags: FlagValues,
  scannersGiven: boolean,
  info: (message: string) => void,
): readonly string[] {
  const scanners = (flags.scanners as readonly string[] | undefined) ?? [];
  const format = String(flags.format);
  if (!SBOM_FORMATS.has(format) || scannersGiven) return scanners;
  info(
    `"--format ${format}" disables security scanning. Specify "--scanners vuln" explicitly if you want to include vulnerabilities in the "${format}" report.`,
  );
  return [];
}

/** Whether `--scanners` (or its old name) was given on the command line or in the environment. */
export function scannersGiven(options: Readonly<Record<string, unknown>>, env: NodeJS.ProcessEnv): boolean {
  if (options.scanners !== undefined || options.securityChecks !== undefined) return true;
  return ['BARNACLE_SCANNERS', 'TRIVY_SCANNERS', 'BARNACLE_SECURITY_CHECKS', 'TRIVY_SECURITY_CHECKS'].some(
    (name) => (env[name] ?? '') !== '',
  );
}

/** Trivy's hint, once, when the table hides suppressed findings. */
export function suppressedHint(result: ScanResult, flags: FlagValues, info: (message: string) => void): void {
  const hidden = result.results.some((t) => (t.modifiedFindings?.length ?? 0) > 0);
  if (hidden && flags['show-suppressed'] !== true && String(flags.format) === 'table') {
    info('Some vulnerabilities have been ignored/suppressed. Use the "--show-suppressed" flag to display them.');
  }
}
