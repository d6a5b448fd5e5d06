// Licenses of Debian packages from usr/share/doc/<package>/copyright, as Trivy's dpkg-license analyzer
// (pkg/fanal/analyzer/pkg/dpkg/copyright.go, without the optional full-text classifier) finds them:
// machine-readable `License:` lines and references to /usr/share/common-licenses/.
import type { Analyzer, AnalyzerResult } from './types.js';

/** `usr/share/doc/*\/copyright`, not deeper (examples inside a doc directory have copyright files too). */
const COPYRIGHT = /^usr\/share\/doc\/([^/]+)\/copyright$/;

const COMMON_LICENSE = /\/?usr\/share\/common-licenses\/([0-9A-Za-z_.+-]+[0-9A-Za-z+])/;

/** Separators between licenses in one `License:` value, ignoring what and/or mean (Trivy's licensing). */
const SPLIT = /,?[_ ]+(?:or|and)[_ ]+|, */;

/** Trivy's licensing.Normalize table, keyed by the upper-cased name as found; other names stay as written. */
const NORMALIZED: Readonly<Record<string, string>> = {
  // GPL
  'GPL-1': 'GPL-1.0',
  'GPL-1+': 'GPL-1.0',
  'GPL 1.0': 'GPL-1.0',
  'GPL 1': 'GPL-1.0',
  GPL2: 'GPL-2.0',
  'GPL 2.0': 'GPL-2.0',
  'GPL 2': 'GPL-2.0',
  'GPL-2': 'GPL-2.0',
  'GPL-2.0-ONLY': 'GPL-2.0',
  'GPL2+': 'GPL-2.0',
  GPLV2: 'GPL-2.0',
  'GPLV2+': 'GPL-2.0',
  'GPL-2+': 'GPL-2.0',
  'GPL-2.0+': 'GPL-2.0',
  'GPL-2.0-OR-LATER': 'GPL-2.0',
  'GPL-2+ WITH AUTOCONF EXCEPTION': 'GPL-2.0-with-autoconf-exception',
  // Trivy's key is mixed case, so it can never match an upper-cased name; kept for fidelity.
  'GPL-2+-with-bison-exception': 'GPL-2.0-with-bison-exception',
  GPL3: 'GPL-3.0',
  'GPL 3.0': 'GPL-3.0',
  'GPL 3': 'GPL-3.0',
  GPLV3: 'GPL-3.0',
  'GPLV3+': 'GPL-3.0',
  'GPL-3': 'GPL-3.0',
  'GPL-3.0-ONLY': 'GPL-3.0',
  'GPL3+': 'GPL-3.0',
  'GPL-3+': 'GPL-3.0',
  'GPL-3.0-OR-LATER': 'GPL-3.0',
  'GPL-3+ WITH AUTOCONF EXCEPTION': 'GPL-3.0-with-autoconf-exception',
  'GPL-3+-WITH-BISON-EXCEPTION': 'GPL-2.0-with-bison-exception', // sic, as in Trivy
  GPL: 'GPL-3.0', // Trivy's guess: 2 or 3
  // LGPL
  LGPL2: 'LGPL-2.0',
  'LGPL 2': 'LGPL-2.0',
  'LGPL 2.0': 'LGPL-2.0',
  'LGPL-2': 'LGPL-2.0',
  'LGPL2+': 'LGPL-2.0',
  'LGPL-2+': 'LGPL-2.0',
  'LGPL-2.0+': 'LGPL-2.0',
  'LGPL-2.1': 'LGPL-2.1',
  'LGPL 2.1': 'LGPL-2.1',
  'LGPL-2.1+': 'LGPL-2.1',
  'LGPLV2.1+': 'LGPL-2.1',
  'LGPL-3': 'LGPL-3.0',
  'LGPL 3': 'LGPL-3.0',
  'LGPL-3+': 'LGPL-3.0',
  LGPL: 'LGPL-3.0', // Trivy's guess: 2 or 3
  'GNU LESSER': 'LGPL-3.0', // Trivy's guess: 2 or 3
  // MPL
  'MPL1.0': 'MPL-1.0',
  MPL1: 'MPL-1.0',
  'MPL 1.0': 'MPL-1.0',
  'MPL 1': 'MPL-1.0',
  'MPL2.0': 'MPL-2.0',
  'MPL 2.0': 'MPL-2.0',
  MPL2: 'MPL-2.0',
  'MPL 2': 'MPL-2.0',
  // BSD
  BSD: 'BSD-3-Clause', // Trivy's guess: 2 or 3 clauses
  'BSD-2-CLAUSE': 'BSD-2-Clause',
  'BSD-3-CLAUSE': 'BSD-3-Clause',
  'BSD-4-CLAUSE': 'BSD-4-Clause',
  // Others
  APACHE: 'Apache-2.0', // Trivy's guess: 1 or 2
  'APACHE 2.0': 'Apache-2.0',
  RUBY: 'Ruby',
  ZLIB: 'Zlib',
  'PUBLIC DOMAIN': 'Unlicense',
};

function normalized(name: string): string {
  const upper = name.toUpperCase();
  return Object.hasOwn(NORMALIZED, upper) ? (NORMALIZED[upper] ?? name) : name;
}

/** Licenses named in one `License:` value; a "version …" part belongs to the license before it. */
function splitLicenses(value: string): string[] {
  const licenses: string[] = [];
  for (const part of value.split(SPLIT)) {
    const lower = part.toLowerCase();
    if ((lower.startsWith('ver ') || lower.startsWith('version ')) && licenses.length > 0) {
      licenses[licenses.length - 1] += `, ${part}`;
    } else licenses.push(part);
  }
  return licenses;
}

/** A `License:` value reduced to a name: "The MIT License (MIT)" → "The MIT License". */
function licenseName(value: string): string {
  let name = value.split('(', 1)[0] ?? '';
  if (name.startsWith('The main library is licensed under ')) name = name.slice(35);
  if (name.endsWith(' license')) name = name.slice(0, -8);
  return name.trim();
}

/** The licenses a copyright file names, first mention first, each once. */
export function copyrightLicenses(text: string): string[] {
  const licenses = new Set<string>();
  for (const line of text.split('\n')) {
    if (line.startsWith('License:')) {
      const name = licenseName(line.slice(8).trim());
      if (name !== '') for (const license of splitLicenses(name)) licenses.add(normalized(license));
    } else if (line.includes('/usr/share/common-licenses/')) {
      const match = COMMON_LICENSE.exec(line);
      if (match?.[1]) licenses.add(normalized(match[1]));
    }
  }
  return [...licenses];
}

export const dpkgLicense: Analyzer = {
  id: 'dpkg-license',
  version: 1,
  wants: (path) => COPYRIGHT.test(path),
  async analyze(file): Promise<AnalyzerResult> {
    const pkgName = COPYRIGHT.exec(file.path)?.[1];
    const licenses = copyrightLicenses(await file.text());
    if (!pkgName || licenses.length === 0) return { problems: [] };
    return { packageLicenses: [{ pkgName, filePath: file.path, licenses }], problems: [] };
  },
};
