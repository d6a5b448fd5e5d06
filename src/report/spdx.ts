// SPDX 2.3 JSON, as Trivy's `--format spdx-json` lays a report out (trivy pkg/sbom/spdx/marshal.go): the
// image as a CONTAINER package the document DESCRIBES, the OS and each language target as packages it
// CONTAINS, and each installed package contained by its target, with its purl, supplier, licenses, source
// package and `PkgID:` / `LayerDiffID:` attribution texts (which Trivy's SPDX reader takes back). Licenses are
// normalised SPDX expressions; license text and licenses outside the SPDX list are LicenseRefs described in
// hasExtractedLicensingInfos. Packages and relationships are made as they are written.
// SPDX ids are hashes of the content, so the same scan gives the same document.
import { createHash } from 'node:crypto';
import { packageKey } from '../package-key.js';
import type { Package, ScanResult, TargetResult } from '../types.js';
import { stableUuid } from './cyclonedx.js';
import {
  expressionString,
  isSpdxExpression,
  LICENSE_TEXT_PREFIX,
  type NormalizeStep,
  normalizeExpression,
  normalizeForSpdx,
  normalizeLicenseNames,
  simpleLicense,
  withOperator,
} from './license-expression.js';
import { packageResults } from './package-results.js';
import { documentChunks, documentText, JsonList } from './sbom-json.js';
import type { Reporter, ReportOptions } from './types.js';

type Json = Record<string, unknown>;

function spdxId(kind: string, ...parts: readonly string[]): string {
  return `SPDXRef-${kind}-${createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 16)}`;
}

/** An SPDX document's ExtractedLicensingInfo: a license that is not on the SPDX list, named by a LicenseRef. */
export interface OtherLicense {
  readonly licenseId: string;
  readonly extractedText: string;
  readonly name: string;
  readonly comment?: string;
}

/** A package's licenses as one SPDX expression, and the LicenseRefs it names. */
export interface SpdxLicense {
  /** The expression; NOASSERTION when there is no license, undefined when the licenses do not parse. */
  readonly expression: string | undefined;
  readonly others: readonly OtherLicense[];
}

const TEXT_COMMENT =
  'The license text represents text found in package metadata and may not represent the full text of the license';

/** A license outside the SPDX list, its LicenseRef id a hash of what it holds (Trivy's newOtherLicense). */
function otherLicense(license: string, text: boolean): OtherLicense {
  const members = text
    ? { extractedText: license, name: 'NOASSERTION', comment: TEXT_COMMENT }
    : { extractedText: `This component is licensed under ${JSON.stringify(license)}`, name: license };
  const hash = createHash('sha256').update(`${members.name}\0${members.extractedText}`).digest('hex').slice(0, 16);
  return { licenseId: `LicenseRef-${hash}`, ...members };
}

/**
 * A package's licenses as Trivy's SPDX writer joins them (marshal.go normalizeLicenses): each license normalised
 * and the whole joined by AND; license text, and any license or `X WITH Y` that is not an SPDX one, become
 * LicenseRefs named in `others`.
 */
export function spdxLicense(licenses: readonly string[] | undefined): SpdxLicense {
  if (!licenses || licenses.length === 0) return { expression: 'NOASSERTION', others: [] };
  const others = new Map<string, OtherLicense>();
  const other = (license: string, text: boolean): string => {
    const found = otherLicense(license, text);
    others.set(found.licenseId, found);
    return found.licenseId;
  };
  const joined = licenses
    .map((license) =>
      license.startsWith(LICENSE_TEXT_PREFIX)
        ? other(license.slice(LICENSE_TEXT_PREFIX.length), true)
        : `(${withOperator(license)})`,
    )
    .join(' AND ');
  const replaceOthers: NormalizeStep = (expr) => {
    if (expr.kind === 'simple') {
      // The license without its `+`, as Trivy takes e.License.
      return expr.license.startsWith('LicenseRef') || isSpdxExpression(expr)
        ? expr
        : simpleLicense(other(expr.license, false));
    }
    if (expr.conjunction !== 'WITH') return expr;
    // A valid `X WITH Y` is kept as one license, so that its sides are not looked at apart.
    if (isSpdxExpression(expr)) return simpleLicense(expressionString(expr));
    return simpleLicense(other(expressionString(expr), false));
  };
  const expr = normalizeExpression(joined, normalizeLicenseNames, normalizeForSpdx, replaceOthers);
  if (!expr) return { expression: undefined, others: [] };
  return { expression: expressionString(expr), others: [...others.values()] };
}

function versionOf(epoch: number | undefined, version: string | undefined, release: string | undefined): string {
  const base = release ? `${version}-${release}` : (version ?? '');
  return epoch ? `${epoch}:${base}` : base;
}

function packageJson(pkg: Package, target: TargetResult, license: string | undefined): Json {
  const attribution = pkg.id ? [`PkgID: ${pkg.id}`] : [];
  if (pkg.layer?.digest) attribution.push(`LayerDigest: ${pkg.layer.digest}`);
  if (pkg.layer?.diffId) attribution.push(`LayerDiffID: ${pkg.layer.diffId}`);
  const json: Json = {
    name: pkg.name,
    SPDXID: packageSpdxId(pkg, target),
    versionInfo: versionOf(pkg.epoch, pkg.version, pkg.release),
    supplier: pkg.maintainer ? `Organization: ${pkg.maintainer}` : 'NOASSERTION',
    downloadLocation: 'NONE',
    filesAnalyzed: false,
    licenseConcluded: license,
    licenseDeclared: license,
    copyrightText: '',
    externalRefs: pkg.purl
      ? [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: pkg.purl }]
      : undefined,
    attributionTexts: attribution,
    primaryPackagePurpose: 'LIBRARY',
  };
  if (pkg.srcName && target.class === 'os-pkgs') {
    json.sourceInfo = `built package from: ${pkg.srcName} ${versionOf(pkg.srcEpoch, pkg.srcVersion, pkg.srcRelease)}`;
  }
  if (pkg.filePath) json.comment = `FilePath: ${pkg.filePath}`;
  return json;
}

/** The SPDX id of a package of a target. */
const packageSpdxId = (pkg: Package, target: TargetResult): string =>
  spdxId('Package', target.target, packageKey(pkg), pkg.filePath ?? '');

/** The packages a target lists, each once by SPDX id, with their ids. */
function* packagesOf(target: TargetResult): Generator<{ readonly pkg: Package; readonly id: string }> {
  const seen = new Set<string>();
  for (const pkg of target.packages) {
    const id = packageSpdxId(pkg, target);
    if (seen.has(id)) continue;
    seen.add(id);
    yield { pkg, id };
  }
}

/** The SPDX id of a target's package. */
const targetSpdxId = (target: TargetResult): string =>
  spdxId(target.class === 'os-pkgs' ? 'OperatingSystem' : 'Application', target.target);

/**
 * The SPDX document of a scan result, ready for JSON.stringify: packages and relationships are lists made while
 * they are written; the licenses outside the SPDX list are gathered first, as they stand between the two.
 */
export function spdxDocument(scan: ScanResult, options: ReportOptions): Json {
  const image = scan.artifactType === 'container_image';
  const m = scan.metadata;
  const rootId = spdxId(image ? 'ContainerImage' : 'Filesystem', scan.artifactName, m.imageId ?? '');
  // Packages share few license lists: each list is normalised once.
  const licenses = new Map<string, SpdxLicense>();
  const licenseOf = (pkg: Package): SpdxLicense => {
    const key = (pkg.licenses ?? []).join('\0');
    let found = licenses.get(key);
    if (!found) {
      found = spdxLicense(pkg.licenses);
      licenses.set(key, found);
    }
    return found;
  };
  const others = new Map<string, OtherLicense>();
  for (const target of scan.results) {
    for (const { pkg } of packagesOf(target)) {
      for (const other of licenseOf(pkg).others) others.set(other.licenseId, other);
    }
  }
  const root: Json = {
    name: scan.artifactName,
    SPDXID: rootId,
    downloadLocation: 'NONE',
    filesAnalyzed: false,
    // Licenses are a library's only (Trivy's marshal.go): the image and its targets have NOASSERTION.
    licenseConcluded: 'NOASSERTION',
    licenseDeclared: 'NOASSERTION',
    copyrightText: '',
    attributionTexts: [
      `SchemaVersion: ${scan.schemaVersion}`,
      ...(m.imageId ? [`ImageID: ${m.imageId}`] : []),
      ...(m.size ? [`Size: ${m.size}`] : []),
      ...(m.repoDigests ?? []).map((d) => `RepoDigest: ${d}`),
      ...(m.diffIds ?? []).map((d) => `DiffID: ${d}`),
      ...(m.repoTags ?? []).map((t) => `RepoTag: ${t}`),
    ],
    primaryPackagePurpose: image ? 'CONTAINER' : 'SOURCE',
  };
  const targetJson = (target: TargetResult): Json => {
    const os = target.class === 'os-pkgs' ? m.os : undefined;
    return {
      name: os ? os.family : target.type,
      SPDXID: targetSpdxId(target),
      ...(os ? { versionInfo: os.name } : { sourceInfo: target.target }),
      downloadLocation: 'NONE',
      filesAnalyzed: false,
      licenseConcluded: 'NOASSERTION',
      licenseDeclared: 'NOASSERTION',
      copyrightText: '',
      primaryPackagePurpose: os ? 'OPERATING_SYSTEM' : 'APPLICATION',
    };
  };
  const packages = new JsonList(function* () {
    yield root;
    for (const target of scan.results) {
      yield targetJson(target);
      for (const { pkg } of packagesOf(target)) yield packageJson(pkg, target, licenseOf(pkg).expression);
    }
  });
  const relationships = new JsonList(function* () {
    yield { spdxElementId: 'SPDXRef-DOCUMENT', relatedSpdxElement: rootId, relationshipType: 'DESCRIBES' };
    for (const target of scan.results) {
      const targetId = targetSpdxId(target);
      yield { spdxElementId: rootId, relatedSpdxElement: targetId, relationshipType: 'CONTAINS' };
      for (const { id } of packagesOf(target)) {
        yield { spdxElementId: targetId, relatedSpdxElement: id, relationshipType: 'CONTAINS' };
      }
    }
  });
  const kind = image ? 'container_image' : scan.artifactType;
  return {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: scan.artifactName,
    documentNamespace: `http://barnacle.invalid/${kind}/${encodeURI(scan.artifactName)}-${stableUuid(scan.artifactName, String(Date.parse(scan.createdAt)))}`,
    creationInfo: {
      creators: [`Tool: barnacle-${options.version}`],
      created: scan.createdAt.replace(/\.\d+Z$/, 'Z'),
    },
    packages,
    // Trivy's order (tools-golang's Document): packages, files, extracted licenses, relationships.
    hasExtractedLicensingInfos:
      others.size > 0 ? [...others.values()].sort((a, b) => (a.licenseId < b.licenseId ? -1 : 1)) : undefined,
    relationships,
  };
}

export const spdxJson: Reporter = {
  id: 'spdx-json',
  render: (result, options) => documentText(spdxDocument(packageResults(result), options)),
  renderChunks: (result, options) => documentChunks(spdxDocument(packageResults(result), options)),
};
