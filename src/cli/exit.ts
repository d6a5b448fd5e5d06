// The one place that turns an error or a findings count into the process exit code (DESIGN.md, "Exit codes").
import { BarnacleError, messageOf } from '../errors.js';
import type { ScanResult } from '../types.js';

/** Exit code for an error: the code of barnacle's own errors, 1 for anything unexpected. */
export function exitCodeForError(error: unknown): number {
  return error instanceof BarnacleError ? error.exitCode : 1;
}

/** The single line printed for an error: its message, without a stack trace, on one line. */
export function errorLine(error: unknown): string {
  return messageOf(error).replace(/\s*\n\s*/g, '; ');
}

/**
 * Number of findings (vulnerabilities, secrets and licenses) that remain after filters, the count `--exit-code`
 * acts on (Trivy's Result.Failed).
 */
export function remainingFindings(result: ScanResult): number {
  return result.results.reduce(
    (sum, target) =>
      sum + target.vulnerabilities.length + (target.secrets?.length ?? 0) + (target.licenses?.length ?? 0),
    0,
  );
}

export interface ScanExitOptions {
  /** `--exit-code`: returned when findings remain (0 = never fail on findings). */
  readonly exitCode: number;
  /** `--exit-on-eol`: returned when the OS has reached its end of service life (0 = never). */
  readonly exitOnEol: number;
}

/** Trivy's order (pkg/commands/operation.Exit): end of life first (`--exit-on-eol`), then findings (`--exit-code`). */
export function exitCodeForScan(result: ScanResult, options: ScanExitOptions): number {
  if (options.exitOnEol !== 0 && result.metadata.os?.eosl) return options.exitOnEol;
  if (options.exitCode !== 0 && remainingFindings(result) > 0) return options.exitCode;
  return 0;
}
