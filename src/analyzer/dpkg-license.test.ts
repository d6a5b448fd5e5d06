import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureFile, fixtureRoot } from '../../test/fixture-file.js';
import { copyrightLicenses, dpkgLicense } from './dpkg-license.js';

describe('dpkg-license', () => {
  const paths: { path: string; want: boolean }[] = [
    { path: 'usr/share/doc/bash/copyright', want: true },
    { path: 'usr/share/doc/libc6:amd64/copyright', want: true },
    { path: 'usr/share/doc/ca-certificates/examples/ca-certificates-local/debian/copyright', want: false },
    { path: 'usr/share/doc/bash/changelog.gz', want: false },
    { path: 'usr/share/doc/copyright', want: false },
    { path: 'usr/local/share/doc/bash/copyright', want: false },
  ];
  it.each(paths)('wants $path: $want', ({ path, want }) => expect(dpkgLicense.wants(path, 100, 0o644)).toBe(want));

  // Every copyright file of the fixture gives the licenses today's Trivy gives its package (Trivy's dpkg-license
  // and licensing code run on it, see the fixture's README.md; v0.44.1's answers are beside them).
  const root = fixtureRoot('dpkg-license', 'bullseye');
  const trivy = JSON.parse(readFileSync(join(root, 'trivy-today-licenses.json'), 'utf8')) as Record<string, string[]>;
  const packages = readdirSync(join(root, 'usr/share/doc')).sort();
  it('has a Trivy answer for every fixture package', () => expect(packages).toEqual(Object.keys(trivy).sort()));
  it.each(packages)('fixture: licenses of %s as Trivy finds them', async (name) => {
    const path = `usr/share/doc/${name}/copyright`;
    const want = trivy[name] ?? [];
    const result = await dpkgLicense.analyze(fixtureFile(root, path));
    expect(result).toEqual(
      want.length > 0
        ? { packageLicenses: [{ pkgName: name, filePath: path, licenses: want }], problems: [] }
        : { problems: [] },
    );
  });

  const lines: { name: string; text: string; want: string[] }[] = [
    {
      name: 'a parenthesised abbreviation is dropped',
      text: 'License: The MIT License (MIT)\n',
      want: ['MIT'],
    },
    {
      name: '"or", "and" and commas separate licenses',
      text: 'License: GPL-1+ or Artistic, and BSD-4-clause\n',
      want: ['GPL-1.0-or-later', 'Artistic-2.0', 'BSD-4-Clause'],
    },
    {
      name: 'underscores around "or" separate too',
      text: 'License: LGPLv3+_or_GPLv2+\n',
      want: ['LGPL-3.0-or-later', 'GPL-2.0-or-later'],
    },
    {
      name: 'a version after a comma stays with its license',
      text: 'License: Apache License, Version 2.0\n',
      want: ['Apache-2.0'],
    },
    { name: 'a trailing " license" is dropped', text: 'License: Zlib license\n', want: ['Zlib'] },
    { name: 'names are normalised ignoring case', text: 'License: lgpl-2.1+\n', want: ['LGPL-2.1-or-later'] },
    {
      name: 'each license appears once, "or later" apart',
      text: 'License: GPL-2\nLicense: GPL-2+\n/usr/share/common-licenses/GPL-2\n',
      want: ['GPL-2.0-only', 'GPL-2.0-or-later'],
    },
    {
      name: 'a common-licenses reference without a trailing dot',
      text: 'see /usr/share/common-licenses/LGPL-2.1.\n',
      want: ['LGPL-2.1-only'],
    },
    { name: 'License: must start the line', text: ' License: MIT\nFiles: *\n', want: [] },
  ];
  it.each(lines)('$name', ({ text, want }) => expect(copyrightLicenses(text)).toEqual(want));
});
