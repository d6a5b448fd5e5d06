// SPDX 2.x JSON as SBOM input: packages with a purl external reference become SbomPackages, placed under the
// application package that contains them; Trivy's annotations or attribution texts (`PkgID: …`,
// `LayerDiffID: …`) and barnacle's `FilePath:` comment carry its properties; the operating-system package
// names the OS.
import type { OS } from '../types.js';
import { applicationOwners, familyOf, osFromPurls, type SbomApplication, type SbomPackage } from './decode.js';
import { isObject, type Json, list, text } from './json-values.js';

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

/** Trivy's element kinds, the prefix of its SPDX ids after `SPDXRef-` (pkg/sbom/spdx/marshal.go). */
const isElement = (pkg: Json, kind: 'OperatingSystem' | 'Application') =>
  text(pkg.SPDXID)?.startsWith(`SPDXRef-${kind}-`) === true;

/** `Key: value` lines: Trivy's annotations (older Trivy: attribution texts), and barnacle's comment lines. */
function propertiesOf(pkg: Json): Map<string, string> {
  const properties = new Map<string, string>();
  const annotations = list(pkg.annotations).flatMap((a) => (isObject(a) && text(a.comment) ? [a.comment] : []));
  const texts = [
    ...(annotations.length > 0 ? annotations : list(pkg.attributionTexts)),
    ...(text(pkg.comment)?.split('\n') ?? []),
  ];
  for (const t of texts) {
    const m = typeof t === 'string' ? /^([A-Za-z]+): (.+)$/.exec(t) : null;
    if (m?.[1] && m[2]) properties.set(m[1], m[2]);
  }
  return properties;
}

/** Whether a Tool among the creators is Trivy (its older application packages are laid out differently). */
function madeByTrivy(doc: Json): boolean {
  const creators = isObject(doc.creationInfo) ? list(doc.creationInfo.creators) : [];
  return creators.some((c) => typeof c === 'string' && c.startsWith('Tool: trivy'));
}

/**
 * The application of each package, through relationships other than DESCRIBES (pkg/sbom/spdx/unmarshal.go;
 * decode.ts applicationOwners): roots are the OS package and Trivy's `SPDXRef-Application-*` packages.
 */
function applicationsOf(doc: Json, packages: readonly Json[], trivy: boolean): Map<string, SbomApplication | null> {
  const id = (p: Json) => text(p.SPDXID) ?? '';
  const ids = new Set(packages.map(id));
  const related = new Map<string, string[]>();
  for (const rel of list(doc.relationships)) {
    if (!isObject(rel) || rel.relationshipType === 'DESCRIBES' || rel.relationshipType === 'DESCRIBE') continue;
    const from = text(rel.spdxElementId);
    const to = text(rel.relatedSpdxElement);
    if (!from || !to || !ids.has(from) || !ids.has(to)) continue;
    const targets = related.get(from);
    if (targets) targets.push(to);
    else related.set(from, [to]);
  }
  const roots: (readonly [string, SbomApplication | null])[] = packages
    .filter(isOperatingSystem)
    .map((p) => [id(p), null] as const);
  for (const app of packages.filter((p) => isElement(p, 'Application'))) {
    const application = applicationOf(app, trivy);
    if (application) roots.push([id(app), application]);
  }
  const rootIds = new Set(roots.map(([root]) => root));
  const claimable = new Set(packages.filter((p) => purlOf(p) !== undefined && !rootIds.has(id(p))).map(id));
  return applicationOwners(related, claimable, roots);
}

/** An application package's type and name; older Trivy wrote the type as the name and the path as sourceInfo. */
function applicationOf(pkg: Json, trivy: boolean): SbomApplication | undefined {
  if (trivy && text(pkg.sourceInfo)) return { type: text(pkg.name) ?? '', name: text(pkg.sourceInfo) ?? '' };
  const type = propertiesOf(pkg).get('Type');
  return type ? { type, name: text(pkg.name) ?? '' } : undefined;
}

const isOperatingSystem = (pkg: Json) =>
  isElement(pkg, 'OperatingSystem') ||
  pkg.primaryPackagePurpose === 'OPERATING-SYSTEM' ||
  pkg.primaryPackagePurpose === 'OPERATING_SYSTEM';

export function readSpdx(doc: Json): { packages: SbomPackage[]; os?: OS } {
  const packages: SbomPackage[] = [];
  let os: OS | undefined;
  const raws = list(doc.packages).filter(isObject);
  const trivy = madeByTrivy(doc);
  const applications = applicationsOf(doc, raws, trivy);
  for (const raw of raws) {
    if (isOperatingSystem(raw) && text(raw.name)) {
      os ??= { family: familyOf(raw.name as string), name: text(raw.versionInfo) ?? '' };
      continue;
    }
    if (isElement(raw, 'Application') && applicationOf(raw, trivy)) continue;
    const purl = purlOf(raw);
    // The document's subject (Syft: the image, with a pkg:oci purl) is not an installed package.
    if (!purl || raw.primaryPackagePurpose === 'CONTAINER' || purl.startsWith('pkg:oci/')) continue;
    const properties = propertiesOf(raw);
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
      application: applications.get(text(raw.SPDXID) ?? '') ?? undefined,
    });
  }
  return { packages, os: os ?? osFromPurls(packages) };
}
