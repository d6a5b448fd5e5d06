import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitLicenses } from '../analyzer/split-licenses.js';
import { LICENSE_MAPPING } from './mapping.js';
import {
  laxSplitLicenses,
  normalizeLicense,
  normalizeLicenses,
  normalizeLicenseUrl,
  spdxLicenseIdByUrl,
  standardizeName,
} from './normalize.js';
import { GNU_LICENSES, SPDX_LICENSE_IDS } from './spdx-ids.js';

/** Names and fields of real packages with the answers of Trivy's own code (README.md). */
const vectors = JSON.parse(readFileSync(new URL('normalize-vectors.json', import.meta.url), 'utf8')) as {
  normalize: Record<string, string>;
  split: Record<string, string[]>;
  lax: Record<string, string[]>;
};

describe('normalizeLicense', () => {
  // Trivy's TestNormalize (pkg/licensing/normalize_test.go at dc3c56ee): every name of a group gives its want.
  const groups: { want: string; names: string[] }[] = [
    {
      want: 'Apache-2.0',
      names: [
        '  the apache license  ',
        '  the\tapache  \r\nlicense  \r\n ',
        ' apache ',
        'ApacheLicence',
        'ApacheLicense',
        'al-2',
        'al-v2',
        'al2',
        'alv2',
        'apache - v 2.0',
        'apache - v. 2.0',
        'apache - ver 2.0',
        'apache - version 2.0',
        'apache 2',
        'apache 2.0',
        'apache license (2.0)',
        'apache license (v. 2)',
        'apache license (v. 2.0)',
        'apache license (v2)',
        'apache license (v2.0)',
        'apache license (version 2.0)',
        'apache license 2',
        'apache license 2.0',
        'apache license v2',
        'apache license v2.0',
        'apache license version 2',
        'apache license version 2.0',
        'apache license',
        'apache license, 2.0',
        'apache license, asl version 2.0',
        'apache license, version 2',
        'apache license, version 2.0 (http://www.apache.org/licenses/license-2.0)',
        'apache license, version 2.0',
        'apache license,version 2.0',
        'apache license,version-2.0',
        'apache license-2.0',
        'apache public 2.0',
        'apache public license 2.0',
        'apache public license-2.0',
        'apache public-2',
        'apache public-2.0',
        'apache software license (apache-2.0)',
        'apache software license - version 2.0',
        'apache software license 2.0',
        'apache software license, version 2',
        'apache software license, version 2.0',
        'apache software-2.0',
        'apache v 2.0',
        'apache v. 2.0',
        'apache v2',
        'apache v2.0',
        'apache ver 2.0',
        'apache ver. 2.0',
        'apache version 2.0',
        'apache version 2.0, january 2004',
        'apache version-2',
        'apache version-2.0',
        'apache',
        'apache, 2',
        'apache, v2.0',
        'apache, version 2',
        'apache, version 2.0',
        'apache-2',
        'apache-2.0',
        'apache-licence',
        'apache-license',
        'apache-licensed',
        'apache-licensed',
        'asf 2.0',
        'asl 2',
        'asl, version 2',
        'asl2.0',
        'the apache license',
        'the apache license',
      ],
    },
    { want: 'Apache-2.0+', names: ['Apache+'] },
    {
      want: 'CDDL-1.1',
      names: [
        'COMMON DEVELOPMENT AND DISTRIBUTION LICENSE (CDDL) V1.1',
        'COMMON DEVELOPMENT AND DISTRIBUTION LICENSE (CDDL) VERSION 1.1',
        'COMMON DEVELOPMENT AND DISTRIBUTION LICENSE (CDDL), VERSION 1.1',
        'COMMON DEVELOPMENT AND DISTRIBUTION LICENSE 1.1 (CDDL-1.1)',
      ],
    },
    {
      want: 'EPL-1.0',
      names: [
        'ECLIPSE PUBLIC LICENSE (EPL) 1.0',
        'ECLIPSE PUBLIC LICENSE (EPL), VERSION 1.0',
        'ECLIPSE PUBLIC LICENSE - V 1.0',
        'ECLIPSE PUBLIC LICENSE - V1.0',
        'ECLIPSE PUBLIC LICENSE - VERSION 1.0',
        'ECLIPSE PUBLIC LICENSE 1.0 (EPL-1.0)',
        'ECLIPSE PUBLIC LICENSE 1.0',
        'ECLIPSE PUBLIC LICENSE V. 1.0',
        'ECLIPSE PUBLIC LICENSE V1.0',
        'ECLIPSE PUBLIC LICENSE VERSION 1.0',
        'ECLIPSE PUBLIC LICENSE, VERSION 1.0',
        'ECLIPSE PUBLIC',
      ],
    },
    {
      want: 'EUPL-1.1',
      names: [
        'EUROPEAN UNION PUBLIC LICENSE (EUPL V.1.1)',
        'EUROPEAN UNION PUBLIC LICENSE 1.1 (EUPL 1.1)',
        'EUROPEAN UNION PUBLIC LICENSE 1.1',
        'EUROPEAN UNION PUBLIC LICENSE, VERSION 1.1',
      ],
    },
    { want: 'GPL-2.0-or-later', names: ['GPL-or-later', 'GPL+', 'GPL-2.0-only+'] },
    { want: 'GPL-3.0-or-later', names: ['GPL (≥ 3)', 'GPL3+', 'GPL3-or-later', 'GPL3 or later licence'] },
    {
      want: 'GPL-3.0-only',
      names: [
        'GNU GENERAL PUBLIC LICENSE 3',
        'GNU GENERAL PUBLIC LICENSE (GPL) V. 3',
        'GNU GENERAL PUBLIC LICENSE VERSION 3 (GPL V3)',
      ],
    },
    {
      want: 'LGPL-3.0-only',
      names: [
        'LGPL LICENSE-3',
        'GNU LESSER GENERAL PUBLIC LICENSE V3',
        'GNU LESSER GENERAL PUBLIC LICENSE V3.0',
        'GNU LESSER GENERAL PUBLIC LICENSE VERSION 3',
        'GNU LESSER GENERAL PUBLIC LICENSE VERSION 3.0',
        'GNU LESSER GENERAL PUBLIC LICENSE, VERSION 3.0',
        'GNU LIBRARY OR LESSER GENERAL PUBLIC LICENSE VERSION 3.0 (LGPLV3)',
        'GNU GENERAL LESSER PUBLIC LICENSE (LGPL) VERSION 3.0',
        'GNU LESSER GENERAL PUBLIC LICENSE (LGPL), VERSION 3',
      ],
    },
    { want: 'Unlicense', names: ['The Unlicense', 'Unlicense', 'UNLICENSE'] },
    { want: 'MIT', names: ['MIT License', 'http://json.codeplex.com/license'] },
    { want: 'The unmapped license', names: [' The unmapped license '] },
    { want: 'UPL-1.0', names: ['Universal Permissive License, Version 1.0'] },
    { want: 'GPL-2.0-with-classpath-exception', names: ['GPLv2 WITH EXCEPTIONS'] },
    { want: 'TCL', names: ['Tcl', 'tcl', 'TCL'] },
  ];
  it.each(groups)('names Trivy normalises to $want', ({ want, names }) => {
    expect(names.map((name) => [name, normalizeLicense(name)])).toEqual(names.map((name) => [name, want]));
  });

  // Trivy's TestMap: a key that does not standardise to itself could never be found.
  it('has table keys that are standardised names', () => {
    const unreachable = [...LICENSE_MAPPING.keys()].filter((key) => standardizeName(key).license !== key);
    expect(unreachable).toEqual([]);
  });

  it('has the table and the SPDX list of Trivy', () => {
    expect(LICENSE_MAPPING.size).toBe(419);
    expect(SPDX_LICENSE_IDS).toHaveLength(727);
    expect(GNU_LICENSES.size).toBe(17);
  });

  // normalize-vectors.json: names declared by real packages, normalised by Trivy's own code (see README.md).
  it.each(Object.entries(vectors.normalize))('%j is normalised to %j as Trivy does', (name, want) => {
    expect(normalizeLicense(name)).toBe(want);
  });
});

describe('normalizeLicenses', () => {
  const lists: { name: string; declared: string[]; want: string[] }[] = [
    { name: 'names normalised to the same id appear once', declared: ['MIT', 'MIT License', 'Expat'], want: ['MIT'] },
    { name: 'empty names are dropped', declared: ['', ' ', 'BSD'], want: ['BSD-3-Clause'] },
    {
      name: 'the first mention keeps its place',
      declared: ['GPL-2+', 'Apache', 'GPLv2+'],
      want: ['GPL-2.0-or-later', 'Apache-2.0'],
    },
    { name: 'no names give none', declared: [], want: [] },
  ];
  it.each(lists)('$name', ({ declared, want }) => expect(normalizeLicenses(declared)).toEqual(want));
});

describe('laxSplitLicenses', () => {
  // Trivy's TestLaxSplitLicense, then fields of real apk databases (normalize-vectors.json).
  const fields: { field: string; want: string[] }[] = [
    { field: 'ASL 2.0', want: ['Apache-2.0'] },
    { field: 'MPL 2.0 GPL2+', want: ['MPL-2.0', 'GPL-2.0-or-later'] },
    { field: 'GPL-2.0-only WITH Classpath-exception-2.0', want: ['GPL-2.0-only WITH Classpath-exception-2.0'] },
    {
      field: 'BSD-3-CLAUSE OR GPL-2.0-only WITH Classpath-exception-2.0 AND MPL-2.0 ASL 2.0',
      want: ['BSD-3-Clause', 'GPL-2.0-only WITH Classpath-exception-2.0', 'MPL-2.0', 'Apache-2.0'],
    },
    { field: '', want: [] },
    ...Object.entries(vectors.lax).map(([field, want]) => ({ field, want })),
  ];
  it.each(fields)('splits "$field" as Trivy does', ({ field, want }) => expect(laxSplitLicenses(field)).toEqual(want));
});

describe('splitLicenses', () => {
  // Trivy's TestSplitLicenses, then fields of real packages (normalize-vectors.json).
  const fields: { field: string; want: string[] }[] = [
    { field: 'GPL-1+,GPL-2', want: ['GPL-1+', 'GPL-2'] },
    { field: 'GPL-1+,GPL-2,GPL-3', want: ['GPL-1+', 'GPL-2', 'GPL-3'] },
    { field: 'GPL-1+ or Artistic or Artistic-dist', want: ['GPL-1+', 'Artistic', 'Artistic-dist'] },
    { field: 'LGPLv3+_or_GPLv2+', want: ['LGPLv3+', 'GPLv2+'] },
    { field: 'BSD-3-CLAUSE and GPL-2', want: ['BSD-3-CLAUSE', 'GPL-2'] },
    { field: 'GPL-1+ or Artistic, and BSD-4-clause-POWERDOG', want: ['GPL-1+', 'Artistic', 'BSD-4-clause-POWERDOG'] },
    {
      field: 'Apache License,Version 2.0, OSET Public License version 2.1',
      want: ['Apache License, Version 2.0', 'OSET Public License version 2.1'],
    },
    { field: 'verbatim and BSD-4-clause', want: ['verbatim', 'BSD-4-clause'] },
    {
      field: 'GNU Affero General Public License v3 or later (AGPLv3+)',
      want: ['GNU Affero General Public License v3 or later (AGPLv3+)'],
    },
    {
      field:
        'GNU Library or Lesser General Public License (LGPL), Common Development and Distribution License 1.0 (CDDL-1.0), Historical Permission Notice and Disclaimer (HPND)',
      want: [
        'GNU Library or Lesser General Public License (LGPL)',
        'Common Development and Distribution License 1.0 (CDDL-1.0)',
        'Historical Permission Notice and Disclaimer (HPND)',
      ],
    },
    {
      field: '* Permission to use this software in any way is granted without',
      want: ['text://* Permission to use this software in any way is granted without'],
    },
    { field: '', want: [] },
    ...Object.entries(vectors.split).map(([field, want]) => ({ field, want })),
  ];
  it.each(fields)('splits "$field" as Trivy does', ({ field, want }) => expect(splitLicenses(field)).toEqual(want));
});

describe('normalizeLicenseUrl', () => {
  // Trivy's TestNormalizeLicenseURL.
  const urls: { name: string; url: string; want: string }[] = [
    { name: 'empty', url: '', want: '' },
    { name: 'whitespace only', url: '   ', want: '' },
    {
      name: 'https scheme is stripped',
      url: 'https://www.apache.org/licenses/LICENSE-2.0',
      want: 'apache.org/licenses/LICENSE-2.0',
    },
    {
      name: 'http scheme is stripped',
      url: 'http://www.apache.org/licenses/LICENSE-2.0',
      want: 'apache.org/licenses/LICENSE-2.0',
    },
    {
      name: 'an uppercase scheme is dropped and the host is lowercased',
      url: 'HTTPS://WWW.Apache.ORG/licenses/LICENSE-2.0',
      want: 'apache.org/licenses/LICENSE-2.0',
    },
    {
      name: 'a URL without a scheme is normalized as well',
      url: 'www.apache.org/licenses/LICENSE-2.0',
      want: 'apache.org/licenses/LICENSE-2.0',
    },
    { name: 'a host without a path is lowercased as a whole', url: 'https://Opensource.ORG', want: 'opensource.org' },
    {
      name: 'a non-http scheme is kept, so it matches only itself',
      url: 'ftp://ftp.tin.org/pub/news/utils/newsx/newsx-1.6.tar.gz',
      want: 'ftp://ftp.tin.org/pub/news/utils/newsx/newsx-1.6.tar.gz',
    },
    { name: 'path keeps its case', url: 'https://opensource.org/license/MIT', want: 'opensource.org/license/MIT' },
    {
      name: 'trailing slash is dropped',
      url: 'https://opensource.org/license/mit/',
      want: 'opensource.org/license/mit',
    },
    {
      name: '.txt suffix is dropped',
      url: 'https://www.apache.org/licenses/LICENSE-2.0.txt',
      want: 'apache.org/licenses/LICENSE-2.0',
    },
    {
      name: '.html suffix is dropped',
      url: 'https://www.gnu.org/licenses/gpl-3.0-standalone.html',
      want: 'gnu.org/licenses/gpl-3.0-standalone',
    },
    {
      name: 'opensource.org licenses vs license',
      url: 'https://opensource.org/licenses/Apache-2.0',
      want: 'opensource.org/license/Apache-2.0',
    },
    {
      name: 'opensource.org license with trailing slash',
      url: 'http://opensource.org/license/apache-2-0/',
      want: 'opensource.org/license/apache-2-0',
    },
    {
      name: 'archive.org snapshot is unwrapped to the embedded license URL',
      url: 'http://wayback.archive.org/web/20060924134533/http://www.opensource.org/licenses/afl-2.0.txt',
      want: 'opensource.org/license/afl-2.0',
    },
    {
      name: 'the archive host is matched case-insensitively',
      url: 'HTTPS://WEB.ARCHIVE.ORG/web/20120101081418/http://rosenlaw.com:80/OSL3.0.htm',
      want: 'rosenlaw.com:80/OSL3.0',
    },
    {
      name: 'a timestamp modifier is accepted',
      url: 'https://web.archive.org/web/20170708004848id_/http://www.gnu.org/licenses/lgpl.html',
      want: 'gnu.org/licenses/lgpl',
    },
    {
      name: 'only the outermost of nested snapshots is unwrapped',
      url: 'https://web.archive.org/web/20120101081418/https://web.archive.org/web/20160823201924/https://www.apache.org/licenses/LICENSE-2.0',
      want: 'web.archive.org/web/20160823201924/https://www.apache.org/licenses/LICENSE-2.0',
    },
    {
      name: 'a URL carrying another one in its query is not unwrapped',
      url: 'https://example.com/reference?target=https://www.apache.org/licenses/LICENSE-2.0.txt',
      want: 'example.com/reference?target=https://www.apache.org/licenses/LICENSE-2.0',
    },
    {
      name: 'a URL carrying another one is not cut down to it',
      url: 'example.com/redirect?url=https://opensource.org/licenses/MIT',
      want: 'example.com/redirect?url=https://opensource.org/license/MIT',
    },
    {
      name: 'an archive path other than /web/ is not unwrapped',
      url: 'https://web.archive.org/about/http://www.apache.org/licenses/LICENSE-2.0',
      want: 'web.archive.org/about/http://www.apache.org/licenses/LICENSE-2.0',
    },
    {
      name: 'an archive path in upper case is not unwrapped',
      url: 'https://web.archive.org/WEB/20060924134533/http://www.apache.org/licenses/LICENSE-2.0',
      want: 'web.archive.org/WEB/20060924134533/http://www.apache.org/licenses/LICENSE-2.0',
    },
    {
      name: 'a snapshot without a timestamp is not unwrapped',
      url: 'https://web.archive.org/web/about/http://www.apache.org/licenses/LICENSE-2.0',
      want: 'web.archive.org/web/about/http://www.apache.org/licenses/LICENSE-2.0',
    },
    {
      name: 'a snapshot with nothing after the timestamp is not unwrapped',
      url: 'https://web.archive.org/web/20060924134533',
      want: 'web.archive.org/web/20060924134533',
    },
    {
      name: 'a snapshot path on another host is not unwrapped',
      url: 'https://example.com/web/20060924134533/http://www.apache.org/licenses/LICENSE-2.0',
      want: 'example.com/web/20060924134533/http://www.apache.org/licenses/LICENSE-2.0',
    },
    {
      name: 'https archive snapshot embedding http URL is unwrapped',
      url: 'https://web.archive.org/web/20120101081418/http://rosenlaw.com:80/OSL3.0.htm',
      want: 'rosenlaw.com:80/OSL3.0',
    },
  ];
  it.each(urls)('$name', ({ url, want }) => expect(normalizeLicenseUrl(url)).toBe(want));
});

describe('spdxLicenseIdByUrl', () => {
  // Trivy's TestSPDXLicenseIDByURL.
  const urls: { name: string; url: string; want: string | undefined }[] = [
    {
      name: 'URL taken from metadata as-is',
      url: 'http://www.apache.org/licenses/LICENSE-2.0.txt',
      want: 'Apache-2.0',
    },
    { name: 'URL that needs no normalization', url: 'opensource.org/license/MIT', want: 'MIT' },
    { name: 'URL of no SPDX license', url: 'https://example.com/LICENSE', want: undefined },
    { name: 'empty', url: '', want: undefined },
  ];
  it.each(urls)('$name', ({ url, want }) => expect(spdxLicenseIdByUrl(url)).toBe(want));
});
