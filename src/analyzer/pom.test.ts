// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Maven ${...} variables are the data under test
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { textFile } from '../../test/fixture-file.js';
import { fsAnalyzers } from '../cli/fs-command.js';
import { mergeLayers } from '../inventory/merge.js';
import { analyzeDirectory } from '../source/directory.js';
import type { Package } from '../types.js';
import { type PomTree, pom, pomPackageId, pomPackages } from './pom.js';
import { evaluate, parsePom } from './pom-xml.js';

// POMs copied from Trivy's test data (test/fixtures/analyzer/lockfiles/pom/README.md).
const DATA = 'test/fixtures/analyzer/lockfiles/pom';

/** The fixture tree, with the host paths Trivy's parser tests give (`testdata/<case>/pom.xml`). */
const tree = (hostPrefix = 'testdata/'): PomTree => ({
  read: (path) => readFile(`${DATA}/${path}`, 'utf8').catch(() => undefined),
  hostPath: (path) => `${hostPrefix}${path.replace(/^analyzer-/, '')}`,
});
const row = (p: Package) =>
  [p.id, p.relationship, ...(p.locations ?? []).map((l) => `${l.startLine}-${l.endLine}`)].join(' ');

describe('pom.xml', () => {
  // Today's Trivy's parser expectations (pkg/dependency/parser/java/pom/parse_test.go) for the root, the modules
  // and the direct dependencies: what it finds without a repository. Their indirect packages come from POMs of
  // its test repository, which an offline scan does not read.
  const cases: { name: string; dir: string; want: string[] }[] = [
    {
      name: 'local repository',
      dir: 'happy',
      want: [
        'com.example:happy:1.0.0::a302c021 root',
        'org.example:example-api:1.7.30::e71631e7 direct 32-36',
        'org.example:example-runtime:1.0.0::a3bf2630 direct 37-42',
      ],
    },
    { name: 'offline mode', dir: 'offline', want: ['org.example:example-offline:2.3.4::7cc75b41 direct 17-21'] },
    {
      name: 'inherit parent properties',
      dir: 'parent-properties/child',
      want: ['com.example:child:1.0.0::f99913fa root', 'org.example:example-api:1.7.30::c5884361 direct 33-37'],
    },
    {
      name: 'inherit project properties from parent',
      dir: 'project-version-from-parent/child',
      want: ['com.example:child:2.0.0::597860b7 root', 'org.example:example-api:2.0.0::9ca5a4d0 direct 18-22'],
    },
    {
      name: 'parent relativePath',
      dir: 'parent-relative-path',
      want: ['com.example:child:1.0.0::42ad1811 root', 'org.example:example-api:1.7.30::d5f0ae9b direct 26-30'],
    },
    {
      name: 'parent version in property',
      dir: 'parent-version-is-property/child',
      want: ['com.example:child:1.0.0-SNAPSHOT::d1a547b0 root', 'org.example:example-api:1.1.1::a9f8fc7e direct 19-22'],
    },
    {
      name: 'version requirement',
      dir: 'version-requirement',
      want: ['com.example:hard:1.0.0::4675cb8d root', 'org.example:example-api::ab862f6b direct 28-32'],
    },
    {
      name: 'exclusions',
      dir: 'exclusions',
      want: ['com.example:exclusions:3.0.0::5e2d4180 root', 'org.example:example-nested:3.3.3::7d2a59bf direct 14-28'],
    },
    {
      name: 'multi module',
      dir: 'multi-module',
      want: [
        'com.example:aggregation:1.0.0::d145d452 root',
        'com.example:module:1.1.1::822ec30d workspace',
        'org.example:example-dependency:1.2.3::493c9a85 direct',
      ],
    },
    {
      name: 'nested modules',
      dir: 'nested-modules',
      want: [
        'com.example:root:1.0.0::1b704e26 root',
        'com.example:module1:1.0.0::59758428 workspace',
        'com.example:module2:2.0.0::a36f3d58 workspace',
        'org.example:example-api:1.7.30::2946ca63 direct',
      ],
    },
    {
      name: 'module not found - unable to parse module',
      dir: 'not-found-module',
      want: ['com.example:aggregation:1.0.0::f8aa669d root'],
    },
    {
      name: "compare ArtifactIDs for base and parent pom's",
      dir: 'no-parent-infinity-loop',
      want: ['com.example:child:1.0.0::142e8eb6 root'],
    },
    {
      name: 'dependency without version',
      dir: 'dep-without-version',
      want: ['com.example:dep-without-version:1.0.0::e1cb81d9 root', 'org.example:example-api::35b5f95d direct 19-22'],
    },
    {
      name: 'space at the start and/or end of the text nodes',
      dir: 'with-spaces',
      want: [
        'com.example:root-pom-with-spaces:1.0.0::eae09abe root',
        'org.example:example-nested:3.3.3::11f4a96e direct 24-28',
      ],
    },
  ];
  it.each(cases)('as Trivy’s parser test “$name”', async ({ dir, want }) => {
    const path = `${dir}/pom.xml`;
    const packages = await pomPackages(path, readFileSync(`${DATA}/${path}`, 'utf8'), tree());
    expect(packages.filter((p) => p.relationship !== 'indirect').map(row)).toEqual(want);
  });

  it('stops at a module met again, as Trivy’s parser test “Infinity loop for modules”', async () => {
    // Kept apart from DATA: Trivy v0.44.1 loops on it (test/fixtures/analyzer/lockfiles/pom/README.md).
    const loop = 'test/fixtures/analyzer/lockfiles/pom-loop';
    const loopTree: PomTree = {
      read: (path) => readFile(`${loop}/${path}`, 'utf8').catch(() => undefined),
      hostPath: (path) => `testdata/${path}`,
    };
    const path = 'modules-infinity-loop/pom.xml';
    const packages = await pomPackages(path, readFileSync(`${loop}/${path}`, 'utf8'), loopTree);
    expect(packages.map((p) => `${row(p)}${p.dependsOn ? ` -> ${p.dependsOn.join(' ')}` : ''}`)).toEqual([
      'org.example:root:1.0.0::9cfee9e6 root -> org.example:module-1:2.0.0::f8434436 org.example:module-2:3.0.0::70a6381c',
      'org.example:module-1:2.0.0::f8434436 workspace',
      'org.example:module-2:3.0.0::70a6381c workspace -> org.example:module-1:2.0.0::86dd9fb8',
      'org.example:module-1:2.0.0::86dd9fb8 direct',
    ]);
  });

  it('gives the root its dependencies and licenses, as Trivy’s analyzer test “happy path”', async () => {
    const packages = await pomPackages(
      'analyzer-happy/pom.xml',
      readFileSync(`${DATA}/analyzer-happy/pom.xml`, 'utf8'),
      tree(),
    );
    expect(packages).toEqual([
      {
        id: 'com.example:example:1.0.0::775be61e',
        name: 'com.example:example',
        version: '1.0.0',
        licenses: ['Apache 2.0'],
        relationship: 'root',
        dependsOn: ['com.example:example-api:2.0.0::3f5226c1'],
      },
      {
        id: 'com.example:example-api:2.0.0::3f5226c1',
        name: 'com.example:example-api',
        version: '2.0.0',
        relationship: 'direct',
        locations: [{ startLine: 28, endLine: 32 }],
      },
    ]);
  });

  it('marks every package of a maven-invoker-plugin integration test POM dev', async () => {
    const path = 'analyzer-mark-as-dev/src/it/example/pom.xml';
    const packages = await pomPackages(path, readFileSync(`${DATA}/${path}`, 'utf8'), tree());
    expect(packages.map((p) => `${p.id} ${p.dev}`)).toEqual([
      'com.example:example:1.0.0::c6140fc9 true',
      'com.example:example-api:@example.version@::ea8c6bb9 true',
    ]);
  });

  const variables: { name: string; input: string; props: Record<string, string>; want: string }[] = [
    { name: 'a property', input: '${a}', props: { a: '1.0' }, want: '1.0' },
    { name: 'a property naming another', input: '${a}-x', props: { a: '${b}', b: '2' }, want: '2-x' },
    { name: 'an unknown property is dropped', input: 'v${nope}', props: {}, want: 'v' },
    { name: 'a loop gives nothing', input: '${a}', props: { a: '${b}', b: '${a}' }, want: '' },
    { name: 'spaces are trimmed', input: ' ${a} ', props: { a: ' 1 ' }, want: '1' },
  ];
  it.each(variables)('variables: $name', ({ input, props, want }) =>
    expect(evaluate(input, new Map(Object.entries(props)))).toBe(want),
  );

  it('package IDs hash the path Trivy names the file by', () =>
    expect(pomPackageId('org.example:example-offline', '2.3.4', 'testdata/offline/pom.xml')).toBe(
      'org.example:example-offline:2.3.4::7cc75b41',
    ));

  it('a malformed POM is a warning naming its line', async () => {
    const text = '<project>\n  <groupId>a</groupId>\n  <dependencies>\n</project>\n';
    const result = await pom.analyze(textFile('app/pom.xml', text));
    expect(result.applications).toEqual([]);
    expect(result.problems).toEqual([
      {
        path: 'app/pom.xml',
        reason: 'cannot parse at line 4: not a valid POM (element <dependencies> closed by </project>)',
      },
    ]);
  });

  const paths: { path: string; want: boolean }[] = [
    { path: 'pom.xml', want: true },
    { path: 'app/module/pom.xml', want: true },
    { path: 'app/pom.xml.bak', want: false },
    { path: 'app/my-pom.xml', want: false },
  ];
  it.each(paths)('wants $path: $want', ({ path, want }) => expect(pom.wants(path, 10, 0o644)).toBe(want));
});

interface TrivyTarget {
  Target: string;
  Packages: { Name: string; Version: string }[];
}

describe('barnacle fs on the POMs and Trivy v0.44.1 fs --offline-scan', async () => {
  const trivy = JSON.parse(
    await readFile('test/fixtures/analyzer/lockfiles/pom-trivy-v0.44.1-fs.json', 'utf8'),
  ) as TrivyTarget[];
  const layer = await analyzeDirectory(DATA, fsAnalyzers('fs'));
  const inventory = mergeLayers([layer], { artifactName: 'pom' });
  // Where today's Trivy parser differs from v0.44.1's (README.md beside the fixtures): versionless direct
  // dependencies are kept, runtime dependencies and those named by ${project.parent.version} are found, a child's
  // property wins over a dependency its parent declares, and names and versions are trimmed.
  const today: Record<string, { add?: string[]; drop?: string[] }> = {
    'analyzer-requirements/pom.xml': { add: ['org.example:example-api@'] },
    'dep-without-version/pom.xml': { add: ['org.example:example-api@'] },
    'inherit-props/base/pom.xml': { add: ['org.example:example-api@'] },
    'version-requirement/pom.xml': { add: ['org.example:example-api@'] },
    'happy/pom.xml': { add: ['org.example:example-runtime@1.0.0'] },
    'parent-child-properties/pom.xml': { add: ['org.example:example-api3@4.0.3'] },
    'parent-properties/child/pom.xml': {
      add: ['org.example:example-api@1.7.30'],
      drop: ['org.example:example-api@2.2.2'],
    },
    'with-spaces/pom.xml': {
      add: ['com.example:root-pom-with-spaces@1.0.0', 'org.example:example-nested@3.3.3'],
      drop: [' org.example :  example-nested   @   3.3.3  ', 'com.example : root-pom-with-spaces @ 1.0.0'],
    },
  };
  it.each(trivy.map((t) => [t.Target, t] as const))('%s has the same packages', (target, want) => {
    const found = inventory.targets.find((t) => t.target === target);
    const { add = [], drop = [] } = today[target] ?? {};
    const expected = [...want.Packages.map((p) => `${p.Name}@${p.Version}`).filter((p) => !drop.includes(p)), ...add];
    expect(found?.packages.map((p) => `${p.name}@${p.version}`).sort()).toEqual(expected.sort());
  });
  it('reads no other POM, and warns about the malformed one', () => {
    const targets = inventory.targets.filter((t) => t.type === 'pom').map((t) => t.target);
    expect(targets.sort()).toEqual(trivy.map((t) => t.Target).sort());
    expect(inventory.problems.map((p) => p.path)).toEqual(['analyzer-broken/pom.xml']);
  });
});

describe('pom.xml parents in an fs scan', () => {
  it('reads a parent inside the scanned tree, never one outside it or behind a symlink', async () => {
    const { mkdtemp, mkdir, writeFile, symlink, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const root = await mkdtemp(`${tmpdir()}/barnacle-pom-`);
    try {
      const parent = (artifactId: string, version: string) =>
        `<project><groupId>g</groupId><artifactId>${artifactId}</artifactId><version>1</version><properties><v>${version}</v></properties></project>`;
      const child = (artifactId: string, relativePath: string) =>
        `<project><parent><groupId>g</groupId><artifactId>${artifactId}</artifactId><version>1</version><relativePath>${relativePath}</relativePath></parent><artifactId>c-${artifactId}</artifactId><dependencies><dependency><groupId>d</groupId><artifactId>d</artifactId><version>\${v}</version></dependency></dependencies></project>`;
      await mkdir(`${root}/tree/inside`, { recursive: true });
      await mkdir(`${root}/tree/outside`, { recursive: true });
      await mkdir(`${root}/tree/linked`, { recursive: true });
      await writeFile(`${root}/parent.xml`, parent('up', '9'));
      await writeFile(`${root}/tree/p.xml`, parent('in', '2'));
      await symlink(`${root}/parent.xml`, `${root}/tree/link.xml`);
      await writeFile(`${root}/tree/inside/pom.xml`, child('in', '../p.xml'));
      await writeFile(`${root}/tree/outside/pom.xml`, child('up', '../../parent.xml'));
      await writeFile(`${root}/tree/linked/pom.xml`, child('up', '../link.xml'));
      const layer = await analyzeDirectory(`${root}/tree`, fsAnalyzers('fs'));
      const versions = layer.results.map(
        (r) => `${r.path} ${r.result.applications?.[0]?.packages.find((p) => p.name === 'd:d')?.version}`,
      );
      expect(versions.sort()).toEqual(['inside/pom.xml 2', 'linked/pom.xml ', 'outside/pom.xml ']);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  // Trivy's TestPomLicenseName (pkg/dependency/parser/java/pom/parse_test.go): a license's name, else the SPDX id
  // of its URL.
  const pomLicenses: { name: string; license: string; want: string[] }[] = [
    {
      name: 'name only',
      license: '<name>The Apache Software License, Version 2.0</name>',
      want: ['The Apache Software License, Version 2.0'],
    },
    {
      name: 'name takes precedence over url',
      license: '<name>MIT</name><url>https://www.apache.org/licenses/LICENSE-2.0.txt</url>',
      want: ['MIT'],
    },
    {
      name: 'empty name falls back to url resolved to SPDX ID',
      license: '<name> </name><url>https://www.apache.org/licenses/LICENSE-2.0.txt</url>',
      want: ['Apache-2.0'],
    },
    { name: 'unresolvable url is skipped', license: '<url>https://example.com/my-license</url>', want: [] },
    { name: 'empty name and url', license: '', want: [] },
  ];
  it.each(pomLicenses)('license: $name', ({ license, want }) => {
    const text = `<project><licenses><license>${license}</license></licenses></project>`;
    expect(parsePom(text).licenses).toEqual(want);
  });
});
