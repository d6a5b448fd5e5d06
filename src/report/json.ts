// Trivy's JSON report, schema v2, as `trivy image --format json` prints it: the structs of
// trivy pkg/types/report.go, pkg/types/vulnerability.go, pkg/fanal/types (Package, OS, Layer) and
// trivy-db pkg/types (Vulnerability, CVSS, DataSource), with barnacle's `Match` on each vulnerability.
// Not emitted: Trivy's own `Trivy`, `ReportID`, `ArtifactID`, `Fingerprint` and package `UID` fields,
// which identify Trivy runs and hashes of its internal structs.
import type { DetectedLicense } from '../licensing/types.js';
import type { SecretFinding } from '../secret/types.js';
import type {
  Cvss,
  Finding,
  ImageConfig,
  ImageMetadata,
  LayerRef,
  Package,
  ScanResult,
  TargetResult,
} from '../types.js';
import {
  type GoValue,
  goMap,
  goStruct,
  goTime,
  lazyList,
  marshalIndentChunks,
  omitEmpty,
  omitEmptyList,
  type StreamValue,
} from './go-json.js';
import { imageConfigJson } from './image-config.js';
import type { Reporter, ReportOptions } from './types.js';

/** Trivy's Layer (`omitzero`): CreatedBy is set only on secrets' layers, with the history line that made them. */
function layerJson(layer: LayerRef | undefined): GoValue {
  return goStruct({
    Digest: omitEmpty(layer?.digest),
    DiffID: omitEmpty(layer?.diffId),
    CreatedBy: omitEmpty(layer?.createdBy),
  });
}

/** PkgIdentifier: its PURL as a string (Trivy's MarshalJSON); omitted when empty (`omitzero`). */
function identifierJson(purl: string | undefined): GoValue {
  return goStruct({ PURL: omitEmpty(purl) });
}

function packageJson(pkg: Package): GoValue {
  return goStruct({
    ID: omitEmpty(pkg.id),
    Name: omitEmpty(pkg.name),
    Identifier: identifierJson(pkg.purl),
    Version: omitEmpty(pkg.version),
    Release: omitEmpty(pkg.release),
    Epoch: omitEmpty(pkg.epoch),
    Arch: omitEmpty(pkg.arch),
    Dev: omitEmpty(pkg.dev),
    SrcName: omitEmpty(pkg.srcName),
    SrcVersion: omitEmpty(pkg.srcVersion),
    SrcRelease: omitEmpty(pkg.srcRelease),
    SrcEpoch: omitEmpty(pkg.srcEpoch),
    Licenses: omitEmptyList(pkg.licenses),
    Maintainer: omitEmpty(pkg.maintainer),
    Modularitylabel: omitEmpty(pkg.modularityLabel),
    // Relationship 'unknown' is Go's zero value, left out by omitempty.
    Relationship: pkg.relationship === 'unknown' ? undefined : pkg.relationship,
    DependsOn: omitEmptyList(pkg.dependsOn),
    Layer: layerJson(pkg.layer),
    FilePath: omitEmpty(pkg.filePath),
    Locations: omitEmptyList(
      pkg.locations?.map((l) => goStruct({ StartLine: omitEmpty(l.startLine), EndLine: omitEmpty(l.endLine) }) ?? {}),
    ),
    InstalledFiles: omitEmptyList(pkg.installedFiles),
  });
}

function cvssJson(cvss: Cvss): GoValue {
  return (
    goStruct({
      V2Vector: omitEmpty(cvss.v2Vector),
      V3Vector: omitEmpty(cvss.v3Vector),
      V40Vector: omitEmpty(cvss.v40Vector),
      V2Score: omitEmpty(cvss.v2Score),
      V3Score: omitEmpty(cvss.v3Score),
      V40Score: omitEmpty(cvss.v40Score),
    }) ?? {}
  );
}

function vulnerabilityJson(finding: Finding): GoValue {
  const cvss = finding.cvss
    ? Object.fromEntries(Object.entries(finding.cvss).map(([source, value]) => [source, cvssJson(value)]))
    : undefined;
  return goStruct({
    VulnerabilityID: omitEmpty(finding.vulnerabilityId),
    VendorIDs: omitEmptyList(finding.vendorIds),
    PkgID: omitEmpty(finding.pkgId),
    PkgName: omitEmpty(finding.pkgName),
    PkgPath: omitEmpty(finding.pkgPath),
    PkgIdentifier: identifierJson(finding.purl),
    InstalledVersion: omitEmpty(finding.installedVersion),
    FixedVersion: omitEmpty(finding.fixedVersion),
    // Status is an int in Go, 0 = unknown: omitempty leaves 'unknown' out.
    Status: finding.status === 'unknown' ? undefined : finding.status,
    Layer: layerJson(finding.layer),
    SeveritySource: omitEmpty(finding.severitySource),
    PrimaryURL: omitEmpty(finding.primaryUrl),
    DataSource: finding.dataSource
      ? (goStruct({
          ID: omitEmpty(finding.dataSource.id),
          Name: omitEmpty(finding.dataSource.name),
          URL: omitEmpty(finding.dataSource.url),
        }) ?? {})
      : undefined,
    Title: omitEmpty(finding.title),
    Description: omitEmpty(finding.description),
    Severity: omitEmpty(finding.severity),
    CweIDs: omitEmptyList(finding.cweIds),
    VendorSeverity: goMap(finding.vendorSeverity),
    CVSS: goMap(cvss),
    References: omitEmptyList(finding.references),
    PublishedDate: goTime(finding.publishedDate),
    LastModifiedDate: goTime(finding.lastModifiedDate),
    Match: finding.match
      ? {
          AdvisoryID: finding.match.advisoryId,
          Ecosystem: finding.match.ecosystem,
          LookupName: finding.match.lookupName,
          Range: finding.match.range,
        }
      : undefined,
  });
}

/** DetectedSecret: every member but Layer (`omitzero`, with the layer's CreatedBy) and Offset (`omitempty`). */
export function secretJson(secret: SecretFinding): GoValue {
  return {
    RuleID: secret.ruleId,
    Category: secret.category,
    Severity: secret.severity,
    Title: secret.title,
    StartLine: secret.startLine,
    EndLine: secret.endLine,
    Code: {
      Lines:
        secret.code.lines.length > 0
          ? secret.code.lines.map((line) => ({
              Number: line.number,
              Content: line.content,
              IsCause: line.isCause,
              Annotation: line.annotation,
              Truncated: line.truncated,
              Highlighted: omitEmpty(line.highlighted),
              FirstCause: line.firstCause,
              LastCause: line.lastCause,
            }))
          : null,
    },
    Match: secret.match,
    Layer: layerJson(secret.layer),
    Offset: omitEmpty(secret.offset),
  };
}

/** DetectedLicense: every member, none omitted (the struct has no JSON tags). */
export function licenseJson(license: DetectedLicense): GoValue {
  return {
    Severity: license.severity,
    Category: license.category,
    PkgName: license.pkgName,
    FilePath: license.filePath,
    Name: license.name,
    Text: license.text,
    Confidence: license.confidence,
    Link: license.link,
  };
}

/** How a result's long lists are made: at once (a value to inspect) or while written (the report's text). */
type ListOf = <T>(items: readonly T[], item: (value: T) => GoValue) => StreamValue;

const eagerList: ListOf = (items, item) => omitEmptyList(items.map(item));

function resultJson(target: TargetResult, options: ReportOptions, list: ListOf): StreamValue {
  return {
    Target: target.target,
    Class: omitEmpty(target.class),
    Type: omitEmpty(target.type),
    // Trivy's JSONWriter drops packages unless --list-all-pkgs.
    Packages: options.listAllPkgs ? list(target.packages, packageJson) : undefined,
    Vulnerabilities: list(target.vulnerabilities, vulnerabilityJson),
    Secrets: list(target.secrets ?? [], secretJson),
    Licenses: list(target.licenses ?? [], licenseJson),
    // Trivy's JSONWriter drops the suppressed findings unless --show-suppressed.
    ExperimentalModifiedFindings: options.showSuppressed
      ? omitEmptyList([
          ...(target.modifiedFindings ?? []).map((m) => ({
            Type: m.type,
            Status: m.status,
            Statement: m.statement,
            Source: m.source,
            Finding: vulnerabilityJson(m.finding),
          })),
          ...(target.modifiedSecrets ?? []).map((m) => ({
            Type: m.type,
            Status: m.status,
            Statement: m.statement,
            Source: m.source,
            Finding: secretJson(m.finding),
          })),
          ...(target.modifiedLicenses ?? []).map((m) => ({
            Type: m.type,
            Status: m.status,
            Statement: m.statement,
            Source: m.source,
            Finding: licenseJson(m.finding),
          })),
        ])
      : undefined,
  };
}

function metadataJson(metadata: ImageMetadata): GoValue {
  const os = metadata.os;
  return goStruct({
    Size: omitEmpty(metadata.size),
    OS: os
      ? goStruct({ Family: os.family, Name: os.name, EOSL: omitEmpty(os.eosl), extended: omitEmpty(os.extended) })
      : undefined,
    ImageID: omitEmpty(metadata.imageId),
    DiffIDs: omitEmptyList(metadata.diffIds),
    RepoTags: omitEmptyList(metadata.repoTags),
    RepoDigests: omitEmptyList(metadata.repoDigests),
    ImageConfig: metadata.imageConfig ? imageConfigJson(metadata.imageConfig as ImageConfig) : undefined,
  });
}

function reportValue(result: ScanResult, options: ReportOptions, list: ListOf): StreamValue {
  const results = result.results.map((target) => resultJson(target, options, list));
  // The report struct: every member but Results is a GoValue, which goStruct drops when empty.
  const head = goStruct({
    SchemaVersion: result.schemaVersion,
    CreatedAt: goTime(result.createdAt),
    ArtifactName: omitEmpty(result.artifactName),
    ArtifactType: omitEmpty(result.artifactType),
    Metadata: metadataJson(result.metadata),
  });
  return { ...head, Results: results.length > 0 ? results : undefined };
}

/** The report object, in Trivy's field order. */
export function reportJson(result: ScanResult, options: ReportOptions): GoValue {
  return reportValue(result, options, eagerList) as GoValue;
}

/** The report object for marshalIndentChunks: each package and finding is marshalled when its turn comes. */
export function reportStream(result: ScanResult, options: ReportOptions): StreamValue {
  return reportValue(result, options, lazyList);
}

/** The report's text in chunks; each package and finding is marshalled only when its turn comes. */
function* reportChunks(result: ScanResult, options: ReportOptions): Generator<string> {
  yield* marshalIndentChunks(reportStream(result, options));
  // fmt.Fprintln after json.MarshalIndent: one trailing newline.
  yield '\n';
}

export const json: Reporter = {
  id: 'json',
  render: (result, options) => [...reportChunks(result, options)].join(''),
  renderChunks: reportChunks,
};
