import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  advisoriesOf,
  fixturePath,
  memoryDb,
  pythonPackages,
  readRecords,
  statusPackages,
} from '../../test/fixtures/match/advisories.js';
import { importSources } from '../db/build.js';
import { openDb } from '../db/open.js';
import type { Advisory, VulnDb, VulnerabilityDetail } from '../db/types.js';
import type { Finding, Package, TargetResult } from '../types.js';
import { dpkg } from '../version/dpkg.js';
import { versionSchemes } from '../version/index.js';
import { pep440 } from '../version/pep440.js';
import { langLookup, osLookup } from './ecosystems.js';
import {
  comparedVersion,
  lookupName,
  matchPackage,
  matchTarget,
  matchTargetWithProblems,
  uniqueFindings,
} from './match.js';
import { sortFindings } from './sort.js';

/** `dpkg --compare-versions a lt b`, the real tool's answer. */
function dpkgLessThan(a: string, b: string): boolean {
  try {
    execFileSync('dpkg', ['--compare-versions', a, 'lt', b]);
    return true;
  } catch {
    return false;
  }
}

describe('matchPackage on a real bullseye status and real Debian:11 records', () => {
  const packages = statusPackages();
  const advisories = advisoriesOf(readRecords('debian').values()).filter((a) => a.ecosystem === 'Debian:11');
  const pairs = packages.flatMap((pkg) =>
    advisories.filter((a) => a.packageName === lookupName(pkg)).map((advisory) => ({ pkg, advisory })),
  );

  it('the fixture records are all [introduced 0, fixed X] or [introduced 0]', () => {
    for (const a of advisories) {
      expect(a.ranges.map((r) => r.type)).toEqual(['ECOSYSTEM']);
      expect(a.ranges[0]?.events[0]).toEqual({ introduced: '0' });
      expect(a.ranges[0]?.events.length).toBeLessThanOrEqual(2);
    }
  });
  it('pairs cover affected and unaffected packages', () => expect(pairs.length).toBeGreaterThan(100));

  it.each(pairs.map(({ pkg, advisory }) => ({ name: pkg.name, id: advisory.vulnerabilityId, pkg, advisory })))(
    '$name against $id agrees with dpkg --compare-versions',
    ({ pkg, advisory }) => {
      const fixed = advisory.ranges[0]?.events.find((e) => 'fixed' in e);
      const version = comparedVersion(pkg);
      const want = !fixed || !('fixed' in fixed) || dpkgLessThan(version, fixed.fixed);
      const { matches, problems } = matchPackage(pkg, [advisory], dpkg);
      expect(problems).toEqual([]);
      expect(matches.length === 1).toBe(want);
      if (want && fixed && 'fixed' in fixed) {
        expect(matches[0]).toMatchObject({ fixedVersion: fixed.fixed, range: `>=0, <${fixed.fixed}` });
      }
    },
  );
});

describe('matchPackage', () => {
  const pkg: Package = { id: 'urllib3@1.26.5', name: 'urllib3', version: '1.26.5', filePath: 'usr/lib/x/METADATA' };
  const advisory = (over: Partial<Advisory>): Advisory => ({
    advisoryId: 'PYSEC-1',
    vulnerabilityId: 'CVE-1',
    ecosystem: 'PyPI',
    packageName: 'urllib3',
    ranges: [],
    versions: [],
    ...over,
  });
  const cases: { name: string; advisories: Advisory[]; want: { range: string; fixedVersion: string }[] }[] = [
    {
      name: 'entries of one record for the same package merge their ranges',
      advisories: [
        advisory({ ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '2.0.0' }, { fixed: '2.0.6' }] }] }),
        advisory({ ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.26.17' }] }] }),
      ],
      want: [{ range: '>=0, <1.26.17', fixedVersion: '2.0.6, 1.26.17' }],
    },
    {
      name: 'two records for the same CVE both match',
      advisories: [
        advisory({ ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.26.17' }] }] }),
        advisory({ advisoryId: 'GHSA-1', ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }] }),
      ],
      want: [
        { range: '>=0, <1.26.17', fixedVersion: '1.26.17' },
        { range: '>=0', fixedVersion: '' },
      ],
    },
    {
      name: 'an unaffected version gives nothing',
      advisories: [advisory({ ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.0' }] }] })],
      want: [],
    },
  ];
  it.each(cases)('$name', ({ advisories, want }) => {
    const result = matchPackage(pkg, advisories, pep440);
    expect(result.matches.map(({ range, fixedVersion }) => ({ range, fixedVersion }))).toEqual(want);
    expect(result.problems).toEqual([]);
  });

  it('an installed version the scheme rejects is a problem, not a match', () => {
    const bad = { ...pkg, version: 'not a version' };
    const result = matchPackage(
      bad,
      [advisory({ ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }] })],
      pep440,
    );
    expect(result).toEqual({
      matches: [],
      problems: [
        {
          path: bad.filePath,
          reason: "urllib3: installed version 'not a version' is not a valid pep440 version; not matched",
        },
      ],
    });
  });

  const versions: { name: string; pkg: Package; want: string }[] = [
    {
      name: 'the source version when the package has one',
      pkg: {
        id: 'a',
        name: 'libc6',
        version: '2.31',
        release: '13+deb11u5',
        srcName: 'glibc',
        srcVersion: '2.31',
        srcRelease: '13+deb11u4',
      },
      want: '2.31-13+deb11u4',
    },
    {
      name: 'the source epoch with the source version',
      pkg: { id: 'a', name: 'x', version: '1', srcVersion: '1.16.3', srcRelease: '2', srcEpoch: 1 },
      want: '1:1.16.3-2',
    },
    {
      name: "the package's own version otherwise",
      pkg: { id: 'a', name: 'x', version: '1.16.3', release: '2', epoch: 1 },
      want: '1:1.16.3-2',
    },
  ];
  it.each(versions)('compares $name', ({ pkg, want }) => expect(comparedVersion(pkg)).toBe(want));
});

describe('lookups', () => {
  const os: { name: string; family: string; release: string; want?: { ecosystem: string; scheme: string } }[] = [
    {
      name: 'Debian point release',
      family: 'debian',
      release: '11.2',
      want: { ecosystem: 'Debian:11', scheme: 'dpkg' },
    },
    { name: 'Debian major only', family: 'debian', release: '12', want: { ecosystem: 'Debian:12', scheme: 'dpkg' } },
    { name: 'Debian testing has no numeric release', family: 'debian', release: 'trixie/sid' },
    { name: 'Ubuntu LTS', family: 'ubuntu', release: '22.04', want: { ecosystem: 'Ubuntu:22.04:LTS', scheme: 'dpkg' } },
    { name: 'Ubuntu interim', family: 'ubuntu', release: '23.10', want: { ecosystem: 'Ubuntu:23.10', scheme: 'dpkg' } },
    {
      name: 'Alpine patch release',
      family: 'alpine',
      release: '3.18.4',
      want: { ecosystem: 'Alpine:v3.18', scheme: 'apk' },
    },
    { name: 'Rocky Linux', family: 'rocky', release: '9.3', want: { ecosystem: 'Rocky Linux:9', scheme: 'rpm' } },
    {
      name: 'SLES with a service pack',
      family: 'sles',
      release: '15.5',
      want: { ecosystem: 'SUSE:Linux Enterprise Server 15 SP5', scheme: 'rpm' },
    },
    {
      name: 'SLES without a service pack',
      family: 'sles',
      release: '15',
      want: { ecosystem: 'SUSE:Linux Enterprise Server 15', scheme: 'rpm' },
    },
    {
      name: 'openSUSE Leap',
      family: 'opensuse-leap',
      release: '15.5',
      want: { ecosystem: 'openSUSE:Leap 15.5', scheme: 'rpm' },
    },
    {
      name: 'openSUSE Tumbleweed is rolling',
      family: 'opensuse-tumbleweed',
      release: '20240607',
      want: { ecosystem: 'openSUSE:Tumbleweed', scheme: 'rpm' },
    },
    { name: 'an unknown family', family: 'plan9', release: '4' },
  ];
  it.each(os)('OS: $name', ({ family, release, want }) => expect(osLookup({ family, name: release })).toEqual(want));

  const lang: { type: string; want?: { ecosystem: string; scheme: string } }[] = [
    { type: 'python-pkg', want: { ecosystem: 'PyPI', scheme: 'pep440' } },
    { type: 'node-pkg', want: { ecosystem: 'npm', scheme: 'semver' } },
    { type: 'gobinary', want: { ecosystem: 'Go', scheme: 'go' } },
    { type: 'jar', want: { ecosystem: 'Maven', scheme: 'maven' } },
    { type: 'dotnet-core', want: { ecosystem: 'NuGet', scheme: 'nuget' } },
    { type: 'conda-pkg' },
  ];
  it.each(lang)('language: $type', ({ type, want }) => expect(langLookup(type)).toEqual(want));
});

describe('matchTargetWithProblems', () => {
  const packages = statusPackages();
  const advisories = advisoriesOf(readRecords('debian').values());
  const target: TargetResult = {
    target: 'demo (debian 11.5)',
    class: 'os-pkgs',
    type: 'debian',
    packages,
    vulnerabilities: [],
  };
  const detail: VulnerabilityDetail = {
    id: 'CVE-2022-43680',
    title: 'expat: use-after-free caused by overeager destruction of a shared DTD',
    severity: 'CRITICAL',
    severitySource: 'nvd',
    vendorSeverity: { nvd: 4 },
    cvss: {},
    cweIds: ['CWE-416'],
    references: [],
    advisoryIds: ['DSA-5266-1'],
    primaryUrl: 'https://avd.aquasec.com/nvd/cve-2022-43680',
  };
  const { findings, problems } = matchTargetWithProblems(
    target,
    { family: 'debian', name: '11.5' },
    memoryDb(advisories, [detail]),
  );

  it('finds the expat vulnerability in the binary package, looked up by its source name', () => {
    const expat = findings.filter((f) => f.vulnerabilityId === 'CVE-2022-43680');
    expect(expat.map((f) => f.pkgName).sort()).toEqual(['libexpat1', 'libexpat1-dev']);
    expect(expat[0]).toMatchObject({
      vendorIds: ['DSA-5266-1'],
      installedVersion: '2.2.10-2+deb11u4',
      fixedVersion: '2.2.10-2+deb11u5',
      status: 'fixed',
      severity: 'CRITICAL',
      title: 'expat: use-after-free caused by overeager destruction of a shared DTD',
      pkgPath: undefined,
      match: {
        advisoryId: 'DSA-5266-1',
        ecosystem: 'Debian:11',
        lookupName: 'expat',
        range: '>=0, <2.2.10-2+deb11u5',
      },
    });
    expect(problems).toEqual([]);
  });
  it('a vulnerability without details is UNKNOWN', () =>
    expect(findings.find((f) => f.vulnerabilityId !== 'CVE-2022-43680')?.severity).toBe('UNKNOWN'));
  it('findings come in Trivy order', () => expect(findings).toEqual(sortFindings(findings)));
  it('an OS without an OSV namespace is a problem', () =>
    expect(matchTargetWithProblems(target, { family: 'plan9', name: '4' }, memoryDb(advisories)).problems).toEqual([
      { path: 'demo (debian 11.5)', reason: 'OS plan9 4 is not supported; not scanned' },
    ]));
});

describe('uniqueFindings', () => {
  const base: Finding = {
    vulnerabilityId: 'CVE-1',
    pkgId: 'a@1',
    pkgName: 'a',
    installedVersion: '1',
    status: 'fixed',
    severity: 'HIGH',
  };
  it('keeps the finding with the greater FixedVersion and both advisory ids', () => {
    const merged = uniqueFindings([
      { ...base, fixedVersion: '1.2', vendorIds: ['PYSEC-1'] },
      { ...base, fixedVersion: '1.10', vendorIds: ['GHSA-1'] },
    ]);
    expect(merged).toEqual([{ ...base, fixedVersion: '1.2', vendorIds: ['GHSA-1', 'PYSEC-1'] }]);
  });
  it('keeps findings of different packages apart', () =>
    expect(uniqueFindings([base, { ...base, pkgId: 'a@2', installedVersion: '2' }])).toHaveLength(2));
});

describe('matchTarget against a DB imported from the fixture records', () => {
  let dir = '';
  let db: VulnDb | undefined;
  beforeAll(async () => {
    mkdirSync(path.join(process.cwd(), '.cache'), { recursive: true });
    dir = mkdtempSync(path.join(process.cwd(), '.cache', 'match-db-'));
    await importSources([fixturePath('debian'), fixturePath('pypi')], path.join(dir, 'test.db'), {
      now: new Date('2026-01-01T00:00:00Z'),
    });
    db = openDb(path.join(dir, 'test.db'));
  });
  afterAll(() => {
    db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('finds Flask 2.2.2 affected by CVE-2023-30861 (PYSEC-2023-62), looked up by its normalised name', () => {
    const python: TargetResult = {
      target: 'Python',
      class: 'lang-pkgs',
      type: 'python-pkg',
      packages: pythonPackages(),
      vulnerabilities: [],
    };
    const flask = matchTarget(python, undefined, db as VulnDb).find((f) => f.vulnerabilityId === 'CVE-2023-30861');
    expect(flask).toMatchObject({
      pkgName: 'Flask',
      pkgPath: 'usr/local/lib/python3.8/site-packages/Flask-2.2.2.dist-info/METADATA',
      installedVersion: '2.2.2',
      fixedVersion: '2.2.5, 2.3.2',
      status: 'fixed',
      match: { advisoryId: 'PYSEC-2023-62', ecosystem: 'PyPI', range: '>=0, <2.2.5' },
    });
    expect(flask?.vendorIds).toContain('PYSEC-2023-62');
  });

  it('gives the same Debian findings as the in-memory advisories', () => {
    const os: TargetResult = {
      target: 'demo (debian 11.5)',
      class: 'os-pkgs',
      type: 'debian',
      packages: statusPackages(),
      vulnerabilities: [],
    };
    const fromDb = matchTarget(os, { family: 'debian', name: '11.5' }, db as VulnDb).map(
      (f) => `${f.pkgName} ${f.vulnerabilityId}`,
    );
    const advisories = advisoriesOf(readRecords('debian').values());
    const fromMemory = matchTargetWithProblems(
      os,
      { family: 'debian', name: '11.5' },
      memoryDb(advisories),
    ).findings.map((f) => `${f.pkgName} ${f.vulnerabilityId}`);
    expect(fromDb.length).toBeGreaterThan(100);
    expect(fromDb).toEqual(fromMemory);
  });
});

describe('packages that cannot match', () => {
  const pep440 = versionSchemes.get('pep440');
  const advisory = {
    advisoryId: 'PYSEC-0000-0',
    vulnerabilityId: 'CVE-0000-0000',
    ecosystem: 'PyPI',
    packageName: 'flask',
    ranges: [{ type: 'ECOSYSTEM' as const, events: [{ introduced: '0' }, { fixed: '2.2.5' }] }],
    versions: [],
  };
  const pkg = (version: string) => ({ id: `flask@${version}`, name: 'flask', version });
  it('a package without a version is skipped without a problem', () => {
    expect(matchPackage(pkg(''), [advisory], pep440 as NonNullable<typeof pep440>)).toEqual({
      matches: [],
      problems: [],
    });
  });
  it('an unparsable version no advisory names is not a problem', () => {
    expect(matchPackage(pkg('not a version'), [], pep440 as NonNullable<typeof pep440>).problems).toEqual([]);
  });
  it('an unparsable version an advisory names is a problem', () => {
    expect(matchPackage(pkg('not a version'), [advisory], pep440 as NonNullable<typeof pep440>).problems).toHaveLength(
      1,
    );
  });
});
