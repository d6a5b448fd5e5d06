// CycloneDX 1.6 JSON, as Trivy encodes a report (trivy pkg/sbom/io/encode.go, pkg/sbom/cyclonedx/marshal.go),
// built and serialized with @cyclonedx/cyclonedx-library: the image as metadata.component, one component
// per OS or language target and per package, `aquasecurity:trivy:*` properties (the names Trivy's SBOM
// reader knows), dependencies root → targets → packages, and the findings as `vulnerabilities` (one per id,
// affecting every package it was found in; findings suppressed by VEX carry their analysis).
// bom-refs and the serial number are derived from the content, so the same scan gives the same document.
import { createHash } from 'node:crypto';
import { Enums, Models, Serialize, Spec, Types } from '@cyclonedx/cyclonedx-library';
import { findingPackageKey, packageKey } from '../package-key.js';
import type { Finding, ModifiedFinding, Package, ScanResult, TargetResult } from '../types.js';
import type { Reporter, ReportOptions } from './types.js';

/** Trivy's property namespace, kept so that Trivy and barnacle read each other's SBOMs. */
export const NAMESPACE = 'aquasecurity:trivy:';
const V = Enums.Vulnerability;

/** A UUID (RFC 4122 layout, version 5 bits) from a hash of `parts`: stable across runs. */
export function stableUuid(...parts: readonly string[]): string {
  const h = createHash('sha256').update(parts.join('\0')).digest('hex');
  const variant = ((Number.parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function properties(entries: readonly (readonly [string, string | number | undefined])[]): Models.PropertyRepository {
  const kept = entries.filter(([, value]) => value !== undefined && value !== '' && value !== 0);
  return new Models.PropertyRepository(
    kept.map(([name, value]) => new Models.Property(NAMESPACE + name, String(value))),
  );
}

/** Trivy's bom-ref of a package: its purl, with the file path as a qualifier for language packages. */
export function packageBomRef(pkg: Package, target: TargetResult): string {
  if (!pkg.purl) return stableUuid(target.target, packageKey(pkg), pkg.filePath ?? '');
  if (target.class !== 'lang-pkgs' || !pkg.filePath) return pkg.purl;
  const separator = pkg.purl.includes('?') ? '&' : '?';
  return `${pkg.purl}${separator}file_path=${encodeURIComponent(pkg.filePath)}`;
}

/** The component version Trivy writes: the purl's version, with a non-zero epoch in front. */
function componentVersion(pkg: Package): string {
  const base = pkg.release ? `${pkg.version}-${pkg.release}` : pkg.version;
  return pkg.epoch ? `${pkg.epoch}:${base}` : base;
}

function packageComponent(pkg: Package, target: TargetResult): Models.Component {
  const license = (name: string) => new Models.NamedLicense(name);
  return new Models.Component(Enums.ComponentType.Library, pkg.name, {
    bomRef: packageBomRef(pkg, target),
    version: componentVersion(pkg),
    purl: pkg.purl,
    supplier: pkg.maintainer ? new Models.OrganizationalEntity({ name: pkg.maintainer }) : undefined,
    licenses: new Models.LicenseRepository((pkg.licenses ?? []).map(license)),
    properties: properties([
      ['FilePath', pkg.filePath],
      ['LayerDiffID', pkg.layer?.diffId],
      ['LayerDigest', pkg.layer?.digest],
      ['Modularitylabel', pkg.modularityLabel],
      ['PkgID', pkg.id],
      ['PkgType', target.type],
      ['SrcEpoch', pkg.srcEpoch],
      ['SrcName', pkg.srcName],
      ['SrcRelease', pkg.srcRelease],
      ['SrcVersion', pkg.srcVersion],
    ]),
  });
}

function targetComponent(target: TargetResult, scan: ScanResult): Models.Component {
  const os = target.class === 'os-pkgs' ? scan.metadata.os : undefined;
  return new Models.Component(
    target.class === 'os-pkgs' ? Enums.ComponentType.OperatingSystem : Enums.ComponentType.Application,
    os ? os.family : target.target,
    {
      bomRef: stableUuid(scan.artifactName, target.target, target.type),
      version: os?.name,
      properties: properties([
        ['Class', target.class],
        ['Type', target.type],
      ]),
    },
  );
}

function rootComponent(scan: ScanResult): Models.Component {
  const m = scan.metadata;
  const labels = (m.imageConfig?.config as { Labels?: Record<string, unknown> } | undefined)?.Labels ?? {};
  return new Models.Component(
    scan.artifactType === 'container_image' ? Enums.ComponentType.Container : Enums.ComponentType.Application,
    scan.artifactName,
    {
      bomRef: stableUuid(scan.artifactName, m.imageId ?? ''),
      properties: properties([
        ['SchemaVersion', scan.schemaVersion],
        ['ImageID', m.imageId],
        ['Size', m.size],
        ...Object.entries(labels).map(([k, v]) => [`Labels:${k}`, typeof v === 'string' ? v : undefined] as const),
        ...(m.repoDigests ?? []).map((d) => ['RepoDigest', d] as const),
        ...(m.diffIds ?? []).map((d) => ['DiffID', d] as const),
        ...(m.repoTags ?? []).map((t) => ['RepoTag', t] as const),
      ]),
    },
  );
}

const SEVERITY_BY_NUMBER: readonly Enums.Vulnerability.Severity[] = [
  V.Severity.Unknown,
  V.Severity.Low,
  V.Severity.Medium,
  V.Severity.High,
  V.Severity.Critical,
];

/** Trivy's ratings: per vendor, one per CVSS version it scored, else the vendor's severity alone. */
function ratings(finding: Finding): Models.Vulnerability.Rating[] {
  const out: Models.Vulnerability.Rating[] = [];
  for (const [source, level] of Object.entries(finding.vendorSeverity ?? {})) {
    const severity = SEVERITY_BY_NUMBER[level] ?? V.Severity.Unknown;
    const src = new Models.Vulnerability.Source({ name: source });
    const cvss = finding.cvss?.[source];
    if (!cvss) {
      out.push(new Models.Vulnerability.Rating({ source: src, severity }));
      continue;
    }
    if (cvss.v2Score || cvss.v2Vector) {
      out.push(
        new Models.Vulnerability.Rating({
          source: src,
          score: cvss.v2Score,
          method: V.RatingMethod.CVSSv2,
          severity: source === 'nvd' ? nvdV2Severity(cvss.v2Score ?? 0) : severity,
          vector: cvss.v2Vector,
        }),
      );
    }
    if (cvss.v3Score || cvss.v3Vector) {
      const method = cvss.v3Vector?.startsWith('CVSS:3.1') ? V.RatingMethod.CVSSv31 : V.RatingMethod.CVSSv3;
      out.push(
        new Models.Vulnerability.Rating({ source: src, score: cvss.v3Score, method, severity, vector: cvss.v3Vector }),
      );
    }
    if (cvss.v40Score || cvss.v40Vector) {
      out.push(
        new Models.Vulnerability.Rating({
          source: src,
          score: cvss.v40Score,
          method: V.RatingMethod.CVSSv4,
          severity,
          vector: cvss.v40Vector,
        }),
      );
    }
  }
  // No vendor severity: no rating, as Trivy's marshal.go ratings() writes `ratings: []`.
  return out;
}

/** NVD keeps only the CVSS v3 severity; the v2 rating's severity comes from its score. */
function nvdV2Severity(score: number): Enums.Vulnerability.Severity {
  if (score < 4) return V.Severity.Info;
  return score < 7 ? V.Severity.Medium : V.Severity.High;
}

const JUSTIFICATION: Readonly<Record<string, Enums.Vulnerability.AnalysisJustification>> = {
  component_not_present: V.AnalysisJustification.CodeNotPresent,
  vulnerable_code_not_present: V.AnalysisJustification.CodeNotPresent,
  vulnerable_code_not_in_execute_path: V.AnalysisJustification.CodeNotReachable,
  vulnerable_code_cannot_be_controlled_by_adversary: V.AnalysisJustification.RequiresEnvironment,
  inline_mitigations_already_exist: V.AnalysisJustification.ProtectedByMitigatingControl,
};

function analysisOf(modified: ModifiedFinding): Models.Vulnerability.Analysis {
  const state =
    modified.status === 'fixed'
      ? V.AnalysisState.Resolved
      : modified.status === 'under_investigation'
        ? V.AnalysisState.InTriage
        : V.AnalysisState.NotAffected;
  return new Models.Vulnerability.Analysis({
    state,
    justification: modified.justification ? JUSTIFICATION[modified.justification] : undefined,
    detail: [modified.statement, modified.source].filter(Boolean).join(' — ') || undefined,
  });
}

function advisories(finding: Finding): Models.Vulnerability.Advisory[] {
  const urls = [finding.primaryUrl, ...(finding.references ?? [])]
    .map((ref) => ref?.split(' ').find((part) => /^[a-z][a-z0-9+.-]*:\/\/[^/\s]+/i.test(part)))
    .filter((url): url is string => url !== undefined);
  return [...new Set(urls)].map((url) => new Models.Vulnerability.Advisory(url));
}

function dateOf(text: string | undefined): Date | undefined {
  const date = text ? new Date(text) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

interface Affected {
  readonly finding: Finding;
  readonly ref: Models.BomRef;
  readonly analysis?: Models.Vulnerability.Analysis;
}

function vulnerability(id: string, affected: readonly Affected[]): Models.Vulnerability.Vulnerability {
  const first = affected[0] as Affected;
  const f = first.finding;
  const recommendations = [
    ...new Set(
      affected
        .filter((a) => a.finding.fixedVersion)
        .map((a) => `Upgrade ${a.finding.pkgName} to version ${a.finding.fixedVersion}`),
    ),
  ].sort();
  const affects = affected.map(
    (a) =>
      new Models.Vulnerability.Affect(a.ref, {
        versions: new Models.Vulnerability.AffectedVersionRepository([
          new Models.Vulnerability.AffectedSingleVersion(a.finding.installedVersion, {
            status: V.AffectStatus.Affected,
          }),
        ]),
      }),
  );
  const cwes = (f.cweIds ?? [])
    .map((cwe) => Number(cwe.toLowerCase().replace(/^cwe-/, '')))
    .filter((n) => Number.isInteger(n) && n > 0);
  return new Models.Vulnerability.Vulnerability({
    // An explicit bom-ref: the serializer would otherwise make up a random one.
    bomRef: `vulnerability:${id}`,
    id,
    source: f.dataSource
      ? new Models.Vulnerability.Source({ name: f.dataSource.id, url: f.dataSource.url })
      : undefined,
    ratings: new Models.Vulnerability.RatingRepository(ratings(f)),
    cwes: new Types.CweRepository(cwes),
    description: f.description,
    recommendation: recommendations.length > 0 ? recommendations.join('; ') : undefined,
    advisories: new Models.Vulnerability.AdvisoryRepository(advisories(f)),
    published: dateOf(f.publishedDate),
    updated: dateOf(f.lastModifiedDate),
    affects: new Models.Vulnerability.AffectRepository(affects),
    analysis: first.analysis,
  });
}

/** The BOM model of a scan result. */
export function cyclonedxBom(scan: ScanResult, options: ReportOptions): Models.Bom {
  const root = rootComponent(scan);
  const bom = new Models.Bom({
    // The time as a number: the same instant written with or without a fraction gives the same serial.
    serialNumber: `urn:uuid:${stableUuid(scan.artifactName, String(Date.parse(scan.createdAt)), scan.metadata.imageId ?? '')}`,
    metadata: new Models.Metadata({
      timestamp: dateOf(scan.createdAt),
      component: root,
      tools: new Models.Tools({
        components: new Models.ComponentRepository([
          new Models.Component(Enums.ComponentType.Application, 'barnacle', { version: options.version }),
        ]),
      }),
    }),
  });
  const byVulnerability = new Map<string, Affected[]>();
  const affected = (finding: Finding, ref: Models.BomRef, analysis?: Models.Vulnerability.Analysis) => {
    const list = byVulnerability.get(finding.vulnerabilityId) ?? [];
    list.push({ finding, ref, analysis });
    byVulnerability.set(finding.vulnerabilityId, list);
  };
  for (const target of scan.results) {
    const component = targetComponent(target, scan);
    bom.components.add(component);
    root.dependencies.add(component.bomRef);
    const refs = new Map<string, Models.BomRef>();
    for (const pkg of target.packages) {
      const c = packageComponent(pkg, target);
      if (refs.has(`${packageKey(pkg)}\0${pkg.filePath ?? ''}`)) continue;
      bom.components.add(c);
      component.dependencies.add(c.bomRef);
      refs.set(`${packageKey(pkg)}\0${pkg.filePath ?? ''}`, c.bomRef);
    }
    const refOf = (finding: Finding) =>
      refs.get(`${findingPackageKey(finding)}\0${finding.pkgPath ?? ''}`) ??
      [...refs.entries()].find(([key]) => key.startsWith(`${findingPackageKey(finding)}\0`))?.[1] ??
      component.bomRef;
    for (const finding of target.vulnerabilities) affected(finding, refOf(finding));
    for (const modified of target.modifiedFindings ?? []) {
      affected(modified.finding, refOf(modified.finding), analysisOf(modified));
    }
  }
  for (const [id, list] of byVulnerability) bom.vulnerabilities.add(vulnerability(id, list));
  return bom;
}

const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6));

export const cyclonedx: Reporter = {
  id: 'cyclonedx',
  render: (result, options) =>
    `${serializer.serialize(cyclonedxBom(result, options), { sortLists: true, space: 2 })}\n`,
};
