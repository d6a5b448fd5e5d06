// The command line: Trivy's commands and flags, one-line errors on stderr, results on stdout or --output.
import os from 'node:os';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { ageWarning, dbStatus } from '../db/status.js';
import { DEFAULT_REPOSITORY, prepareDb, updateDb, updateLine } from '../db/update.js';
import { InputError, UsageError } from '../errors.js';
import type { AccessOptions } from '../source/types.js';
import { CLEAN_FLAGS, runClean } from './clean-command.js';
import { applyCompatFlags, COMPAT_FLAGS, compatFlagsFor, envWithCacert, imageOptionsOf } from './compat-flags.js';
import { type ConfigValues, loadConfigFile } from './config-file.js';
import { runConvert } from './convert.js';
import { dbCommand, httpFromEnv, progressLine } from './db-command.js';
import { parseDistro } from './distro.js';
import { errorLine, exitCodeForError } from './exit.js';
import {
  CONFIG_FLAG,
  declareFlags,
  envNames,
  extractBooleanAssignments,
  type FlagSpec,
  type FlagValues,
  GLOBAL_FLAGS,
  parseDuration,
  REPORT_FLAG_NAMES,
  resolveFlags,
  SCAN_FLAGS,
} from './flags.js';
import { type FsKind, runFsScan } from './fs-command.js';
import { licenseClassifierFor } from './license-scan.js';
import { createLogger, type Logger } from './log.js';
import { pkgRelationshipsOf } from './pkg-relationships.js';
import { filterOptionsOf, report, reporterOf, scannersFor, scannersGiven } from './report-output.js';
import { runSbomScan } from './sbom-command.js';
import { scanImage } from './scan.js';
import { reportsPackages, scansConfigSecrets, secretScanningFor } from './secret-scan.js';
import { versionOutput } from './version-command.js';

/** What the process needs from its surroundings; tests pass their own. */
export interface Io {
  readonly env: NodeJS.ProcessEnv;
  /** Writes to stdout; a promise it may return settles once stdout has taken the text (the report waits for it). */
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stdoutIsTty: boolean;
  /** Whether stderr is a terminal (progress is drawn only then). */
  readonly stderrIsTty?: boolean;
  /** Reads all of stdin (`--password-stdin`); the process's stdin when absent. */
  readonly readStdin?: () => Promise<string>;
}

/** Set once the reader of stdout has gone (`| head`): the rest of the output is dropped. */
let stdoutGone = false;

/**
 * Writes to the process's stdout. A full stdout (a slow reader of a pipe) is waited for: the write's callback
 * comes once the text has been taken. A reader that has gone ends the output quietly, without a crash trace.
 */
function writeStdout(text: string): Promise<void> {
  return new Promise((resolve) => {
    if (stdoutGone) return resolve();
    if (process.stdout.listenerCount('error') === 0) {
      process.stdout.on('error', () => {
        stdoutGone = true;
      });
    }
    if (process.stdout.write(text, () => resolve())) resolve();
  });
}

const processIo: Io = {
  env: process.env,
  stdout: writeStdout,
  stderr: (text) => process.stderr.write(text),
  stdoutIsTty: Boolean(process.stdout.isTTY),
  stderrIsTty: Boolean(process.stderr.isTTY),
};

/** Runs the CLI with `argv` (as process.argv: node, script, args...) and returns the exit code. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const { argv: args, overrides } = extractBooleanAssignments(argv, [...GLOBAL_FLAGS, ...SCAN_FLAGS, ...COMPAT_FLAGS]);
  let exitCode = 0;
  const program = buildProgram(io, overrides, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(args);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are not errors; commander has already printed them.
      if (error.exitCode === 0) return 0;
      io.stderr(`barnacle: error: ${error.message.replace(/^error: /, '')}\n`);
      return 2;
    }
    io.stderr(`barnacle: error: ${errorLine(error)}\n`);
    if (globalDebug(args, io.env) && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return exitCodeForError(error);
  }
}

function globalDebug(args: readonly string[], env: NodeJS.ProcessEnv): boolean {
  return args.includes('--debug') || args.includes('-d') || env.BARNACLE_DEBUG === 'true' || env.TRIVY_DEBUG === 'true';
}

function buildProgram(io: Io, overrides: ReadonlyMap<string, boolean>, setExit: (code: number) => void): Command {
  const program = new Command('barnacle')
    .description('Find the known vulnerabilities in container images (a drop-in for Trivy image scanning)')
    .option('-v, --version', 'show version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: () => {} })
    .showHelpAfterError(false);
  declareFlags(program, GLOBAL_FLAGS);

  // The config file (trivy.yaml) is read once, on first use; it cannot name itself.
  let config: ConfigValues | undefined;
  const configValues = (): ConfigValues => {
    if (config) return config;
    const file = resolveFlags([CONFIG_FLAG], program.opts(), io.env, overrides).config;
    const named = program.opts().config !== undefined || envNames('config').some((name) => io.env[name]);
    config = loadConfigFile(String(file), named);
    return config;
  };
  /** The values of `specs` for a command: command line, environment, config file, defaults. */
  const flagsOf = (specs: readonly FlagSpec[], command: Command, warn?: (message: string) => void): FlagValues =>
    resolveFlags(specs, command.opts(), io.env, overrides, warn, configValues());
  const globals = (): FlagValues => flagsOf(GLOBAL_FLAGS, program);
  const cacheDir = (): string => cacheDirOf(globals(), io.env);
  /** The logger of a command run: --quiet and --debug from the global flags. */
  const loggerOf = (g: FlagValues): Logger =>
    createLogger({ quiet: g.quiet === true, debug: g.debug === true, write: io.stderr });

  const image = new Command('image')
    .alias('i')
    .description('scan a container image')
    .argument('[IMAGE_NAME]', 'image reference (or use --input for an archive or OCI layout)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: () => {} });
  const imageFlags = [...SCAN_FLAGS, ...compatFlagsFor('image')];
  declareFlags(image, imageFlags);
  image.action(async (name: string | undefined) => {
    const g = globals();
    const logger = loggerOf(g);
    const flags = flagsOf(imageFlags, image, logger.warn);
    applyCompatFlags('image', flags, logger);
    const noProgress = flags['no-progress'] === true || image.opts().progress === false;
    const dbPrepare = dbPreparer(flags, g, cacheDir(), io, logger, noProgress);
    if (flags['download-db-only'] === true) {
      if (flags['skip-db-update'] === true) {
        throw new UsageError('--skip-db-update and --download-db-only options can not be specified both');
      }
      setExit(await downloadDbOnly(flags, cacheDir(), io, logger, noProgress));
      return;
    }
    if (flags['download-java-db-only'] === true) {
      logger.info('barnacle has no separate Java DB: --download-java-db-only downloads nothing and scans nothing');
      return;
    }
    const given = scannersGiven(image.opts(), io.env);
    setExit(await runImageScan(name, flags, g, cacheDir(), io, logger, dbPrepare, given));
  });
  program.addCommand(image);

  const sbom = new Command('sbom')
    .description('scan the packages of a CycloneDX or SPDX JSON SBOM')
    .argument('<SBOM_PATH>', 'SBOM file')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: () => {} });
  const sbomFlags = [...SCAN_FLAGS, ...compatFlagsFor('sbom')];
  declareFlags(sbom, sbomFlags);
  sbom.action(async (file: string) => {
    const g = globals();
    const logger = loggerOf(g);
    const flags = flagsOf(sbomFlags, sbom, logger.warn);
    applyCompatFlags('sbom', flags, logger);
    const noProgress = flags['no-progress'] === true || sbom.opts().progress === false;
    const context = { cacheDir: cacheDir(), env: io.env, stdout: io.stdout, stdoutIsTty: io.stdoutIsTty, logger };
    const prepare = dbPreparer(flags, g, cacheDir(), io, logger, noProgress);
    const given = scannersGiven(sbom.opts(), io.env);
    // Trivy's sbom command scans for vulnerabilities by default (no secrets: there are no files to read).
    const scanners = scannersFor(given ? flags : { ...flags, scanners: ['vuln'] }, given, logger.info);
    setExit(await runSbomScan(file, { ...flags, scanners }, { ...context, now: clock(io.env), prepareDb: prepare }));
  });
  program.addCommand(sbom);

  const fsCommands: readonly [FsKind, string][] = [
    ['fs', 'scan a local directory or file (lock files and OS packages)'],
    ['rootfs', 'scan a root filesystem (installed OS and language packages)'],
  ];
  for (const [kind, description] of fsCommands) {
    const command = new Command(kind)
      .description(description)
      .argument('<PATH>', 'directory or file to scan')
      .exitOverride()
      .configureOutput({ writeOut: io.stdout, writeErr: () => {} });
    const specs = [...SCAN_FLAGS, ...compatFlagsFor(kind)];
    declareFlags(command, specs);
    command.action(async (target: string) => {
      const g = globals();
      const logger = loggerOf(g);
      const flags = flagsOf(specs, command, logger.warn);
      applyCompatFlags(kind, flags, logger);
      const noProgress = flags['no-progress'] === true || command.opts().progress === false;
      const prepare = dbPreparer(flags, g, cacheDir(), io, logger, noProgress);
      const scanners = scannersFor(flags, scannersGiven(command.opts(), io.env), logger.info);
      const context = { cacheDir: cacheDir(), env: io.env, stdout: io.stdout, stdoutIsTty: io.stdoutIsTty, logger };
      setExit(
        await runFsScan(kind, target, { ...flags, scanners }, { ...context, now: clock(io.env), prepareDb: prepare }),
      );
    });
    program.addCommand(command);
  }

  // Trivy's convert: its report flags, and --scanners without a default, which only names the summary table's columns.
  const reportFlags = [
    ...SCAN_FLAGS.filter((spec) => REPORT_FLAG_NAMES.includes(spec.name)),
    ...SCAN_FLAGS.filter((spec) => spec.name === 'scanners').map((spec) => ({
      ...spec,
      default: undefined,
      description: 'the scanners the report was made with, for the summary table (none: no summary table)',
    })),
    ...compatFlagsFor('convert'),
  ];
  const convert = new Command('convert')
    .description('convert a JSON report into another format')
    .argument('<RESULT_JSON>', 'JSON report (barnacle or Trivy, schema v2)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: () => {} });
  declareFlags(convert, reportFlags);
  convert.action(async (file: string) => {
    const logger = loggerOf(globals());
    const flags = flagsOf(reportFlags, convert, logger.warn);
    applyCompatFlags('convert', flags, logger);
    const context = { env: io.env, stdout: io.stdout, stdoutIsTty: io.stdoutIsTty, now: clock(io.env), logger };
    setExit(await runConvert(file, flags, context));
  });
  program.addCommand(convert);
  program.addCommand(
    dbCommand({ cacheDir, stderr: io.stderr, stdout: io.stdout, stderrIsTty: io.stderrIsTty, env: io.env })
      .exitOverride()
      .configureOutput({ writeOut: io.stdout, writeErr: () => {} }),
  );
  const clean = new Command('clean')
    .description('remove cached files')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: () => {} });
  declareFlags(clean, CLEAN_FLAGS);
  clean.action(async () => {
    const g = globals();
    const logger = loggerOf(g);
    setExit(await runClean(flagsOf(CLEAN_FLAGS, clean), cacheDir(), logger));
  });
  program.addCommand(clean);
  const printVersion = async (options: { format?: string } = {}) =>
    io.stdout(await versionOutput(cacheDir(), options.format));
  program
    .command('version')
    .description('print the version')
    .option('-f, --format <FORMAT>', 'version format (json)')
    .action(printVersion);
  // `--version` prints the DB too (Trivy's "Vulnerability DB:" block), so it is an option handled here.
  program.allowExcessArguments(true).action(async () => {
    if (program.args.length > 0) throw new UsageError(`unknown command '${program.args[0]}'`);
    if (program.opts().version) await printVersion();
    else program.help();
  });
  // `barnacle image --version` (any command) prints the version and runs nothing, as Trivy's global flag.
  program.hook('preAction', async (_program, command) => {
    if (command === program || command.name() === 'version' || !program.opts().version) return;
    await printVersion();
    throw new CommanderError(0, 'barnacle.version', '');
  });
  return program;
}

/**
 * The DB step before a scan: update as Trivy does (unless --skip-db-update or --offline-scan), then warn when the
 * DB is older than --db-max-age.
 */
function dbPreparer(
  flags: FlagValues,
  globals: FlagValues,
  cacheDir: string,
  io: Io,
  logger: Logger,
  noProgress: boolean,
): () => Promise<void> {
  return async () => {
    const repository = String(flags['db-repository'] ?? DEFAULT_REPOSITORY);
    const progress = progressLine(io.stderr, io.stderrIsTty === true && !noProgress && globals.quiet !== true);
    try {
      await prepareDb({
        cacheDir,
        repository,
        repositoryGiven: repository !== DEFAULT_REPOSITORY,
        skipUpdate: flags['skip-db-update'] === true || flags['offline-scan'] === true,
        http: httpFromEnv(io.env),
        onProgress: progress.show,
        warn: (m) => {
          progress.clear();
          logger.warn(m);
        },
        info: (m) => {
          progress.clear();
          logger.info(m);
        },
      });
    } finally {
      progress.clear();
    }
    const maxAge = parseDuration(String(flags['db-max-age']), '--db-max-age');
    const status = await dbStatus(cacheDir).catch(() => undefined);
    const warning = status && ageWarning(status, new Date(), maxAge);
    if (warning) logger.warn(warning);
  };
}

/** --download-db-only: update the DB (whatever its age) and scan nothing. */
async function downloadDbOnly(
  flags: FlagValues,
  cacheDir: string,
  io: Io,
  logger: Logger,
  noProgress: boolean,
): Promise<number> {
  const progress = progressLine(io.stderr, io.stderrIsTty === true && !noProgress);
  try {
    const summary = await updateDb({
      cacheDir,
      repository: String(flags['db-repository'] ?? DEFAULT_REPOSITORY),
      http: httpFromEnv(io.env),
      onProgress: progress.show,
    });
    progress.clear();
    logger.info(updateLine(summary));
    return 0;
  } finally {
    progress.clear();
  }
}

/** `--cache-dir`, else $XDG_CACHE_HOME/barnacle, else ~/.cache/barnacle (Trivy's layout, our name). */
export function cacheDirOf(globals: FlagValues, env: NodeJS.ProcessEnv): string {
  const flag = globals['cache-dir'];
  if (typeof flag === 'string' && flag !== '') return path.resolve(flag);
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'barnacle');
}

async function runImageScan(
  name: string | undefined,
  flags: FlagValues,
  globals: FlagValues,
  cacheDir: string,
  io: Io,
  logger: Logger,
  prepareDb?: () => Promise<void>,
  given = false,
): Promise<number> {
  const input = typeof flags.input === 'string' && flags.input !== '' ? flags.input : undefined;
  if (!input && !name) throw new UsageError('image: give an image name or --input FILE');
  reporterOf(flags); // an unknown --format fails before any work
  const scanners = scannersFor(flags, given, logger.info);
  for (const scanner of scanners.filter((s) => s === 'misconfig')) {
    logger.warn(`--scanners ${scanner} is not supported and is ignored (barnacle scans vulnerabilities)`);
  }
  const secretScanning = secretScanningFor(flags, scanners, true, logger);
  const now = clock(io.env);
  const timeoutMs = parseDuration(String(globals.timeout), '--timeout');
  const controller = new AbortController();
  const timer = timeoutMs > 0 ? setTimeout(() => controller.abort(), timeoutMs) : undefined;
  try {
    const scan = scanImage({
      input,
      imageName: name,
      imageSources: flags['image-src'] as readonly string[],
      access: accessOf(await withStdinPassword(flags, io), globals, envWithCacert(flags, io.env)),
      platform: typeof flags.platform === 'string' ? flags.platform : undefined,
      distro: parseDistro(flags.distro),
      ...imageOptionsOf(flags),
      pkgRelationships: pkgRelationshipsOf(flags),
      cacheDir,
      vulnerabilities: scanners.includes('vuln'),
      packages: reportsPackages(scanners, flags),
      secretAnalyzer: secretScanning?.analyzer,
      configSecretScanner: scansConfigSecrets(flags) ? secretScanning?.scanner : undefined,
      licenseClassifier: licenseClassifierFor(flags, scanners),
      filters: filterOptionsOf(flags, now),
      now,
      logger,
      prepareDb,
    });
    const result = await withTimeout(scan, controller.signal, String(globals.timeout));
    return report(result, flags, { env: io.env, stdout: io.stdout, stdoutIsTty: io.stdoutIsTty, logger }, scanners);
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/** Registry and engine settings from Trivy's flags; --username and --password pair up in order. */
function accessOf(flags: FlagValues, globals: FlagValues, env: NodeJS.ProcessEnv): AccessOptions {
  const users = (flags.username as readonly string[] | undefined) ?? [];
  const passwords = (flags.password as readonly string[] | undefined) ?? [];
  if (users.length !== passwords.length) throw new UsageError('the number of usernames and passwords must match');
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  return {
    credentials: users.map((username, i) => ({ username, password: passwords[i] ?? '' })),
    registryToken: text(flags['registry-token']),
    insecure: globals.insecure === true,
    dockerHost: text(flags['docker-host']),
    podmanHost: text(flags['podman-host']),
    env,
  };
}

function withTimeout<T>(work: Promise<T>, signal: AbortSignal, timeout: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new InputError(`scan timed out after ${timeout}; raise --timeout`));
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** The report's clock: SOURCE_DATE_EPOCH (seconds) when set, for reproducible reports; else now. */
function clock(env: NodeJS.ProcessEnv): Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  return new Date();
}

/** `--password-stdin`: the password read from stdin, trimmed, as Trivy's registry flags do. */
async function withStdinPassword(flags: FlagValues, io: Io): Promise<FlagValues> {
  if (flags['password-stdin'] !== true) return flags;
  if (((flags.password as readonly string[] | undefined) ?? []).length > 0) {
    throw new UsageError("'--password' and '--password-stdin' can't be used at the same time");
  }
  const text = await (io.readStdin ?? readProcessStdin)();
  return { ...flags, password: [text.trim()] };
}

async function readProcessStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
