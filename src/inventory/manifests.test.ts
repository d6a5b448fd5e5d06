import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cargoManifest } from '../analyzer/cargo-toml.js';
import { goModPackages } from '../analyzer/gomod.js';
import { goSumManifest, packageManifest } from '../analyzer/package-manifest.js';
import type { Application } from '../analyzer/types.js';
import { yarnPackages } from '../analyzer/yarn.js';
import { fsAnalyzers } from '../cli/fs-command.js';
import { analyzeDirectory } from '../source/directory.js';
import type { Package } from '../types.js';
import { withManifests } from './manifests.js';
import { mergeLayers } from './merge.js';

// yarn.lock files written by real yarn 1.22.22 and yarn 4.18.1 beside their package.json, and Trivy v0.44.1's
// packages for them: see test/fixtures/analyzer/lockfiles/yarn-README.md.
const FIXTURES = 'test/fixtures/analyzer/lockfiles';

async function scan(dir: string) {
  const layer = await analyzeDirectory(`${FIXTURES}/${dir}`, fsAnalyzers('fs'));
  const inventory = mergeLayers([layer], { artifactName: dir });
  return { packages: inventory.targets.find((t) => t.target === 'yarn.lock')?.packages ?? [], inventory };
}
const line = (p: Package) =>
  `${p.id} ${p.relationship} ${p.dev ? 'dev' : 'prod'} [${(p.dependsOn ?? []).join(',')}] ${(p.locations ?? [])
    .map((l) => `${l.startLine}-${l.endLine}`)
    .join(',')}`;

interface TrivyPackage {
  ID: string;
  Dev?: boolean;
  Indirect?: boolean;
  Locations?: { StartLine: number; EndLine: number }[];
}
const trivyOf = (dir: string): TrivyPackage[] =>
  JSON.parse(readFileSync(`${FIXTURES}/${dir}/trivy-v0.44.1-packages.json`, 'utf8')) as TrivyPackage[];

describe('yarn.lock with the package.json beside it', () => {
  // Trivy v0.44.1 leaves berry's ms 2.1.2 out: it cannot read `ms: "npm:2.1.2"` (DependsOn [""]), so nothing
  // reaches that package; today's parser reads the protocol, and barnacle lists it.
  const todayOnly: Record<string, string[]> = { 'yarn-berry': ['ms@2.1.2'] };
  it.each(['yarn-v1', 'yarn-berry', 'yarn-ws'])(
    '%s: the same packages, dev flags and lines as Trivy v0.44.1 (with --include-dev-deps)',
    async (dir) => {
      const { packages } = await scan(dir);
      const got = packages
        .filter((p) => p.relationship !== 'root' && p.relationship !== 'workspace')
        .filter((p) => !todayOnly[dir]?.includes(p.id))
        .map((p) => `${p.id} ${p.dev === true} ${(p.locations ?? []).map((l) => `${l.startLine}-${l.endLine}`)}`);
      const want = trivyOf(dir).map(
        (p) => `${p.ID} ${p.Dev === true} ${(p.Locations ?? []).map((l) => `${l.StartLine}-${l.EndLine}`)}`,
      );
      expect(got.sort()).toEqual(want.sort());
    },
  );

  it.each([
    [
      'yarn-v1',
      [
        'debug@4.3.4 direct prod [ms@2.1.2] 5-10',
        'is-number@7.0.0 direct dev [] 12-15',
        'lodash@4.17.20 direct prod [] 17-20',
        'minimist@1.2.5 direct prod [] 22-25',
        'ms@2.0.0 direct dev [] 27-30',
        'ms@2.1.2 indirect prod [] 32-35',
        'yarn-v1-fixture@1.0.0 root prod [debug@4.3.4,is-number@7.0.0,lodash@4.17.20,minimist@1.2.5,ms@2.0.0] ',
      ],
    ],
    [
      'yarn-berry',
      [
        'debug@4.3.4 direct prod [ms@2.1.2] 8-18',
        'is-number@7.0.0 direct dev [] 20-25',
        'lodash@4.17.20 direct prod [] 27-32',
        'minimist@1.2.5 direct prod [] 34-39',
        'ms@2.0.0 direct dev [] 41-46',
        'ms@2.1.2 indirect prod [] 48-53',
        'yarn-berry-fixture@1.0.0 root prod [debug@4.3.4,is-number@7.0.0,lodash@4.17.20,minimist@1.2.5,ms@2.0.0] ',
      ],
    ],
    [
      // Workspaces: the root depends on them; lodash ^4.17.20 is matched by the lock file's own pattern. Trivy
      // resolves the workspaces in path order among the packages known so far: app's dependency on the lib
      // workspace, resolved after it, is not recorded.
      'yarn-ws',
      [
        'app@0.1.0 workspace prod [lodash@4.18.1,ms@2.0.0] ',
        'debug@4.3.4 direct prod [ms@2.1.2] 5-10',
        'is-number@7.0.0 direct dev [] 12-15',
        'lib@0.2.0 workspace prod [debug@4.3.4,minimist@1.2.5] ',
        'lodash@4.18.1 direct prod [] 17-20',
        'minimist@1.2.5 direct prod [] 22-25',
        'ms@2.0.0 direct dev [] 27-30',
        'ms@2.1.2 indirect prod [] 32-35',
        'yarn-ws-fixture@1.0.0 root prod [app@0.1.0,is-number@7.0.0,lib@0.2.0] ',
      ],
    ],
  ])('%s: direct, indirect, dev, the root and workspaces as today’s Trivy marks them', async (dir, expected) => {
    const { packages } = await scan(dir);
    expect(packages.map(line).sort()).toEqual(expected);
  });

  it('the root package carries the package.json license', async () => {
    const { packages } = await scan('yarn-ws');
    expect(packages.find((p) => p.relationship === 'root')?.licenses).toEqual(['MIT']);
  });
});

describe('composer.lock with the composer.json beside it', () => {
  // Trivy's composer analyzer test data (pkg/fanal/analyzer/language/php/composer/testdata/composer) and the
  // relationships its composer_test.go expects.
  it.each([
    ['happy', ['pear/log@1.13.3 direct prod', 'pear/pear_exception@v1.0.2 indirect prod'], []],
    ['no-composer-json', ['pear/log@1.13.3 unknown prod', 'pear/pear_exception@v1.0.2 unknown prod'], []],
    [
      'wrong-composer-json',
      ['pear/log@1.13.3 unknown prod', 'pear/pear_exception@v1.0.2 unknown prod'],
      ['wrong-composer-json/composer.json'],
    ],
    [
      'with-dev',
      ['pear/log@1.14.6 direct dev', 'pear/pear_exception@v1.0.2 indirect dev', 'psr/log@1.1.4 direct prod'],
      [],
    ],
  ])('%s', async (dir, expected, warned) => {
    const layer = await analyzeDirectory(`${FIXTURES}/composer-json`, fsAnalyzers('fs'));
    const inventory = mergeLayers([layer], { artifactName: 'composer-json' });
    const packages = inventory.targets.find((t) => t.target === `${dir}/composer.lock`)?.packages ?? [];
    expect(packages.map((p) => `${p.id} ${p.relationship ?? 'unknown'} ${p.dev ? 'dev' : 'prod'}`).sort()).toEqual(
      expected,
    );
    const problems = inventory.problems.filter((p) => p.path.startsWith(`${dir}/`));
    expect(problems.map((p) => p.path)).toEqual(warned);
  });
});

describe('go.mod with the go.sum beside it', () => {
  it("below go 1.17, go.sum's other modules are indirect and hang under the main module (Trivy's merge.txtar)", async () => {
    const layer = await analyzeDirectory(`${FIXTURES}/go-sum/merge`, fsAnalyzers('fs'));
    const inventory = mergeLayers([layer], { artifactName: 'merge' });
    const packages = inventory.targets.find((t) => t.target === 'go.mod')?.packages ?? [];
    expect(packages.map((p) => `${p.id} ${p.relationship} [${(p.dependsOn ?? []).join(',')}]`).sort()).toEqual([
      'github.com/BurntSushi/toml@v0.3.1 indirect []',
      'github.com/aquasecurity/go-dep-parser@v0.0.0-20230219131432-590b1dfb6edd direct []',
      'github.com/org/repo root [github.com/aquasecurity/go-dep-parser@v0.0.0-20230219131432-590b1dfb6edd,github.com/BurntSushi/toml@v0.3.1]',
    ]);
  });

  // Go 1.17 and later: go.mod names its indirect modules, go.sum is not read; with no module cache to give their
  // parents, every indirect module hangs under the main module. Trivy's mod_test.go expects this for its
  // no-pkg-found.txtar ("no pkg dir found", no GOPATH); happy.txtar's go.mod and go.sum (go 1.17, a go.sum naming
  // 12 modules go.mod does not) are the same case with a go.sum beside the go.mod.
  it.each([
    [
      'no-pkg-found',
      [
        'github.com/aquasecurity/go-dep-parser@v1.0.0 direct []',
        'github.com/aquasecurity/go-version@v1.0.1 direct []',
        'github.com/org/repo root [github.com/aquasecurity/go-dep-parser@v1.0.0,github.com/aquasecurity/go-version@v1.0.1,golang.org/x/xerrors@v0.0.0-20200804184101-5ec99f83aff1]',
        'golang.org/x/xerrors@v0.0.0-20200804184101-5ec99f83aff1 indirect []',
      ],
    ],
    [
      'happy',
      [
        'github.com/aquasecurity/go-dep-parser@v0.0.0-20220406074731-71021a481237 direct []',
        'github.com/org/repo root [github.com/aquasecurity/go-dep-parser@v0.0.0-20220406074731-71021a481237,golang.org/x/xerrors@v0.0.0-20200804184101-5ec99f83aff1]',
        'golang.org/x/xerrors@v0.0.0-20200804184101-5ec99f83aff1 indirect []',
      ],
    ],
  ])(
    'go 1.17 and later (%s): go.sum adds nothing; indirect modules without a parent hang under the main module',
    async (dir, expected) => {
      const layer = await analyzeDirectory(`${FIXTURES}/go-sum/${dir}`, fsAnalyzers('fs'));
      const inventory = mergeLayers([layer], { artifactName: dir });
      const packages = inventory.targets.find((t) => t.target === 'go.mod')?.packages ?? [];
      expect(packages.map((p) => `${p.id} ${p.relationship} [${(p.dependsOn ?? []).join(',')}]`).sort()).toEqual(
        expected,
      );
      expect(inventory.problems).toEqual([]);
    },
  );

  it.each([
    ['go 1.17 lists its indirect modules itself: go.sum adds none', 'go 1.17', ['a@v1.0.0 indirect', 'm root']],
    [
      'go 1.16 (its `// indirect` requirement not read): go.sum adds every module, each at its last version',
      'go 1.16',
      ['a@v1.0.0 indirect', 'b@v2.0.0 indirect', 'm root'],
    ],
  ])('%s', (_name, go, expected) => {
    const mod = `module m\n${go}\nrequire a v1.0.0 // indirect\n`;
    const app: Application = {
      type: 'gomod',
      filePath: 'go.mod',
      packages: goModPackages(mod),
    };
    const goSum = goSumManifest('go.sum', 'a v1.0.0 h1:x=\nb v1.0.0/go.mod h1:y=\nb v2.0.0 h1:z=\n');
    const packages = withManifests([app], [goSum]).applications[0]?.packages ?? [];
    expect(packages.map((p) => `${p.id} ${p.relationship}`).sort()).toEqual(expected);
  });
});

describe('withManifests', () => {
  const lock = 'lodash@^4.17.0:\n  version "4.17.21"\n\nms@2.1.2:\n  version "2.1.2"\n';
  const app = (): Application => {
    const { packages, patterns } = yarnPackages(lock);
    return { type: 'yarn', filePath: 'app/yarn.lock', packages, patterns };
  };
  const manifest = (content: object, path = 'app/package.json') => packageManifest(path, JSON.stringify(content));

  it.each([
    ['no package.json beside it: the packages as read, relationship unknown', [], ['lodash@4.17.21 -', 'ms@2.1.2 -']],
    [
      'a package.json in another directory is not used',
      [manifest({ dependencies: { lodash: '^4.17.0' } }, 'other/package.json')],
      ['lodash@4.17.21 -', 'ms@2.1.2 -'],
    ],
    [
      'a range that is not the pattern still matches by npm range',
      [manifest({ name: 'a', version: '1.0.0', dependencies: { lodash: '4.x' }, devDependencies: { ms: '~2.1.0' } })],
      ['a@1.0.0 root', 'lodash@4.17.21 direct', 'ms@2.1.2 direct dev'],
    ],
    [
      'a range the version does not satisfy leaves the package unreached',
      [manifest({ dependencies: { lodash: '^3.0.0' } })],
      ['app/package.json root', 'lodash@4.17.21 -', 'ms@2.1.2 -'],
    ],
    [
      'an alias whose real range the version does not satisfy leaves the package unreached',
      [manifest({ dependencies: { lodash: 'npm:ms@^2.0.0' } })],
      ['app/package.json root', 'lodash@4.17.21 -', 'ms@2.1.2 -'],
    ],
  ])('%s', (_name, manifests, expected) => {
    const { applications, problems } = withManifests([app()], manifests);
    expect(problems).toEqual([]);
    const got = applications[0]?.packages.map((p) => `${p.id} ${p.relationship ?? '-'}${p.dev ? ' dev' : ''}`);
    expect(got?.sort()).toEqual(expected);
    expect(applications[0]).not.toHaveProperty('patterns');
  });

  it('an alias (`npm:lodash@^4.17.0`) is reported by the real package name, its id kept', () => {
    const { packages, patterns } = yarnPackages('"my-lodash@npm:lodash@^4.17.0":\n  version "4.17.21"\n');
    const aliased: Application = { type: 'yarn', filePath: 'yarn.lock', packages, patterns };
    const { applications } = withManifests(
      [aliased],
      [packageManifest('package.json', '{"dependencies": {"my-lodash": "npm:lodash@^4.17.0"}}')],
    );
    const pkg = applications[0]?.packages.find((p) => p.relationship === 'direct');
    expect([pkg?.id, pkg?.name]).toEqual(['my-lodash@4.17.21', 'lodash']);
  });

  it.each([
    ['not JSON', '{"dependencies": ', /app\/package\.json: not valid JSON/],
    ['a dependency map of the wrong type', '{"dependencies": ["lodash"]}', /dependencies has the wrong type/],
    ['a name that is not URL-friendly', '{"name": "a b"}', /the name 'a b' is not URL-friendly/],
    ['a range npm cannot read', '{"dependencies": {"lodash": "latest"}}', /unable to match version for lodash/],
  ])('%s: a warning naming the package.json, the packages left as read', (_name, content, reason) => {
    const { applications, problems } = withManifests([app()], [packageManifest('app/package.json', content)]);
    expect(problems).toEqual([{ path: 'app/package.json', reason: expect.stringMatching(reason) }]);
    expect(applications[0]?.packages.map((p) => p.relationship ?? '-')).toEqual(['-', '-']);
  });
});

describe('Cargo.lock with the Cargo.toml beside it', () => {
  async function cargoScan(dir: string) {
    const layer = await analyzeDirectory(`${FIXTURES}/${dir}`, fsAnalyzers('fs'));
    const inventory = mergeLayers([layer], { artifactName: dir });
    const packages = inventory.targets.find((t) => t.target === 'Cargo.lock')?.packages ?? [];
    const got = packages.map(
      (p) =>
        `${p.id} ${p.relationship ?? 'unknown'} [${(p.dependsOn ?? []).join(',')}] ${(p.locations ?? [])
          .map((l) => `${l.startLine}-${l.endLine}`)
          .join(',')}`,
    );
    return { got: got.sort(), problems: inventory.problems };
  }

  // Trivy's cargo analyzer test data (pkg/fanal/analyzer/language/rust/cargo/testdata/*.txtar, unpacked) and
  // what its cargo_test.go expects: see test/fixtures/analyzer/lockfiles/README.md.
  const workspaceDeps = (root: string, member: string) => [
    `${root} root [${member}@0.1.0,member2@0.1.0] `,
    'aho-corasick@1.1.2 indirect [memchr@2.6.4] 5-12',
    'gdb-command@0.7.6 direct [regex@1.10.2,wait-timeout@0.2.0] 14-22',
    'libc@0.2.150 indirect [] 24-28',
    `${member}@0.1.0 workspace [gdb-command@0.7.6] 30-35`,
    'member2@0.1.0 workspace [regex@1.10.2] 37-42',
    'memchr@2.6.4 indirect [] 44-48',
    'regex-automata@0.4.3 indirect [aho-corasick@1.1.2,memchr@2.6.4,regex-syntax@0.8.2] 62-71',
    'regex-syntax@0.8.2 indirect [] 73-77',
    'regex@1.10.2 direct [aho-corasick@1.1.2,memchr@2.6.4,regex-automata@0.4.3,regex-syntax@0.8.2] 50-60',
    'wait-timeout@0.2.0 indirect [libc@0.2.150] 79-86',
  ];
  it.each([
    [
      'happy: [dependencies], [target] and [workspace.dependencies] are direct; the dev-dependency and what only it reaches are dropped',
      'happy',
      [
        'aho-corasick@0.7.20 indirect [memchr@2.5.0] 4-11',
        'app@0.1.0 root [memchr@1.0.2,regex-syntax@0.5.6,regex@1.7.3] 13-20',
        'libc@0.2.140 indirect [] 22-26',
        'memchr@1.0.2 direct [libc@0.2.140] 28-35',
        'memchr@2.5.0 indirect [] 37-41',
        'regex-syntax@0.5.6 direct [ucd-util@0.1.10] 54-61',
        'regex-syntax@0.6.29 indirect [] 63-67',
        'regex@1.7.3 direct [aho-corasick@0.7.20,memchr@2.5.0,regex-syntax@0.6.29] 43-52',
        'ucd-util@0.1.10 indirect [] 69-73',
      ],
    ],
    [
      'toml-only-workspace-deps: a Cargo.toml without [dependencies]',
      'toml-only-workspace-deps',
      ['app@0.1.0 root [memchr@2.5.0] 4-9', 'memchr@2.5.0 direct [] 11-15'],
    ],
    [
      'version-workspace-inherit: a virtual workspace root, named by its hash; version.workspace = true',
      'version-workspace-inherit',
      [
        'afc012b7e68b6638 root [myapp@2.0.0] ',
        'myapp@2.0.0 workspace [serde@1.0.195] 5-10',
        'serde@1.0.195 direct [] 12-16',
      ],
    ],
    [
      'toml-workspace-members: members listed by path',
      'toml-workspace-members',
      workspaceDeps('eeae9dc40f83d7dd', 'member'),
    ],
    [
      'toml-workspace-glob: members listed by a glob',
      'toml-workspace-glob',
      workspaceDeps('fbcbfc8e1114c435', 'member1'),
    ],
  ])('%s', async (_name, dir, expected) => {
    const { got, problems } = await cargoScan(`cargo-toml/${dir}`);
    expect(got).toEqual([...expected].sort());
    expect(problems).toEqual([]);
  });

  it('no-cargo-toml: every package of the lock file, relationship unknown', async () => {
    const { got, problems } = await cargoScan('cargo-toml/no-cargo-toml');
    expect(got).toHaveLength(12);
    expect(got.every((line) => / unknown /.test(line))).toBe(true);
    expect(got).toContain(
      'winapi@0.3.9 unknown [winapi-i686-pc-windows-gnu@0.4.0,winapi-x86_64-pc-windows-gnu@0.4.0] 75-83',
    );
    expect(problems).toEqual([]);
  });

  it('wrong-cargo-toml: the lock file as read, and a warning naming the Cargo.toml', async () => {
    const { got, problems } = await cargoScan('cargo-toml/wrong-cargo-toml');
    expect(got).toEqual(['app@0.1.0 unknown [memchr@2.5.0] 5-10', 'memchr@2.5.0 unknown [] 12-16']);
    expect(problems).toEqual([{ path: 'Cargo.toml', reason: expect.stringMatching(/^cannot tell .* not valid TOML/) }]);
  });

  // Written by cargo 1.95 (`cargo generate-lockfile --offline`, path dependencies only); Trivy v0.44.1's packages
  // beside each (it marks direct and indirect the same way, but lists no root and reads no workspace members).
  it.each([
    [
      'cargo-app: build and dev dependencies dropped; a renamed dependency (package = "lexer") is not matched',
      'cargo-app',
      [
        'app@0.1.0 root [parser@1.4.2,unixy@0.3.1,winonly@0.9.0] 5-15',
        'lexer@2.1.0 indirect [] 25-27',
        'parser@1.4.2 direct [lexer@2.1.0] 33-38',
        'unixy@0.3.1 direct [] 47-49',
        'winonly@0.9.0 direct [] 51-53',
      ],
    ],
    [
      'cargo-ws: members by glob and by path; dev, build and versionless path dependencies are not direct',
      'cargo-ws',
      [
        '60c236eaf011757 root [core-lib@0.4.0,util@0.2.0,cli@0.4.0] ',
        'cli@0.4.0 workspace [lexer@1.0.3,util@0.2.0] 9-15',
        'core-lib@0.4.0 workspace [parser@1.4.2] 17-23',
        'lexer@1.0.3 direct [] 25-27',
        'lexer@2.1.0 indirect [] 29-31',
        'parser@1.4.2 direct [lexer@2.1.0] 37-42',
        'unixy@0.3.1 direct [] 51-53',
        'util@0.2.0 workspace [core-lib@0.4.0,unixy@0.3.1] 55-62',
      ],
    ],
  ])('%s', async (_name, dir, expected) => {
    const { got, problems } = await cargoScan(dir);
    expect(got).toEqual([...expected].sort());
    expect(problems).toEqual([]);
  });

  const relationships = (lines: string[]) =>
    lines.filter((line) => / (direct|indirect) /.test(line)).map((line) => line.split(' ').slice(0, 2).join(' '));
  const trivyRelationships = (dir: string) => trivyOf(dir).map((p) => `${p.ID} ${p.Indirect ? 'indirect' : 'direct'}`);

  it('cargo-app: the same direct and indirect packages as Trivy v0.44.1', async () => {
    const { got } = await cargoScan('cargo-app');
    expect(relationships(got)).toEqual(trivyRelationships('cargo-app').sort());
  });

  it("cargo-ws: Trivy v0.44.1's packages, and the direct dependency of a member it does not read", async () => {
    const { got } = await cargoScan('cargo-ws');
    const trivy = trivyRelationships('cargo-ws');
    expect(relationships(got).filter((line) => !trivy.includes(line))).toEqual(['lexer@1.0.3 direct']);
    expect(trivy.filter((line) => !relationships(got).includes(line))).toEqual([]);
  });
});

describe('withManifests: Cargo.lock', () => {
  const lock = (packages: [string, string, string[]][]): Application => ({
    type: 'cargo',
    filePath: 'Cargo.lock',
    packages: packages.map(([name, version, dependsOn]) => ({
      id: `${name}@${version}`,
      name,
      version,
      ...(dependsOn.length > 0 ? { dependsOn } : {}),
    })),
  });
  const app = lock([
    ['a', '1.0.0', ['b@0.1.0', 'odd@1.0']],
    ['b', '0.1.0', []],
    ['odd', '1.0', []],
    ['m', '0.1.0', ['c@2.0.0']],
    ['c', '2.0.0', []],
  ]);
  const toml = (path: string, text: string) => cargoManifest(path, text);

  it.each([
    [
      'a member glob that matches no Cargo.toml: a warning, the other members still read',
      [
        toml(
          'Cargo.toml',
          '[package]\nname = "a"\nversion = "1.0.0"\n[workspace]\nmembers = ["gone/*", "m"]\n[dependencies]\nb = "0.1"\n',
        ),
        toml('m/Cargo.toml', '[package]\nname = "m"\nversion = "0.1.0"\n[dependencies]\nc = "2"\n'),
      ],
      ['a@1.0.0 root [b@0.1.0]', 'b@0.1.0 direct []', 'c@2.0.0 direct []', 'm@0.1.0 workspace [c@2.0.0]'],
      [['Cargo.toml', /no Cargo.toml matches workspace member gone\/\*/]],
    ],
    [
      'a member Cargo.toml Go would refuse: a warning naming it, its dependencies not read',
      [
        toml(
          'Cargo.toml',
          '[package]\nname = "a"\nversion = "1.0.0"\n[workspace]\nmembers = ["m"]\n[dependencies]\nb = "0.1"\n',
        ),
        toml('m/Cargo.toml', '[package]\nname = "m"\nversion = "0.1.0"\n[dependencies\n'),
      ],
      ['a@1.0.0 root [b@0.1.0]', 'b@0.1.0 direct []'],
      [['m/Cargo.toml', /cannot read workspace member: not valid TOML/]],
    ],
    [
      'a locked version that is not SemVer: a warning, the package not direct',
      [toml('Cargo.toml', '[package]\nname = "a"\nversion = "1.0.0"\n[dependencies]\nb = "0.1"\nodd = "1"\n')],
      ['a@1.0.0 root [b@0.1.0]', 'b@0.1.0 direct []'],
      [['Cargo.lock', /cannot match odd@1.0 with '1': version 1.0 is not SemVer/]],
    ],
  ])('%s', (_name, manifests, expected, warned) => {
    const { applications, problems } = withManifests([app], manifests);
    const got = applications[0]?.packages.map((p) => `${p.id} ${p.relationship} [${(p.dependsOn ?? []).join(',')}]`);
    expect(got?.sort()).toEqual(expected);
    expect(problems.map((p) => [p.path, p.reason])).toEqual(
      warned.map(([path, reason]) => [path, expect.stringMatching(reason as RegExp)]),
    );
  });
});
