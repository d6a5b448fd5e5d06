import { describe, expect, it } from 'vitest';
import type { Package } from '../types.js';
import { createLicenseClassifier } from './category.js';
import { detectLicense, licenseTargets, type PackageTarget } from './results.js';

const classifier = createLicenseClassifier();
const pkg = (name: string, licenses: string[], filePath?: string): Package => ({
  id: `${name}@1.0`,
  name,
  version: '1.0',
  licenses,
  ...(filePath ? { filePath } : {}),
});

const targets: PackageTarget[] = [
  {
    target: 'img (debian 11.11)',
    class: 'os-pkgs',
    type: 'debian',
    packages: [pkg('bash', ['GPL-3.0-only']), pkg('tzdata', [])],
  },
  { target: 'app/package-lock.json', class: 'lang-pkgs', type: 'npm', packages: [pkg('left-pad', ['WTFPL'])] },
  {
    target: 'Python',
    class: 'lang-pkgs',
    type: 'python-pkg',
    packages: [pkg('flask', ['BSD-3-Clause'], 'flask/METADATA')],
  },
  { target: 'Ruby', class: 'lang-pkgs', type: 'gemspec', packages: [pkg('rack', ['MIT'], 'rack.gemspec')] },
  { target: 'go.sum', class: 'lang-pkgs', type: 'gomod', packages: [pkg('x/text', [])] },
];

describe('license targets', () => {
  it('OS packages first, then applications by type, each license classified with its file', () => {
    const out = licenseTargets(targets, classifier, { pkgTypes: ['os', 'library'] });
    expect(out.map((t) => [t.target, t.class])).toEqual([
      ['OS Packages', 'license'],
      ['Ruby', 'license'],
      ['app/package-lock.json', 'license'],
      ['Python', 'license'],
    ]);
    expect(
      out.flatMap((t) => (t.licenses ?? []).map((l) => [l.pkgName, l.filePath, l.name, l.category, l.severity])),
    ).toEqual([
      ['bash', '', 'GPL-3.0-only', 'restricted', 'HIGH'],
      ['rack', 'rack.gemspec', 'MIT', 'notice', 'LOW'],
      // A lock file's packages have no file of their own: the lock file is theirs.
      ['left-pad', 'app/package-lock.json', 'WTFPL', 'forbidden', 'CRITICAL'],
      ['flask', 'flask/METADATA', 'BSD-3-Clause', 'notice', 'LOW'],
    ]);
  });

  const selections = [
    { name: 'os only', pkgTypes: ['os'], want: ['OS Packages'] },
    { name: 'library only', pkgTypes: ['library'], want: ['Ruby', 'app/package-lock.json', 'Python'] },
    { name: 'neither', pkgTypes: [], want: [] },
  ];
  it.each(selections)('--pkg-types $name', ({ pkgTypes, want }) => {
    expect(licenseTargets(targets, classifier, { pkgTypes }).map((t) => t.target)).toEqual(want);
  });

  it('an OS target without any license still gives an empty OS Packages target; no OS packages give none', () => {
    const os: PackageTarget = { target: 'x', class: 'os-pkgs', type: 'alpine', packages: [pkg('musl', [])] };
    expect(licenseTargets([os], classifier, { pkgTypes: ['os'] })).toEqual([
      { target: 'OS Packages', class: 'license', type: '', packages: [], vulnerabilities: [], licenses: [] },
    ]);
    expect(licenseTargets([{ ...os, packages: [] }], classifier, { pkgTypes: ['os'] })).toEqual([]);
  });

  it('a license given as text is named by its first three words and classified by text patterns', () => {
    const custom = createLicenseClassifier({ ...emptyLists, forbidden: ['text://Permission is hereby'] });
    expect(detectLicense(custom, 'text://Permission is hereby granted, free of charge', 'pkg', 'LICENSE')).toEqual({
      severity: 'CRITICAL',
      category: 'forbidden',
      pkgName: 'pkg',
      filePath: 'LICENSE',
      name: 'CUSTOM License: Permission is hereby...',
      text: 'Permission is hereby granted, free of charge',
      confidence: 1,
      link: '',
    });
    expect(detectLicense(classifier, 'text://Some text', 'pkg', '')).toMatchObject({
      category: 'unknown',
      severity: 'UNKNOWN',
      name: 'CUSTOM License: Some text...',
    });
  });
});

const emptyLists = { forbidden: [], restricted: [], reciprocal: [], notice: [], permissive: [], unencumbered: [] };
