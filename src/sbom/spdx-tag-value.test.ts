import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { decodeSbom } from './index.js';
import { spdxTagValueToJson } from './spdx-tag-value.js';

const FIXTURES = path.join('test', 'fixtures', 'sbom-attestation');
const read = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

describe('SPDX tag-value', () => {
  it("Trivy's centos-7 SBOM reads as its SPDX JSON twin", () => {
    const tagValue = decodeSbom(read('centos-7-spdx.txt'), 'sbom');
    const json = decodeSbom(read('centos-7-spdx.json'), 'sbom');
    expect(tagValue.os).toEqual({ family: 'centos', name: '7.6.1810' });
    expect(tagValue.targets).toEqual(json.targets);
    expect(tagValue.targets[0]?.packages.map((p) => `${p.name}@${p.epoch ?? 0}:${p.version}-${p.release}`)).toEqual([
      'bash@0:4.2.46-31.el7',
      'openssl-libs@1:1.0.2k-16.el7',
    ]);
  });

  it('joins <text> values over several lines and attaches annotations to their package', () => {
    const doc = spdxTagValueToJson(
      [
        'SPDXVersion: SPDX-2.3',
        'Creator: Tool: trivy-0.60.0',
        'PackageName: app/composer/composer.lock',
        'SPDXID: SPDXRef-Application-1',
        'PackageComment: <text>first line',
        'second line</text>',
        'FileName: ./composer.lock',
        'SPDXID: SPDXRef-File-1',
        'Annotator: Tool: trivy',
        'AnnotationDate: 2026-01-01T00:00:00Z',
        'AnnotationType: OTHER',
        'SPDXREF: SPDXRef-Application-1',
        'AnnotationComment: Type: composer',
        'Relationship: SPDXRef-Application-1 CONTAINS SPDXRef-File-1',
      ].join('\n'),
      'x.spdx',
    );
    expect(doc).toEqual({
      spdxVersion: 'SPDX-2.3',
      creationInfo: { creators: ['Tool: trivy-0.60.0'] },
      packages: [
        {
          name: 'app/composer/composer.lock',
          SPDXID: 'SPDXRef-Application-1',
          comment: 'first line\nsecond line',
          annotations: [{ comment: 'Type: composer' }],
        },
      ],
      relationships: [
        { spdxElementId: 'SPDXRef-Application-1', relationshipType: 'CONTAINS', relatedSpdxElement: 'SPDXRef-File-1' },
      ],
    });
  });

  const bad = [
    {
      text: 'SPDXVersion: SPDX-2.3\nPackageComment: <text>never closed',
      reason: 'x.spdx:2: <text> of PackageComment is not closed',
    },
    { text: 'SPDXVersion: SPDX-2.3\nthis line has no tag', reason: "x.spdx:2: not a 'Tag: value' line" },
    { text: 'SPDXVersion: SPDX-2.3\nRelationship: A CONTAINS', reason: "x.spdx:2: Relationship needs 'A TYPE B'" },
    { text: 'SPDX is mentioned: but no version', reason: 'x.spdx: SPDX tag-value without an SPDXVersion' },
  ];
  it.each(bad)('$reason', ({ text, reason }) => {
    expect(() => decodeSbom(text, 'x.spdx')).toThrow(InputError);
    expect(() => decodeSbom(text, 'x.spdx')).toThrow(reason);
  });
});
