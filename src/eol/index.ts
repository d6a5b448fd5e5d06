// End of life of an OS release: whether the distribution still ships security updates for it, decided as Trivy's
// OS detectors decide it (each driver's IsSupportedVersion with pkg/detector/ospkg/version.Supported).
import type { OS } from '../types.js';
import { EOL_DATES } from './dates.js';

/**
 * What the EOL table says about an OS release:
 * - `supported` / `eol`: the release is listed (`release` is the key it was looked up by, `date` its end);
 * - `unlisted`: the family has a table but not this release (Trivy warns and treats it as supported);
 * - `untracked`: the family has no EOL dates (rolling distributions, or families Trivy has no detector for).
 */
export type EolStatus =
  | { readonly kind: 'supported' | 'eol'; readonly release: string; readonly date: Date }
  | { readonly kind: 'unlisted'; readonly release: string }
  | { readonly kind: 'untracked' };

/** '8.1' → '8' (Trivy's osver.Major). */
const major = (name: string): string => name.split('.')[0] ?? name;
/** '3.17.2' → '3.17' (Trivy's osver.Minor). */
const minor = (name: string): string => name.split('.').slice(0, 2).join('.');

/** Amazon Linux 'AMI release 2018.03' is 1; '2 (Karoo)' is 2; '2023.1.20230705' is 2023 (the amazon driver). */
function amazonRelease(name: string): string {
  const release = major(name.trim().split(/\s+/)[0] ?? '');
  return release === '2' || release === '2022' || release === '2023' ? release : '1';
}

/** Go's strings.TrimRight(s, "-ESM"): drops trailing '-', 'E', 'S' and 'M' characters. */
const trimEsm = (name: string): string => name.replace(/[-ESM]+$/, '');

/** Family → the table it is looked up in and the release key, as each of Trivy's drivers derives it. */
const LOOKUPS: Readonly<Record<string, { table: string | null; key: (os: OS, now: Date) => string }>> = {
  alma: { table: 'alma', key: (os) => major(os.name) },
  alpine: { table: 'alpine', key: (os) => minor(os.name) },
  amazon: { table: 'amazon', key: (os) => amazonRelease(os.name) },
  centos: { table: 'centos', key: (os) => major(os.name) },
  // CoreOS is looked up in no table at all: always unlisted.
  coreos: { table: null, key: (os) => minor(os.name) },
  debian: { table: 'debian', key: (os) => major(os.name) },
  'opensuse-leap': { table: 'opensuse', key: (os) => os.name },
  'opensuse.leap': { table: 'opensuse', key: (os) => os.name }, // Trivy's earlier family name
  oracle: { table: 'oracle', key: (os) => major(os.name) },
  photon: { table: 'photon', key: (os) => os.name },
  redhat: { table: 'redhat', key: (os) => major(os.name) },
  rocky: { table: 'rocky', key: (os) => major(os.name) },
  sles: { table: 'sles', key: (os) => os.name },
  'suse linux enterprise server': { table: 'sles', key: (os) => os.name }, // Trivy's earlier family name
  slem: { table: 'slem', key: (os) => os.name },
  // An ESM-enabled Ubuntu is looked up as '<release>-ESM', unless the release itself is still supported.
  ubuntu: { table: 'ubuntu', key: ubuntuRelease },
};

function ubuntuRelease(os: OS, now: Date): string {
  const name = os.extended ? `${os.name}-ESM` : os.name;
  const dates = EOL_DATES.ubuntu ?? {};
  if (Object.hasOwn(dates, name)) return name;
  const base = trimEsm(name);
  const end = Object.hasOwn(dates, base) ? dates[base] : undefined;
  return end !== undefined && now < new Date(end) ? base : name;
}

/** The EOL status of an OS release at `now`. */
export function eolStatus(os: OS, now: Date): EolStatus {
  const lookup = Object.hasOwn(LOOKUPS, os.family) ? LOOKUPS[os.family] : undefined;
  if (!lookup) return { kind: 'untracked' };
  const release = lookup.key(os, now);
  const dates = lookup.table === null ? {} : (EOL_DATES[lookup.table] ?? {});
  const end = Object.hasOwn(dates, release) ? dates[release] : undefined;
  if (end === undefined) return { kind: 'unlisted', release };
  const date = new Date(end);
  // Supported while now is before the end (Go's Time.Before): at the very instant it is EOL.
  return { kind: now < date ? 'supported' : 'eol', release, date };
}

/** Whether the OS release has reached its end of life at `now` (Trivy's Metadata.OS.EOSL). */
export function isEol(os: OS, now: Date): boolean {
  return eolStatus(os, now).kind === 'eol';
}
