// The "report with licenses" case of Trivy's pkg/report/sarif_test.go (TestReportWriter_Sarif), at commit dc3c56e.
import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../types.js';
import { sarifLog } from './sarif.js';

const scan: ScanResult = {
  schemaVersion: 2,
  createdAt: '2021-08-25T12:20:30.000000005Z',
  artifactName: '/tmp/scan',
  artifactType: 'filesystem',
  metadata: {},
  results: [
    {
      target: 'OS Packages',
      class: 'license',
      type: '',
      packages: [],
      vulnerabilities: [],
      licenses: [
        {
          severity: 'HIGH',
          category: 'restricted',
          pkgName: 'alpine-base',
          filePath: '',
          name: 'GPL-3.0',
          text: '',
          confidence: 1,
          link: '',
        },
      ],
    },
  ],
};

describe('SARIF licenses', () => {
  const options = { severities: [], listAllPkgs: false, color: false, version: '' } as const;
  const run = (sarifLog(scan, options) as { runs: { tool: { driver: { rules: unknown[] } }; results: unknown[] }[] })
    .runs[0];

  it("writes Trivy's rule for a license", () => {
    expect(JSON.parse(JSON.stringify(run?.tool.driver.rules))).toEqual([
      {
        id: 'alpine-base:GPL-3.0',
        name: 'License',
        shortDescription: { text: 'GPL-3.0 in alpine-base' },
        fullDescription: { text: 'GPL-3.0 in alpine-base' },
        defaultConfiguration: { level: 'error' },
        help: {
          text: 'License GPL-3.0\nClassification: restricted\nPkgName: alpine-base\nPath: ',
          markdown:
            '**License GPL-3.0**\n| PkgName | Classification | Path |\n| --- | --- | --- |\n|alpine-base|restricted||',
        },
        properties: { tags: ['license', 'security', 'HIGH'], precision: 'very-high', 'security-severity': '8.0' },
      },
    ]);
  });

  it("writes Trivy's result, located at the target written as a URI", () => {
    expect(JSON.parse(JSON.stringify(run?.results))).toEqual([
      {
        ruleId: 'alpine-base:GPL-3.0',
        ruleIndex: 0,
        level: 'error',
        message: {
          text: 'Artifact: OS Packages\nLicense GPL-3.0\nPkgName: alpine-base\n Classification: restricted\n Path: ',
        },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'OS%20Packages', uriBaseId: 'ROOTPATH' },
              region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
            },
            message: { text: '' },
          },
        ],
      },
    ]);
  });
});
