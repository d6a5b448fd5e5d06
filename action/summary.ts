// The job summary (GITHUB_STEP_SUMMARY) and the counts behind the action's outputs.
import { appendFileSync } from 'node:fs';
import type { ScanResult, Severity } from '../src/types.js';

export interface Counts {
  /** Vulnerabilities. */
  readonly findings: number;
  /** Vulnerabilities per severity. */
  readonly bySeverity: Readonly<Record<Severity, number>>;
  /** Secrets, of every severity. */
  readonly secrets: number;
}

/** Vulnerabilities of every target, per severity, and secrets. */
export function countsOf(result: ScanResult): Counts {
  const bySeverity: Record<Severity, number> = { UNKNOWN: 0, LOW: 0, MEDIUM: 0, HIGH: 0, CRITICAL: 0 };
  let findings = 0;
  let secrets = 0;
  for (const target of result.results) {
    for (const f of target.vulnerabilities) {
      bySeverity[f.severity] += 1;
      findings += 1;
    }
    secrets += target.secrets?.length ?? 0;
  }
  return { findings, bySeverity, secrets };
}

/** Appends `markdown` to the step summary file; false when the runner gave none. */
export function writeSummary(env: NodeJS.ProcessEnv, markdown: string): boolean {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return false;
  appendFileSync(file, `${markdown.replace(/\n*$/, '')}\n\n`);
  return true;
}
