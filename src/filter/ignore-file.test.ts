import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoScan, reportFixture } from '../../test/fixtures/report/demo.js';
import { UsageError } from '../errors.js';
import { SEVERITIES } from '../types.js';
import { globRegExp, loadIgnoreFile, parseIgnoreText, parseIgnoreYaml } from './ignore-file.js';
import { applyFilters } from './index.js';

const ALL = { severities: [...SEVERITIES], ignoreUnfixed: false, pkgTypes: ['os', 'library'] };
const scan = demoScan();
const fixture = (name: string) => reportFixture(`accept-risk/${name}`);

/** `id pkg` of every finding left, and of every suppressed one with its status. */
function outcome(file: string, now: string) {
  const result = applyFilters(scan, { ...ALL, ignore: loadIgnoreFile(fixture(file)), now: new Date(now) });
  const kept = new Set(
    result.results.flatMap((t) => t.vulnerabilities.map((f) => `${f.vulnerabilityId} ${f.pkgName}`)),
  );
  const suppressed = result.results.flatMap((t) =>
    (t.modifiedFindings ?? []).map(
      (m) => `${m.finding.vulnerabilityId} ${m.finding.pkgName} ${m.status} ${m.statement}`,
    ),
  );
  return { kept, suppressed, total: result.results.reduce((n, t) => n + t.vulnerabilities.length, 0) };
}
const before = scan.results.reduce((n, t) => n + t.vulnerabilities.length, 0);

describe('.trivyignore', () => {
  it('suppresses listed ids until their expiry date, keeping them as ignored findings', () => {
    const { kept, suppressed, total } = outcome('trivyignore', '2026-01-02T00:00:00Z');
    expect(kept.has('CVE-2023-23916 curl')).toBe(false);
    expect(kept.has('CVE-2024-49766 Werkzeug')).toBe(false);
    // exp:2025-12-31 has passed: the entry no longer suppresses.
    expect(kept.has('CVE-2022-43552 curl')).toBe(true);
    expect(suppressed).toContain('CVE-2023-23916 curl ignored ');
    expect(total + suppressed.length).toBe(before);
  });

  it('an entry stops suppressing once its date has passed (the clock is the filter option)', () => {
    expect(outcome('trivyignore', '2026-06-30T00:00:00Z').kept.has('CVE-2023-23916 curl')).toBe(false);
    expect(outcome('trivyignore', '2026-06-30T00:00:01Z').kept.has('CVE-2023-23916 curl')).toBe(true);
  });

  const cases: { name: string; text: string; want: string[] }[] = [
    { name: 'comments and blank lines are skipped', text: '# c\n\n  CVE-1  \n', want: ['CVE-1'] },
    { name: 'a trailing comment after the expiry', text: 'CVE-2 exp:2030-01-01 # why', want: ['CVE-2'] },
    { name: 'fields other than exp: are ignored', text: 'CVE-3 note', want: ['CVE-3'] },
  ];
  it.each(cases)('parse: $name', ({ text, want }) => {
    expect(parseIgnoreText(text, '.trivyignore').map((e) => e.id)).toEqual(want);
  });

  const bad: { name: string; text: string; message: string }[] = [
    { name: 'a month that does not exist', text: 'CVE-1\nCVE-2 exp:2026-13-01\n', message: '.trivyignore:2:' },
    { name: 'a date in another layout', text: 'CVE-2 exp:01/02/2026', message: '.trivyignore:1:' },
  ];
  it.each(bad)('malformed: $name is a UsageError naming the line', ({ text, message }) => {
    expect(() => parseIgnoreText(text, '.trivyignore')).toThrow(UsageError);
    expect(() => parseIgnoreText(text, '.trivyignore')).toThrow(message);
  });

  it('a missing ignore file suppresses nothing', () => {
    expect(loadIgnoreFile(path.join(os.tmpdir(), 'no-such-dir', '.trivyignore')).vulnerabilities).toEqual([]);
  });
});

describe('.trivyignore.yaml', () => {
  it('matches by id, purl and path, records the statement, and drops expired entries', () => {
    const { kept, suppressed } = outcome('trivyignore.yaml', '2026-01-02T00:00:00Z');
    expect(suppressed).toContain("CVE-2024-49767 Werkzeug ignored multipart parsing is behind the proxy's size limit");
    expect(kept.has('CVE-2025-66221 Werkzeug')).toBe(false); // purl without a version matches any version
    expect(kept.has('CVE-2026-21860 Werkzeug')).toBe(true); // the path names Flask's files, not Werkzeug's
    expect(kept.has('CVE-2026-27199 Werkzeug')).toBe(true); // expired_at 2025-01-01
    expect(outcome('trivyignore.yaml', '2026-07-01T00:00:00Z').kept.has('CVE-2025-66221 Werkzeug')).toBe(true);
  });

  const bad: { name: string; text: string; message: string }[] = [
    { name: 'broken YAML', text: 'vulnerabilities:\n  - id: CVE-1\n   bad: [\n', message: 'x.yaml:3:' },
    {
      name: 'an entry without an id',
      text: 'vulnerabilities:\n  - id: CVE-1\n  - statement: x\n',
      message: 'x.yaml:3:',
    },
    {
      name: 'a purl that does not parse',
      text: 'vulnerabilities:\n  - id: CVE-1\n    purls: ["npm/x"]\n',
      message: 'x.yaml:2:',
    },
    { name: 'a bad date', text: 'vulnerabilities:\n\n  - id: CVE-1\n    expired_at: soon\n', message: 'x.yaml:3:' },
    { name: 'vulnerabilities that are not a list', text: 'vulnerabilities:\n  id: CVE-1\n', message: 'x.yaml:2:' },
  ];
  it.each(bad)('malformed: $name is a UsageError naming the line', ({ text, message }) => {
    expect(() => parseIgnoreYaml(text, 'x.yaml')).toThrow(UsageError);
    expect(() => parseIgnoreYaml(text, 'x.yaml')).toThrow(message);
  });

  it('a malformed file given by path names the file', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'barnacle-ignore-'));
    const file = path.join(dir, '.trivyignore.yaml');
    writeFileSync(file, 'vulnerabilities:\n  - statement: no id\n');
    expect(() => loadIgnoreFile(file)).toThrow(`${file}:2:`);
  });
});

describe('path globs (doublestar)', () => {
  const cases: { pattern: string; path: string; want: boolean }[] = [
    { pattern: 'usr/**/METADATA', path: 'usr/local/lib/x/METADATA', want: true },
    { pattern: '**/METADATA', path: 'METADATA', want: true },
    { pattern: 'usr/*/METADATA', path: 'usr/local/lib/METADATA', want: false },
    { pattern: 'a/{b,c}.json', path: 'a/c.json', want: true },
    { pattern: 'a/[ab].json', path: 'a/c.json', want: false },
    { pattern: 'a/?.json', path: 'a/b.json', want: true },
    // doublestar v4: `**` is special only as a whole path segment; inside one it is `*`.
    { pattern: 'usr/lib**', path: 'usr/lib/x/METADATA', want: false },
    { pattern: 'usr/lib**', path: 'usr/lib64', want: true },
    { pattern: 'usr/**', path: 'usr/lib/x/METADATA', want: true },
  ];
  it.each(cases)('$pattern on $path is $want', ({ pattern, path: p, want }) => {
    expect(globRegExp(pattern)?.test(p)).toBe(want);
  });
  it('an unclosed class is not a pattern', () => expect(globRegExp('a/[b')).toBeNull());
});
