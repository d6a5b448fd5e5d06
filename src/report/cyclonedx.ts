// CycloneDX 1.6 JSON, as Trivy encodes a report (trivy pkg/sbom/io/encode.go, pkg/sbom/cyclonedx/marshal.go),
// each part built and normalised with @cyclonedx/cyclonedx-library: the image as metadata.component, one
// component per OS or language target and per package, `aquasecurity:trivy:*` properties (the names Trivy's SBOM
// reader knows), licenses as Trivy writes them, dependencies root → targets → packages, and the findings as
// `vulnerabilities` (one per id, affecting every package it was found in; findings suppressed by VEX carry their
// analysis). Components, dependencies and vulnerabilities are normalised one at a time, as they are written, in
// the order of the library's sorted lists, so the text is the library serializer's without the whole BOM held.
// bom-refs and the serial number are derived from the content, so the same scan gives the same document.
import { createHash } from 'node:crypto';
import { Enums, Models, Serialize, Spec, Types } from '@cyclonedx/cyclonedx-library';
import { findingPackageKey, packageKey } from '../package-key.js';
import type { Finding, ModifiedFinding, Package, ScanResult, TargetResult } from '../types.js';
import {
  expressionString,
  isSpdxExpression,
  LICENSE_TEXT_PREFIX,
  normalizeExpression,
  normalizeForSpdx,
  normalizeLicenseNames,
  simpleLicense,
  withOperator,
} from './license-expression.js';
import { packageResults } from './package-results.js';
import { documentChunks, documentText, jsonList } from './sbom-json.js';
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

/**
 * A package's licenses as Trivy writes them (marshal.go Licenses): all of them as one `expression` when each is an
 * SPDX expression and one of them joins licenses; otherwise one entry each, `license.id` for an SPDX id and
 * `license.name` for anything else (a name of its own, an expression with a name of its own in it, license text).
 */
export function cyclonedxLicenses(licenses: readonly string[] | undefined): readonly CdxLicense[] | undefined {
  const names = (licenses ?? []).filter((name) => name !== '');
  if (names.length === 0) return undefined;
  const expressions = names.map((name) => {
    if (name.startsWith(LICENSE_TEXT_PREFIX)) return simpleLicense(name.slice(LICENSE_TEXT_PREFIX.length));
    const license = withOperator(name);
    return normalizeExpression(license, normalizeLicenseNames, normalizeForSpdx) ?? simpleLicense(license);
  });
  if (expressions.every(isSpdxExpression) && expressions.some((e) => e.kind === 'compound')) {
    return [{ expression: expressions.map(expressionString).join(' AND ') }];
  }
  return expressions.map((e) =>
    e.kind === 'simple' && isSpdxExpression(e)
      ? { license: { id: expressionString(e) } }
      : { license: { name: expressionString(e) } },
  );
}

/** A license choice of CycloneDX's JSON. */
export type CdxLicense =
  | { readonly license: { readonly id: string } | { readonly name: string } }
  | { readonly expression: string };

/** A package's component; its licenses are written by `cyclonedxLicenses`, not by the library. */
function packageComponent(pkg: Package, target: TargetResult): Models.Component {
  return new Models.Component(Enums.ComponentType.Library, pkg.name, {
    bomRef: packageBomRef(pkg, target),
    version: componentVersion(pkg),
    purl: pkg.purl,
    supplier: pkg.maintainer ? new Models.OrganizationalEntity({ name: pkg.maintainer }) : undefined,
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
  readonly ref: string;
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
      new Models.Vulnerability.Affect(new Models.BomRef(a.ref), {
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

/** One component of the document: a target, or a package of a target. */
interface Entry {
  readonly ref: string;
  readonly purl?: string;
  readonly name: string;
  readonly version?: string;
  /** The component's JSON, made when it is written. */
  readonly json: () => unknown;
}

/** The library's order of sorted lists (`sortLists`): bom-refs as String.localeCompare orders them. */
const collator = new Intl.Collator();

/** Components in the library's order (Component.compare): by bom-ref, then purl, then name and version. */
function byComponentOrder(a: Entry, b: Entry): number {
  const byRef = collator.compare(a.ref, b.ref);
  if (byRef !== 0) return byRef;
  if (a.purl !== undefined && b.purl !== undefined) return collator.compare(a.purl, b.purl);
  return collator.compare(a.name, b.name) || collator.compare(a.version ?? '', b.version ?? '');
}

const factory = new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6);
const NORMALIZE = { sortLists: true };

/**
 * The CycloneDX document of a scan result, ready for JSON.stringify: what the library's JSON serializer makes of
 * the BOM (sorted lists), with components, dependencies and vulnerabilities as lists made while they are written.
 */
export function cyclonedxDocument(scan: ScanResult, options: ReportOptions): Record<string, unknown> {
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
  const components: Entry[] = [];
  /** Each component's dependencies, by bom-ref, in the order the components were made. */
  const dependencies: { readonly ref: string; readonly dependsOn: string[] }[] = [];
  const rootRef = root.bomRef.toString();
  dependencies.push({ ref: rootRef, dependsOn: [] });
  const byVulnerability = new Map<string, Affected[]>();
  const affected = (finding: Finding, ref: string, analysis?: Models.Vulnerability.Analysis) => {
    const list = byVulnerability.get(finding.vulnerabilityId) ?? [];
    list.push({ finding, ref, analysis });
    byVulnerability.set(finding.vulnerabilityId, list);
  };
  const componentJson = factory.makeForComponent();
  for (const target of scan.results) {
    const component = targetComponent(target, scan);
    const targetRef = component.bomRef.toString();
    components.push({
      ref: targetRef,
      name: component.name,
      version: component.version,
      json: () => componentJson.normalize(component, NORMALIZE),
    });
    dependencies[0]?.dependsOn.push(targetRef);
    const targetDependencies = { ref: targetRef, dependsOn: [] as string[] };
    dependencies.push(targetDependencies);
    const refs = new Map<string, string>();
    for (const pkg of target.packages) {
      const key = `${packageKey(pkg)}\0${pkg.filePath ?? ''}`;
      if (refs.has(key)) continue;
      const ref = packageBomRef(pkg, target);
      components.push({
        ref,
        purl: pkg.purl,
        name: pkg.name,
        version: componentVersion(pkg),
        json: () => {
          const json = componentJson.normalize(packageComponent(pkg, target), NORMALIZE) as unknown as Record<
            string,
            unknown
          >;
          // The member is in place (undefined) already: setting it keeps the library's member order.
          json.licenses = cyclonedxLicenses(pkg.licenses);
          return json;
        },
      });
      targetDependencies.dependsOn.push(ref);
      dependencies.push({ ref, dependsOn: [] });
      refs.set(key, ref);
    }
    const refOf = (finding: Finding) =>
      refs.get(`${findingPackageKey(finding)}\0${finding.pkgPath ?? ''}`) ??
      [...refs.entries()].find(([key]) => key.startsWith(`${findingPackageKey(finding)}\0`))?.[1] ??
      targetRef;
    for (const finding of target.vulnerabilities) affected(finding, refOf(finding));
    for (const modified of target.modifiedFindings ?? []) {
      affected(modified.finding, refOf(modified.finding), analysisOf(modified));
    }
  }
  components.sort(byComponentOrder);
  dependencies.sort((a, b) => collator.compare(a.ref, b.ref));
  const vulnerabilityJson = factory.makeForVulnerability();
  const vulnerabilityIds = [...byVulnerability.keys()].sort((a, b) =>
    collator.compare(`vulnerability:${a}`, `vulnerability:${b}`),
  );
  const document = factory.makeForBom().normalize(bom, NORMALIZE) as unknown as Record<string, unknown>;
  document.components = jsonList(components, (entry) => entry.json());
  document.dependencies = jsonList(dependencies, ({ ref, dependsOn }) => {
    const others = dependsOn.filter((d) => d !== ref).sort(collator.compare);
    return { ref, dependsOn: others.length > 0 ? others : undefined };
  });
  document.vulnerabilities =
    vulnerabilityIds.length > 0
      ? jsonList(vulnerabilityIds, (id) =>
          vulnerabilityJson.normalize(vulnerability(id, byVulnerability.get(id) ?? []), NORMALIZE),
        )
      : undefined;
  return document;
}

export const cyclonedx: Reporter = {
  id: 'cyclonedx',
  render: (result, options) => documentText(cyclonedxDocument(packageResults(result), options)),
  renderChunks: (result, options) => documentChunks(cyclonedxDocument(packageResults(result), options)),
};
