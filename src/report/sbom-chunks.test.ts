// The CycloneDX and SPDX reports written in chunks (renderChunks, what the CLI writes) against the same reports
// made whole (render) and the golden files, on real reports: the demo image's scan, the templates' edge cases and
// Trivy's own JSON reports read back; and that a document's packages are made only when their turn comes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cyclonedxValidator,
  demoScan,
  readJson,
  reportFixture,
  reportOptions,
  spdxValidator,
} from '../../test/fixtures/report/demo.js';
import type { Package, ScanResult } from '../types.js';
import { reporters } from './index.js';
import { scanResultFromJson } from './json-read.js';

function readScan(file: string): ScanResult {
  const result = scanResultFromJson(readJson(reportFixture(file)));
  if (typeof result === 'string') throw new Error(result);
  return result;
}

/** The demo scan with each package listed `copies` times under new names: a report of many chunks. */
function manyPackages(copies: number): ScanResult {
  const scan = demoScan();
  const copy = (pkg: Package, n: number): Package => ({
    ...pkg,
    name: `${pkg.name}-${n}`,
    id: `${pkg.id}-${n}`,
    purl: pkg.purl?.replace(pkg.name, `${pkg.name}-${n}`),
  });
  return {
    ...scan,
    results: scan.results.map((t) => ({
      ...t,
      packages: Array.from({ length: copies }, (_, n) => t.packages.map((p) => copy(p, n))).flat(),
    })),
  };
}

const FORMATS = ['cyclonedx', 'spdx-json'] as const;
const reporterOf = (format: string) => {
  const reporter = reporters.get(format);
  if (!reporter?.renderChunks) throw new Error(`${format} has no renderChunks`);
  return reporter as Required<typeof reporter>;
};

describe('CycloneDX and SPDX reports in chunks', () => {
  const reports: { name: string; scan: () => ScanResult }[] = [
    { name: "the demo image's scan", scan: demoScan },
    { name: "the templates' edge cases", scan: () => readScan('templates-edge.scan.json') },
    { name: "Trivy's report of alpine 3.6", scan: () => readScan('trivy/alpine-3.6.json') },
    { name: "Trivy's report of the demo image", scan: () => readScan('trivy/flask-app.json') },
    { name: 'the demo scan with its packages 5 times over', scan: () => manyPackages(5) },
  ];
  const cases = reports.flatMap((r) => FORMATS.map((format) => ({ ...r, format })));

  it.each(cases)('$format: the chunks of $name make the text render makes', ({ scan, format }) => {
    const result = scan();
    const reporter = reporterOf(format);
    const chunks = [...reporter.renderChunks(result, reportOptions())];
    expect(chunks.join('')).toBe(reporter.render(result, reportOptions()));
  });

  it.each(FORMATS)('%s: a report of many packages comes in many chunks of at least 64 KiB', (format) => {
    const chunks = [...reporterOf(format).renderChunks(manyPackages(5), reportOptions())];
    expect(chunks.length).toBeGreaterThan(10);
    // The last two: the rest of the text and the final newline.
    for (const chunk of chunks.slice(0, -2)) expect(chunk.length).toBeGreaterThanOrEqual(1 << 16);
  });

  const golden = [
    { format: 'cyclonedx', file: 'flask-app.cdx.json' },
    { format: 'spdx-json', file: 'flask-app.spdx.json' },
  ];
  it.each(golden)('$format: the chunks of the demo scan make its golden file', ({ format, file }) => {
    const want = readFileSync(path.join(import.meta.dirname, '..', '..', 'test', 'golden', file), 'utf8');
    expect([...reporterOf(format).renderChunks(demoScan(), reportOptions())].join('')).toBe(want);
  });

  it.each(FORMATS)('%s: makes a package only when its turn comes, not all before the first chunk', (format) => {
    const scan = manyPackages(5);
    let reads = 0;
    const packages = scan.results.flatMap((t) => t.packages);
    // The maintainer is read only when a package's entry is made.
    for (const pkg of packages) {
      const maintainer = pkg.maintainer;
      Object.defineProperty(pkg, 'maintainer', {
        get: () => {
          reads++;
          return maintainer;
        },
      });
    }
    const chunks = reporterOf(format).renderChunks(scan, reportOptions())[Symbol.iterator]();
    expect(chunks.next().done).toBe(false);
    expect(reads).toBeGreaterThan(0);
    expect(reads).toBeLessThan(packages.length / 4);
  });

  /** The demo scan with, in turn, each kind of license list Trivy's writers tell apart. */
  const LICENSE_LISTS = [
    ['MIT'],
    ['MIT', 'custom'],
    ['MIT OR Apache-2.0'],
    ['GPL-2.0-with-autoconf-exception'],
    ['wrong-id OR MIT'],
    ['text://Permission is hereby granted'],
    ['(unbalanced'],
  ];
  const validators = [
    { format: 'cyclonedx', validator: cyclonedxValidator },
    { format: 'spdx-json', validator: spdxValidator },
  ];
  it.each(validators)(
    '$format: every kind of license keeps the document valid against its schema',
    ({ format, validator }) => {
      const scan = demoScan();
      const packages = scan.results.flatMap((t) => t.packages);
      const withLicenses = {
        ...scan,
        results: scan.results.map((t) => ({
          ...t,
          packages: t.packages.map((p) => ({
            ...p,
            licenses: LICENSE_LISTS[packages.indexOf(p) % LICENSE_LISTS.length],
          })),
        })),
      };
      const text = [...reporterOf(format).renderChunks(withLicenses, reportOptions())].join('');
      const validate = validator();
      expect(validate(JSON.parse(text)), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    },
  );
});
