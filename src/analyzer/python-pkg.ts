// Installed Python packages from wheel (`*.dist-info/METADATA`) and egg (`*.egg-info`, `*.egg-info/PKG-INFO`,
// `EGG-INFO/PKG-INFO`) metadata anywhere in the image, as Trivy's python-pkg analyzer
// (pkg/fanal/analyzer/language/python/packaging) finds them. Zipped `.egg` archives: python-egg.ts.
import { firstValue, metadataLicenses, readMetadataHeader } from './python-metadata.js';
import type { Analyzer, AnalyzerResult } from './types.js';

/** Egg metadata files, by path suffix; `.egg-info` may itself be the metadata file. */
export const EGG_SUFFIXES = ['EGG-INFO/PKG-INFO', '.egg-info', '.egg-info/PKG-INFO', '.egg-info/METADATA'];

/** Today's Trivy walks every METADATA inside a `.dist-info` directory, and every egg metadata file. */
function isMetadataFile(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return (path.includes('.dist-info') && base === 'METADATA') || EGG_SUFFIXES.some((suffix) => path.endsWith(suffix));
}

export const pythonPkg: Analyzer = {
  id: 'python-pkg',
  version: 1,
  wants: (path) => isMetadataFile(path),
  async analyze(file): Promise<AnalyzerResult> {
    return packageOfMetadata(await file.text(), file.path);
  },
};

/** The python-pkg package a metadata text describes, found at `filePath` (the metadata file or the egg). */
export function packageOfMetadata(text: string, filePath: string): AnalyzerResult {
  const header = readMetadataHeader(text);
  const name = firstValue(header, 'Name');
  const version = firstValue(header, 'Version');
  if (name === '' || version === '') {
    return { problems: [{ path: filePath, reason: 'Python package metadata has no Name: or Version: field' }] };
  }
  const licenses = metadataLicenses(header);
  const pkg = { id: '', name, version, ...(licenses.length > 0 && { licenses }), filePath };
  return { applications: [{ type: 'python-pkg', filePath, packages: [pkg] }], problems: [] };
}
