import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJson, reportFixture, reportOptions } from '../../test/fixtures/report/demo.js';
import { cosignVuln } from './cosign-vuln.js';
import { goTime, marshalIndent } from './go-json.js';
import { json } from './json.js';
import { scanResultFromJson } from './json-read.js';

const scan = (() => {
  const result = scanResultFromJson(readJson(reportFixture('templates-edge.scan.json')));
  if (typeof result === 'string') throw new Error(result);
  return result;
})();
const options = reportOptions({ version: '1.2.3' });
const text = cosignVuln.render(scan, options);
const predicate = JSON.parse(text);
// Trivy v0.44.1's `convert --format cosign-vuln` of the same report (test/fixtures/report/README.md).
const trivyText = readFileSync(reportFixture(path.join('trivy', 'templates-edge.cosign-vuln.json')), 'utf8');
const trivy = JSON.parse(trivyText);

describe('--format cosign-vuln', () => {
  it('has the predicate of Trivy, with barnacle as the scanner', () => {
    const frame = (p: { scanner: object; metadata: object }) => ({
      ...p,
      scanner: { ...p.scanner, uri: 'URI', version: 'V', result: 'R' },
      metadata: { scanStartedOn: 'T', scanFinishedOn: 'T' },
    });
    expect(frame(predicate)).toEqual(frame(trivy));
    expect(predicate.scanner).toMatchObject({ uri: 'pkg:npm/barnacle@1.2.3', version: '1.2.3' });
  });

  it('carries the whole JSON report as the scan result', () => {
    expect(predicate.scanner.result).toEqual(JSON.parse(json.render(scan, options)));
  });

  it("takes the scan's time as its start and end", () => {
    expect(predicate.metadata).toEqual({
      scanStartedOn: goTime(scan.createdAt),
      scanFinishedOn: goTime(scan.createdAt),
    });
  });

  it('is laid out as Go marshals it, without a trailing newline, as Trivy writes it', () => {
    expect(text).toBe(marshalIndent(predicate));
    const head = (t: string) =>
      t.slice(0, t.indexOf('"result"')).replace(/"(uri|version)": "pkg:[^"]*"|"version": "[^"]*"/g, '');
    expect(head(text)).toBe(head(trivyText));
    expect(text.endsWith('\n')).toBe(false);
    expect(trivyText.endsWith('\n')).toBe(false);
  });

  it('renders the same text in chunks', () => {
    expect([...(cosignVuln.renderChunks?.(scan, options) ?? [])].join('')).toBe(text);
  });
});
