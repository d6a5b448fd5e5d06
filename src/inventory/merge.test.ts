import { describe, expect, it } from 'vitest';
import type { AnalyzerResult } from '../analyzer/types.js';
import type { FileResult, LayerAnalysis } from '../layer/types.js';
import type { OS, Package } from '../types.js';
import { mergeLayers, mergeOS } from './merge.js';

// Layer analyses as the walker returns them (plain data), with package data taken from debian:10.2 and a
// python:3.11 image's dpkg status and dist-info METADATA files.

const diff = (n: number) => `sha256:${String(n).repeat(64)}`;
const dig = (n: number) => `sha256:${String(n + 5).repeat(64)}`;

function layer(
  n: number,
  results: [analyzer: string, path: string, result: Omit<AnalyzerResult, 'problems'>][],
  extra: Partial<LayerAnalysis> = {},
): LayerAnalysis {
  return {
    digest: dig(n),
    diffId: diff(n),
    results: results.map(
      ([analyzer, path, result]): FileResult => ({ analyzer, path, result: { problems: [], ...result } }),
    ),
    whiteouts: [],
    opaqueDirs: [],
    links: [],
    problems: [],
    ...extra,
  };
}

const deb = (name: string, version: string, release: string, arch = 'amd64', epoch?: number): Package => ({
  id: `${name}@${epoch ? `${epoch}:` : ''}${version}-${release}`,
  name,
  version,
  release,
  arch,
  srcName: name,
  ...(epoch ? { epoch } : {}),
});
const py = (name: string, version: string, filePath: string): Package => ({ id: '', name, version, filePath });

const status = (packages: Package[]) => ({ packageInfos: [{ filePath: 'var/lib/dpkg/status', packages }] });
const debianVersion = (name: string) => ({ os: { family: 'debian', name } });
const METADATA = 'usr/local/lib/python3.11/site-packages/pip-23.2.1.dist-info/METADATA';
const SETUPTOOLS = 'usr/local/lib/python3.11/site-packages/setuptools-65.5.1.dist-info/METADATA';
const pythonApp = (pkg: Package) => ({ applications: [{ type: 'python-pkg', filePath: '', packages: [pkg] }] });

/** What a test compares: target names and, per package, id, layer diffID, purl and file. */
function summary(layers: LayerAnalysis[]) {
  const inventory = mergeLayers(layers, { artifactName: 'img:1' });
  return {
    os: inventory.os,
    targets: inventory.targets.map((t) => ({
      target: t.target,
      class: t.class,
      type: t.type,
      packages: t.packages.map((p) =>
        [p.id || `${p.name}@${p.version}`, p.layer?.diffId, p.purl, ...(p.licenses ? [p.licenses.join(',')] : [])].join(
          ' ',
        ),
      ),
    })),
  };
}

describe('mergeLayers', () => {
  const cases: { name: string; layers: LayerAnalysis[]; want: ReturnType<typeof summary> }[] = [
    {
      name: 'names the OS target after the artifact and the OS, and gives packages purls and their layer',
      layers: [
        layer(1, [
          ['debian', 'etc/debian_version', debianVersion('10.2')],
          [
            'dpkg',
            'var/lib/dpkg/status',
            status([deb('tzdata', '2019c', '0+deb10u1', 'all'), deb('libgmp10', '6.1.2+dfsg', '4', 'amd64', 2)]),
          ],
        ]),
      ],
      want: {
        os: { family: 'debian', name: '10.2' },
        targets: [
          {
            target: 'img:1 (debian 10.2)',
            class: 'os-pkgs',
            type: 'debian',
            packages: [
              `libgmp10@2:6.1.2+dfsg-4 ${diff(1)} pkg:deb/debian/libgmp10@6.1.2%2Bdfsg-4?arch=amd64&distro=debian-10.2&epoch=2`,
              `tzdata@2019c-0+deb10u1 ${diff(1)} pkg:deb/debian/tzdata@2019c-0%2Bdeb10u1?arch=all&distro=debian-10.2`,
            ],
          },
        ],
      },
    },
    {
      name: "a later layer's package database replaces the earlier one; each package keeps the layer that first had it",
      layers: [
        layer(1, [
          ['debian', 'etc/debian_version', debianVersion('10.2')],
          [
            'dpkg',
            'var/lib/dpkg/status',
            status([deb('tzdata', '2019c', '0+deb10u1', 'all'), deb('bash', '5.0', '4')]),
          ],
        ]),
        layer(2, [
          [
            'dpkg',
            'var/lib/dpkg/status',
            status([
              deb('tzdata', '2021a', '0+deb10u1', 'all'),
              deb('bash', '5.0', '4'),
              deb('curl', '7.64.0', '4+deb10u2'),
            ]),
          ],
        ]),
      ],
      want: {
        os: { family: 'debian', name: '10.2' },
        targets: [
          {
            target: 'img:1 (debian 10.2)',
            class: 'os-pkgs',
            type: 'debian',
            packages: [
              `bash@5.0-4 ${diff(1)} pkg:deb/debian/bash@5.0-4?arch=amd64&distro=debian-10.2`,
              `curl@7.64.0-4+deb10u2 ${diff(2)} pkg:deb/debian/curl@7.64.0-4%2Bdeb10u2?arch=amd64&distro=debian-10.2`,
              `tzdata@2021a-0+deb10u1 ${diff(2)} pkg:deb/debian/tzdata@2021a-0%2Bdeb10u1?arch=all&distro=debian-10.2`,
            ],
          },
        ],
      },
    },
    {
      name: 'python-pkg packages are aggregated into one Python target, sorted by name',
      layers: [
        layer(1, [['python-pkg', SETUPTOOLS, pythonApp(py('setuptools', '65.5.1', SETUPTOOLS))]]),
        layer(2, [['python-pkg', METADATA, pythonApp(py('pip', '23.2.1', METADATA))]]),
      ],
      want: {
        os: undefined,
        targets: [
          {
            target: 'Python',
            class: 'lang-pkgs',
            type: 'python-pkg',
            packages: [
              `pip@23.2.1 ${diff(2)} pkg:pypi/pip@23.2.1`,
              `setuptools@65.5.1 ${diff(1)} pkg:pypi/setuptools@65.5.1`,
            ],
          },
        ],
      },
    },
    {
      name: 'a whiteout removes the file and everything under a removed directory',
      layers: [
        layer(1, [
          ['python-pkg', SETUPTOOLS, pythonApp(py('setuptools', '65.5.1', SETUPTOOLS))],
          ['python-pkg', METADATA, pythonApp(py('pip', '23.2.1', METADATA))],
        ]),
        layer(2, [], { whiteouts: ['usr/local/lib/python3.11/site-packages/pip-23.2.1.dist-info'] }),
      ],
      want: {
        os: undefined,
        targets: [
          {
            target: 'Python',
            class: 'lang-pkgs',
            type: 'python-pkg',
            packages: [`setuptools@65.5.1 ${diff(1)} pkg:pypi/setuptools@65.5.1`],
          },
        ],
      },
    },
    {
      name: 'an opaque directory hides what lower layers had there but not what its own layer adds',
      layers: [
        layer(1, [['python-pkg', SETUPTOOLS, pythonApp(py('setuptools', '65.5.1', SETUPTOOLS))]]),
        layer(2, [['python-pkg', METADATA, pythonApp(py('pip', '23.2.1', METADATA))]], {
          opaqueDirs: ['usr/local/lib/python3.11/site-packages'],
        }),
      ],
      want: {
        os: undefined,
        targets: [
          {
            target: 'Python',
            class: 'lang-pkgs',
            type: 'python-pkg',
            packages: [`pip@23.2.1 ${diff(2)} pkg:pypi/pip@23.2.1`],
          },
        ],
      },
    },
    {
      name: 'language packages whose file the OS package manager installed in the same layer are left out',
      layers: [
        layer(1, [
          ['debian', 'etc/debian_version', debianVersion('12.1')],
          ['dpkg', 'var/lib/dpkg/status', status([deb('python3-pip', '23.0.1', '1', 'all')])],
          [
            'dpkg',
            'var/lib/dpkg/info/python3-pip.list',
            { systemFiles: ['/usr/lib/python3/dist-packages/pip-23.0.1.dist-info/METADATA'] },
          ],
          [
            'python-pkg',
            'usr/lib/python3/dist-packages/pip-23.0.1.dist-info/METADATA',
            pythonApp(py('pip', '23.0.1', 'usr/lib/python3/dist-packages/pip-23.0.1.dist-info/METADATA')),
          ],
          ['python-pkg', METADATA, pythonApp(py('pip', '23.2.1', METADATA))],
        ]),
      ],
      want: {
        os: { family: 'debian', name: '12.1' },
        targets: [
          {
            target: 'img:1 (debian 12.1)',
            class: 'os-pkgs',
            type: 'debian',
            packages: [
              `python3-pip@23.0.1-1 ${diff(1)} pkg:deb/debian/python3-pip@23.0.1-1?arch=all&distro=debian-12.1`,
            ],
          },
          {
            target: 'Python',
            class: 'lang-pkgs',
            type: 'python-pkg',
            packages: [`pip@23.2.1 ${diff(1)} pkg:pypi/pip@23.2.1`],
          },
        ],
      },
    },
    {
      name: 'a lock file is its own target, named by its path, after the OS target',
      layers: [
        layer(1, [
          ['debian', 'etc/debian_version', debianVersion('12.1')],
          ['dpkg', 'var/lib/dpkg/status', status([deb('bash', '5.2.15', '2+b2')])],
          [
            'npm',
            'app/package-lock.json',
            {
              applications: [
                {
                  type: 'npm',
                  filePath: 'app/package-lock.json',
                  packages: [{ id: 'lodash@4.17.21', name: 'lodash', version: '4.17.21' }],
                },
              ],
            },
          ],
        ]),
      ],
      want: {
        os: { family: 'debian', name: '12.1' },
        targets: [
          {
            target: 'img:1 (debian 12.1)',
            class: 'os-pkgs',
            type: 'debian',
            packages: [`bash@5.2.15-2+b2 ${diff(1)} pkg:deb/debian/bash@5.2.15-2%2Bb2?arch=amd64&distro=debian-12.1`],
          },
          {
            target: 'app/package-lock.json',
            class: 'lang-pkgs',
            type: 'npm',
            packages: [`lodash@4.17.21 ${diff(1)} pkg:npm/lodash@4.17.21`],
          },
        ],
      },
    },
    {
      name: 'licenses read from copyright files are given to the OS packages of that name',
      layers: [
        layer(1, [
          ['debian', 'etc/debian_version', debianVersion('10.2')],
          ['dpkg', 'var/lib/dpkg/status', status([deb('bash', '5.0', '4')])],
          [
            'dpkg-license',
            'usr/share/doc/bash/copyright',
            { packageLicenses: [{ pkgName: 'bash', filePath: 'usr/share/doc/bash/copyright', licenses: ['GPL-3.0'] }] },
          ],
        ]),
      ],
      want: {
        os: { family: 'debian', name: '10.2' },
        targets: [
          {
            target: 'img:1 (debian 10.2)',
            class: 'os-pkgs',
            type: 'debian',
            packages: [`bash@5.0-4 ${diff(1)} pkg:deb/debian/bash@5.0-4?arch=amd64&distro=debian-10.2 GPL-3.0`],
          },
        ],
      },
    },
    {
      name: 'OS packages without a detected OS are reported under the family none, as Trivy does',
      layers: [layer(1, [['dpkg', 'var/lib/dpkg/status', status([deb('bash', '5.0', '4')])]])],
      want: {
        os: { family: 'none', name: '' },
        targets: [{ target: 'img:1 (none )', class: 'os-pkgs', type: 'none', packages: [`bash@5.0-4 ${diff(1)} `] }],
      },
    },
  ];
  it.each(cases)('$name', ({ layers, want }) => {
    const got = summary(layers);
    expect(got).toEqual(JSON.parse(JSON.stringify(want)));
  });

  it('gathers the problems of every layer and every file result', () => {
    const layers = [
      layer(1, [['dpkg', 'var/lib/dpkg/status', status([])]], {
        problems: [{ path: 'etc/os-release', reason: 'link loop' }],
      }),
      {
        ...layer(2, []),
        results: [
          {
            analyzer: 'dpkg',
            path: 'var/lib/dpkg/status',
            result: { problems: [{ path: 'var/lib/dpkg/status', index: 3, reason: 'stanza has no Package: field' }] },
          },
        ],
      },
    ];
    expect(mergeLayers(layers, { artifactName: 'x' }).problems).toEqual([
      { path: 'etc/os-release', reason: 'link loop' },
      { path: 'var/lib/dpkg/status', index: 3, reason: 'stanza has no Package: field' },
    ]);
  });
});

describe('files the OS package manager installed (handler/sysfile)', () => {
  // Debian's libcommons-lang3-java installs usr/share/java/commons-lang3.jar (its dpkg .list names it) and
  // python3-pip its dist-info; the jar's coordinates are those of Debian's 3.12.0-2 package.
  const JAR = 'usr/share/java/commons-lang3.jar';
  const PIP = 'usr/lib/python3/dist-packages/pip-23.0.1.dist-info/METADATA';
  const layers = [
    layer(1, [
      ['debian', 'etc/debian_version', debianVersion('12.1')],
      [
        'dpkg',
        'var/lib/dpkg/status',
        status([deb('libcommons-lang3-java', '3.12.0', '2', 'all'), deb('python3-pip', '23.0.1', '1', 'all')]),
      ],
      ['dpkg', 'var/lib/dpkg/info/libcommons-lang3-java.list', { systemFiles: [`/${JAR}`] }],
      ['dpkg', 'var/lib/dpkg/info/python3-pip.list', { systemFiles: [`/${PIP}`] }],
      [
        'jar',
        JAR,
        {
          applications: [
            {
              type: 'jar',
              filePath: JAR,
              packages: [{ id: '', name: 'org.apache.commons:commons-lang3', version: '3.12.0', filePath: JAR }],
            },
          ],
        },
      ],
      ['python-pkg', PIP, pythonApp(py('pip', '23.0.1', PIP))],
    ]),
  ];
  const langTypes = (keepSystemFiles?: boolean) =>
    mergeLayers(layers, { artifactName: 'img:1', keepSystemFiles })
      .targets.filter((t) => t.class === 'lang-pkgs')
      .map((t) => `${t.type} ${t.packages.map((p) => `${p.name}@${p.version}`).join(',')}`);

  it('leaves out applications of every type, jars too, as Trivy since v0.63 (v0.44.1 kept jars)', () =>
    expect(langTypes()).toEqual([]));

  it('keeps them with --detection-priority comprehensive', () =>
    expect(langTypes(true)).toEqual(['jar org.apache.commons:commons-lang3@3.12.0', 'python-pkg pip@23.0.1']));
});

describe('package IDs', () => {
  // Trivy's OS analyzers give every package `name@version`; its parsers of installed Python packages (and Ruby's
  // gemspecs, Conda's metadata, requirements.txt) give none, and the JSON report then has no ID.
  const noId = (name: string, version: string): Package => ({ id: '', name, version, release: '1', arch: 'amd64' });
  const inventory = mergeLayers(
    [
      layer(1, [
        ['os-release', 'etc/os-release', debianVersion('12.5')],
        ['dpkg', 'var/lib/dpkg/status', status([noId('zlib1g', '1.2.13')])],
        ['python-pkg', METADATA, pythonApp(py('pip', '23.2.1', METADATA))],
      ]),
    ],
    { artifactName: 'img:1' },
  );
  const ids = (type: string) => inventory.targets.find((t) => t.type === type)?.packages.map((p) => p.id);
  it('an OS package without an ID gets name@version-release', () => expect(ids('debian')).toEqual(['zlib1g@1.2.13-1']));
  it('an installed Python package keeps having none', () => expect(ids('python-pkg')).toEqual(['']));
});

describe('mergeOS (Trivy OS.Merge)', () => {
  const cases: { name: string; steps: OS[]; want: OS | undefined }[] = [
    {
      name: 'a Debian guess is replaced by Ubuntu',
      steps: [
        { family: 'debian', name: 'bookworm/sid' },
        { family: 'ubuntu', name: '22.04' },
      ],
      want: { family: 'ubuntu', name: '22.04' },
    },
    {
      name: 'a Red Hat guess is replaced by Oracle Linux',
      steps: [
        { family: 'redhat', name: '8.7' },
        { family: 'oracle', name: '8.7' },
      ],
      want: { family: 'oracle', name: '8.7' },
    },
    {
      name: 'other families keep what they have',
      steps: [
        { family: 'alpine', name: '3.18.4' },
        { family: 'alpine', name: '3.19.0' },
      ],
      want: { family: 'alpine', name: '3.18.4' },
    },
    {
      name: 'a missing name is filled in later',
      steps: [
        { family: 'ubuntu', name: '' },
        { family: 'ubuntu', name: '22.04' },
      ],
      want: { family: 'ubuntu', name: '22.04' },
    },
    {
      name: 'extended support sticks once seen',
      steps: [
        { family: 'ubuntu', name: '18.04' },
        { family: '', name: '', extended: true },
      ],
      want: { family: 'ubuntu', name: '18.04', extended: true },
    },
    { name: 'empty facts change nothing', steps: [{ family: '', name: '' }], want: undefined },
  ];
  it.each(cases)('$name', ({ steps, want }) => expect(steps.reduce<OS | undefined>(mergeOS, undefined)).toEqual(want));
});
