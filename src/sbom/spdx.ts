// SPDX 2.x JSON as SBOM input: packages with a purl external reference become SbomPackages; Trivy's
// attribution texts (`PkgID: …`, `LayerDiffID: …`) and barnacle's `FilePath:` comment carry its properties;
// a package whose purpose is OPERATING-SYSTEM names the OS.
import type { OS } from '../types.js';
import { familyOf, osFromPurls, type SbomPackage } from './decode.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export function isSpdx(doc: unknown): doc is Json {
  return isObject(doc) && typeof doc.spdxVersion === 'string' && doc.spdxVersion.startsWith('SPDX-');
}

function purlOf(pkg: Json): string | undefined {
  for (const ref of list(pkg.externalRefs)) {
    if (isObject(ref) && ref.referenceType === 'purl') return text(ref.referenceLocator);
  }
  return undefined;
}

const NO_LICENSE = new Set(['NONE', 'NOASSERTION']);

export function readSpdx(doc: Json): { packages: SbomPackage[]; os?: OS } {
  const packages: SbomPackage[] = [];
  let os: OS | undefined;
  for (const raw of list(doc.packages)) {
    if (!isObject(raw)) continue;
    if (
      (raw.primaryPackagePurpose === 'OPERATING-SYSTEM' || raw.primaryPackagePurpose === 'OPERATING_SYSTEM') &&
      text(raw.name)
    ) {
      os ??= { family: familyOf(raw.name as string), name: text(raw.versionInfo) ?? '' };
      continue;
    }
    const purl = purlOf(raw);
    // The document's subject (Syft: the image, with a pkg:oci purl) is not an installed package.
    if (!purl || raw.primaryPackagePurpose === 'CONTAINER' || purl.startsWith('pkg:oci/')) continue;
    const properties = new Map<string, string>();
    const texts = [...list(raw.attributionTexts), ...(text(raw.comment)?.split('\n') ?? [])];
    for (const t of texts) {
      const m = typeof t === 'string' ? /^([A-Za-z]+): (.+)$/.exec(t) : null;
      if (m?.[1] && m[2]) properties.set(m[1], m[2]);
    }
    const built = /^built package from: (\S+) (\S+)$/.exec(text(raw.sourceInfo) ?? '');
    if (built?.[1] && !properties.has('SrcName')) properties.set('SrcName', built[1]);
    const license = text(raw.licenseDeclared) ?? text(raw.licenseConcluded);
    const supplier = text(raw.supplier)?.replace(/^(Organization|Person): /, '');
    packages.push({
      name: text(raw.name) ?? '',
      version: text(raw.versionInfo),
      purl,
      properties,
      licenses: license && !NO_LICENSE.has(license) ? [license] : undefined,
      supplier: supplier === 'NOASSERTION' ? undefined : supplier,
    });
  }
  return { packages, os: os ?? osFromPurls(packages) };
}
