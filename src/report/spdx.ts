// SPDX 2.3 JSON, as Trivy's `--format spdx-json` lays a report out (trivy pkg/sbom/spdx/marshal.go): the
// image as a CONTAINER package the document DESCRIBES, the OS and each language target as packages it
// CONTAINS, and each installed package contained by its target, with its purl, supplier, licenses, source
// package and `PkgID:` / `LayerDiffID:` attribution texts (which Trivy's SPDX reader takes back).
// SPDX ids are hashes of the content, so the same scan gives the same document.
import { createHash } from 'node:crypto';
import { packageKey } from '../package-key.js';
import type { Package, ScanResult, TargetResult } from '../types.js';
import { stableUuid } from './cyclonedx.js';
import type { Reporter, ReportOptions } from './types.js';

type Json = Record<string, unknown>;

function spdxId(kind: string, ...parts: readonly string[]): string {
  return `SPDXRef-${kind}-${createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 16)}`;
}

/** A license as an SPDX expression: an id-like name as it is, anything else as a LicenseRef. */
export function licenseExpression(licenses: readonly string[] | undefined): string {
  if (!licenses || licenses.length === 0) return 'NONE';
  const one = (name: string) =>
    /^[A-Za-z0-9][A-Za-z0-9.+-]*$/.test(name) ? name : `LicenseRef-${name.replace(/[^A-Za-z0-9.-]+/g, '-')}`;
  const parts = [...new Set(licenses.map(one))];
  return parts.length === 1 ? (parts[0] as string) : parts.map((p) => (p.includes(' ') ? `(${p})` : p)).join(' AND ');
}

function versionOf(epoch: number | undefined, version: string | undefined, release: string | undefined): string {
  const base = release ? `${version}-${release}` : (version ?? '');
  return epoch ? `${epoch}:${base}` : base;
}

function packageJson(pkg: Package, target: TargetResult): Json {
  const attribution = pkg.id ? [`PkgID: ${pkg.id}`] : [];
  if (pkg.layer?.digest) attribution.push(`LayerDigest: ${pkg.layer.digest}`);
  if (pkg.layer?.diffId) attribution.push(`LayerDiffID: ${pkg.layer.diffId}`);
  const license = licenseExpression(pkg.licenses);
  const json: Json = {
    name: pkg.name,
    SPDXID: spdxId('Package', target.target, packageKey(pkg), pkg.filePath ?? ''),
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

export function spdxDocument(scan: ScanResult, options: ReportOptions): Json {
  const image = scan.artifactType === 'container_image';
  const m = scan.metadata;
  const rootId = spdxId(image ? 'ContainerImage' : 'Filesystem', scan.artifactName, m.imageId ?? '');
  const packages: Json[] = [
    {
      name: scan.artifactName,
      SPDXID: rootId,
      downloadLocation: 'NONE',
      filesAnalyzed: false,
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
    },
  ];
  const relationships: Json[] = [
    { spdxElementId: 'SPDXRef-DOCUMENT', relatedSpdxElement: rootId, relationshipType: 'DESCRIBES' },
  ];
  for (const target of scan.results) {
    const os = target.class === 'os-pkgs' ? m.os : undefined;
    const targetId = spdxId(target.class === 'os-pkgs' ? 'OperatingSystem' : 'Application', target.target);
    packages.push({
      name: os ? os.family : target.type,
      SPDXID: targetId,
      ...(os ? { versionInfo: os.name } : { sourceInfo: target.target }),
      downloadLocation: 'NONE',
      filesAnalyzed: false,
      copyrightText: '',
      primaryPackagePurpose: os ? 'OPERATING_SYSTEM' : 'APPLICATION',
    });
    relationships.push({ spdxElementId: rootId, relatedSpdxElement: targetId, relationshipType: 'CONTAINS' });
    const seen = new Set<string>();
    for (const pkg of target.packages) {
      const json = packageJson(pkg, target);
      if (seen.has(json.SPDXID as string)) continue;
      seen.add(json.SPDXID as string);
      packages.push(json);
      relationships.push({ spdxElementId: targetId, relatedSpdxElement: json.SPDXID, relationshipType: 'CONTAINS' });
    }
  }
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
    relationships,
  };
}

export const spdxJson: Reporter = {
  id: 'spdx-json',
  render: (result, options) => `${JSON.stringify(spdxDocument(result, options), null, 2)}\n`,
};
