// Reads a JSON report (barnacle's or Trivy's, schema v2) back into a ScanResult, for `barnacle convert`.
// Unknown members (Trivy's ReportID, Fingerprint, misconfigurations, license files...) are ignored.
import { z } from 'zod';
import { ALL_STATUSES } from '../filter/status.js';
import { LICENSE_CATEGORY_NAMES } from '../licensing/category.js';
import type { DetectedLicense, LicenseCategory, ModifiedLicense } from '../licensing/types.js';
import type { CodeLine, SecretFinding } from '../secret/types.js';
import type {
  ArtifactType,
  Cvss,
  Finding,
  LayerRef,
  ModifiedFinding,
  ModifiedSecret,
  Package,
  Relationship,
  ResultClass,
  ScanResult,
  Severity,
  SuppressionStatus,
  TargetResult,
  VulnStatus,
} from '../types.js';
import { SEVERITIES } from '../types.js';

const str = z.string().optional();
const num = z.number().optional();
const strs = z.array(z.string()).nullish();

const LayerJson = z.object({ Digest: str, DiffID: str, CreatedBy: str }).partial().nullish();
const IdentifierJson = z.object({ PURL: str }).nullish();

const PackageJson = z.object({
  ID: str,
  Name: z.string(),
  Identifier: IdentifierJson,
  Version: z.string().default(''),
  Release: str,
  Epoch: num,
  Arch: str,
  Dev: z.boolean().optional(),
  SrcName: str,
  SrcVersion: str,
  SrcRelease: str,
  SrcEpoch: num,
  Licenses: strs,
  Maintainer: str,
  Modularitylabel: str,
  Relationship: str,
  DependsOn: strs,
  Layer: LayerJson,
  FilePath: str,
  Locations: z.array(z.object({ StartLine: num, EndLine: num })).nullish(),
  InstalledFiles: strs,
});

const CvssJson = z.object({ V2Vector: str, V3Vector: str, V40Vector: str, V2Score: num, V3Score: num, V40Score: num });

const FindingJson = z.object({
  VulnerabilityID: z.string(),
  VendorIDs: strs,
  PkgID: str,
  PkgName: z.string(),
  PkgPath: str,
  PkgIdentifier: IdentifierJson,
  InstalledVersion: z.string().default(''),
  FixedVersion: str,
  Status: str,
  Layer: LayerJson,
  SeveritySource: str,
  PrimaryURL: str,
  DataSource: z
    .object({ ID: z.string().default(''), Name: z.string().default(''), URL: z.string().default('') })
    .nullish(),
  Title: str,
  Description: str,
  Severity: z.string().default('UNKNOWN'),
  CweIDs: strs,
  VendorSeverity: z.record(z.string(), z.number()).nullish(),
  CVSS: z.record(z.string(), CvssJson).nullish(),
  References: strs,
  PublishedDate: str,
  LastModifiedDate: str,
  Match: z
    .object({ AdvisoryID: z.string(), Ecosystem: z.string(), LookupName: z.string(), Range: z.string() })
    .nullish(),
});

const CodeLineJson = z.object({
  Number: z.number(),
  Content: z.string().default(''),
  IsCause: z.boolean().default(false),
  Annotation: z.string().default(''),
  Truncated: z.boolean().default(false),
  Highlighted: str,
  FirstCause: z.boolean().default(false),
  LastCause: z.boolean().default(false),
});

const SecretJson = z.object({
  RuleID: z.string(),
  Category: z.string().default(''),
  Severity: z.string().default('UNKNOWN'),
  Title: z.string().default(''),
  StartLine: z.number().default(0),
  EndLine: z.number().default(0),
  Code: z.object({ Lines: z.array(CodeLineJson).nullish() }).nullish(),
  Match: z.string().default(''),
  Layer: LayerJson,
  Offset: num,
});

const LICENSE_CATEGORIES: readonly string[] = [...LICENSE_CATEGORY_NAMES, 'unknown'];

const LicenseJson = z.object({
  Severity: z.string().default(''),
  Category: z.string().default('unknown'),
  PkgName: z.string().default(''),
  FilePath: z.string().default(''),
  Name: z.string().default(''),
  Text: z.string().default(''),
  Confidence: z.number().default(0),
  Link: z.string().default(''),
});

const ResultJson = z.object({
  Target: z.string(),
  Class: str,
  Type: str,
  Packages: z.array(PackageJson).nullish(),
  Vulnerabilities: z.array(FindingJson).nullish(),
  Secrets: z.array(SecretJson).nullish(),
  Licenses: z.array(LicenseJson).nullish(),
  ExperimentalModifiedFindings: z
    .array(z.object({ Type: z.string(), Status: z.string(), Statement: str, Source: str, Finding: z.unknown() }))
    .nullish(),
});

/** Trivy's report, the members a ScanResult carries. */
export const ReportJson = z.object({
  SchemaVersion: z.literal(2),
  CreatedAt: str,
  ArtifactName: z.string().default(''),
  ArtifactType: str,
  Metadata: z
    .object({
      Size: num,
      OS: z.object({ Family: z.string(), Name: z.string(), EOSL: z.boolean().optional() }).nullish(),
      ImageID: str,
      DiffIDs: strs,
      RepoTags: strs,
      RepoDigests: strs,
      ImageConfig: z.record(z.string(), z.unknown()).nullish(),
    })
    .nullish(),
  Results: z.array(ResultJson).nullish(),
});

const SEVERITY_NAMES: readonly string[] = SEVERITIES;
/** A severity as written, UNKNOWN for any other text. */
const severityOf = (value: string): Severity => (SEVERITY_NAMES.includes(value) ? value : 'UNKNOWN') as Severity;
const STATUSES: readonly string[] = ALL_STATUSES.filter((status) => status !== 'unknown');
const RELATIONSHIPS: readonly string[] = ['root', 'workspace', 'direct', 'indirect'];
const ARTIFACT_TYPES: readonly string[] = ['container_image', 'filesystem', 'repository', 'cyclonedx', 'spdx', 'vm'];

/** A layer; a secret's also names the image history line that made it. */
function layerOf(layer: z.infer<typeof LayerJson>): LayerRef | undefined {
  if (!layer?.DiffID && !layer?.Digest && !layer?.CreatedBy) return undefined;
  return defined<LayerRef>({
    diffId: layer.DiffID ?? '',
    digest: layer.Digest || undefined,
    createdBy: layer.CreatedBy || undefined,
  });
}

/** Drops `undefined` members so that a read-back value equals the value that was written. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as T;
}

function nonEmpty<T>(list: readonly T[] | null | undefined): readonly T[] | undefined {
  return list && list.length > 0 ? list : undefined;
}

function packageOf(p: z.infer<typeof PackageJson>): Package {
  return defined<Package>({
    id: p.ID ?? '',
    name: p.Name,
    version: p.Version,
    release: p.Release || undefined,
    epoch: p.Epoch || undefined,
    arch: p.Arch || undefined,
    srcName: p.SrcName || undefined,
    srcVersion: p.SrcVersion || undefined,
    srcRelease: p.SrcRelease || undefined,
    srcEpoch: p.SrcEpoch || undefined,
    licenses: nonEmpty(p.Licenses),
    maintainer: p.Maintainer || undefined,
    purl: p.Identifier?.PURL || undefined,
    filePath: p.FilePath || undefined,
    layer: layerOf(p.Layer),
    dev: p.Dev || undefined,
    relationship: RELATIONSHIPS.includes(p.Relationship ?? '') ? (p.Relationship as Relationship) : undefined,
    dependsOn: nonEmpty(p.DependsOn),
    locations: nonEmpty(p.Locations?.map((l) => ({ startLine: l.StartLine ?? 0, endLine: l.EndLine ?? 0 }))),
    modularityLabel: p.Modularitylabel || undefined,
    installedFiles: nonEmpty(p.InstalledFiles),
  });
}

function cvssOf(c: z.infer<typeof CvssJson>): Cvss {
  return defined<Cvss>({
    v2Vector: c.V2Vector,
    v3Vector: c.V3Vector,
    v40Vector: c.V40Vector,
    v2Score: c.V2Score,
    v3Score: c.V3Score,
    v40Score: c.V40Score,
  });
}

function findingOf(v: z.infer<typeof FindingJson>): Finding {
  return defined<Finding>({
    vulnerabilityId: v.VulnerabilityID,
    vendorIds: nonEmpty(v.VendorIDs),
    pkgId: v.PkgID ?? '',
    pkgName: v.PkgName,
    pkgPath: v.PkgPath || undefined,
    purl: v.PkgIdentifier?.PURL || undefined,
    installedVersion: v.InstalledVersion,
    fixedVersion: v.FixedVersion || undefined,
    status: STATUSES.includes(v.Status ?? '') ? (v.Status as VulnStatus) : 'unknown',
    layer: layerOf(v.Layer),
    severitySource: v.SeveritySource || undefined,
    primaryUrl: v.PrimaryURL || undefined,
    dataSource: v.DataSource ? { id: v.DataSource.ID, name: v.DataSource.Name, url: v.DataSource.URL } : undefined,
    title: v.Title || undefined,
    description: v.Description || undefined,
    severity: severityOf(v.Severity),
    cweIds: nonEmpty(v.CweIDs),
    vendorSeverity: v.VendorSeverity ?? undefined,
    cvss: v.CVSS ? Object.fromEntries(Object.entries(v.CVSS).map(([k, c]) => [k, cvssOf(c)])) : undefined,
    references: nonEmpty(v.References),
    publishedDate: v.PublishedDate,
    lastModifiedDate: v.LastModifiedDate,
    match: v.Match
      ? {
          advisoryId: v.Match.AdvisoryID,
          ecosystem: v.Match.Ecosystem,
          lookupName: v.Match.LookupName,
          range: v.Match.Range,
        }
      : undefined,
  });
}

function codeLineOf(l: z.infer<typeof CodeLineJson>): CodeLine {
  return defined<CodeLine>({
    number: l.Number,
    content: l.Content,
    isCause: l.IsCause,
    annotation: l.Annotation,
    truncated: l.Truncated,
    highlighted: l.Highlighted || undefined,
    firstCause: l.FirstCause,
    lastCause: l.LastCause,
  });
}

function secretOf(s: z.infer<typeof SecretJson>): SecretFinding {
  return defined<SecretFinding>({
    ruleId: s.RuleID,
    category: s.Category,
    severity: severityOf(s.Severity),
    title: s.Title,
    startLine: s.StartLine,
    endLine: s.EndLine,
    code: { lines: (s.Code?.Lines ?? []).map(codeLineOf) },
    match: s.Match,
    offset: s.Offset || undefined,
    layer: layerOf(s.Layer),
  });
}

/** A license finding; a severity or category this version does not know is read as unknown. */
function licenseOf(l: z.infer<typeof LicenseJson>): DetectedLicense {
  return {
    severity: l.Severity === '' ? '' : severityOf(l.Severity),
    category: (LICENSE_CATEGORIES.includes(l.Category) ? l.Category : 'unknown') as LicenseCategory,
    pkgName: l.PkgName,
    filePath: l.FilePath,
    name: l.Name,
    text: l.Text,
    confidence: l.Confidence,
    link: l.Link,
  };
}

const CLASSES: readonly string[] = ['os-pkgs', 'lang-pkgs', 'secret', 'license'];

function targetOf(r: z.infer<typeof ResultJson>): TargetResult {
  const suppressed = suppressedOf(r);
  const secrets = (r.Secrets ?? []).map(secretOf);
  const licenses = (r.Licenses ?? []).map(licenseOf);
  return {
    target: r.Target,
    class: (CLASSES.includes(r.Class ?? '') ? r.Class : 'lang-pkgs') as ResultClass,
    type: r.Type ?? '',
    packages: (r.Packages ?? []).map(packageOf),
    vulnerabilities: (r.Vulnerabilities ?? []).map(findingOf),
    ...(suppressed.findings.length > 0 ? { modifiedFindings: suppressed.findings } : {}),
    ...(secrets.length > 0 ? { secrets } : {}),
    ...(suppressed.secrets.length > 0 ? { modifiedSecrets: suppressed.secrets } : {}),
    ...(licenses.length > 0 ? { licenses } : {}),
    ...(suppressed.licenses.length > 0 ? { modifiedLicenses: suppressed.licenses } : {}),
  };
}

const SUPPRESSION_STATUSES: readonly string[] = ['ignored', 'not_affected', 'fixed', 'under_investigation'];

/** The findings an ignore file or VEX suppressed, by type (misconfigurations are not carried). */
function suppressedOf(r: z.infer<typeof ResultJson>): {
  findings: ModifiedFinding[];
  secrets: ModifiedSecret[];
  licenses: ModifiedLicense[];
} {
  const findings: ModifiedFinding[] = [];
  const secrets: ModifiedSecret[] = [];
  const licenses: ModifiedLicense[] = [];
  for (const { Type, Status, Statement = '', Source = '', Finding } of r.ExperimentalModifiedFindings ?? []) {
    const why = { statement: Statement, source: Source };
    if (Type === 'vulnerability' && SUPPRESSION_STATUSES.includes(Status)) {
      const finding = FindingJson.safeParse(Finding);
      const status = Status as SuppressionStatus;
      if (finding.success) findings.push({ type: 'vulnerability', status, ...why, finding: findingOf(finding.data) });
    } else if (Type === 'secret' && Status === 'ignored') {
      const finding = SecretJson.safeParse(Finding);
      if (finding.success) secrets.push({ type: 'secret', status: 'ignored', ...why, finding: secretOf(finding.data) });
    } else if (Type === 'license' && Status === 'ignored') {
      const finding = LicenseJson.safeParse(Finding);
      if (finding.success) {
        licenses.push({ type: 'license', status: 'ignored', ...why, finding: licenseOf(finding.data) });
      }
    }
  }
  return { findings, secrets, licenses };
}

/**
 * Package, secret and license results are kept: the formats barnacle writes carry nothing else (misconfigurations,
 * Trivy's `license-file` results of license files...).
 */
const isKnownResult = (r: z.infer<typeof ResultJson>) => r.Class === undefined || CLASSES.includes(r.Class);

/**
 * The ScanResult of a parsed JSON report, or a one-line reason why it is not one.
 * `value` is the parsed JSON (unknown).
 */
export function scanResultFromJson(value: unknown): ScanResult | string {
  const parsed = ReportJson.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `not a schema v2 JSON report (${issue?.path.join('.') || 'top level'}: ${issue?.message ?? 'invalid'})`;
  }
  const report = parsed.data;
  const m = report.Metadata ?? {};
  return {
    schemaVersion: 2,
    createdAt: report.CreatedAt ?? new Date(0).toISOString(),
    artifactName: report.ArtifactName,
    artifactType: (ARTIFACT_TYPES.includes(report.ArtifactType ?? '')
      ? report.ArtifactType
      : 'container_image') as ArtifactType,
    metadata: defined({
      size: m.Size || undefined,
      os: m.OS ? defined({ family: m.OS.Family, name: m.OS.Name, eosl: m.OS.EOSL || undefined }) : undefined,
      imageId: m.ImageID || undefined,
      diffIds: nonEmpty(m.DiffIDs),
      repoTags: nonEmpty(m.RepoTags),
      repoDigests: nonEmpty(m.RepoDigests),
      imageConfig: m.ImageConfig ?? undefined,
    }),
    results: (report.Results ?? []).filter(isKnownResult).map(targetOf),
  };
}
