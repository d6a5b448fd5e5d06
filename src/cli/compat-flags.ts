// Trivy's scan flags that barnacle takes for compatibility, one row each: which commands take the flag (as
// Trivy's pkg/commands/app.go attaches it) and how barnacle handles it. Values come from the command line,
// BARNACLE_*/TRIVY_* variables and trivy.yaml like every other flag (flags.ts, config-file.ts).
//   implemented  read by the scan (table-mode, ignore-status, cache-backend, detection-priority...)
//   no-effect    barnacle has no such part (Java DB, telemetry, version check, checks bundle): debug line
//   unsupported  would change what is reported: a warning naming the flag; the scan goes on
//   client       client/server mode settings: without --server a warning in Trivy's words, as Trivy gives
//   refused      cannot be honoured at all (--server, removed flags): usage error, exit 2
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { DetectionPriority } from '../analyzer/detection-priority.js';
import { UsageError } from '../errors.js';
import { ALL_STATUSES } from '../filter/status.js';
import { parseDistro } from './distro.js';
import { parseFilePatterns } from './file-patterns.js';
import type { FlagSpec, FlagValue, FlagValues } from './flags.js';
import { parseHumanSize } from './image-size.js';
import { RELATIONSHIPS } from './pkg-relationships.js';

export type ScanCommand = 'image' | 'fs' | 'rootfs' | 'sbom';
/** The scan commands and `convert`, which takes Trivy's report flags only. */
export type CompatCommand = ScanCommand | 'convert';
export type Handling = 'implemented' | 'no-effect' | 'unsupported' | 'client' | 'refused';

export interface CompatFlag extends FlagSpec {
  readonly commands: readonly ScanCommand[];
  readonly handling: Handling;
  /** Why (no-effect, unsupported, refused) or the whole warning (client). */
  readonly reason?: string;
}

const ALL: readonly ScanCommand[] = ['image', 'fs', 'rootfs', 'sbom'];
const NOT_SBOM: readonly ScanCommand[] = ['image', 'fs', 'rootfs'];
const IMAGE: readonly ScanCommand[] = ['image'];
const FS: readonly ScanCommand[] = ['fs', 'rootfs'];

const CLIENT_SERVER = 'client/server mode is not supported: barnacle scans locally';
const NO_MISCONFIG = 'barnacle does not scan for misconfigurations';
const NO_JAVA_DB = 'barnacle has no separate Java DB';
const NO_MODULES = 'barnacle has no modules';
const NO_LICENSE_TEXT =
  'license files and source headers are not classified; the licenses packages declare are reported';

function noEffect(name: string, kind: FlagSpec['kind'], commands: readonly ScanCommand[], reason: string): CompatFlag {
  return { name, kind, commands, handling: 'no-effect', reason, description: `no effect: ${reason}` };
}

function misconfig(name: string, kind: FlagSpec['kind'], commands = NOT_SBOM, aliases?: string[]): CompatFlag {
  return { ...noEffect(name, kind, commands, NO_MISCONFIG), ...(aliases ? { aliases } : {}) };
}

function unsupported(
  name: string,
  kind: FlagSpec['kind'],
  commands: readonly ScanCommand[],
  reason: string,
): CompatFlag {
  return { name, kind, commands, handling: 'unsupported', reason, description: `not supported: ${reason}` };
}

/** trivy.yaml `license.<category>`: the license names of a category, replacing Trivy's default list. */
function licenseCategory(category: string): CompatFlag {
  return {
    name: `license-${category}`,
    kind: 'list',
    commands: ALL,
    handling: 'implemented',
    description: `${category} licenses (config file only: license.${category})`,
    configOnly: true,
  };
}

function client(name: string, kind: FlagSpec['kind'], reason: string): CompatFlag {
  return { name, kind, commands: ALL, handling: 'client', reason, description: 'client/server mode: not supported' };
}

function refused(name: string, kind: FlagSpec['kind'], reason: string): CompatFlag {
  return { name, kind, commands: ALL, handling: 'refused', reason, description: `not supported: ${reason}` };
}

/** Every Trivy scan flag barnacle has no flag of its own for (Trivy commit dc3c56ee, pkg/flag/*_flags.go). */
export const COMPAT_FLAGS: readonly CompatFlag[] = [
  misconfig('ansible-extra-vars', 'list'),
  misconfig('ansible-inventory', 'list'),
  misconfig('ansible-playbook', 'list'),
  {
    name: 'cacert',
    kind: 'string',
    commands: ALL,
    handling: 'implemented',
    description: 'a PEM file of CA certificates trusted besides the system ones, for registries (as SSL_CERT_FILE)',
    placeholder: 'FILE',
  },
  {
    name: 'cache-backend',
    kind: 'string',
    commands: ALL,
    handling: 'implemented',
    description: 'cache backend: fs, or memory to use no layer cache (redis is not supported)',
    placeholder: 'BACKEND',
  },
  noEffect('cache-ttl', 'duration', ALL, 'it applies to the redis cache backend only'),
  misconfig('cf-params', 'list', FS),
  misconfig('check-namespaces', 'list', NOT_SBOM, ['namespaces', 'policy-namespaces']),
  misconfig('checks-bundle-repository', 'string', NOT_SBOM, ['policy-bundle-repository']),
  refused('clear-cache', 'boolean', 'removed flag ("--clear-cache"); use "barnacle clean --scan-cache" instead'),
  { ...refused('compliance', 'string', 'barnacle makes no compliance reports'), commands: ['image', 'fs', 'sbom'] },
  misconfig('config-check', 'list', NOT_SBOM, ['policy', 'config-policy']),
  misconfig('config-data', 'list', NOT_SBOM, ['data']),
  misconfig('config-file-schemas', 'list'),
  client('custom-headers', 'list', '"--custom-header" can be used only with "--server"'),
  {
    name: 'dependency-tree',
    kind: 'boolean',
    commands: NOT_SBOM,
    handling: 'implemented',
    description: "show dependency origin tree of vulnerable packages ('table' format)",
  },
  {
    name: 'detection-priority',
    kind: 'string',
    commands: ALL,
    handling: 'implemented',
    description:
      'detection priority: precise, or comprehensive (minimum versions of pip, go.mod and pub ranges; packages of files OS packages installed)',
    default: 'precise',
    choices: ['precise', 'comprehensive'],
  },
  noEffect('disable-telemetry', 'boolean', ALL, 'barnacle sends no telemetry'),
  {
    name: 'distro',
    kind: 'string',
    commands: ALL,
    handling: 'implemented',
    description: 'the OS to scan for instead of the detected one: family/version (e.g. debian/12)',
    placeholder: 'FAMILY/VERSION',
  },
  {
    name: 'download-java-db-only',
    kind: 'boolean',
    commands: ALL,
    handling: 'implemented',
    description: 'scan nothing (barnacle has no separate Java DB to download)',
  },
  noEffect('enable-modules', 'list', NOT_SBOM, NO_MODULES),
  {
    name: 'file-patterns',
    kind: 'list',
    commands: ALL,
    handling: 'implemented',
    description: 'more files for an analyzer, "analyzer:regexp" (e.g. "pip:requirements-.*\\.txt")',
  },
  refused('generate-default-config', 'boolean', '--generate-default-config is not supported'),
  misconfig('helm-api-versions', 'list'),
  misconfig('helm-kube-version', 'string'),
  misconfig('helm-set', 'list'),
  misconfig('helm-set-file', 'list'),
  misconfig('helm-set-string', 'list'),
  misconfig('helm-values', 'list'),
  unsupported('ignore-policy', 'string', ALL, 'Rego policies are not evaluated; no finding is ignored by it'),
  {
    name: 'ignore-status',
    kind: 'list',
    commands: ALL,
    handling: 'implemented',
    description: 'comma-separated list of vulnerability status to ignore',
    choices: ALL_STATUSES,
  },
  {
    name: 'ignored-licenses',
    kind: 'list',
    commands: ALL,
    handling: 'implemented',
    description: 'specify a list of license to ignore',
  },
  {
    name: 'image-config-scanners',
    kind: 'list',
    commands: IMAGE,
    handling: 'implemented',
    description: 'scanners for the image config: secret (with --scanners secret); misconfig is not supported',
  },
  misconfig('include-deprecated-checks', 'boolean'),
  misconfig('include-non-failures', 'boolean'),
  noEffect('java-db-repository', 'list', ALL, NO_JAVA_DB),
  noEffect('license-confidence-level', 'string', NOT_SBOM, NO_LICENSE_TEXT),
  licenseCategory('forbidden'),
  unsupported('license-full', 'boolean', NOT_SBOM, NO_LICENSE_TEXT),
  licenseCategory('notice'),
  licenseCategory('permissive'),
  licenseCategory('reciprocal'),
  licenseCategory('restricted'),
  licenseCategory('unencumbered'),
  noEffect('light', 'boolean', ALL, 'deprecated in Trivy and ignored'),
  {
    name: 'max-image-size',
    kind: 'string',
    commands: IMAGE,
    handling: 'implemented',
    description: "maximum image size, e.g. '44kB', '17MB': the layers as stored, then uncompressed as they are read",
    placeholder: 'SIZE',
  },
  misconfig('misconfig-scanners', 'list'),
  noEffect('module-dir', 'string', NOT_SBOM, NO_MODULES),
  noEffect('output-plugin-arg', 'string', ALL, 'barnacle has no output plugins'),
  {
    name: 'parallel',
    kind: 'int',
    commands: NOT_SBOM,
    handling: 'implemented',
    description: 'layers of an image analysed at once; 0: one per CPU (default: 3); no effect on fs and rootfs',
  },
  {
    name: 'password-stdin',
    kind: 'boolean',
    commands: ALL,
    handling: 'implemented',
    description: 'password from stdin (image). Comma-separated passwords are not supported.',
  },
  client('path-prefix', 'string', '"--path-prefix" can be used only with "--server"'),
  {
    name: 'pkg-relationships',
    kind: 'list',
    commands: ALL,
    handling: 'implemented',
    description: 'list of package relationships',
    default: RELATIONSHIPS,
    choices: RELATIONSHIPS,
  },
  misconfig('raw-config-scanners', 'list'),
  noEffect('redis-ca', 'string', ALL, 'it applies to the redis cache backend only'),
  noEffect('redis-cert', 'string', ALL, 'it applies to the redis cache backend only'),
  noEffect('redis-key', 'string', ALL, 'it applies to the redis cache backend only'),
  noEffect('redis-tls', 'boolean', ALL, 'it applies to the redis cache backend only'),
  misconfig('rego-error-limit', 'int'),
  noEffect('rekor-url', 'string', ALL, 'SBOMs are not fetched from Rekor'),
  unsupported('removed-pkgs', 'boolean', IMAGE, 'packages removed in later layers are not reported'),
  misconfig('render-cause', 'list'),
  {
    name: 'report',
    kind: 'string',
    commands: ['image', 'fs'],
    handling: 'no-effect',
    reason: 'it applies to compliance reports only',
    description: 'no effect: it applies to compliance reports only',
    choices: ['all', 'summary'],
  },
  refused('reset', 'boolean', 'removed flag ("--reset"); use "barnacle clean --all" instead'),
  {
    ...refused('reset-checks-bundle', 'boolean', 'removed flag ("--reset-checks-bundle")'),
    commands: NOT_SBOM,
    aliases: ['reset-policy-bundle'],
  },
  unsupported('sbom-sources', 'list', ALL, 'SBOMs are not fetched for binaries'),
  {
    name: 'secret-config',
    kind: 'string',
    commands: NOT_SBOM,
    handling: 'implemented',
    description: 'specify a path to config file for secret scanning',
    default: 'trivy-secret.yaml',
    placeholder: 'FILE',
  },
  refused('server', 'string', CLIENT_SERVER),
  {
    ...noEffect('skip-check-update', 'boolean', NOT_SBOM, 'barnacle has no checks bundle'),
    aliases: ['skip-policy-update'],
  },
  noEffect('skip-java-db-update', 'boolean', ALL, NO_JAVA_DB),
  noEffect('skip-version-check', 'boolean', ALL, 'barnacle does not check for new versions'),
  noEffect('skip-vex-repo-update', 'boolean', ALL, 'barnacle reads VEX files only, no VEX repositories'),
  noEffect('slow', 'boolean', ALL, 'deprecated in Trivy and ignored'),
  {
    name: 'table-mode',
    kind: 'list',
    commands: ALL,
    handling: 'implemented',
    description: "tables that will be displayed in 'table' format",
    default: ['summary', 'detailed'],
    choices: ['summary', 'detailed'],
  },
  misconfig('tf-exclude-downloaded-modules', 'boolean'),
  misconfig('tf-vars', 'list', FS),
  client('token', 'string', '"--token" can be used only with "--server"'),
  client('token-header', 'string', '"--token-header" can be used only with "--server"'),
  noEffect('trace-http', 'boolean', ALL, 'HTTP traces are not logged'),
  { ...misconfig('trace-rego', 'boolean'), aliases: ['trace'] },
  unsupported('vuln-severity-source', 'list', ALL, 'severities come from the advisories in the DB'),
];

/**
 * The flags of Trivy's ReportFlagGroup (pkg/flag/report_flags.go) that barnacle has no flag of its own for: what
 * `convert` takes from the table, besides the report flags of flags.ts.
 */
const REPORT_GROUP = new Set([
  'compliance',
  'dependency-tree',
  'ignore-policy',
  'output-plugin-arg',
  'report',
  'table-mode',
]);

const takes = (flag: CompatFlag, command: CompatCommand): boolean =>
  command === 'convert' ? REPORT_GROUP.has(flag.name) : flag.commands.includes(command);

/** The compatibility flags a command takes. */
export function compatFlagsFor(command: CompatCommand): FlagSpec[] {
  return COMPAT_FLAGS.filter((flag) => takes(flag, command));
}

/** Whether a flag was given a value that asks for something (not unset, false or an empty list). */
function isSet(spec: CompatFlag, value: FlagValue): boolean {
  if (value === undefined || value === false || value === '') return false;
  if (Array.isArray(value) && value.length === 0) return false;
  return spec.default === undefined || JSON.stringify(value) !== JSON.stringify(spec.default);
}

export interface CompatLog {
  readonly debug: (message: string) => void;
  readonly info: (message: string) => void;
  readonly warn: (message: string) => void;
}

/**
 * Acts on the compatibility flags a command was given: a debug line for those with no effect, a warning for
 * those not supported, a UsageError for those refused; the implemented ones are checked here and read by the
 * scan.
 */
export function applyCompatFlags(command: CompatCommand, flags: FlagValues, log: CompatLog): void {
  const given = COMPAT_FLAGS.filter((spec) => takes(spec, command) && isSet(spec, flags[spec.name]));
  // A refused flag stops the command before anything else is said.
  const refusal = given.find((spec) => spec.handling === 'refused');
  if (refusal) {
    throw new UsageError(
      refusal.reason?.startsWith('removed') ? refusal.reason : `--${refusal.name}: ${refusal.reason}`,
    );
  }
  for (const spec of given) {
    const value = flags[spec.name];
    switch (spec.handling) {
      case 'refused':
        break;
      case 'client':
        log.warn(spec.reason ?? '');
        break;
      case 'unsupported':
        log.warn(`--${spec.name} is not supported and is ignored (${spec.reason})`);
        break;
      case 'no-effect':
        log.debug(`--${spec.name} has no effect (${spec.reason})`);
        break;
      case 'implemented':
        CHECKS[spec.name]?.(value, command, log, flags);
        break;
    }
  }
}

type Check = (value: FlagValue, command: CompatCommand, log: CompatLog, flags: FlagValues) => void;

const forRegistries =
  (name: string): Check =>
  (_value, command, log) => {
    if (command !== 'image') log.debug(`--${name} has no effect on ${command} (it is for registries)`);
  };

/** What the implemented flags check before the scan (a bad value is a usage error) and say where they do nothing. */
const CHECKS: Readonly<Record<string, Check>> = {
  cacert(value, command, log) {
    try {
      readFileSync(String(value));
    } catch (error) {
      throw new UsageError(`--cacert ${value}: cannot be read (${(error as NodeJS.ErrnoException).code ?? error})`);
    }
    if (command !== 'image') log.debug(`--cacert has no effect on ${command} (it is for registries)`);
  },
  'cache-backend'(value) {
    const backend = String(value);
    if (/^rediss?:\/\//.test(backend))
      throw new UsageError('--cache-backend: the redis cache backend is not supported');
    if (backend !== 'fs' && backend !== 'memory')
      throw new UsageError(`--cache-backend: unknown cache type: ${backend}`);
  },
  'dependency-tree'(_value, _command, log, flags) {
    log.info(
      '"--dependency-tree" only shows the dependents of vulnerable packages. Note that it is the reverse of the usual dependency tree, which shows the packages that depend on the vulnerable package. It supports limited package managers. Please see the document for the detail.',
    );
    if (String(flags.format) !== 'table') log.warn('"--dependency-tree" can be used only with "--format table".');
  },
  distro: (value) => void parseDistro(value),
  'download-java-db-only'(_value, command, log) {
    if (command !== 'image') log.debug(`--download-java-db-only has no effect on ${command} (${NO_JAVA_DB})`);
  },
  'file-patterns'(value, command, log) {
    parseFilePatterns(value);
    if (command === 'sbom') log.debug('--file-patterns has no effect on sbom (it is for analyzers)');
  },
  'image-config-scanners'(value, _command, log) {
    for (const scanner of (value as readonly string[]).filter((s) => s !== 'secret')) {
      log.warn(`--image-config-scanners ${scanner} is not supported and is ignored (${NO_MISCONFIG})`);
    }
  },
  'max-image-size': (value) => void parseHumanSize(String(value)),
  parallel(value, command, log) {
    if (Number(value) < 0) throw new UsageError(`--parallel: must be 0 or more, not ${value}`);
    if (command !== 'image') log.debug(`--parallel has no effect on ${command} (it sets the layers analysed at once)`);
  },
  'password-stdin': forRegistries('password-stdin'),
  'table-mode'(_value, _command, _log, flags) {
    if (String(flags.format) !== 'table')
      throw new UsageError('"--table-mode" can be used only with "--format table".');
  },
};

/**
 * The image scan's options from the implemented compatibility flags (--max-image-size, --parallel, --cache-backend,
 * --file-patterns, --detection-priority).
 */
export function imageOptionsOf(flags: FlagValues): {
  maxImageSize?: number;
  parallel?: number;
  layerCache?: boolean;
  filePatterns?: ReadonlyMap<string, readonly RegExp[]>;
  detectionPriority?: DetectionPriority;
} {
  const size = flags['max-image-size'];
  const parallel = flags.parallel;
  const filePatterns = parseFilePatterns(flags['file-patterns']);
  return {
    ...(filePatterns.size > 0 ? { filePatterns } : {}),
    ...(typeof size === 'string' && size !== '' ? { maxImageSize: parseHumanSize(size) } : {}),
    ...(typeof parallel === 'number' ? { parallel: parallel === 0 ? availableParallelism() : parallel } : {}),
    ...(flags['cache-backend'] === 'memory' ? { layerCache: false } : {}),
    ...(flags['detection-priority'] === 'comprehensive' ? { detectionPriority: 'comprehensive' as const } : {}),
  };
}

/** The environment the registry client reads, with `--cacert` as its SSL_CERT_FILE (the flag wins). */
export function envWithCacert(flags: FlagValues, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const cacert = flags.cacert;
  return typeof cacert === 'string' && cacert !== '' ? { ...env, SSL_CERT_FILE: cacert } : env;
}
