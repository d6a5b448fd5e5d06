import { describe, expect, it } from 'vitest';
import { fixtureFile, fixtureRoot, textFile } from '../../test/fixture-file.js';
import { pythonPkg } from './python-pkg.js';
import type { AnalyzerResult } from './types.js';

const SITE = 'usr/local/lib/python3.8/site-packages';
const DIST = 'usr/lib/python3/dist-packages';

/** The result for one metadata file holding one package. */
const found = (path: string, name: string, version: string, licenses?: string[]): AnalyzerResult => ({
  applications: [
    {
      type: 'python-pkg',
      filePath: path,
      packages: [{ id: '', name, version, ...(licenses && { licenses }), filePath: path }],
    },
  ],
  problems: [],
});

describe('python-pkg', () => {
  const paths: { path: string; want: boolean }[] = [
    { path: `${SITE}/Flask-2.2.2.dist-info/METADATA`, want: true },
    { path: `${DIST}/Flask-2.2.2.egg-info/PKG-INFO`, want: true },
    { path: `${DIST}/setuptools-65.5.0.egg-info/METADATA`, want: true },
    { path: 'usr/lib/python2.7/lib-dynload/Python-2.7.egg-info', want: true },
    { path: 'opt/app/foo-1.0-py3.9.egg/EGG-INFO/PKG-INFO', want: true },
    { path: `${SITE}/Flask-2.2.2.dist-info/RECORD`, want: false },
    { path: `${SITE}/Flask-2.2.2.dist-info/LICENSE.rst`, want: false },
    { path: 'usr/share/doc/METADATA', want: false },
    { path: `${SITE}/flask/PKG-INFO`, want: false },
  ];
  it.each(paths)('wants $path: $want', ({ path, want }) => expect(pythonPkg.wants(path, 100, 0o644)).toBe(want));

  // Real pip-installed METADATA (examples/demo) and egg-info from Debian's packages, trimmed to the header.
  const fixtures: { name: string; root: string; path: string; want: AnalyzerResult }[] = [
    {
      name: 'classifier licenses take precedence over License:',
      root: 'pip-wheels',
      path: `${SITE}/Flask-2.2.2.dist-info/METADATA`,
      want: found(`${SITE}/Flask-2.2.2.dist-info/METADATA`, 'Flask', '2.2.2', ['BSD License']),
    },
    {
      name: 'the bare "OSI Approved" classifier is skipped, so License: is used',
      root: 'pip-wheels',
      path: `${SITE}/dnspython-2.2.1.dist-info/METADATA`,
      want: found(`${SITE}/dnspython-2.2.1.dist-info/METADATA`, 'dnspython', '2.2.1', ['ISC']),
    },
    {
      name: 'the name is kept as written (the inventory normalises it)',
      root: 'pip-wheels',
      path: `${SITE}/email_validator-1.3.0.dist-info/METADATA`,
      want: found(`${SITE}/email_validator-1.3.0.dist-info/METADATA`, 'email-validator', '1.3.0', [
        'CC0 1.0 Universal (CC0 1.0) Public Domain Dedication',
      ]),
    },
    {
      name: 'License-File fields are not needed beside classifiers',
      root: 'pip-wheels',
      path: `${SITE}/greenlet-1.1.3.dist-info/METADATA`,
      want: found(`${SITE}/greenlet-1.1.3.dist-info/METADATA`, 'greenlet', '1.1.3', ['MIT License']),
    },
    {
      name: "Debian's egg-info of python3-flask",
      root: 'debian-eggs',
      path: `${DIST}/Flask-2.2.2.egg-info/PKG-INFO`,
      want: found(`${DIST}/Flask-2.2.2.egg-info/PKG-INFO`, 'Flask', '2.2.2', ['BSD License']),
    },
    {
      name: "Debian's egg-info of python3-six",
      root: 'debian-eggs',
      path: `${DIST}/six-1.16.0.egg-info/PKG-INFO`,
      want: found(`${DIST}/six-1.16.0.egg-info/PKG-INFO`, 'six', '1.16.0', ['MIT License']),
    },
  ];
  it.each(fixtures)('fixture: $name', async ({ root, path, want }) => {
    expect(await pythonPkg.analyze(fixtureFile(fixtureRoot('python-pkg', root), path))).toEqual(want);
  });

  const P = `${SITE}/x-1.0.dist-info/METADATA`;
  const texts: { name: string; text: string; want: AnalyzerResult }[] = [
    {
      name: 'License-Expression wins over classifiers, an expression is kept whole',
      text: 'Name: x\nVersion: 1.0\nLicense-Expression: MIT OR Apache-2.0\nClassifier: License :: OSI Approved :: MIT License\n',
      want: found(P, 'x', '1.0', ['MIT OR Apache-2.0']),
    },
    {
      name: 'License: alone is split at "or" and commas',
      text: 'Name: x\nVersion: 1.0\nLicense: BSD or Apache License, Version 2.0\n',
      want: found(P, 'x', '1.0', ['BSD', 'Apache License, Version 2.0']),
    },
    {
      name: 'license text becomes one text:// entry',
      text: 'Name: x\nVersion: 1.0\nLicense: Copyright (c) 2010 somebody; all rights reserved\n',
      want: found(P, 'x', '1.0', ['text://Copyright (c) 2010 somebody; all rights reserved']),
    },
    {
      name: 'field names ignore case and CRLF line ends are read',
      text: 'name: x\r\nVERSION: 1.0\r\n\r\n',
      want: found(P, 'x', '1.0'),
    },
    {
      name: 'a continuation line joins its field with one space',
      text: 'Name: x\nVersion: 1.0\nLicense: BSD\n        or MIT\n',
      want: found(P, 'x', '1.0', ['BSD', 'MIT']),
    },
    {
      name: 'fields after the blank line (the description) are not read',
      text: 'Name: x\n\nVersion: 1.0\n',
      want: { problems: [{ path: P, reason: 'Python package metadata has no Name: or Version: field' }] },
    },
    {
      name: 'a malformed line ends the header but keeps the fields before it',
      text: 'Name: x\nVersion: 1.0\nthis line has no colon\nLicense: MIT\n',
      want: found(P, 'x', '1.0'),
    },
    {
      name: 'a malformed line before Version: leaves the file without a package',
      text: 'Name: x\n{"not": "metadata"}\nVersion: 1.0\n',
      want: { problems: [{ path: P, reason: 'Python package metadata has no Name: or Version: field' }] },
    },
    {
      name: 'a binary file is a problem, not a crash',
      text: '\u0000\u0001\u0002PK\u0003\u0004',
      want: { problems: [{ path: P, reason: 'Python package metadata has no Name: or Version: field' }] },
    },
  ];
  it.each(texts)('text: $name', async ({ text, want }) => {
    expect(await pythonPkg.analyze(textFile(P, text))).toEqual(want);
  });
});
