import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeSbom } from './index.js';

const FIXTURES = path.join('test', 'fixtures', 'sbom-attestation');

/** [target, type, name@version...] per language target, as barnacle decodes the file. */
function languageTargets(file: string) {
  const sbom = decodeSbom(readFileSync(path.join(FIXTURES, file), 'utf8'), file);
  return sbom.targets
    .filter((t) => t.class === 'lang-pkgs')
    .map((t) => [t.target, t.type, ...t.packages.map((p) => `${p.name}@${p.version}`)]);
}

// The applications of Trivy's SPDX decoder test for testdata/happy/bom.json (pkg/sbom/spdx/unmarshal_test.go,
// "happy path"), in the order barnacle writes targets (type, then name); the same packages are in the
// CycloneDX attestation and in Trivy v0.44.1's SPDX of it.
const HAPPY = [
  ['app/composer/composer.lock', 'composer', 'pear/log@1.13.1', 'pear/pear_exception@v1.0.0'],
  ['app/gobinary/gobinary', 'gobinary', 'github.com/package-url/packageurl-go@v0.1.1-0.20220203205134-d70459300c8a'],
  ['Java', 'jar', 'org.codehaus.mojo:child-project@1.0'],
  ['Node.js', 'node-pkg', 'bootstrap@5.0.2'],
];

describe('packages under the application components that hold them', () => {
  const cases = [
    {
      file: 'trivy-spdx-bom.json',
      what: "today's Trivy SPDX: application packages with a Type annotation",
      want: HAPPY,
    },
    {
      file: 'sbom.cdx.intoto.jsonl.trivy.spdx.json',
      what: "Trivy v0.44.1's SPDX: the type as the name, the path as sourceInfo",
      want: HAPPY,
    },
    { file: 'sbom.cdx.intoto.jsonl', what: 'CycloneDX: application components and their dependencies', want: HAPPY },
    {
      file: 'trivy-spdx-unrelated-bom.json',
      what: 'SPDX: an application reached through DEPENDS_ON under a filesystem package',
      want: [HAPPY[0]],
    },
  ];
  it.each(cases)('$what ($file)', ({ file, want }) => {
    expect(languageTargets(file)).toEqual(want);
  });

  it('a package that no application holds is grouped by its type, as Trivy groups orphans', () => {
    const bom = {
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      components: [
        { type: 'library', 'bom-ref': 'p', name: 'pear/log', version: '1.13.1', purl: 'pkg:composer/pear/log@1.13.1' },
      ],
    };
    const sbom = decodeSbom(JSON.stringify(bom), 'orphan.json');
    expect(sbom.targets.map((t) => [t.target, t.type])).toEqual([['composer', 'composer']]);
  });

  it('a long chain of dependencies is walked without exhausting the stack', () => {
    const n = 50_000;
    const components = [
      {
        type: 'application',
        'bom-ref': 'app',
        name: 'go.sum',
        properties: [{ name: 'aquasecurity:trivy:Type', value: 'gomod' }],
      },
      ...Array.from({ length: n }, (_, i) => ({
        type: 'library',
        'bom-ref': `p${i}`,
        name: `example.com/m${i}`,
        version: 'v1.0.0',
        purl: `pkg:golang/example.com/m${i}@v1.0.0`,
      })),
    ];
    const dependencies = [
      { ref: 'app', dependsOn: ['p0'] },
      ...Array.from({ length: n - 1 }, (_, i) => ({ ref: `p${i}`, dependsOn: [`p${i + 1}`] })),
    ];
    const sbom = decodeSbom(JSON.stringify({ bomFormat: 'CycloneDX', components, dependencies }), 'chain.json');
    expect(sbom.targets.map((t) => [t.target, t.type, t.packages.length])).toEqual([['go.sum', 'gomod', n]]);
  });
});
