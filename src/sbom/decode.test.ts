import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demoScan, reportFixture } from '../../test/fixtures/report/demo.js';
import { InputError } from '../errors.js';
import type { Package } from '../types.js';
import { familyOf, packageOf, type SbomPackage } from './decode.js';
import { decodeSbom } from './index.js';

const entry = (purl: string, properties: Record<string, string> = {}, name = ''): SbomPackage => ({
  name,
  purl,
  properties: new Map(Object.entries(properties)),
});

describe('an SBOM entry as a package', () => {
  const cases: { name: string; input: SbomPackage; type: string; want: Partial<Package> }[] = [
    {
      name: 'a deb purl: epoch qualifier, upstream version and revision, source = binary name',
      input: entry('pkg:deb/debian/bsdutils@2.36.1-8%2Bdeb11u1?arch=amd64&epoch=1&distro=debian-11.5'),
      type: 'deb',
      want: {
        name: 'bsdutils',
        epoch: 1,
        version: '2.36.1',
        release: '8+deb11u1',
        arch: 'amd64',
        srcName: 'bsdutils',
        srcVersion: '2.36.1',
        srcRelease: '8+deb11u1',
        srcEpoch: 1,
      },
    },
    {
      name: "Trivy's properties name the source package",
      input: entry('pkg:deb/debian/libc6@2.31-13%2Bdeb11u5?arch=amd64', {
        PkgType: 'debian',
        SrcName: 'glibc',
        SrcVersion: '2.31',
        SrcRelease: '13+deb11u5',
        PkgID: 'libc6@2.31-13+deb11u5',
      }),
      type: 'debian',
      want: { id: 'libc6@2.31-13+deb11u5', srcName: 'glibc', srcVersion: '2.31', srcRelease: '13+deb11u5' },
    },
    {
      name: "Syft's upstream qualifier names the source package and its version",
      input: entry('pkg:deb/debian/libc6@2.31-13%2Bdeb11u5?arch=amd64&upstream=glibc%402.31-13%2Bdeb11u4'),
      type: 'deb',
      want: { srcName: 'glibc', srcVersion: '2.31', srcRelease: '13+deb11u4' },
    },
    {
      name: 'an apk version keeps its -rN',
      input: entry('pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64'),
      type: 'apk',
      want: { name: 'musl', version: '1.2.4-r2', release: undefined },
    },
    {
      name: 'a PyPI package keeps the name the SBOM gives (case), its type from the purl',
      input: entry('pkg:pypi/flask@2.2.2', {}, 'Flask'),
      type: 'python-pkg',
      want: { id: 'Flask@2.2.2', name: 'Flask', version: '2.2.2', srcName: undefined },
    },
    {
      name: 'a Maven package is group:artifact',
      input: entry('pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1'),
      type: 'jar',
      want: { name: 'org.apache.logging.log4j:log4j-core', version: '2.14.1' },
    },
  ];
  it.each(cases)('$name', ({ input, type, want }) => {
    const placed = packageOf(input);
    expect(typeof placed).toBe('object');
    if (typeof placed === 'string') return;
    expect(placed.type).toBe(type);
    expect(placed.pkg).toMatchObject(Object.fromEntries(Object.entries(want).filter(([, v]) => v !== undefined)));
    for (const [key, value] of Object.entries(want))
      if (value === undefined) expect(placed.pkg).not.toHaveProperty(key);
  });

  it('an entry without a usable purl or type is a reason, not a package', () => {
    expect(packageOf(entry('a-purl-1', {}, 'package-1'))).toMatch(/package 'package-1' has no purl or package type/);
  });
});

describe('SBOM documents', () => {
  it("Trivy's CycloneDX of the demo image gives the image scan's targets and packages", () => {
    const file = reportFixture('trivy/flask-app.cdx.json');
    const sbom = decodeSbom(readFileSync(file, 'utf8'), 'flask-app.tar');
    const scan = demoScan();
    expect(sbom.os).toEqual({ family: 'debian', name: '11.5' });
    expect(sbom.targets.map((t) => [t.target, t.type, t.packages.length])).toEqual([
      ['flask-app.tar (debian 11.5)', 'debian', scan.results[0]?.packages.length],
      ['Python', 'python-pkg', scan.results[1]?.packages.length],
    ]);
    expect(sbom.problems).toEqual([]);
  });

  const syft = [
    {
      name: "Syft's CycloneDX encoder output",
      file: 'syft/TestCycloneDxImageEncoder.golden.json',
      os: { family: 'debian', name: '1.2.3' },
    },
    { name: "Syft's SPDX encoder output", file: 'syft/TestSPDXJSONImageEncoder.golden.json', os: undefined },
  ];
  it.each(syft)('$name: the deb package is read, the entry with a bogus purl is a problem', ({ file, os }) => {
    const sbom = decodeSbom(readFileSync(reportFixture(file), 'utf8'), 'user-image-input');
    expect(sbom.os).toEqual(os);
    expect(sbom.targets.flatMap((t) => t.packages.map((p) => [t.class, p.name, p.version, p.srcName]))).toEqual([
      ['os-pkgs', 'package-2', '2.0.1', 'package-2'],
    ]);
    expect(sbom.problems.map((p) => p.reason)).toEqual([
      "package 'package-1' has no purl or package type barnacle can match",
    ]);
  });

  const bad = [
    { name: 'not JSON', text: 'bom', message: 'x.xml: not a JSON SBOM' },
    {
      name: 'XML that is not CycloneDX',
      text: '<bom/>',
      message: 'x.xml: an XML document, but not a CycloneDX BOM (root element <bom>)',
    },
    {
      name: 'JSON of another kind',
      text: '{"SchemaVersion": 2}',
      message: 'x.xml: not a CycloneDX or SPDX JSON document',
    },
  ];
  it.each(bad)('$name is an InputError', ({ text, message }) => {
    expect(() => decodeSbom(text, 'x.xml')).toThrow(InputError);
    expect(() => decodeSbom(text, 'x.xml')).toThrow(message);
  });
});

describe('the OS family an SBOM names', () => {
  // Trivy's OSTypeAliases map old and foreign names onto its family names, which the OSV lookups and EOL use.
  const cases: { name: string; want: string }[] = [
    { name: 'opensuse.leap', want: 'opensuse-leap' },
    { name: 'opensuse.tumbleweed', want: 'opensuse-tumbleweed' },
    { name: 'SUSE Linux Enterprise Server', want: 'sles' },
    { name: 'SUSE Linux Enterprise Micro', want: 'slem' },
    { name: 'Amazon Linux', want: 'amazon' },
    { name: 'Debian GNU/Linux', want: 'debian' },
    { name: 'debian', want: 'debian' },
    { name: 'alpine', want: 'alpine' },
  ];
  it.each(cases)('$name is the family $want', ({ name, want }) => expect(familyOf(name)).toBe(want));
});
