// `barnacle convert --format F result.json`: any format from a saved JSON report (barnacle's or Trivy's), as
// Trivy's `convert`: the report is read back into a scan result, the filters run again (severity, ignore
// file, VEX), and the chosen reporter writes it.
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { purlOf } from '../inventory/purl.js';
import { findingPackageKey, packageKey } from '../package-key.js';
import { scanResultFromJson } from '../report/json-read.js';
import type { ScanResult } from '../types.js';
import type { FlagValues } from './flags.js';
import type { Logger } from './log.js';
import { filterAndReport, reporterOf } from './report-output.js';

/** Reads a JSON report file into a scan result; InputError for a file that is not one. */
export function readReportFile(file: string): ScanResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`${file}: cannot read the report (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file}: not a JSON report (${(error as Error).message.split('\n')[0]})`);
  }
  const result = scanResultFromJson(value);
  if (typeof result === 'string') throw new InputError(`${file}: ${result}`);
  return withPurls(result);
}

/**
 * Reports of Trivy before v0.48 carry no purls: they are made here from the package and the OS, as an image
 * scan makes them, so that SBOM formats and VEX matching work on old reports too.
 */
function withPurls(result: ScanResult): ScanResult {
  const os = result.metadata.os;
  const results = result.results.map((target) => {
    if (target.packages.every((p) => p.purl) && target.vulnerabilities.every((f) => f.purl)) return target;
    const packages = target.packages.map((p) => (p.purl ? p : { ...p, purl: purlOf(target.type, os, p) }));
    const byId = new Map(packages.map((p) => [packageKey(p), p.purl]));
    const vulnerabilities = target.vulnerabilities.map((f) =>
      f.purl ? f : { ...f, purl: byId.get(findingPackageKey(f)) },
    );
    return { ...target, packages, vulnerabilities };
  });
  return { ...result, results };
}

export interface ConvertContext {
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: (text: string) => void;
  readonly stdoutIsTty: boolean;
  /** The clock for ignore-file expiry. */
  readonly now: Date;
  readonly logger?: Logger;
}

/**
 * Runs `barnacle convert`; returns the exit code (`--exit-code` applies to what remains, as in Trivy). The table's
 * summary has a column per `--scanners` given, and is left out without them, as Trivy's (the report does not say
 * which scanners made it).
 */
export function runConvert(file: string, flags: FlagValues, context: ConvertContext): Promise<number> {
  reporterOf(flags); // an unknown --format fails before any work
  const saved = readReportFile(file);
  const scanners = (flags.scanners as readonly string[] | undefined) ?? [];
  const modes = (flags['table-mode'] as readonly string[] | undefined) ?? ['summary', 'detailed'];
  if (flags.format === 'table' && modes.includes('summary') && scanners.length === 0) {
    context.logger?.warn('No enabled scanners found. Summary table will not be displayed.');
  }
  return filterAndReport(saved, flags, context.now, context, scanners);
}
