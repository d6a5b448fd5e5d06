// Licenses of Debian packages from usr/share/doc/<package>/copyright, as Trivy's dpkg-license analyzer
// (pkg/fanal/analyzer/pkg/dpkg/copyright.go, without the optional full-text classifier) finds them:
// machine-readable `License:` lines and references to /usr/share/common-licenses/, split and normalised by
// src/licensing as Trivy's licensing package does.
import { normalizeLicenses } from '../licensing/normalize.js';
import { splitLicenses } from './split-licenses.js';
import type { Analyzer, AnalyzerResult } from './types.js';

/** `usr/share/doc/*\/copyright`, not deeper (examples inside a doc directory have copyright files too). */
const COPYRIGHT = /^usr\/share\/doc\/([^/]+)\/copyright$/;

const COMMON_LICENSE = /\/?usr\/share\/common-licenses\/([0-9A-Za-z_.+-]+[0-9A-Za-z+])/;

/** A `License:` value reduced to a name: "The MIT License (MIT)" → "The MIT License". */
function licenseName(value: string): string {
  let name = value.split('(', 1)[0] ?? '';
  if (name.startsWith('The main library is licensed under ')) name = name.slice(35);
  if (name.endsWith(' license')) name = name.slice(0, -8);
  return name.trim();
}

/** The licenses a copyright file names, normalised as Trivy does, first mention first, each once. */
export function copyrightLicenses(text: string): string[] {
  const licenses: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('License:')) {
      licenses.push(...splitLicenses(licenseName(line.slice(8).trim())));
    } else if (line.includes('/usr/share/common-licenses/')) {
      const match = COMMON_LICENSE.exec(line);
      if (match?.[1]) licenses.push(match[1]);
    }
  }
  return normalizeLicenses(licenses);
}

export const dpkgLicense: Analyzer = {
  id: 'dpkg-license',
  version: 2,
  wants: (path) => COPYRIGHT.test(path),
  async analyze(file): Promise<AnalyzerResult> {
    const pkgName = COPYRIGHT.exec(file.path)?.[1];
    const licenses = copyrightLicenses(await file.text());
    if (!pkgName || licenses.length === 0) return { problems: [] };
    return { packageLicenses: [{ pkgName, filePath: file.path, licenses }], problems: [] };
  },
};
