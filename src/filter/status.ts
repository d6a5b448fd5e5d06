// `--ignore-unfixed` and `--ignore-status`: drops findings by status. `--ignore-unfixed` is Trivy's
// shorthand for ignoring every status but `fixed` (trivy pkg/flag/vulnerability_flags.go), and it is
// itself ignored when statuses are given explicitly.
import type { Finding, VulnStatus } from '../types.js';

/** Every status a finding can have (Trivy's vulnerability statuses), in Trivy's order. */
export const ALL_STATUSES: readonly VulnStatus[] = [
  'unknown',
  'not_affected',
  'affected',
  'fixed',
  'under_investigation',
  'will_not_fix',
  'fix_deferred',
  'end_of_life',
];

/** The statuses to drop for the given flags. */
export function ignoredStatuses(ignoreUnfixed: boolean, ignoreStatuses: readonly VulnStatus[] = []): VulnStatus[] {
  if (ignoreStatuses.length > 0) return [...ignoreStatuses];
  return ignoreUnfixed ? ALL_STATUSES.filter((status) => status !== 'fixed') : [];
}

export function byStatus(ignored: readonly VulnStatus[]): (finding: Finding) => boolean {
  const drop = new Set(ignored);
  return (finding) => !drop.has(finding.status);
}
