import { describe, expect, it } from 'vitest';
import type { OS } from '../types.js';
import { EOL_DATES } from './dates.js';
import { eolStatus, isEol } from './index.js';

/** Go's time.Date(y, m, d, h, mi, s, 0, UTC), month 1-based and normalised the same way (April 31 = May 1). */
const at = (y: number, m: number, d: number, h = 23, mi = 59, s = 59) => new Date(Date.UTC(y, m - 1, d, h, mi, s));

describe('eol', () => {
  // The cases of Trivy's TestScanner_IsSupportedVersion (pkg/detector/ospkg/{alpine,amazon,ubuntu,redhat}), want = supported.
  const trivyCases: { name: string; os: OS; now: Date; supported: boolean }[] = [
    { name: 'alpine 3.6', os: { family: 'alpine', name: '3.6' }, now: at(2019, 3, 2), supported: true },
    { name: 'alpine 3.6 with EOL', os: { family: 'alpine', name: '3.6.5' }, now: at(2019, 5, 2), supported: false },
    { name: 'alpine 3.9', os: { family: 'alpine', name: '3.9.0' }, now: at(2019, 5, 2), supported: true },
    { name: 'alpine 3.10', os: { family: 'alpine', name: '3.10' }, now: at(2019, 5, 2), supported: true },
    { name: 'alpine unknown', os: { family: 'alpine', name: 'unknown' }, now: at(2019, 5, 2), supported: true },
    { name: 'amazon linux 1', os: { family: 'amazon', name: '1' }, now: at(2022, 5, 31), supported: true },
    { name: 'amazon linux 1 EOL', os: { family: 'amazon', name: '1' }, now: at(2024, 5, 31), supported: false },
    { name: 'amazon linux 2', os: { family: 'amazon', name: '2' }, now: at(2020, 12, 1, 0, 0, 0), supported: true },
    {
      name: 'amazon linux 2022',
      os: { family: 'amazon', name: '2022' },
      now: at(2020, 12, 1, 0, 0, 0),
      supported: true,
    },
    {
      name: 'amazon linux 2023',
      os: { family: 'amazon', name: '2023' },
      now: at(2020, 12, 1, 0, 0, 0),
      supported: true,
    },
    { name: 'ubuntu 12.04 eol ends', os: { family: 'ubuntu', name: '12.04' }, now: at(2019, 3, 31), supported: true },
    { name: 'ubuntu 12.04', os: { family: 'ubuntu', name: '12.04' }, now: at(2019, 4, 31), supported: false },
    {
      name: 'ubuntu 18.04 ESM and 18.04 are outdated',
      os: { family: 'ubuntu', name: '18.04', extended: true },
      now: at(2030, 4, 31),
      supported: false,
    },
    {
      name: 'ubuntu 18.04 ESM, only 18.04 is outdated',
      os: { family: 'ubuntu', name: '18.04', extended: true },
      now: at(2027, 4, 31),
      supported: true,
    },
    {
      name: 'ubuntu 20.04 ESM while 20.04 is supported',
      os: { family: 'ubuntu', name: '20.04', extended: true },
      now: at(2022, 4, 31),
      supported: true,
    },
    { name: 'ubuntu latest', os: { family: 'ubuntu', name: '99.04' }, now: at(2019, 5, 2), supported: true },
    { name: 'centos 6', os: { family: 'centos', name: '6.8' }, now: at(2019, 5, 31), supported: true },
    { name: 'centos 6 EOL', os: { family: 'centos', name: '6.7' }, now: at(2020, 12, 1, 0, 0, 0), supported: false },
    { name: 'centos two dots', os: { family: 'centos', name: '8.0.1' }, now: at(2019, 5, 31), supported: true },
    { name: 'rhel 8', os: { family: 'redhat', name: '8.0' }, now: at(2019, 5, 31), supported: true },
    { name: 'rhel latest', os: { family: 'redhat', name: '999.0' }, now: at(2019, 5, 31), supported: true },
  ];
  it.each(trivyCases)('Trivy case: $name', ({ os, now, supported }) => expect(isEol(os, now)).toBe(!supported));

  const NOW = at(2026, 11, 28, 12, 0, 0);
  const statuses: { name: string; os: OS; want: ReturnType<typeof eolStatus> }[] = [
    {
      name: 'Alpine is looked up by major.minor',
      os: { family: 'alpine', name: '3.6.2' },
      want: { kind: 'eol', release: '3.6', date: new Date('2019-05-01T23:59:59Z') },
    },
    {
      name: 'Debian is looked up by its major release',
      os: { family: 'debian', name: '12.11' },
      want: { kind: 'supported', release: '12', date: new Date('2028-06-10T23:59:59Z') },
    },
    {
      name: 'Amazon Linux AMI is release 1',
      os: { family: 'amazon', name: 'AMI release 2018.03' },
      want: { kind: 'eol', release: '1', date: new Date('2023-12-31T23:59:59Z') },
    },
    {
      name: 'Amazon Linux 2 keeps its codename in the name',
      os: { family: 'amazon', name: '2 (Karoo)' },
      want: { kind: 'eol', release: '2', date: new Date('2026-06-30T23:59:59Z') },
    },
    {
      name: 'a release missing from a table is unlisted',
      os: { family: 'debian', name: '99' },
      want: { kind: 'unlisted', release: '99' },
    },
    {
      name: 'CoreOS has no table: always unlisted',
      os: { family: 'coreos', name: '40.1' },
      want: { kind: 'unlisted', release: '40.1' },
    },
    { name: 'Wolfi is rolling: untracked', os: { family: 'wolfi', name: '20230201' }, want: { kind: 'untracked' } },
    {
      name: 'openSUSE Tumbleweed is rolling: untracked',
      os: { family: 'opensuse-tumbleweed', name: '20240101' },
      want: { kind: 'untracked' },
    },
    { name: 'Fedora has no detector: untracked', os: { family: 'fedora', name: '29' }, want: { kind: 'untracked' } },
    {
      name: 'a family named like an Object member is untracked',
      os: { family: 'toString', name: '1' },
      want: { kind: 'untracked' },
    },
  ];
  it.each(statuses)('$name', ({ os, want }) => expect(eolStatus(os, NOW)).toEqual(want));

  it('is EOL from the listed instant on, not before', () => {
    const os: OS = { family: 'alpine', name: '3.18.4' };
    const end = new Date(EOL_DATES.alpine?.['3.18'] ?? '');
    expect(isEol(os, new Date(end.getTime() - 1))).toBe(false);
    expect(isEol(os, end)).toBe(true);
  });
});
