import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { decodeSbom } from './index.js';

const FIXTURES = path.join('test', 'fixtures', 'sbom-xml');
const read = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

describe('CycloneDX XML SBOMs', () => {
  it.each(['npm-app.cdx16.xml', 'npm-app.cdx14.xml'])(
    '%s reads as the JSON SBOM the same tool wrote for the same project',
    (file) => {
      const xml = decodeSbom(read(file), 'sbom');
      const json = decodeSbom(read('npm-app.cdx16.json'), 'sbom');
      expect(xml.targets).toEqual(json.targets);
      expect(xml.problems).toEqual(json.problems);
    },
  );

  it('lists the packages Trivy lists from the JSON twin (Trivy itself refuses CycloneDX XML)', () => {
    const trivy = JSON.parse(read('npm-app.cdx14.json.trivy-packages.json')) as {
      Target: string;
      Type: string;
      Packages: string[];
    }[];
    const ours = decodeSbom(read('npm-app.cdx14.xml'), 'sbom').targets.map((t) => ({
      Target: t.target,
      Type: t.type,
      Packages: t.packages.map((p) => `${p.name}@${p.version}`).sort(),
    }));
    expect(ours).toEqual(trivy);
  });

  it('reads a CycloneDX root with a namespace prefix, after a byte order mark and a comment', () => {
    const xml = `\uFEFF<?xml version="1.0"?>\n<!-- by hand -->\n<c:bom xmlns:c="http://cyclonedx.org/schema/bom/1.3">
      <c:components><c:component type="library"><c:name>x</c:name><c:version>1.0.0</c:version>
      <c:purl>pkg:npm/x@1.0.0</c:purl></c:component></c:components></c:bom>`;
    expect(decodeSbom(xml, 'p.xml').targets.map((t) => t.packages.map((p) => p.name))).toEqual([['x']]);
  });

  it('keeps versions as text: 7.10 is not 7.1', () => {
    const xml = `<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><components>
      <component type="library"><name>x</name><version>7.10</version><purl>pkg:npm/x@7.10</purl></component>
    </components></bom>`;
    expect(decodeSbom(xml, 'v.xml').targets[0]?.packages[0]?.version).toBe('7.10');
  });

  const bad = [
    {
      name: 'a DOCTYPE (entities that could expand without bound)',
      text: '<?xml version="1.0"?><!DOCTYPE bom [<!ENTITY a "aaaa">]><bom xmlns="http://cyclonedx.org/schema/bom/1.6"/>',
      reason: 'b.xml: a DOCTYPE in a CycloneDX XML SBOM is refused',
    },
    {
      name: 'an XML document of another kind',
      text: '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion></project>',
      reason: 'b.xml: an XML document, but not a CycloneDX BOM (root element <project>)',
    },
    {
      name: 'XML that is not well formed',
      text: '<bom xmlns="http://cyclonedx.org/schema/bom/1.6">\n<components><component></components></bom>',
      reason: 'b.xml:2: not well-formed XML',
    },
  ];
  it.each(bad)('$name is an input error naming the file', ({ text, reason }) => {
    expect(() => decodeSbom(text, 'b.xml')).toThrow(InputError);
    expect(() => decodeSbom(text, 'b.xml')).toThrow(reason);
  });
});
