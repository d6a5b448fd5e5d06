import { describe, expect, it } from 'vitest';
import { demoScan, reportOptions } from '../../test/fixtures/report/demo.js';
import type { Finding, ScanResult, Severity } from '../types.js';
import { GITHUB_COMMENT_LIMIT, markdownReport } from './markdown.js';

const demo = demoScan();
const demoFindings = demo.results.flatMap((t) => t.vulnerabilities);

/** The demo scan with each target's findings repeated (new ids, long titles) up to `count` in all. */
function scanWith(count: number): ScanResult {
  const severities: Severity[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'];
  const findings: Finding[] = Array.from({ length: count }, (_, i) => {
    const base = demoFindings[i % demoFindings.length] as Finding;
    return {
      ...base,
      vulnerabilityId: `CVE-2099-${String(10000 + i)}`,
      severity: severities[i % severities.length] as Severity,
      title: `${base.title ?? base.description ?? ''} | with <html> and a pipe`.repeat(3),
      primaryUrl: `https://nvd.nist.gov/vuln/detail/CVE-2099-${10000 + i}`,
    };
  });
  const half = Math.floor(count / 2);
  return {
    ...demo,
    results: demo.results.map((t, i) => ({
      ...t,
      vulnerabilities: i === 0 ? findings.slice(0, half) : findings.slice(half),
    })),
  };
}

const rows = (text: string) =>
  text.split('\n').filter((line) => /^\| (CRITICAL|HIGH|MEDIUM|LOW|UNKNOWN) \|/.test(line));

describe('markdown report', () => {
  it('a scan with 500 findings stays under GitHub comment limit, cutting whole rows, with a note', () => {
    const text = markdownReport(scanWith(500), reportOptions());
    expect(text.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    const shown = rows(text);
    expect(shown.length).toBeGreaterThan(50);
    expect(shown.length).toBeLessThan(500);
    expect(text).toContain(`${500 - shown.length} of 500 findings are not listed here`);
    expect(text).toContain('<a id="barnacle-truncated"></a>');
    // Every table is closed; every row has its 6 cells (escaped pipes do not split cells).
    expect(text.match(/<details>/g)?.length).toBe(text.match(/<\/details>/g)?.length);
    for (const row of shown) expect(row.split(/(?<!\\)\|/).length).toBe(8);
    expect(text).not.toContain('<html>');
  });

  it('the most severe findings of a target come first, so truncation drops the least severe', () => {
    const text = markdownReport(scanWith(500), reportOptions());
    const order = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'];
    const tables = text.split('<details>').slice(1);
    for (const table of tables) {
      const ranks = rows(table).map((row) => order.indexOf(row.slice(2, row.indexOf(' |', 2))));
      expect(ranks).toEqual([...ranks].sort((x, y) => x - y));
    }
    // The first target is listed whole (250 rows fit); the cut falls in the second, whose 50 CRITICAL
    // findings come first: the rows left out are the less severe ones.
    const second = rows(tables[1] ?? '');
    expect(second.length).toBeGreaterThan(0);
    expect(second.length).toBeLessThan(50);
    expect(second.every((row) => row.startsWith('| CRITICAL'))).toBe(true);
  });

  it('the note links the workflow run when GitHub Actions names one', () => {
    const env = { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '42' };
    const text = markdownReport(scanWith(500), reportOptions({ env }));
    expect(text).toContain('(https://github.com/o/r/actions/runs/42)');
  });

  it('a scan that fits lists every finding and has no note', () => {
    const text = markdownReport(demo, reportOptions());
    expect(rows(text)).toHaveLength(demoFindings.length);
    expect(text).not.toContain('barnacle-truncated');
  });

  it('a small limit still gives whole tables', () => {
    const text = markdownReport(scanWith(40), reportOptions(), 3000);
    expect(text.length).toBeLessThanOrEqual(3000);
    expect(text.match(/<details>/g)?.length ?? 0).toBe(text.match(/<\/details>/g)?.length ?? 0);
    expect(text).toContain('of 40 findings are not listed here');
  });
});
