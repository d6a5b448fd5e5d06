// `--format spdx`: the SPDX document of `--format spdx-json` written as SPDX tag-value, as Trivy writes it with
// spdx/tools-golang's tagvalue.Write (spdx/v2/v2_3/tagvalue/writer): the same tags in the same order, packages
// and files sorted by SPDX id, `<text>` around values over several lines. Like that writer, it leaves out the
// annotations of packages (Trivy's properties), which tag-value places only at the document level.
import type { ScanResult } from '../types.js';
import { packageResults } from './package-results.js';
import { JsonList } from './sbom-json.js';
import { spdxDocument } from './spdx.js';
import type { Reporter, ReportOptions } from './types.js';

type Json = Readonly<Record<string, unknown>>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** tools-golang's textify: a value over several lines is wrapped in <text>. */
const textify = (s: string) => (s.includes('\n') ? `<text>${s}</text>` : s);
/** Go's sort.Slice by SPDX id: byte order. */
const bySpdxId = (a: Json, b: Json) => (text(a.SPDXID) < text(b.SPDXID) ? -1 : text(a.SPDXID) > text(b.SPDXID) ? 1 : 0);

/** The tag-value text of an SPDX 2.3 JSON document, a section at a time. */
export function* spdxTagValueChunks(doc: Json): Generator<string> {
  let out: string[] = [];
  const flush = () => {
    const chunk = out.join('');
    out = [];
    return chunk;
  };
  const tag = (name: string, value: unknown, asText = false) => {
    const v = text(value);
    if (v !== '') out.push(`${name}: ${asText ? textify(v) : v}\n`);
  };
  tag('SPDXVersion', doc.spdxVersion);
  tag('DataLicense', doc.dataLicense);
  tag('SPDXID', doc.SPDXID);
  tag('DocumentName', doc.name);
  tag('DocumentNamespace', doc.documentNamespace);
  tag('DocumentComment', doc.comment, true);
  const info = isObject(doc.creationInfo) ? doc.creationInfo : {};
  tag('LicenseListVersion', info.licenseListVersion);
  for (const creator of strings(info.creators)) tag('Creator', creator);
  tag('Created', info.created);
  tag('CreatorComment', info.comment, true);
  out.push('\n');

  const files = list(doc.files).sort(bySpdxId);
  if (files.length > 0) {
    out.push('##### Unpackaged files\n\n');
    for (const file of files) fileSection(file, tag, out);
  }
  yield flush();
  for (const pkg of list(doc.packages).sort(bySpdxId)) {
    out.push(`##### Package: ${text(pkg.name)}\n\n`);
    packageSection(pkg, tag, out);
    if (out.length > 4096) yield flush();
  }
  yield flush();
  const licenses = list(doc.hasExtractedLicensingInfos);
  if (licenses.length > 0) {
    out.push('##### Other Licenses\n\n');
    for (const license of licenses) {
      tag('LicenseID', license.licenseId);
      tag('ExtractedText', license.extractedText, true);
      tag('LicenseName', license.name);
      for (const url of strings(license.seeAlsos)) tag('LicenseCrossReference', url);
      tag('LicenseComment', license.comment, true);
      out.push('\n');
    }
  }
  const relationships = list(doc.relationships);
  if (relationships.length > 0) {
    out.push('##### Relationships\n\n');
    for (const r of relationships) {
      const [a, type, b] = [text(r.spdxElementId), text(r.relationshipType), text(r.relatedSpdxElement)];
      if (a !== '' && b !== '' && type !== '') out.push(`Relationship: ${a} ${type} ${b}\n`);
      tag('RelationshipComment', r.comment, true);
      if (out.length > 4096) yield flush();
    }
    out.push('\n');
  }
  const annotations = list(doc.annotations);
  if (annotations.length > 0) {
    out.push('##### Annotations\n\n');
    for (const a of annotations) {
      tag('Annotator', a.annotator);
      tag('AnnotationDate', a.annotationDate);
      tag('AnnotationType', a.annotationType);
      tag('AnnotationComment', a.comment, true);
      out.push('\n');
    }
  }
  yield flush();
}

/** The whole tag-value text of an SPDX 2.3 JSON document. */
export const spdxTagValue = (doc: Json): string => [...spdxTagValueChunks(doc)].join('');

/** The SPDX document of the scan with its lists made whole: tag-value sorts packages by id. */
function wholeDocument(scan: ScanResult, options: ReportOptions): Json {
  const doc = spdxDocument(packageResults(scan), options);
  return Object.fromEntries(Object.entries(doc).map(([k, v]) => [k, v instanceof JsonList ? [...v.items()] : v]));
}

export const spdxTagValueReport: Reporter = {
  id: 'spdx',
  render: (result, options) => spdxTagValue(wholeDocument(result, options)),
  renderChunks: (result, options) => spdxTagValueChunks(wholeDocument(result, options)),
};

type Tag = (name: string, value: unknown, asText?: boolean) => void;

function packageSection(pkg: Json, tag: Tag, out: string[]): void {
  tag('PackageName', pkg.name);
  tag('SPDXID', pkg.SPDXID);
  tag('PackageVersion', pkg.versionInfo);
  tag('PackageFileName', pkg.packageFileName);
  tag('PackageSupplier', pkg.supplier);
  tag('PackageOriginator', pkg.originator);
  tag('PackageDownloadLocation', pkg.downloadLocation);
  tag('PrimaryPackagePurpose', pkg.primaryPackagePurpose);
  tag('ReleaseDate', pkg.releaseDate);
  tag('BuiltDate', pkg.builtDate);
  tag('ValidUntilDate', pkg.validUntilDate);
  // Trivy's packages carry filesAnalyzed: false (Go's zero value), which the writer always prints.
  const analyzed = pkg.filesAnalyzed === true;
  out.push(`FilesAnalyzed: ${analyzed}\n`);
  const code = isObject(pkg.packageVerificationCode) ? pkg.packageVerificationCode : undefined;
  if (analyzed && code && text(code.packageVerificationCodeValue) !== '') {
    const excluded = strings(code.packageVerificationCodeExcludedFiles);
    const suffix = excluded.length > 0 ? ` (excludes: ${excluded.join(', ')})` : '';
    out.push(`PackageVerificationCode: ${text(code.packageVerificationCodeValue)}${suffix}\n`);
  }
  for (const c of list(pkg.checksums)) out.push(`PackageChecksum: ${text(c.algorithm)}: ${text(c.checksumValue)}\n`);
  tag('PackageHomePage', pkg.homepage);
  tag('PackageSourceInfo', pkg.sourceInfo, true);
  tag('PackageLicenseConcluded', pkg.licenseConcluded);
  if (analyzed) for (const l of strings(pkg.licenseInfoFromFiles)) tag('PackageLicenseInfoFromFiles', l);
  tag('PackageLicenseDeclared', pkg.licenseDeclared);
  tag('PackageLicenseComments', pkg.licenseComments, true);
  tag('PackageCopyrightText', pkg.copyrightText, true);
  tag('PackageSummary', pkg.summary, true);
  tag('PackageDescription', pkg.description, true);
  tag('PackageComment', pkg.comment, true);
  for (const ref of list(pkg.externalRefs)) {
    out.push(`ExternalRef: ${text(ref.referenceCategory)} ${text(ref.referenceType)} ${text(ref.referenceLocator)}\n`);
    tag('ExternalRefComment', ref.comment, true);
  }
  for (const t of strings(pkg.attributionTexts)) tag('PackageAttributionText', t, true);
  out.push('\n');
}

function fileSection(file: Json, tag: Tag, out: string[]): void {
  tag('FileName', file.fileName);
  tag('SPDXID', file.SPDXID);
  for (const t of strings(file.fileTypes)) tag('FileType', t);
  for (const c of list(file.checksums)) out.push(`FileChecksum: ${text(c.algorithm)}: ${text(c.checksumValue)}\n`);
  tag('LicenseConcluded', file.licenseConcluded);
  for (const l of strings(file.licenseInfoInFiles)) tag('LicenseInfoInFile', l);
  tag('LicenseComments', file.licenseComments, true);
  tag('FileCopyrightText', file.copyrightText, true);
  tag('FileComment', file.comment, true);
  tag('FileNotice', file.noticeText, true);
  for (const c of strings(file.fileContributors)) tag('FileContributor', c);
  for (const t of strings(file.attributionTexts)) tag('FileAttributionText', t, true);
  out.push('\n');
}
