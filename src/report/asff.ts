// contrib/asff.tpl: findings in the AWS Security Finding Format, for `aws securityhub batch-import-findings`.
// Security Hub accepts findings only from products it knows: the product ARN, generator and product name are
// those of Trivy's registered integration, as the template writes them. The account and region come from
// AWS_ACCOUNT_ID and AWS_REGION. Times are the scan's (the template's `now`, taken when the scan ran).
import type { ScanResult, TargetResult } from '../types.js';
import { goTime } from './go-json.js';
import type { ReportOptions } from './types.js';

/** The template's limits, in bytes as Go's len counts them. */
const MAX_IMAGE_NAME = 127;
const MAX_DESCRIPTION = 512;

export function asffReport(scan: ScanResult, options: ReportOptions): string {
  const region = options.env?.AWS_REGION ?? '';
  const account = options.env?.AWS_ACCOUNT_ID ?? '';
  const time = goTime(scan.createdAt);
  const findings = scan.results.flatMap((target) => [
    ...findingsOf(target, region, account, time),
    ...secretFindingsOf(target, region, account, time),
  ]);
  return `${JSON.stringify({ Findings: findings }, null, 2)}\n`;
}

function findingsOf(target: TargetResult, region: string, account: string, time: string | undefined) {
  const name = target.target;
  const image = Buffer.byteLength(name) > MAX_IMAGE_NAME ? `...${Array.from(name).slice(-124).join('')}` : name;
  return target.vulnerabilities.map((v) => {
    const nvd = v.cvss?.nvd;
    return {
      SchemaVersion: '2018-10-08',
      Id: `${name}/${v.vulnerabilityId}`,
      ProductArn: `arn:aws:securityhub:${region}::product/aquasecurity/aquasecurity`,
      GeneratorId: `Trivy/${v.vulnerabilityId}`,
      AwsAccountId: account,
      Types: ['Software and Configuration Checks/Vulnerabilities/CVE'],
      CreatedAt: time,
      UpdatedAt: time,
      Severity: { Label: v.severity === 'UNKNOWN' ? 'INFORMATIONAL' : v.severity },
      Title: `Trivy found a vulnerability to ${v.vulnerabilityId} in container ${name}, related to ${v.pkgName}`,
      Description: escapeHtml(truncated(v.description ?? '')),
      ...(v.primaryUrl
        ? {
            Remediation: {
              Recommendation: {
                Text: 'More information on this vulnerability is provided in the hyperlink',
                Url: v.primaryUrl,
              },
            },
          }
        : {}),
      ProductFields: { 'Product Name': 'Trivy' },
      Resources: [
        {
          Type: 'Container',
          Id: name,
          Partition: 'aws',
          Region: region,
          Details: {
            Container: { ImageName: image },
            Other: {
              'CVE ID': v.vulnerabilityId,
              'CVE Title': v.title ?? '',
              PkgName: v.pkgName,
              'Installed Package': v.installedVersion,
              'Patched Package': v.fixedVersion ?? '',
              NvdCvssScoreV3: String(nvd?.v3Score ?? 0),
              NvdCvssVectorV3: nvd?.v3Vector ?? '',
              NvdCvssScoreV2: String(nvd?.v2Score ?? 0),
              NvdCvssVectorV2: nvd?.v2Vector ?? '',
            },
          },
        },
      ],
      RecordState: 'ACTIVE',
    };
  });
}

/** The template's finding for each secret of a file. */
function secretFindingsOf(target: TargetResult, region: string, account: string, time: string | undefined) {
  const name = target.target;
  return (target.secrets ?? []).map((s) => ({
    SchemaVersion: '2018-10-08',
    Id: name,
    ProductArn: `arn:aws:securityhub:${region}::product/aquasecurity/aquasecurity`,
    GeneratorId: 'Trivy',
    AwsAccountId: account,
    Types: ['Sensitive Data Identifications'],
    CreatedAt: time,
    UpdatedAt: time,
    Severity: { Label: s.severity === 'UNKNOWN' ? 'INFORMATIONAL' : s.severity },
    Title: `Trivy found a secret in ${name}: ${s.title}`,
    Description: `Trivy found a secret in ${name}: ${s.title}`,
    ProductFields: { 'Product Name': 'Trivy' },
    Resources: [{ Type: 'Other', Id: name, Partition: 'aws', Region: region, Details: { Other: { Filename: name } } }],
    RecordState: 'ACTIVE',
  }));
}

/**
 * The first 512 bytes and " ..", as the template cuts a longer description; the cut never splits a character
 * (the template's byte cut can, and then writes bytes that are not UTF-8).
 */
function truncated(text: string): string {
  const bytes = Buffer.from(text);
  if (bytes.length <= MAX_DESCRIPTION) return text;
  let end = MAX_DESCRIPTION;
  // Back to the first byte of a character: continuation bytes are 10xxxxxx.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return `${bytes.subarray(0, end).toString()} ..`;
}

/** Go's html.EscapeString. */
function escapeHtml(text: string): string {
  const entities: Readonly<Record<string, string>> = {
    '<': '&lt;',
    '>': '&gt;',
    '&': '&amp;',
    "'": '&#39;',
    '"': '&#34;',
  };
  return text.replace(/[<>&'"]/g, (c) => entities[c] ?? c);
}
