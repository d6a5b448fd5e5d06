// SARIF 2.1.0 for GitHub code scanning, as Trivy's SarifWriter writes it (trivy pkg/report/sarif.go,
// go-sarif v2 field order): one rule per vulnerability id (the first finding describes it), one result per
// finding located at the package's file or at the image, `security-severity` from the CVSS v3 score of the
// severity source, else from the severity. The driver names barnacle instead of Trivy.
import type { DetectedLicense } from '../licensing/types.js';
import type { SecretFinding } from '../secret/types.js';
import type { Finding, Package, ScanResult, Severity, TargetResult } from '../types.js';
import { type GoValue, goMap, marshalIndent } from './go-json.js';
import type { Reporter, ReportOptions } from './types.js';

const SCHEMA = 'https://raw.githubusercontent.com/oasis-tcs/sarif-spec/main/sarif-2.1/schema/sarif-schema-2.1.0.json';

/** toSarifErrorLevel. */
const LEVEL: Readonly<Record<Severity, string>> = {
  CRITICAL: 'error',
  HIGH: 'error',
  MEDIUM: 'warning',
  LOW: 'note',
  UNKNOWN: 'note',
};

/** severityToScore: the score of a finding without a CVSS v3 score. */
const SEVERITY_SCORE: Readonly<Record<Severity, string>> = {
  CRITICAL: '9.5',
  HIGH: '8.0',
  MEDIUM: '5.5',
  LOW: '2.0',
  UNKNOWN: '0.0',
};

/** toSarifRuleName. */
const RULE_NAME = {
  'os-pkgs': 'OsPackageVulnerability',
  'lang-pkgs': 'LanguageSpecificPackageVulnerability',
  secret: 'Secret',
  license: 'License',
} as const;

/** The help link of every secret rule (Trivy's builtinRulesUrl). */
const SECRET_RULES_URL = 'https://github.com/aquasecurity/trivy/blob/main/pkg/fanal/secret/builtin-rules.go';

/**
 * ToPathUri: an OS target (`name:tag (debian 11.5)`) becomes its repository (`library/name` for a Docker
 * Hub reference, the path for an archive); language targets are kept.
 */
export function pathUri(target: string, resultClass: TargetResult['class']): string {
  if (resultClass !== 'os-pkgs') return target;
  const path = /^(.+?)(?:\s*\(.*?\).*?)?$/.exec(target)?.[1] ?? target;
  return repositoryOf(path) ?? path.replaceAll('\\', '/');
}

/** The repository of an image reference as go-containerregistry's name.ParseReference gives it, if it is one. */
function repositoryOf(reference: string): string | undefined {
  const m =
    /^(?:([a-z0-9.-]+(?::\d+)?|localhost)\/)?([a-z0-9]+(?:[._-]+[a-z0-9]+|\/[a-z0-9]+(?:[._-]+[a-z0-9]+)*)*)(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/.exec(
      reference,
    );
  if (!m?.[2]) return undefined;
  let [registry, repo] = [m[1], m[2]];
  // A first component without a dot or port is part of the repository (Docker Hub).
  if (registry && !registry.includes('.') && !registry.includes(':') && registry !== 'localhost') {
    repo = `${registry}/${repo}`;
    registry = undefined;
  }
  const dockerHub = !registry || registry === 'docker.io' || registry === 'index.docker.io';
  return dockerHub && !repo.includes('/') ? `library/${repo}` : repo;
}

/** toCVSSData: the severity source's CVSS members (zero values left out) and the security-severity score. */
function cvssData(finding: Finding): { data: Record<string, GoValue>; score: string } {
  const cvss = finding.severitySource ? finding.cvss?.[finding.severitySource] : undefined;
  const data: Record<string, GoValue> = {};
  if (!cvss) return { data, score: SEVERITY_SCORE[finding.severity] };
  const entries: [string, string | number | undefined][] = [
    ['cvssv2_vector', cvss.v2Vector],
    ['cvssv2_score', cvss.v2Score],
    ['cvssv3_vector', cvss.v3Vector],
    ['cvssv3_baseScore', cvss.v3Score],
    ['cvssv40_vector', cvss.v40Vector],
    ['cvssv40_baseScore', cvss.v40Score],
  ];
  for (const [key, value] of entries) if (value) data[key] = value;
  return { data, score: cvss.v3Score ? cvss.v3Score.toFixed(1) : SEVERITY_SCORE[finding.severity] };
}

function properties(finding: Finding): GoValue {
  const { data, score } = cvssData(finding);
  return goMap({
    ...data,
    tags: ['vulnerability', 'security', finding.severity],
    precision: 'very-high',
    'security-severity': score,
  });
}

const or = (value: string | undefined) => value ?? '';

function rule(finding: Finding, resultClass: TargetResult['class']): GoValue {
  const v = finding;
  const url = or(v.primaryUrl);
  const description = or(v.description);
  return {
    id: v.vulnerabilityId,
    name: RULE_NAME[resultClass],
    shortDescription: { text: or(v.title) },
    fullDescription: { text: description || or(v.title) },
    defaultConfiguration: { level: LEVEL[v.severity] },
    helpUri: url || undefined,
    help: {
      text: `Vulnerability ${v.vulnerabilityId}\nSeverity: ${v.severity}\nPackage: ${v.pkgName}\nFixed Version: ${or(v.fixedVersion)}\nLink: [${v.vulnerabilityId}](${url})\n${description}`,
      markdown: `**Vulnerability ${v.vulnerabilityId}**\n| Severity | Package | Fixed Version | Link |\n| --- | --- | --- | --- |\n|${v.severity}|${v.pkgName}|${or(v.fixedVersion)}|[${v.vulnerabilityId}](${url})|\n\n${description}`,
    },
    properties: properties(v),
  };
}

/** The lines of the package in its lock file; one line-1 region when it has none (Trivy's default). */
function regions(finding: Finding, packages: readonly Package[]): { startLine: number; endLine: number }[] {
  const pkg = packages.find((p) => p.name === finding.pkgName && p.version === finding.installedVersion);
  const lines = (pkg?.locations ?? []).map((l) => ({ startLine: l.startLine || 1, endLine: l.endLine || 1 }));
  return lines.length > 0 ? lines : [{ startLine: 1, endLine: 1 }];
}

function result(finding: Finding, target: TargetResult, ruleIndex: number): GoValue {
  const v = finding;
  const path = v.pkgPath ? pathUri(v.pkgPath, target.class) : pathUri(target.target, target.class);
  const url = or(v.primaryUrl);
  return {
    ruleId: v.vulnerabilityId,
    ruleIndex,
    level: LEVEL[v.severity],
    message: {
      text: `Package: ${v.pkgName}\nInstalled Version: ${v.installedVersion}\nVulnerability ${v.vulnerabilityId}\nSeverity: ${v.severity}\nFixed Version: ${or(v.fixedVersion)}\nLink: [${v.vulnerabilityId}](${url})`,
    },
    locations: regions(v, target.packages).map((region) => ({
      physicalLocation: {
        artifactLocation: { uri: path, uriBaseId: 'ROOTPATH' },
        region: { startLine: region.startLine, startColumn: 1, endLine: region.endLine, endColumn: 1 },
      },
      message: { text: `${path}: ${v.pkgName}@${v.installedVersion}` },
    })),
  };
}

/**
 * A secret's rule. go-sarif's AddRule returns the rule already added under the id and Trivy sets its fields again,
 * so the last finding of a rule describes it.
 */
function secretRule(secret: SecretFinding): GoValue {
  const s = secret;
  return {
    id: s.ruleId,
    name: RULE_NAME.secret,
    shortDescription: { text: s.title },
    fullDescription: { text: s.match },
    defaultConfiguration: { level: LEVEL[s.severity] },
    helpUri: SECRET_RULES_URL,
    help: {
      text: `Secret ${s.title}\nSeverity: ${s.severity}\nMatch: ${s.match}`,
      markdown: `**Secret ${s.title}**\n| Severity | Match |\n| --- | --- |\n|${s.severity}|${s.match}|`,
    },
    properties: goMap({
      tags: ['secret', 'security', s.severity],
      precision: 'very-high',
      'security-severity': SEVERITY_SCORE[s.severity],
    }),
  };
}

/** A secret's result, located at its lines of the file (line 1 when it has none). */
function secretResult(secret: SecretFinding, target: TargetResult, ruleIndex: number): GoValue {
  const s = secret;
  const lines = s.startLine === 0 && s.endLine === 0 ? { start: 1, end: 1 } : { start: s.startLine, end: s.endLine };
  return {
    ruleId: s.ruleId,
    ruleIndex,
    level: LEVEL[s.severity],
    message: {
      text: `Artifact: ${target.target}\nType: ${target.type}\nSecret ${s.title}\nSeverity: ${s.severity}\nMatch: ${s.match}`,
    },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: target.target, uriBaseId: 'ROOTPATH' },
          region: { startLine: lines.start, startColumn: 1, endLine: lines.end, endColumn: 1 },
        },
        message: { text: target.target },
      },
    ],
  };
}

/** Go's url.URL String() of a path: characters a path may not hold as they are (a space) percent-encoded. */
const uriOf = (path: string): string =>
  path.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/[\]%]/gu, (c) =>
    [...Buffer.from(c)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );

/** A license's rule and result, as Trivy's SarifWriter writes each license of a license target. */
function licenseEntry(
  license: DetectedLicense,
  target: TargetResult,
  ruleIndex: number,
): { rule: GoValue; result: GoValue } {
  const l = license;
  const severity: Severity = l.severity || 'UNKNOWN';
  const id = `${l.pkgName}:${l.name}`;
  const description = `${l.name} in ${l.pkgName}`;
  const rule: GoValue = {
    id,
    name: RULE_NAME.license,
    shortDescription: { text: description },
    fullDescription: { text: description },
    defaultConfiguration: { level: LEVEL[severity] },
    helpUri: l.link ? uriOf(l.link) : undefined,
    help: {
      text: `License ${l.name}\nClassification: ${l.category}\nPkgName: ${l.pkgName}\nPath: ${l.filePath}`,
      markdown: `**License ${l.name}**\n| PkgName | Classification | Path |\n| --- | --- | --- |\n|${l.pkgName}|${l.category}|${l.filePath}|`,
    },
    properties: goMap({
      tags: ['license', 'security', severity],
      precision: 'very-high',
      'security-severity': SEVERITY_SCORE[severity],
    }),
  };
  const uri = uriOf(target.target);
  const result: GoValue = {
    ruleId: id,
    ruleIndex,
    level: LEVEL[severity],
    message: {
      text: `Artifact: ${target.target}\nLicense ${l.name}\nPkgName: ${l.pkgName}\n Classification: ${l.category}\n Path: ${l.filePath}`,
    },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri, uriBaseId: 'ROOTPATH' },
          region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
        },
        message: { text: '' },
      },
    ],
  };
  return { rule, result };
}

/** The SARIF log object. */
export function sarifLog(scan: ScanResult, options: ReportOptions): GoValue {
  const rules = new Map<string, GoValue>();
  const results: GoValue[] = [];
  const ruleIndex = new Map<string, number>();
  for (const target of scan.results) {
    for (const finding of target.vulnerabilities) {
      const id = finding.vulnerabilityId;
      if (!rules.has(id)) rules.set(id, rule(finding, target.class));
      if (!ruleIndex.has(id)) ruleIndex.set(id, ruleIndex.size);
      results.push(result(finding, target, ruleIndex.get(id) ?? 0));
    }
    for (const secret of target.secrets ?? []) {
      const id = secret.ruleId;
      rules.set(id, secretRule(secret));
      if (!ruleIndex.has(id)) ruleIndex.set(id, ruleIndex.size);
      results.push(secretResult(secret, target, ruleIndex.get(id) ?? 0));
    }
    for (const license of target.licenses ?? []) {
      const id = `${license.pkgName}:${license.name}`;
      if (!ruleIndex.has(id)) ruleIndex.set(id, ruleIndex.size);
      const entry = licenseEntry(license, target, ruleIndex.get(id) ?? 0);
      rules.set(id, entry.rule);
      results.push(entry.result);
    }
  }
  const image = scan.artifactType === 'container_image';
  return {
    version: '2.1.0',
    $schema: SCHEMA,
    runs: [
      {
        tool: {
          driver: {
            fullName: 'barnacle Vulnerability Scanner',
            name: 'barnacle',
            rules: rules.size > 0 ? [...rules.values()] : undefined,
            version: options.version,
          },
        },
        results,
        columnKind: 'utf16CodeUnits',
        properties: image
          ? {
              imageID: scan.metadata.imageId ?? '',
              imageName: scan.artifactName,
              // Go's nil slices: an archive without digests has `null`, not `[]`.
              repoDigests: scan.metadata.repoDigests?.length ? scan.metadata.repoDigests : null,
              repoTags: scan.metadata.repoTags?.length ? scan.metadata.repoTags : null,
            }
          : undefined,
      },
    ],
  };
}

export const sarif: Reporter = {
  id: 'sarif',
  // go-sarif PrettyWrite: json.MarshalIndent, no trailing newline.
  render: (result, options) => marshalIndent(sarifLog(result, options)),
};
