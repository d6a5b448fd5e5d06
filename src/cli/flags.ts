// Trivy's flags as one table: names, defaults, environment variables (BARNACLE_* over TRIVY_*) and parsers.
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { SEVERITIES, type Severity } from '../types.js';
import { type ConfigValues, configKey, configText } from './config-file.js';

type Kind = 'string' | 'boolean' | 'int' | 'list' | 'duration';

/** One flag. `name` is Trivy's flag name; its environment variables are derived from it and its aliases. */
export interface FlagSpec {
  readonly name: string;
  readonly short?: string;
  readonly kind: Kind;
  readonly description: string;
  readonly default?: string | boolean | number | readonly string[];
  /** Allowed values (for lists: of each element), checked after parsing. */
  readonly choices?: readonly string[];
  /** Older names still accepted (`--vuln-type` for `--pkg-types`), with a deprecation warning. */
  readonly aliases?: readonly string[];
  readonly placeholder?: string;
  /** A setting of the config file only (Trivy's flags without a name, such as `license.forbidden`): no CLI flag. */
  readonly configOnly?: boolean;
}

export type FlagValue = string | boolean | number | readonly string[] | undefined;
export type FlagValues = Readonly<Record<string, FlagValue>>;

/** `--config`: Trivy's configuration file; a missing default file is no configuration. */
export const CONFIG_FLAG: FlagSpec = {
  name: 'config',
  short: 'c',
  kind: 'string',
  description: 'config path',
  default: 'trivy.yaml',
  placeholder: 'FILE',
};

/** Flags every command takes (Trivy's global flags). */
export const GLOBAL_FLAGS: readonly FlagSpec[] = [
  CONFIG_FLAG,
  { name: 'cache-dir', kind: 'string', description: 'cache directory', placeholder: 'DIR' },
  { name: 'debug', short: 'd', kind: 'boolean', description: 'debug mode', default: false },
  { name: 'quiet', short: 'q', kind: 'boolean', description: 'suppress progress bar and log output', default: false },
  { name: 'timeout', kind: 'duration', description: 'timeout', default: '5m0s', placeholder: 'DURATION' },
  { name: 'insecure', kind: 'boolean', description: 'allow insecure server connections', default: false },
];

const SEVERITY_NAMES = SEVERITIES.map(String);

/** Flags of the scanning commands (`image`, later `fs`, `rootfs`, `sbom`). */
export const SCAN_FLAGS: readonly FlagSpec[] = [
  { name: 'input', kind: 'string', description: 'input file path instead of image name', placeholder: 'FILE' },
  {
    name: 'platform',
    kind: 'string',
    description: 'set platform in the form os/arch[/variant] if image is multi-platform capable',
    placeholder: 'PLATFORM',
  },
  {
    name: 'image-src',
    kind: 'list',
    description: 'image source(s) to use, in priority order',
    default: ['docker', 'containerd', 'podman', 'remote'],
    choices: ['docker', 'containerd', 'podman', 'remote'],
  },
  {
    name: 'docker-host',
    kind: 'string',
    description: 'unix domain socket path to use for docker scanning',
    placeholder: 'HOST',
  },
  {
    name: 'podman-host',
    kind: 'string',
    description: 'unix podman socket path to use for podman scanning',
    placeholder: 'PATH',
  },
  { name: 'username', kind: 'list', description: 'username. Comma-separated usernames allowed.', placeholder: 'USER' },
  {
    name: 'password',
    kind: 'list',
    description: 'password. Comma-separated passwords allowed. TRIVY_PASSWORD should be used for security reasons.',
    placeholder: 'PASSWORD',
  },
  { name: 'registry-token', kind: 'string', description: 'registry token', placeholder: 'TOKEN' },
  { name: 'format', short: 'f', kind: 'string', description: 'format', default: 'table', placeholder: 'FORMAT' },
  { name: 'output', short: 'o', kind: 'string', description: 'output file name', placeholder: 'FILE' },
  {
    name: 'severity',
    short: 's',
    kind: 'list',
    description: 'severities of security issues to be displayed',
    default: SEVERITY_NAMES,
    choices: SEVERITY_NAMES,
  },
  { name: 'exit-code', kind: 'int', description: 'specify exit code when any security issues are found', default: 0 },
  {
    name: 'exit-on-eol',
    kind: 'int',
    description: 'exit with the specified code when the OS reaches end of service/life',
    default: 0,
  },
  { name: 'ignore-unfixed', kind: 'boolean', description: 'display only fixed vulnerabilities', default: false },
  {
    name: 'pkg-types',
    kind: 'list',
    description: 'list of package types',
    default: ['os', 'library'],
    choices: ['os', 'library'],
    aliases: ['vuln-type'],
  },
  {
    name: 'scanners',
    kind: 'list',
    description: 'comma-separated list of what security issues to detect',
    default: ['vuln', 'secret'],
    choices: ['vuln', 'misconfig', 'secret', 'license'],
    aliases: ['security-checks'],
  },
  {
    name: 'list-all-pkgs',
    kind: 'boolean',
    description: 'output all packages in the JSON report regardless of vulnerability',
    default: true,
  },
  {
    name: 'include-dev-deps',
    kind: 'boolean',
    description: 'include development dependencies in the report (supported: npm, yarn, pnpm, composer...)',
    default: false,
  },
  { name: 'skip-dirs', kind: 'list', description: 'specify the directories or glob patterns to skip', default: [] },
  { name: 'skip-files', kind: 'list', description: 'specify the files or glob patterns to skip', default: [] },
  {
    name: 'skip-db-update',
    kind: 'boolean',
    description: 'skip updating vulnerability database',
    default: false,
    aliases: ['skip-update'],
  },
  {
    name: 'offline-scan',
    kind: 'boolean',
    description: 'do not issue API requests to identify dependencies',
    default: false,
  },
  {
    name: 'download-db-only',
    kind: 'boolean',
    description: "download/update vulnerability database but don't run a scan",
    default: false,
  },
  {
    name: 'db-repository',
    kind: 'string',
    description: 'OSV repository to update the vulnerability DB from: base URL or directory of <Ecosystem>/all.zip',
    default: 'https://osv-vulnerabilities.storage.googleapis.com',
    placeholder: 'REPO',
  },
  { name: 'no-progress', kind: 'boolean', description: 'suppress progress bar', default: false },
  {
    name: 'db-max-age',
    kind: 'duration',
    description: 'warn when the vulnerability DB was last updated longer ago than this (0: never)',
    default: '168h',
    placeholder: 'DURATION',
  },
  {
    name: 'ignorefile',
    kind: 'string',
    description: 'specify .trivyignore file',
    default: '.trivyignore',
    placeholder: 'FILE',
  },
  {
    name: 'template',
    short: 't',
    kind: 'string',
    description: 'output template (Trivy\'s bundled "@contrib/html.tpl", "@contrib/junit.tpl", ...)',
    placeholder: 'TEMPLATE',
  },
  {
    name: 'limit-severities-for-sarif',
    kind: 'boolean',
    description: 'limit severities for SARIF format to the --severity list',
    default: false,
  },
  {
    name: 'show-suppressed',
    kind: 'boolean',
    description: 'show suppressed vulnerabilities',
    default: false,
  },
  {
    name: 'vex',
    kind: 'list',
    description: 'VEX documents (OpenVEX, CycloneDX VEX, CSAF VEX) that say which findings do not apply',
    placeholder: 'FILE',
  },
];

/** The flags `convert` takes: those that shape a report from a result. */
export const REPORT_FLAG_NAMES: readonly string[] = [
  'format',
  'output',
  'severity',
  'exit-code',
  'exit-on-eol',
  'ignore-unfixed',
  'pkg-types',
  'list-all-pkgs',
  'ignorefile',
  'template',
  'limit-severities-for-sarif',
  'show-suppressed',
  'vex',
];

/** Environment variable names for a flag name, in precedence order. */
export function envNames(name: string): string[] {
  const key = name.toUpperCase().replaceAll('-', '_');
  return [`BARNACLE_${key}`, `TRIVY_${key}`];
}

/** Declares the flags on a commander command. Values are parsed later by `resolveFlags`, not by commander. */
export function declareFlags(command: Command, specs: readonly FlagSpec[]): Command {
  for (const spec of specs) {
    if (spec.configOnly) continue;
    for (const name of [spec.name, ...(spec.aliases ?? [])]) {
      const short = name === spec.name && spec.short ? `-${spec.short}, ` : '';
      const value = spec.kind === 'boolean' ? '' : ` <${spec.placeholder ?? 'VALUE'}>`;
      const help = name === spec.name ? describe(spec) : `deprecated: use --${spec.name}`;
      command.option(`${short}--${name}${value}`, help);
    }
  }
  return command;
}

function describe(spec: FlagSpec): string {
  const envs = envNames(spec.name).join(', ');
  const def = spec.default === undefined || spec.default === '' ? '' : ` (default: ${formatDefault(spec.default)})`;
  const choices = spec.choices ? ` [${spec.choices.join(',')}]` : '';
  return `${spec.description}${choices}${def} [env: ${envs}]`;
}

function formatDefault(value: string | boolean | number | readonly string[]): string {
  return Array.isArray(value) ? value.join(',') : String(value);
}

/**
 * Boolean flags written `--flag=false` (Go's pflag syntax, which Trivy users write) are taken out of argv
 * before commander sees them; the returned overrides carry their values.
 */
export function extractBooleanAssignments(
  argv: readonly string[],
  specs: readonly FlagSpec[],
): { argv: string[]; overrides: Map<string, boolean> } {
  const booleans = new Map<string, string>();
  for (const spec of specs) {
    if (spec.kind !== 'boolean') continue;
    for (const name of [spec.name, ...(spec.aliases ?? [])]) booleans.set(name, spec.name);
  }
  const overrides = new Map<string, boolean>();
  const rest: string[] = [];
  for (const arg of argv) {
    const m = /^--([a-z0-9-]+)=(.*)$/.exec(arg);
    const target = m?.[1] === undefined ? undefined : booleans.get(m[1]);
    if (m && target) overrides.set(target, parseBoolean(m[2] ?? '', `--${m[1]}`));
    else rest.push(arg);
  }
  return { argv: rest, overrides };
}

/**
 * The value of every flag: the command line first, then BARNACLE_*, then TRIVY_*, then the config file
 * (trivy.yaml), then the default. Throws UsageError naming the flag, variable or key for a value that does
 * not parse.
 */
export function resolveFlags(
  specs: readonly FlagSpec[],
  cli: Readonly<Record<string, unknown>>,
  env: NodeJS.ProcessEnv,
  overrides: ReadonlyMap<string, boolean> = new Map(),
  warn: (message: string) => void = () => {},
  config: ConfigValues = new Map(),
): Record<string, FlagValue> {
  const values: Record<string, FlagValue> = {};
  for (const spec of specs) {
    values[spec.name] = resolveOne(spec, cli, env, overrides, warn, config);
  }
  return values;
}

function resolveOne(
  spec: FlagSpec,
  cli: Readonly<Record<string, unknown>>,
  env: NodeJS.ProcessEnv,
  overrides: ReadonlyMap<string, boolean>,
  warn: (message: string) => void,
  config: ConfigValues,
): FlagValue {
  const override = overrides.get(spec.name);
  if (override !== undefined) return override;
  for (const name of [spec.name, ...(spec.aliases ?? [])]) {
    const raw = cli[camel(name)];
    if (raw === undefined) continue;
    if (name !== spec.name) warn(`--${name} is deprecated; use --${spec.name}`);
    return parseValue(spec, raw === true ? 'true' : String(raw), `--${name}`);
  }
  // A config-only setting has no environment variable either (Trivy binds none for a flag without a name).
  for (const name of spec.configOnly ? [] : [spec.name, ...(spec.aliases ?? [])]) {
    for (const variable of envNames(name)) {
      const raw = env[variable];
      if (raw !== undefined && raw !== '') return parseValue(spec, raw, variable);
    }
  }
  for (const name of [spec.name, ...(spec.aliases ?? [])]) {
    const key = configKey(name);
    const raw = configText(config.get(key));
    if (raw !== undefined) return parseValue(spec, raw, `config key '${key}'`);
  }
  return spec.default;
}

function camel(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function parseValue(spec: FlagSpec, raw: string, where: string): FlagValue {
  switch (spec.kind) {
    case 'boolean':
      return parseBoolean(raw, where);
    case 'int': {
      if (!/^-?\d+$/.test(raw.trim())) throw new UsageError(`${where}: '${raw}' is not an integer`);
      return Number(raw);
    }
    case 'duration':
      parseDuration(raw, where);
      return raw;
    case 'list': {
      const items = raw
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      const bad = spec.choices ? items.filter((item) => !spec.choices?.includes(item)) : [];
      if (bad.length > 0) {
        throw new UsageError(`${where}: invalid value '${bad.join(',')}'; must be one of ${spec.choices?.join(', ')}`);
      }
      return items;
    }
    case 'string':
      if (spec.choices && !spec.choices.includes(raw)) {
        throw new UsageError(`${where}: invalid value '${raw}'; must be one of ${spec.choices.join(', ')}`);
      }
      return raw;
  }
}

function parseBoolean(raw: string, where: string): boolean {
  // The spellings Go's strconv.ParseBool accepts, as Trivy's flags do.
  const value = raw.trim();
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value)) return false;
  throw new UsageError(`${where}: '${raw}' is not a boolean (true or false)`);
}

const DURATION_UNITS: Readonly<Record<string, number>> = {
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
  us: 0.001,
  µs: 0.001,
  ns: 0.000001,
};

/** A Go duration (`5m0s`, `90s`, `1h30m`, `500ms`) in milliseconds. */
export function parseDuration(raw: string, where = 'duration'): number {
  const text = raw.trim();
  if (text === '0') return 0;
  const re = /(\d+(?:\.\d+)?)(ms|us|µs|ns|h|m|s)/gy;
  let total = 0;
  let end = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    total += Number(m[1]) * (DURATION_UNITS[m[2] ?? ''] ?? Number.NaN);
    end = re.lastIndex;
  }
  if (end === 0 || end !== text.length || Number.isNaN(total)) {
    throw new UsageError(`${where}: '${raw}' is not a duration (e.g. 5m0s, 90s, 1h)`);
  }
  return total;
}

/** `--severity` values as Severity, in the order given. */
export function severitiesOf(value: FlagValue): Severity[] {
  return (Array.isArray(value) ? value : []).filter((s): s is Severity =>
    (SEVERITIES as readonly string[]).includes(s),
  );
}
