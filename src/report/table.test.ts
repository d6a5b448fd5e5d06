// Expected outputs are Trivy's own (aquasecurity/trivy pkg/report/table/{table,summary,vulnerability}_test.go
// at commit dc3c56e), rebuilt here from the same inputs.
import { describe, expect, it } from 'vitest';
import type { Finding, Package, ScanResult, Severity, TargetResult } from '../types.js';
import { wrapText } from './box-table.js';
import { table } from './table.js';
import type { ReportOptions } from './types.js';

const finding = (over: Partial<Finding>): Finding => ({
  vulnerabilityId: 'CVE-2020-0001',
  pkgId: '',
  pkgName: 'foo',
  installedVersion: '1.2.3',
  status: 'fixed',
  severity: 'HIGH',
  ...over,
});
const lang = (target: string, type: string, vulnerabilities: Finding[], packages: Package[] = []): TargetResult => ({
  target,
  class: 'lang-pkgs',
  type,
  packages,
  vulnerabilities,
});
const report = (...results: TargetResult[]): ScanResult => ({
  schemaVersion: 2,
  createdAt: '2021-08-25T12:20:30.000000005Z',
  artifactName: 'test',
  artifactType: 'container_image',
  metadata: {},
  results,
});
const options = (severities: Severity[], scanners = ['vuln']): ReportOptions => ({
  severities,
  listAllPkgs: false,
  color: false,
  version: 'dev',
  scanners,
});
const SUMMARY_ONE_JAR = (count: number) => `
Report Summary

┌──────────┬──────┬─────────────────┐
│  Target  │ Type │ Vulnerabilities │
├──────────┼──────┼─────────────────┤
│ test.jar │ jar  │        ${count}        │
└──────────┴──────┴─────────────────┘
Legend:
- '-': Not scanned
- '0': Clean (no security findings detected)

`;
const detail = (title: string, rows: string) => `
${title}
${'='.repeat(title.length)}
Total: 1 (MEDIUM: 0, HIGH: 1)

${rows}`;

describe('table', () => {
  const jarPackage: Package = { id: '', name: 'foo', version: '1.2.3', filePath: 'test.jar' };
  const cases: { name: string; result: ScanResult; want: string }[] = [
    {
      name: 'summary then a detailed table; the library cell names the jar',
      result: report(
        lang(
          'test',
          'jar',
          [
            finding({
              pkgPath: 'test.jar',
              status: 'will_not_fix',
              title: 'foobar',
              description: 'baz',
              primaryUrl: 'https://avd.aquasec.com/nvd/cve-2020-0001',
            }),
          ],
          [jarPackage],
        ),
      ),
      want:
        SUMMARY_ONE_JAR(1) +
        detail(
          'test (jar)',
          `┌────────────────┬───────────────┬──────────┬──────────────┬───────────────────┬───────────────┬───────────────────────────────────────────┐
│    Library     │ Vulnerability │ Severity │    Status    │ Installed Version │ Fixed Version │                   Title                   │
├────────────────┼───────────────┼──────────┼──────────────┼───────────────────┼───────────────┼───────────────────────────────────────────┤
│ foo (test.jar) │ CVE-2020-0001 │ HIGH     │ will_not_fix │ 1.2.3             │               │ foobar                                    │
│                │               │          │              │                   │               │ https://avd.aquasec.com/nvd/cve-2020-0001 │
└────────────────┴───────────────┴──────────┴──────────────┴───────────────────┴───────────────┴───────────────────────────────────────────┘
`,
        ),
    },
    {
      name: 'a target without findings still prints its title and zero total, for CI logs',
      result: report(lang('test', 'jar', [], [jarPackage])),
      want: `${SUMMARY_ONE_JAR(0)}
test (jar)
==========
Total: 0 (MEDIUM: 0, HIGH: 0)

`,
    },
    {
      name: 'the description stands in for a missing title; no URL line without a primary URL',
      result: report(
        lang(
          'test',
          'jar',
          [finding({ fixedVersion: '3.4.5', description: 'foobar' })],
          [{ ...jarPackage, filePath: undefined }],
        ),
      ),
      want: `
Report Summary

┌────────┬──────┬─────────────────┐
│ Target │ Type │ Vulnerabilities │
├────────┼──────┼─────────────────┤
│ test   │ jar  │        1        │
└────────┴──────┴─────────────────┘
Legend:
- '-': Not scanned
- '0': Clean (no security findings detected)

${detail(
  'test (jar)',
  `┌─────────┬───────────────┬──────────┬────────┬───────────────────┬───────────────┬────────┐
│ Library │ Vulnerability │ Severity │ Status │ Installed Version │ Fixed Version │ Title  │
├─────────┼───────────────┼──────────┼────────┼───────────────────┼───────────────┼────────┤
│ foo     │ CVE-2020-0001 │ HIGH     │ fixed  │ 1.2.3             │ 3.4.5         │ foobar │
└─────────┴───────────────┴──────────┴────────┴───────────────────┴───────────────┴────────┘
`,
)}`,
    },
  ];
  it.each(cases)('$name', ({ result, want }) => expect(table.render(result, options(['MEDIUM', 'HIGH']))).toBe(want));

  it('cuts a title after 12 words', () => {
    const long = finding({
      vulnerabilityId: 'CVE-2020-1234',
      fixedVersion: '3.4.5',
      title: 'a b c d e f g h i j k l m n o p q r s t u v',
      primaryUrl: 'https://avd.aquasec.com/nvd/cve-2020-1234',
    });
    const out = table.render(
      report({ ...lang('test', 'pip', [long]), target: 'requirements.txt' }),
      options(['MEDIUM', 'HIGH']),
    );
    expect(
      out,
    ).toContain(`│ foo     │ CVE-2020-1234 │ HIGH     │ fixed  │ 1.2.3             │ 3.4.5         │ a b c d e f g h i j k l...                │
│         │               │          │        │                   │               │ https://avd.aquasec.com/nvd/cve-2020-1234 │`);
  });

  it('merges equal cells of consecutive rows', () => {
    const out = table.render(
      report(
        lang('package-lock.json', 'npm', [
          finding({
            vulnerabilityId: 'CVE-2022-0235',
            pkgName: 'node-fetch',
            installedVersion: '1.7.3',
            fixedVersion: '2.6.7, 3.1.1',
            title: 'foobar',
          }),
          finding({
            vulnerabilityId: 'CVE-2021-26539',
            pkgName: 'sanitize-html',
            installedVersion: '1.20.0',
            fixedVersion: '2.3.1',
            title: 'foobar',
            severity: 'MEDIUM',
          }),
        ]),
      ),
      options(['MEDIUM', 'HIGH']),
    );
    expect(out).toContain(`
package-lock.json (npm)
=======================
Total: 2 (MEDIUM: 1, HIGH: 1)

┌───────────────┬────────────────┬──────────┬────────┬───────────────────┬───────────────┬────────┐
│    Library    │ Vulnerability  │ Severity │ Status │ Installed Version │ Fixed Version │ Title  │
├───────────────┼────────────────┼──────────┼────────┼───────────────────┼───────────────┼────────┤
│ node-fetch    │ CVE-2022-0235  │ HIGH     │ fixed  │ 1.7.3             │ 2.6.7, 3.1.1  │ foobar │
├───────────────┼────────────────┼──────────┤        ├───────────────────┼───────────────┤        │
│ sanitize-html │ CVE-2021-26539 │ MEDIUM   │        │ 1.20.0            │ 2.3.1         │        │
└───────────────┴────────────────┴──────────┴────────┴───────────────────┴───────────────┴────────┘
`);
  });

  it('splits aggregated package types into one summary row per file', () => {
    const os: TargetResult = {
      target: 'test (alpine 3.20.3)',
      class: 'os-pkgs',
      type: 'alpine',
      packages: [],
      vulnerabilities: [
        finding({ vulnerabilityId: 'CVE-2024-9143', pkgName: 'libcrypto3' }),
        finding({ vulnerabilityId: 'CVE-2024-9143', pkgName: 'libssl3' }),
      ],
    };
    const jars = lang(
      'Java',
      'jar',
      [
        finding({
          vulnerabilityId: 'CVE-2022-42003',
          pkgName: 'com.fasterxml.jackson.core:jackson-databind',
          pkgPath: 'app/jackson-databind-2.13.4.1.jar',
        }),
        finding({
          vulnerabilityId: 'CVE-2021-44832',
          pkgName: 'org.apache.logging.log4j:log4j-core',
          pkgPath: 'app/jackson-databind-2.13.4.1.jar/nested/app2/log4j-core-2.17.0.jar',
        }),
      ],
      [
        {
          id: '',
          name: 'com.fasterxml.jackson.core:jackson-databind',
          version: '',
          filePath: 'app/jackson-databind-2.13.4.1.jar',
        },
        { id: '', name: 'com.google.code.gson:gson', version: '', filePath: 'app/gson-2.11.0.jar' },
        {
          id: '',
          name: 'org.apache.logging.log4j:log4j-core',
          version: '',
          filePath: 'app/jackson-databind-2.13.4.1.jar/nested/app2/log4j-core-2.17.0.jar',
        },
      ],
    );
    expect(table.render(report(os, jars), options(['HIGH'])).split('\n\n\n')[0]).toBe(`
Report Summary

┌───────────────────────────────────┬────────┬─────────────────┐
│              Target               │  Type  │ Vulnerabilities │
├───────────────────────────────────┼────────┼─────────────────┤
│ test (alpine 3.20.3)              │ alpine │        2        │
├───────────────────────────────────┼────────┼─────────────────┤
│ app/gson-2.11.0.jar               │  jar   │        0        │
├───────────────────────────────────┼────────┼─────────────────┤
│ app/jackson-databind-2.13.4.1.jar │  jar   │        2        │
└───────────────────────────────────┴────────┴─────────────────┘
Legend:
- '-': Not scanned
- '0': Clean (no security findings detected)`);
  });

  it('shows a column per scanner, "-" where a scanner does not apply', () => {
    const out = table.render(report(lang('requirements.txt', 'pip', [])), options(['HIGH'], ['vuln', 'secret']));
    expect(out).toContain(`┌──────────────────┬──────┬─────────────────┬─────────┐
│      Target      │ Type │ Vulnerabilities │ Secrets │
├──────────────────┼──────┼─────────────────┼─────────┤
│ requirements.txt │ pip  │        0        │    -    │
└──────────────────┴──────┴─────────────────┴─────────┘`);
  });
});

describe('table modes (--table-mode)', () => {
  const jarPackage: Package = { id: '', name: 'foo', version: '1.2.3', filePath: 'test.jar' };
  const vulnerable = report(
    lang(
      'test',
      'jar',
      [finding({ pkgPath: 'test.jar', status: 'will_not_fix', title: 'foobar', description: 'baz' })],
      [jarPackage],
    ),
  );
  const render = (tableModes: string[]) => table.render(vulnerable, { ...options(['MEDIUM', 'HIGH']), tableModes });
  const cases: { name: string; modes: string[]; summary: boolean; detailed: boolean }[] = [
    {
      name: 'summary and detailed print both, as the default does',
      modes: ['summary', 'detailed'],
      summary: true,
      detailed: true,
    },
    { name: 'summary alone prints only the Report Summary', modes: ['summary'], summary: true, detailed: false },
    { name: 'detailed alone prints only the per-target tables', modes: ['detailed'], summary: false, detailed: true },
    { name: 'no mode prints nothing', modes: [], summary: false, detailed: false },
  ];
  it.each(cases)('$name', ({ modes, summary, detailed }) => {
    const out = render(modes);
    expect(out.includes('Report Summary')).toBe(summary);
    expect(out.includes('Total: 1 (MEDIUM: 0, HIGH: 1)')).toBe(detailed);
  });
  it('prints exactly Trivy\'s summary-only output (table_test.go, "no detailed")', () =>
    expect(render(['summary'])).toBe(SUMMARY_ONE_JAR(1)));
  it('prints the same as without --table-mode when both modes are given', () =>
    expect(render(['detailed', 'summary'])).toBe(table.render(vulnerable, options(['MEDIUM', 'HIGH']))));
});

describe('table colours', () => {
  const colored = (color: boolean) =>
    table.render(report(lang('requirements.txt', 'pip', [finding({ severity: 'CRITICAL', title: 'x' })])), {
      ...options(['CRITICAL']),
      color,
    });
  it('colours severities on a terminal, as Trivy (red for CRITICAL)', () =>
    expect(colored(true)).toContain('\x1b[31mCRITICAL\x1b[0m'));
  it('keeps the layout: colour codes take no width', () => {
    const plain = colored(false).split('\n');
    const strip = (line: string) => line.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '');
    expect(
      colored(true)
        .split('\n')
        .map(strip)
        .filter((line) => line.startsWith('│') || line.startsWith('┌')),
    ).toEqual(plain.filter((line) => line.startsWith('│') || line.startsWith('┌')));
  });
  it('writes no escape codes otherwise', () => expect(colored(false)).not.toContain(String.fromCharCode(27)));
});

describe('wrapText', () => {
  const cases: { name: string; input: string; size: number; want: string[] }[] = [
    { name: 'short text stays on one line', input: 'foo bar', size: 60, want: ['foo bar'] },
    { name: 'words move to the next line', input: 'aaa bbb ccc', size: 7, want: ['aaa bbb', 'ccc'] },
    {
      name: 'a newline starts a new line',
      input: 'title\nhttps://example.com',
      size: 60,
      want: ['title', 'https://example.com'],
    },
    { name: 'a word longer than a line is hyphenated', input: 'abcdefghij', size: 4, want: ['abc-', 'def-', 'ghij'] },
    { name: 'empty text is one empty line', input: '', size: 0, want: [''] },
  ];
  it.each(cases)('$name', ({ input, size, want }) => expect(wrapText(input, size)).toEqual(want));
});

// Trivy's pkg/report/table/vulnerability_test.go (commit dc3c56e): "happy path with vulnerability origin graph
// with direct dependency info" and "... with unknown relationships", rebuilt from the same packages and findings.
describe('dependency origin tree (--dependency-tree)', () => {
  const pkg = (id: string, relationship: Package['relationship'], dependsOn?: string[]): Package => {
    const [name = '', version = ''] = id.split('@');
    return { id, name, version, relationship, ...(dependsOn ? { dependsOn } : {}) };
  };
  const vuln = (pkgId: string, vulnerabilityId: string, severity: Severity, fixedVersion: string): Finding =>
    finding({
      pkgId,
      pkgName: pkgId.split('@')[0] ?? '',
      installedVersion: pkgId.split('@')[1] ?? '',
      vulnerabilityId,
      severity,
      fixedVersion,
      title: 'foobar',
      description: 'baz',
    });
  const npm = (relationships: 'known' | 'unknown') => {
    const rel = (r: Package['relationship']) => (relationships === 'known' ? r : 'unknown');
    const packages = [
      pkg('node-fetch@1.7.3', rel('indirect')),
      pkg('isomorphic-fetch@2.2.1', rel('indirect'), ['node-fetch@1.7.3']),
      pkg('fbjs@0.8.18', rel('indirect'), ['isomorphic-fetch@2.2.1']),
      ...(relationships === 'known' ? [pkg('sanitize-html@1.20.0', 'direct')] : []),
      pkg('styled-components@3.1.3', rel('direct'), ['fbjs@0.8.18']),
    ];
    const vulnerabilities = [
      vuln('node-fetch@1.7.3', 'CVE-2022-0235', 'HIGH', '2.6.7, 3.1.1'),
      ...(relationships === 'known' ? [vuln('sanitize-html@1.20.0', 'CVE-2021-26539', 'MEDIUM', '2.3.1')] : []),
    ];
    return report(lang('package-lock.json', 'npm', vulnerabilities, packages));
  };
  const detailed = (result: ScanResult, dependencyTree: boolean) =>
    table.render(result, { ...options(['MEDIUM', 'HIGH']), tableModes: ['detailed'], dependencyTree });

  const cases: { name: string; result: ScanResult; want: string }[] = [
    {
      name: 'an indirect package shows the direct dependency it comes from under "...(omitted)..."; a direct one none',
      result: npm('known'),
      want: `
package-lock.json (npm)
=======================
Total: 2 (MEDIUM: 1, HIGH: 1)

┌───────────────┬────────────────┬──────────┬────────┬───────────────────┬───────────────┬────────┐
│    Library    │ Vulnerability  │ Severity │ Status │ Installed Version │ Fixed Version │ Title  │
├───────────────┼────────────────┼──────────┼────────┼───────────────────┼───────────────┼────────┤
│ node-fetch    │ CVE-2022-0235  │ HIGH     │ fixed  │ 1.7.3             │ 2.6.7, 3.1.1  │ foobar │
├───────────────┼────────────────┼──────────┤        ├───────────────────┼───────────────┤        │
│ sanitize-html │ CVE-2021-26539 │ MEDIUM   │        │ 1.20.0            │ 2.3.1         │        │
└───────────────┴────────────────┴──────────┴────────┴───────────────────┴───────────────┴────────┘

Dependency Origin Tree (Reversed)
=================================
package-lock.json
├── node-fetch@1.7.3, (MEDIUM: 0, HIGH: 1)
│   └── ...(omitted)...
│       └── styled-components@3.1.3
└── sanitize-html@1.20.0, (MEDIUM: 1, HIGH: 0)
`,
    },
    {
      name: 'without relationships, a package without parents counts as the direct dependency',
      result: npm('unknown'),
      want: `
package-lock.json (npm)
=======================
Total: 1 (MEDIUM: 0, HIGH: 1)

┌────────────┬───────────────┬──────────┬────────┬───────────────────┬───────────────┬────────┐
│  Library   │ Vulnerability │ Severity │ Status │ Installed Version │ Fixed Version │ Title  │
├────────────┼───────────────┼──────────┼────────┼───────────────────┼───────────────┼────────┤
│ node-fetch │ CVE-2022-0235 │ HIGH     │ fixed  │ 1.7.3             │ 2.6.7, 3.1.1  │ foobar │
└────────────┴───────────────┴──────────┴────────┴───────────────────┴───────────────┴────────┘

Dependency Origin Tree (Reversed)
=================================
package-lock.json
└── node-fetch@1.7.3, (MEDIUM: 0, HIGH: 1)
    └── ...(omitted)...
        └── styled-components@3.1.3
`,
    },
  ];
  it.each(cases)('$name', ({ result, want }) => expect(detailed(result, true)).toBe(want));

  it('shows a direct parent of a vulnerable package as its own branch', () => {
    const result = report(
      lang(
        'package-lock.json',
        'npm',
        [vuln('qs@6.5.2', 'CVE-2022-24999', 'HIGH', '6.5.3')],
        [pkg('body-parser@1.18.3', 'direct', ['qs@6.5.2']), pkg('qs@6.5.2', 'indirect')],
      ),
    );
    expect(detailed(result, true)).toMatch(
      /package-lock\.json\n└── qs@6\.5\.2, \(MEDIUM: 0, HIGH: 1\)\n {4}└── body-parser@1\.18\.3\n$/,
    );
  });

  it('prints no tree without --dependency-tree', () =>
    expect(detailed(npm('known'), false)).not.toContain('Dependency Origin'));

  it('prints no tree for a target whose packages have no dependencies', () => {
    const result = report(
      lang(
        'package-lock.json',
        'npm',
        [vuln('qs@6.5.2', 'CVE-2022-24999', 'HIGH', '6.5.3')],
        [pkg('qs@6.5.2', 'direct')],
      ),
    );
    expect(detailed(result, true)).not.toContain('Dependency Origin');
  });
});
