// The report step every command shares (image, fs, rootfs, sbom, convert): filter options from the flags (ignore
// file, VEX, SARIF's all-severities rule), report options, the reporter for --format, the report written to
// stdout or --output, and the exit code.
import { closeSync, lstatSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { loadIgnoreFile } from '../filter/ignore-file.js';
import { applyFilters, type FilterOptions } from '../filter/index.js';
import { loadVex } from '../filter/vex.js';
import { reporters } from '../report/index.js';
import type { Reporter, ReportOptions } from '../report/types.js';
import { type ScanResult, SEVERITIES, type Severity, type VulnStatus } from '../types.js';
import { VERSION } from '../version.js';
import { exitCodeForScan } from './exit.js';
import type { FlagValues } from './flags.js';
import { severitiesOf } from './flags.js';
import type { Logger } from './log.js';

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
    tableModes: flags['table-mode'] as readonly string[] | undefined,
    dependencyTree: flags['dependency-tree'] === true,
    // Trivy's secret table takes its width from the terminal on stdin (term.GetSize(0)); Node knows the size of
    // a terminal it writes to, the same one when stdin is a terminal and stdout or stderr still is.
    terminalWidth: process.stdin.isTTY ? process.stdout.columns || process.stderr.columns : undefined,
  };
}

/**
 * Writes the report, chunk by chunk as it is made, next to its final name first, so a reader never sees half
 * a report. A name that is something other than a regular file (`/dev/null`, `/dev/stdout` and other links, a
 * pipe) is written through as it is: renaming over it would put a regular file in its place.
 */
export function writeReportFile(file: string, chunks: Iterable<string>): void {
  const existing = lstatSync(file, { throwIfNoEntry: false });
  if (existing && !existing.isFile()) {
    writeThrough(file, chunks);
    return;
  }
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeChunks(temp, chunks);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw cannotWrite(file, error);
  }
}

function writeThrough(file: string, chunks: Iterable<string>): void {
  try {
    writeChunks(file, chunks);
  } catch (error) {
    throw cannotWrite(file, error);
  }
}

function writeChunks(file: string, chunks: Iterable<string>): void {
  const fd = openSync(file, 'w');
  try {
    for (const chunk of chunks) writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
}

const cannotWrite = (file: string, error: unknown) =>
  new UsageError(`--output ${file}: cannot write the report (${(error as NodeJS.ErrnoException).code ?? error})`, {
    cause: error,
  });

/**
 * Formats that are SBOMs: they scan for nothing unless `--scanners` is given (Trivy's flag options,
 * types.SupportedSBOMFormats, which counts the GitHub dependency snapshot among them).
 */
const SBOM_FORMATS = new Set(['cyclonedx', 'spdx', 'spdx-json', 'github']);

/** Whether `format` is an SBOM format, which lists packages whatever the scanners. */
export const isSbomFormat = (format: string): boolean => SBOM_FORMATS.has(format);

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

/** The filters the flags ask for: severities, unfixed, package types, the package list, accepted risk. */
export function filterOptionsOf(flags: FlagValues, now: Date): FilterOptions {
  return {
    severities: reportedSeverities(flags),
    ignoreUnfixed: flags['ignore-unfixed'] === true,
    ignoreStatuses: flags['ignore-status'] as readonly VulnStatus[] | undefined,
    pkgTypes: (flags['pkg-types'] as readonly string[] | undefined) ?? ['os', 'library'],
    listAllPkgs: flags['list-all-pkgs'] === true,
    ignoredLicenses: flags['ignored-licenses'] as readonly string[] | undefined,
    ...acceptedRisk(flags, now),
  };
}

/** Where a command's report goes. */
export interface ReportSink {
  readonly env: NodeJS.ProcessEnv;
  /** Writes to stdout; a promise, when there is one, settles once the text is taken: the report waits for it. */
  readonly stdout: (text: string) => void | Promise<void>;
  readonly stdoutIsTty: boolean;
  /** Hints and the end-of-life error; none for `convert`. */
  readonly logger?: Logger;
}

/** An unfiltered scan result filtered as the flags ask, then reported; returns the exit code. */
export function filterAndReport(
  scanned: ScanResult,
  flags: FlagValues,
  now: Date,
  sink: ReportSink,
  scanners?: readonly string[],
): Promise<number> {
  return report(applyFilters(scanned, filterOptionsOf(flags, now)), flags, sink, scanners);
}

/**
 * A filtered result rendered in `--format` to `--output` or stdout (colour only on a terminal, not with
 * NO_COLOR); the exit code as Trivy decides it, end of life first. Settles once stdout has taken the report.
 */
export async function report(
  result: ScanResult,
  flags: FlagValues,
  sink: ReportSink,
  scanners?: readonly string[],
): Promise<number> {
  if (sink.logger) suppressedHint(result, flags, sink.logger.info);
  const output = typeof flags.output === 'string' && flags.output !== '' ? flags.output : undefined;
  const color = !output && sink.stdoutIsTty && !sink.env.NO_COLOR;
  const reporter = reporterOf(flags);
  const options = reportOptionsOf(flags, sink.env, color, scanners);
  // A format that renders in chunks is written as it is made: a large report is never held whole.
  const chunks = reporter.renderChunks?.(result, options) ?? [reporter.render(result, options)];
  if (output) writeReportFile(output, chunks);
  // Each chunk waits until stdout has taken the one before: a slow reader does not make the report pile up here.
  else for (const chunk of chunks) await sink.stdout(chunk);
  const exitOnEol = Number(flags['exit-on-eol'] ?? 0);
  const os = result.metadata.os;
  if (exitOnEol !== 0 && os?.eosl) sink.logger?.error(`Detected EOL OS family="${os.family}" version="${os.name}"`);
  return exitCodeForScan(result, { exitCode: Number(flags['exit-code'] ?? 0), exitOnEol });
}
