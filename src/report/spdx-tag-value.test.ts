import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoScan, reportFixture, reportOptions } from '../../test/fixtures/report/demo.js';
import { decodeSbom } from '../sbom/index.js';
import { spdxJson } from './spdx.js';
import { spdxTagValue, spdxTagValueReport } from './spdx-tag-value.js';

const trivy = (name: string) => readFileSync(reportFixture(path.join('trivy', name)), 'utf8');
/** Lines that differ between two runs of Trivy: the namespace's UUID and the creation time. */
const stable = (text: string) => text.split('\n').filter((l) => !/^(DocumentNamespace|Created): /.test(l));

describe('--format spdx (SPDX tag-value)', () => {
  it.each(['sbom.cdx.intoto.jsonl', 'centos-7-cyclonedx.intoto.jsonl'])(
    "writes Trivy's SPDX JSON of %s line for line as Trivy writes it as tag-value",
    (name) => {
      const ours = spdxTagValue(JSON.parse(trivy(`${name}.spdx.json`)));
      expect(stable(ours)).toEqual(stable(trivy(`${name}.spdx`)));
    },
  );

  const scan = demoScan();
  const options = reportOptions();
  const text = spdxTagValueReport.render(scan, options);

  it('reads back as the same packages as the SPDX JSON of the same scan', () => {
    const fromTagValue = decodeSbom(text, 'demo');
    const fromJson = decodeSbom(spdxJson.render(scan, options), 'demo');
    expect(fromTagValue.targets).toEqual(fromJson.targets);
    expect(fromTagValue.targets.flatMap((t) => t.packages).length).toBe(scan.results.flatMap((t) => t.packages).length);
  });

  it('sorts packages by SPDX id, as tools-golang does', () => {
    const ids = [...text.matchAll(/^PackageName: .*\nSPDXID: (\S+)$/gm)].map((m) => m[1] ?? '');
    expect(ids.length).toBeGreaterThan(400);
    expect(ids).toEqual([...ids].sort());
  });

  it('renders the same text in chunks', () => {
    expect([...(spdxTagValueReport.renderChunks?.(scan, options) ?? [])].join('')).toBe(text);
  });

  it("Trivy's tag-value of the demo image reads as Trivy's SPDX JSON of it", () => {
    expect(decodeSbom(trivy('flask-app.spdx'), 'demo').targets).toEqual(
      decodeSbom(trivy('flask-app.spdx.json'), 'demo').targets,
    );
  });
});
