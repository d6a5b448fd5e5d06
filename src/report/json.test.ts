import { describe, expect, it } from 'vitest';
import type { Finding, ScanResult, TargetResult } from '../types.js';
import { goTime, marshalIndent } from './go-json.js';
import { imageConfigJson } from './image-config.js';
import { json, reportJson } from './json.js';
import type { ReportOptions } from './types.js';

const OPTIONS: ReportOptions = { severities: ['HIGH'], listAllPkgs: false, color: false, version: 'dev' };
const finding: Finding = {
  vulnerabilityId: 'CVE-2022-43680',
  pkgId: 'libexpat1@2.2.10-2+deb11u4',
  pkgName: 'libexpat1',
  installedVersion: '2.2.10-2+deb11u4',
  status: 'affected',
  severity: 'HIGH',
};
const target = (over: Partial<TargetResult> = {}): TargetResult => ({
  target: 'demo (debian 11.5)',
  class: 'os-pkgs',
  type: 'debian',
  packages: [
    { id: 'libexpat1@2.2.10-2+deb11u4', name: 'libexpat1', version: '2.2.10', release: '2+deb11u4', arch: 'amd64' },
  ],
  vulnerabilities: [],
  ...over,
});
const result = (results: TargetResult[]): ScanResult => ({
  schemaVersion: 2,
  createdAt: '2026-01-02T03:04:05.100Z',
  artifactName: 'demo.tar',
  artifactType: 'container_image',
  metadata: {},
  results,
});
const parsed = (r: ScanResult, options: ReportOptions = OPTIONS) => JSON.parse(json.render(r, options));

describe('json', () => {
  it('keeps Trivy field order at the top', () =>
    expect(Object.keys(parsed(result([target()])))).toEqual([
      'SchemaVersion',
      'CreatedAt',
      'ArtifactName',
      'ArtifactType',
      'Results',
    ]));
  it('omits Vulnerabilities when a target has none', () =>
    expect(parsed(result([target()])).Results).toEqual([
      { Target: 'demo (debian 11.5)', Class: 'os-pkgs', Type: 'debian' },
    ]));
  it('omits Packages without --list-all-pkgs', () =>
    expect(parsed(result([target({ vulnerabilities: [finding] })])).Results[0].Packages).toBeUndefined());
  it('lists packages in Trivy field order with --list-all-pkgs', () =>
    expect(parsed(result([target()]), { ...OPTIONS, listAllPkgs: true }).Results[0].Packages).toEqual([
      { ID: 'libexpat1@2.2.10-2+deb11u4', Name: 'libexpat1', Version: '2.2.10', Release: '2+deb11u4', Arch: 'amd64' },
    ]));
  it('omits Results when there are none', () => expect(parsed(result([]))).not.toHaveProperty('Results'));

  const vulnerabilities: { name: string; finding: Finding; want: Record<string, unknown> }[] = [
    {
      name: 'the minimum',
      finding,
      want: {
        VulnerabilityID: 'CVE-2022-43680',
        PkgID: finding.pkgId,
        PkgName: 'libexpat1',
        InstalledVersion: '2.2.10-2+deb11u4',
        Status: 'affected',
        Severity: 'HIGH',
      },
    },
    {
      name: 'everything, in Trivy order, maps sorted by key',
      finding: {
        ...finding,
        vendorIds: ['DSA-5266-1'],
        purl: 'pkg:deb/debian/libexpat1@2.2.10-2+deb11u4?arch=amd64&distro=debian-11.5',
        fixedVersion: '2.2.10-2+deb11u5',
        status: 'fixed',
        layer: { digest: 'sha256:aa', diffId: 'sha256:bb' },
        severitySource: 'nvd',
        primaryUrl: 'https://avd.aquasec.com/nvd/cve-2022-43680',
        dataSource: {
          id: 'debian',
          name: 'Debian Security Tracker',
          url: 'https://salsa.debian.org/security-tracker-team/security-tracker',
        },
        title: 'expat: use-after-free',
        description: 'In libexpat through 2.4.9',
        cweIds: ['CWE-416'],
        vendorSeverity: { nvd: 3, debian: 1 },
        cvss: { nvd: { v3Vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', v3Score: 7.5 } },
        references: ['https://www.debian.org/security/2022/dsa-5266'],
        publishedDate: '2022-10-24T14:15:00.000Z',
        lastModifiedDate: '2022-11-03T01:15:00.500Z',
        match: {
          advisoryId: 'DSA-5266-1',
          ecosystem: 'Debian:11',
          lookupName: 'expat',
          range: '>=0, <2.2.10-2+deb11u5',
        },
      },
      want: {
        VulnerabilityID: 'CVE-2022-43680',
        VendorIDs: ['DSA-5266-1'],
        PkgID: finding.pkgId,
        PkgName: 'libexpat1',
        PkgIdentifier: { PURL: 'pkg:deb/debian/libexpat1@2.2.10-2+deb11u4?arch=amd64&distro=debian-11.5' },
        InstalledVersion: '2.2.10-2+deb11u4',
        FixedVersion: '2.2.10-2+deb11u5',
        Status: 'fixed',
        Layer: { Digest: 'sha256:aa', DiffID: 'sha256:bb' },
        SeveritySource: 'nvd',
        PrimaryURL: 'https://avd.aquasec.com/nvd/cve-2022-43680',
        DataSource: {
          ID: 'debian',
          Name: 'Debian Security Tracker',
          URL: 'https://salsa.debian.org/security-tracker-team/security-tracker',
        },
        Title: 'expat: use-after-free',
        Description: 'In libexpat through 2.4.9',
        Severity: 'HIGH',
        CweIDs: ['CWE-416'],
        VendorSeverity: { debian: 1, nvd: 3 },
        CVSS: { nvd: { V3Vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', V3Score: 7.5 } },
        References: ['https://www.debian.org/security/2022/dsa-5266'],
        PublishedDate: '2022-10-24T14:15:00Z',
        LastModifiedDate: '2022-11-03T01:15:00.5Z',
        Match: {
          AdvisoryID: 'DSA-5266-1',
          Ecosystem: 'Debian:11',
          LookupName: 'expat',
          Range: '>=0, <2.2.10-2+deb11u5',
        },
      },
    },
  ];
  it.each(vulnerabilities)('a vulnerability with $name', ({ finding: f, want }) => {
    const vulnerability = parsed(result([target({ vulnerabilities: [f] })])).Results[0].Vulnerabilities[0];
    expect(vulnerability).toEqual(want);
    expect(Object.keys(vulnerability)).toEqual(Object.keys(want));
    expect(Object.keys(vulnerability.VendorSeverity ?? {})).toEqual(Object.keys(want.VendorSeverity ?? {}));
  });

  it('ends with one newline and indents by two spaces', () => {
    const text = json.render(result([]), OPTIONS);
    expect(text).toBe(
      '{\n  "SchemaVersion": 2,\n  "CreatedAt": "2026-01-02T03:04:05.1Z",\n  "ArtifactName": "demo.tar",\n  "ArtifactType": "container_image"\n}\n',
    );
  });
  it('prints the OS with EOSL only when set', () =>
    expect(
      reportJson({ ...result([]), metadata: { os: { family: 'debian', name: '9.13', eosl: true } } }, OPTIONS),
    ).toMatchObject({
      Metadata: { OS: { Family: 'debian', Name: '9.13', EOSL: true } },
    }));
});

describe('go-json', () => {
  const times: { input: string; want: string }[] = [
    { input: '2026-01-02T03:04:05.000Z', want: '2026-01-02T03:04:05Z' },
    { input: '2026-01-02T03:04:05.120Z', want: '2026-01-02T03:04:05.12Z' },
    { input: '2026-01-02T03:04:05.123456789+02:00', want: '2026-01-02T03:04:05.123456789+02:00' },
    { input: '2026-01-02T03:04:05+00:00', want: '2026-01-02T03:04:05Z' },
  ];
  it.each(times)('time $input prints as $want', ({ input, want }) => expect(goTime(input)).toBe(want));
  it('escapes HTML characters as Go does', () =>
    expect(marshalIndent({ A: '<a & b>' })).toBe('{\n  "A": "\\u003ca \\u0026 b\\u003e"\n}'));
});

describe('imageConfigJson', () => {
  it('reorders members as v1.ConfigFile, drops unknown ones and sorts maps', () => {
    const config = {
      rootfs: { diff_ids: ['sha256:aa'], type: 'layers' },
      config: { WorkingDir: '/app', Labels: { z: '1', a: '2' }, ExposedPorts: { '80/tcp': {} }, Cmd: ['python3'] },
      os: 'linux',
      unknown: 1,
      architecture: 'amd64',
    };
    const out = imageConfigJson(config) as Record<string, unknown>;
    expect(JSON.parse(JSON.stringify(out))).toEqual({
      architecture: 'amd64',
      created: '0001-01-01T00:00:00Z',
      os: 'linux',
      rootfs: { type: 'layers', diff_ids: ['sha256:aa'] },
      config: { Cmd: ['python3'], Labels: { a: '2', z: '1' }, WorkingDir: '/app', ExposedPorts: { '80/tcp': {} } },
    });
    expect(Object.keys(JSON.parse(JSON.stringify(out)))).toEqual(['architecture', 'created', 'os', 'rootfs', 'config']);
  });
});
