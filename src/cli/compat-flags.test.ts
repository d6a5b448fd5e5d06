// Trivy's scan flags (test/fixtures/cli/trivy-flags: read from Trivy's source) on barnacle's command line.
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { applyCompatFlags, COMPAT_FLAGS, compatFlagsFor, envWithCacert, type ScanCommand } from './compat-flags.js';
import { configKey } from './config-file.js';
import { type FlagSpec, GLOBAL_FLAGS, resolveFlags, SCAN_FLAGS } from './flags.js';
import { main } from './main.js';

interface TrivyFlag {
  name: string;
  commands: ScanCommand[];
  config: string;
  type: string;
  short?: string;
  aliases?: string[];
}

const FIXTURE = path.resolve(import.meta.dirname, '../../test/fixtures/cli/trivy-flags/flags.json');
const TRIVY_FLAGS = JSON.parse(readFileSync(FIXTURE, 'utf8')) as TrivyFlag[];
const COMMANDS: readonly ScanCommand[] = ['image', 'fs', 'rootfs', 'sbom'];
const tmp = mkdtempSync(path.join(os.tmpdir(), 'barnacle-compat-'));
const MISSING = path.join(tmp, 'missing');

/** A value each kind of flag takes; flags whose value would start work are given harmless ones. */
const VALUES: Readonly<Record<string, string>> = {
  'cache-dir': path.join(tmp, 'cache'),
  config: path.join(tmp, 'no-such-trivy.yaml'),
  output: path.join(tmp, 'report.txt'),
  'db-repository': path.join(tmp, 'no-such-repo'),
  format: 'json',
  severity: 'HIGH',
  timeout: '1m',
  'cache-ttl': '1h',
  'exit-code': '1',
  'exit-on-eol': '1',
  parallel: '2',
  'rego-error-limit': '3',
  'license-confidence-level': '0.8',
  'cache-backend': 'fs',
  'db-max-age': '24h',
};

function argsFor(flag: TrivyFlag, name: string): string[] {
  if (flag.type === 'bool') return name === 'download-db-only' ? [`--${name}`, '--skip-db-update'] : [`--${name}`];
  return [`--${name}`, VALUES[name] ?? 'x'];
}

const target = (command: ScanCommand): string[] => (command === 'image' ? ['--input', MISSING] : [MISSING]);

async function run(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const io = {
    env: {},
    stdout: () => {},
    stderr: (text: string) => {
      stderr += text;
    },
    stdoutIsTty: false,
    readStdin: async () => 'secret\n',
  };
  const code = await main(['node', 'barnacle', ...args], io);
  return { code, stderr };
}

const pairs = TRIVY_FLAGS.flatMap((flag) =>
  flag.commands.flatMap((command) =>
    [flag.name, ...(flag.aliases ?? [])].map((name) => ({ command, name, flag, label: `${command} --${name}` })),
  ),
);

describe("every flag of Trivy's scan commands", () => {
  it('lists the flags of the commit the fixture names', () => {
    expect(TRIVY_FLAGS.length).toBe(111);
    expect(pairs.filter((p) => p.command === 'image').length).toBeGreaterThan(100);
  });

  it.each(pairs)('$label is not an unknown option', async ({ command, name, flag }) => {
    const { stderr } = await run([command, ...argsFor(flag, name), ...target(command)]);
    expect(stderr).not.toContain('unknown option');
    expect(stderr).not.toContain('too many arguments');
  });

  it.each(
    TRIVY_FLAGS.filter((f) => f.short).flatMap((flag) =>
      flag.commands.map((command) => ({ command, flag, label: `${command} -${flag.short}` })),
    ),
  )('$label, the shorthand, is accepted', async ({ command, flag }) => {
    const value = flag.type === 'bool' ? [] : [VALUES[flag.name] ?? 'x'];
    const { stderr } = await run([command, `-${flag.short}`, ...value, ...target(command)]);
    expect(stderr).not.toContain('unknown option');
  });

  const known = [...GLOBAL_FLAGS, ...SCAN_FLAGS, ...COMPAT_FLAGS];
  it.each(
    TRIVY_FLAGS.filter((flag) => known.some((spec) => spec.name === flag.name)).map((flag) => ({
      ...flag,
      label: `--${flag.name}`,
    })),
  )('$label is read from the same trivy.yaml key as Trivy reads it', (flag) =>
    expect(configKey(flag.name)).toBe(flag.config.toLowerCase()),
  );

  const compatNames = new Set(COMPAT_FLAGS.map((spec) => spec.name));
  it('has a row in the compatibility table for every Trivy flag barnacle has no flag of its own for', () => {
    const own = new Set([...GLOBAL_FLAGS, ...SCAN_FLAGS].map((spec) => spec.name));
    const missing = TRIVY_FLAGS.filter((f) => !own.has(f.name) && !compatNames.has(f.name) && f.name !== 'version');
    expect(missing.map((f) => f.name)).toEqual([]);
  });

  it.each(
    COMPAT_FLAGS.filter((spec) => !spec.configOnly).map((spec) => ({ name: spec.name, label: `--${spec.name}`, spec })),
  )('$label is attached to the commands Trivy attaches it to', ({ name, spec }) => {
    const trivy = TRIVY_FLAGS.find((f) => f.name === name);
    expect([...spec.commands].sort()).toEqual([...(trivy?.commands ?? [])].sort());
    expect([...(spec.aliases ?? [])].sort()).toEqual([...(trivy?.aliases ?? [])].sort());
  });
});

describe('-v, --version on a scan command', () => {
  it.each(['--version', '-v'])('%s prints the version and scans nothing, as Trivy', async (flag) => {
    let stdout = '';
    let stderr = '';
    const io = {
      env: {},
      stdout: (text: string) => {
        stdout += text;
      },
      stderr: (text: string) => {
        stderr += text;
      },
      stdoutIsTty: false,
    };
    const code = await main(['node', 'barnacle', 'image', flag, '--cache-dir', path.join(tmp, 'cache'), MISSING], io);
    expect(stdout).toMatch(/^Version: /);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

describe('--cacert', () => {
  it('refuses a file that cannot be read, naming it', async () => {
    const { code, stderr } = await run(['image', '--cacert', MISSING, ...target('image')]);
    expect(stderr).toBe(`barnacle: error: --cacert ${MISSING}: cannot be read (ENOENT)\n`);
    expect(code).toBe(2);
  });
  it("gives the registry client the file as its SSL_CERT_FILE, over the environment's", () => {
    expect(envWithCacert({ cacert: FIXTURE }, { SSL_CERT_FILE: '/etc/other.pem', HOME: '/root' })).toEqual({
      SSL_CERT_FILE: FIXTURE,
      HOME: '/root',
    });
    const env = { SSL_CERT_FILE: '/etc/other.pem' };
    expect(envWithCacert({}, env)).toBe(env);
  });
});

describe('--download-java-db-only', () => {
  it('scans nothing and succeeds on image, even without an image name', async () => {
    const { code, stderr } = await run(['image', '--download-java-db-only']);
    expect(stderr).toBe(
      'barnacle: barnacle has no separate Java DB: --download-java-db-only downloads nothing and scans nothing\n',
    );
    expect(code).toBe(0);
  });
});

describe('--password-stdin', () => {
  it("refuses --password with it, in Trivy's words", async () => {
    const { code, stderr } = await run([
      'image',
      '--password-stdin',
      '--password',
      'p',
      '--username',
      'u',
      ...target('image'),
    ]);
    expect(stderr).toContain("'--password' and '--password-stdin' can't be used at the same time");
    expect(code).toBe(2);
  });
  it('pairs the password read from stdin with the one username', async () => {
    const { stderr } = await run(['image', '--password-stdin', '--username', 'u', ...target('image')]);
    expect(stderr).not.toContain('the number of usernames and passwords must match');
    expect(stderr).toContain('no such file or directory');
  });
  it('needs a username for it, as any password does', async () => {
    const { stderr } = await run(['image', '--password-stdin', ...target('image')]);
    expect(stderr).toContain('the number of usernames and passwords must match');
  });
});

describe('flags Trivy does not attach to a command', () => {
  const cases = COMPAT_FLAGS.flatMap((spec) =>
    COMMANDS.filter((c) => !spec.commands.includes(c)).map((command) => ({
      command,
      spec,
      label: `${command} --${spec.name}`,
    })),
  );
  it.each(cases)('$label is an unknown option, as in Trivy', async ({ command, spec }) => {
    const value = spec.kind === 'boolean' ? [] : ['x'];
    const { code, stderr } = await run([command, `--${spec.name}`, ...value, ...target(command)]);
    expect(stderr).toContain(`unknown option '--${spec.name}'`);
    expect(code).toBe(2);
  });
});

const DEPENDENCY_TREE_NOTE =
  '"--dependency-tree" only shows the dependents of vulnerable packages. Note that it is the reverse of the usual dependency tree, which shows the packages that depend on the vulnerable package. It supports limited package managers. Please see the document for the detail.';

describe('applyCompatFlags', () => {
  const cases: {
    name: string;
    command: ScanCommand;
    flags: Record<string, unknown>;
    debug?: string;
    info?: string;
    warn?: string;
    error?: string;
  }[] = [
    {
      name: '--table-mode with another format is a usage error, as in Trivy',
      command: 'image',
      flags: { 'table-mode': ['summary'], format: 'json' },
      error: '"--table-mode" can be used only with "--format table".',
    },
    {
      name: '--table-mode with the table format is taken silently',
      command: 'fs',
      flags: { 'table-mode': ['summary'] },
    },
    {
      name: "--dependency-tree gives Trivy's note, and a warning with another format",
      command: 'fs',
      flags: { 'dependency-tree': true, format: 'json' },
      info: DEPENDENCY_TREE_NOTE,
      warn: '"--dependency-tree" can be used only with "--format table".',
    },
    {
      name: '--dependency-tree with the table format gives the note alone',
      command: 'image',
      flags: { 'dependency-tree': true },
      info: DEPENDENCY_TREE_NOTE,
    },
    {
      name: 'a flag for a part barnacle does not have is a debug line',
      command: 'image',
      flags: { 'skip-java-db-update': true },
      debug: '--skip-java-db-update has no effect (barnacle has no separate Java DB)',
    },
    {
      name: 'a misconfiguration flag is a debug line',
      command: 'fs',
      flags: { 'helm-set': ['a=b'] },
      debug: '--helm-set has no effect (barnacle does not scan for misconfigurations)',
    },
    {
      name: 'a flag that would change the findings is a warning',
      command: 'image',
      flags: { 'ignore-policy': 'policy.rego' },
      warn: '--ignore-policy is not supported and is ignored (Rego policies are not evaluated; no finding is ignored by it)',
    },
    {
      name: '--removed-pkgs is a warning',
      command: 'image',
      flags: { 'removed-pkgs': true },
      warn: '--removed-pkgs is not supported and is ignored (packages removed in later layers are not reported)',
    },
    {
      name: '--server is a usage error: client/server mode is not supported',
      command: 'image',
      flags: { server: 'http://localhost:4954' },
      error: '--server: client/server mode is not supported: barnacle scans locally',
    },
    {
      name: "--token without --server is Trivy's warning, the scan goes on",
      command: 'sbom',
      flags: { token: 'secret' },
      warn: '"--token" can be used only with "--server"',
    },
    {
      name: '--server with --token is a usage error, and nothing else is said',
      command: 'image',
      flags: { token: 'secret', 'custom-headers': ['a:b'], server: 'http://localhost:4954' },
      error: '--server: client/server mode is not supported: barnacle scans locally',
    },
    {
      name: 'a removed flag is refused as Trivy refuses it',
      command: 'rootfs',
      flags: { reset: true },
      error: 'removed flag ("--reset"); use "barnacle clean --all" instead',
    },
    {
      name: 'the redis cache backend is a usage error',
      command: 'image',
      flags: { 'cache-backend': 'redis://localhost:6379' },
      error: '--cache-backend: the redis cache backend is not supported',
    },
    {
      name: 'an unknown cache backend is a usage error with Trivy message',
      command: 'fs',
      flags: { 'cache-backend': 'disk' },
      error: '--cache-backend: unknown cache type: disk',
    },
    { name: 'the fs cache backend is taken silently', command: 'image', flags: { 'cache-backend': 'fs' } },
    {
      name: 'a --distro family Trivy does not know is a usage error before the scan',
      command: 'rootfs',
      flags: { distro: 'debain/12' },
      error: '--distro: unknown OS family: debain',
    },
    { name: 'a known --distro is taken silently', command: 'image', flags: { distro: 'debian/12' } },
    { name: 'the memory cache backend is taken silently', command: 'image', flags: { 'cache-backend': 'memory' } },
    { name: '--parallel on an image is taken silently', command: 'image', flags: { parallel: 8 } },
    {
      name: '--parallel on a directory is a debug line',
      command: 'fs',
      flags: { parallel: 8 },
      debug: '--parallel has no effect on fs (it sets the layers analysed at once)',
    },
    {
      name: 'a negative --parallel is a usage error',
      command: 'image',
      flags: { parallel: -1 },
      error: '--parallel: must be 0 or more, not -1',
    },
    {
      name: 'a --max-image-size that does not parse is a usage error before the scan',
      command: 'image',
      flags: { 'max-image-size': '10foo' },
      error: `invalid max image size "10foo": invalid suffix: 'foo'`,
    },
    {
      name: '--detection-priority comprehensive is taken silently',
      command: 'image',
      flags: { 'detection-priority': 'comprehensive' },
    },
    {
      name: '--detection-priority precise is taken silently',
      command: 'sbom',
      flags: { 'detection-priority': 'precise' },
    },
    { name: 'a boolean flag set to false asks for nothing', command: 'image', flags: { 'license-full': false } },
    { name: 'an empty list asks for nothing', command: 'image', flags: { 'sbom-sources': [] } },
    {
      name: 'a flag of another command is not looked at',
      command: 'sbom',
      flags: { 'removed-pkgs': true },
    },
  ];
  it.each(cases)('$name', ({ command, flags, debug, info, warn, error }) => {
    const debugs: string[] = [];
    const infos: string[] = [];
    const warnings: string[] = [];
    const log = {
      debug: (m: string) => debugs.push(m),
      info: (m: string) => infos.push(m),
      warn: (m: string) => warnings.push(m),
    };
    const apply = () => applyCompatFlags(command, { format: 'table', ...flags } as never, log);
    if (error) {
      expect(apply).toThrow(UsageError);
      expect(apply).toThrow(error);
      return;
    }
    apply();
    expect(debugs).toEqual(debug ? [debug] : []);
    expect(warnings).toEqual(warn ? [warn] : []);
    expect(infos).toEqual(info ? [info] : []);
  });

  it('logs nothing for the defaults of every command', () => {
    for (const command of COMMANDS) {
      const messages: string[] = [];
      const flags = resolveFlags(compatFlagsFor(command), {}, {});
      const log = {
        debug: (m: string) => messages.push(m),
        info: (m: string) => messages.push(m),
        warn: (m: string) => messages.push(m),
      };
      applyCompatFlags(command, { ...flags, format: 'table' }, log);
      expect(messages).toEqual([]);
    }
  });
});

describe('compatibility flags from the environment and trivy.yaml', () => {
  const cases: {
    name: string;
    flag: string;
    env?: Record<string, string>;
    config?: [string, unknown];
    want: unknown;
  }[] = [
    {
      name: 'TRIVY_TABLE_MODE sets --table-mode',
      flag: 'table-mode',
      env: { TRIVY_TABLE_MODE: 'summary' },
      want: ['summary'],
    },
    {
      name: 'BARNACLE_SERVER sets --server',
      flag: 'server',
      env: { BARNACLE_SERVER: 'http://localhost:4954' },
      want: 'http://localhost:4954',
    },
    {
      name: 'TRIVY_SKIP_JAVA_DB_UPDATE sets --skip-java-db-update',
      flag: 'skip-java-db-update',
      env: { TRIVY_SKIP_JAVA_DB_UPDATE: 'true' },
      want: true,
    },
    {
      name: 'trivy.yaml db.java-skip-update sets --skip-java-db-update',
      flag: 'skip-java-db-update',
      config: ['db.java-skip-update', true],
      want: true,
    },
    {
      name: 'trivy.yaml scan.detection-priority sets --detection-priority',
      flag: 'detection-priority',
      config: ['scan.detection-priority', 'comprehensive'],
      want: 'comprehensive',
    },
    {
      name: 'trivy.yaml table-mode sets --table-mode',
      flag: 'table-mode',
      config: ['table-mode', ['detailed']],
      want: ['detailed'],
    },
    {
      name: 'trivy.yaml vulnerability.ignore-status sets --ignore-status',
      flag: 'ignore-status',
      config: ['vulnerability.ignore-status', ['will_not_fix', 'end_of_life']],
      want: ['will_not_fix', 'end_of_life'],
    },
    {
      name: 'trivy.yaml license.confidenceLevel (read lower-cased) sets --license-confidence-level',
      flag: 'license-confidence-level',
      config: ['license.confidencelevel', 0.8],
      want: '0.8',
    },
    {
      name: 'TRIVY_SKIP_POLICY_UPDATE, the old name, sets --skip-check-update',
      flag: 'skip-check-update',
      env: { TRIVY_SKIP_POLICY_UPDATE: 'true' },
      want: true,
    },
    { name: "--parallel unset leaves barnacle's own default", flag: 'parallel', want: undefined },
    { name: 'TRIVY_PARALLEL sets --parallel', flag: 'parallel', env: { TRIVY_PARALLEL: '2' }, want: 2 },
    {
      name: 'trivy.yaml image.max-size sets --max-image-size',
      flag: 'max-image-size',
      config: ['image.max-size', '1GB'],
      want: '1GB',
    },
  ];
  it.each(cases)('$name', ({ flag, env, config, want }) => {
    const specs: FlagSpec[] = compatFlagsFor('image');
    const values = resolveFlags(specs, {}, env ?? {}, new Map(), () => {}, new Map(config ? [config] : []));
    expect(values[flag]).toEqual(want);
  });

  it('rejects a --table-mode Trivy does not know', () =>
    expect(() => resolveFlags(compatFlagsFor('fs'), { tableMode: 'full' }, {})).toThrow(
      "--table-mode: invalid value 'full'; must be one of summary, detailed",
    ));

  // Trivy's license category lists have a config name and no flag name (pkg/flag/license_flags.go).
  it.each(COMPAT_FLAGS.filter((spec) => spec.configOnly).map((spec) => ({ label: spec.name, spec })))(
    '$label is a trivy.yaml setting only, under license.<category>',
    async ({ spec }) => {
      expect(configKey(spec.name)).toBe(`license.${spec.name.replace(/^license-/, '')}`);
      expect(TRIVY_FLAGS.some((f) => f.name === spec.name)).toBe(false);
      const { code, stderr } = await run(['image', `--${spec.name}`, 'MIT', '--input', MISSING]);
      expect(code).toBe(2);
      expect(stderr).toContain(`unknown option '--${spec.name}'`);
      const env = { [`TRIVY_${spec.name.toUpperCase().replaceAll('-', '_')}`]: 'MIT' };
      expect(resolveFlags([spec], {}, env)[spec.name]).toBeUndefined();
      const config = new Map([[configKey(spec.name), ['MIT']]]);
      expect(resolveFlags([spec], {}, {}, new Map(), () => {}, config)[spec.name]).toEqual(['MIT']);
    },
  );
});

describe('docs/trivy-flags.md', () => {
  const doc = readFileSync(path.resolve(import.meta.dirname, '../../docs/trivy-flags.md'), 'utf8');
  const HEADINGS: Readonly<Record<string, string>> = {
    implemented: '## Implemented',
    'no-effect': '## Accepted with no effect',
    unsupported: '## Not supported',
    client: '## Client/server mode',
    refused: '## Refused',
  };
  const sectionOf = (handling: string): string => {
    const start = doc.indexOf(HEADINGS[handling] ?? '#');
    const next = doc.indexOf('\n## ', start + 1);
    return doc.slice(start, next < 0 ? undefined : next);
  };
  it.each(COMPAT_FLAGS.map((spec) => ({ name: spec.name, label: `--${spec.name}`, spec })))(
    'lists $label where the table handles it',
    ({ spec }) => expect(sectionOf(spec.handling)).toContain(`| \`--${spec.name}\``),
  );
});
