// SPDX 2.x tag-value (`Tag: value` lines, `<text>…</text>` for text over several lines), as `trivy sbom` reads
// it: laid out as the SPDX JSON document the SPDX reader takes (spdx.ts). What that reader uses is carried over:
// the creators, each package's identity, versions, licences, purl, texts and annotations, and the
// relationships. Files and snippets are passed over, so their SPDXIDs never land on a package.
import { InputError } from '../errors.js';
import type { Json } from './json-values.js';

/** Trivy's test for the format (pkg/sbom/sbom.go IsSPDXTV): the first line starts with `SPDX`. */
export function isSpdxTagValue(source: string): boolean {
  return source.startsWith('SPDX');
}

/** A package's tags and the JSON member each becomes. */
const PACKAGE_FIELDS: Readonly<Record<string, string>> = {
  SPDXID: 'SPDXID',
  PackageVersion: 'versionInfo',
  PackageSourceInfo: 'sourceInfo',
  PackageLicenseDeclared: 'licenseDeclared',
  PackageLicenseConcluded: 'licenseConcluded',
  PackageSupplier: 'supplier',
  PackageComment: 'comment',
  PrimaryPackagePurpose: 'primaryPackagePurpose',
};

/** The document of SPDX tag-value text, as SPDX JSON members. */
export function spdxTagValueToJson(source: string, file: string): Json {
  const creators: string[] = [];
  const packages: Json[] = [];
  const relationships: Json[] = [];
  const annotations: { element?: string; comment?: string }[] = [];
  let spdxVersion = '';
  let section: 'document' | 'package' | 'other' = 'document';
  let pkg: Json = {};
  for (const { tag, value, line } of tagValues(source, file)) {
    if (tag === 'PackageName') {
      pkg = { name: value };
      packages.push(pkg);
      section = 'package';
    } else if (tag === 'FileName' || tag === 'SnippetSPDXID' || tag === 'LicenseID') {
      section = 'other';
    } else if (tag === 'Relationship') {
      const [from, type, to] = value.split(/\s+/);
      if (!from || !type || !to) throw new InputError(`${file}:${line}: Relationship needs 'A TYPE B'`);
      relationships.push({ spdxElementId: from, relationshipType: type, relatedSpdxElement: to });
    } else if (tag === 'Annotator') {
      annotations.push({});
    } else if (tag === 'SPDXREF' && annotations.length > 0) {
      (annotations.at(-1) as { element?: string }).element = value;
    } else if (tag === 'AnnotationComment' && annotations.length > 0) {
      (annotations.at(-1) as { comment?: string }).comment = value;
    } else if (section === 'document') {
      if (tag === 'SPDXVersion') spdxVersion = value;
      if (tag === 'Creator') creators.push(value);
    } else if (section === 'package') {
      const member = PACKAGE_FIELDS[tag];
      if (member) pkg[member] = value;
      if (tag === 'PackageAttributionText')
        pkg.attributionTexts = [...((pkg.attributionTexts as string[]) ?? []), value];
      if (tag === 'ExternalRef') {
        const [category, type, locator] = value.split(/\s+/);
        const refs = (pkg.externalRefs as Json[]) ?? [];
        pkg.externalRefs = [...refs, { referenceCategory: category, referenceType: type, referenceLocator: locator }];
      }
    }
  }
  const bySpdxId = new Map(packages.map((p) => [p.SPDXID, p]));
  for (const { element, comment } of annotations) {
    const target = element === undefined ? undefined : bySpdxId.get(element);
    if (!target || comment === undefined) continue;
    target.annotations = [...((target.annotations as Json[]) ?? []), { comment }];
  }
  if (!spdxVersion.startsWith('SPDX-')) throw new InputError(`${file}: SPDX tag-value without an SPDXVersion`);
  return { spdxVersion, creationInfo: { creators }, packages, relationships };
}

/** The `Tag: value` pairs of the text, with `<text>…</text>` values joined; comments and blank lines skipped. */
function* tagValues(source: string, file: string): Generator<{ tag: string; value: string; line: number }> {
  const lines = source.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] ?? '';
    if (text.trim() === '' || text.startsWith('#')) continue;
    const colon = text.indexOf(':');
    if (colon <= 0) throw new InputError(`${file}:${i + 1}: not a 'Tag: value' line`);
    const tag = text.slice(0, colon).trim();
    let value = text.slice(colon + 1).trim();
    const line = i + 1;
    if (value.startsWith('<text>')) {
      value = value.slice('<text>'.length);
      while (!value.includes('</text>')) {
        i++;
        if (i >= lines.length) throw new InputError(`${file}:${line}: <text> of ${tag} is not closed`);
        value += `\n${lines[i]}`;
      }
      value = value.slice(0, value.indexOf('</text>'));
    }
    yield { tag, value, line };
  }
}
