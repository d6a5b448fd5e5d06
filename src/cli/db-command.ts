// `barnacle db import|update|status|export`: build, refresh, inspect and carry the vulnerability DB.
import path from 'node:path';
import { Command } from 'commander';
import { buildDb, type importSources, summaryLine } from '../db/build.js';
import { exportDb, importExport, isExportFile } from '../db/export.js';
import { dbStatus, statusText } from '../db/status.js';
import { clearUpdateState, currentMetadata, dbPaths, updateDb, updateLine } from '../db/update.js';
import { UsageError } from '../errors.js';
import { parseDuration } from './flags.js';

export interface DbCommandOptions {
  /** The cache directory; the DB is <cache-dir>/db/barnacle.db. */
  cacheDir(): string;
  /** Where the summary and warnings go (stderr by default). */
  readonly stderr?: (text: string) => void;
  /** Where `db status` goes (stdout by default). */
  readonly stdout?: (text: string) => void;
  /** Whether stderr is a terminal: progress is drawn only then. */
  readonly stderrIsTty?: boolean;
  /** For BARNACLE_DB_REPOSITORY / TRIVY_DB_REPOSITORY and BARNACLE_DB_HTTP_TIMEOUT. */
  readonly env?: NodeJS.ProcessEnv;
  /** The clock of builds and ages (tests fix it). */
  readonly now?: () => Date;
}

/** Problems listed one per line after an import; the rest are counted. */
const LISTED_PROBLEMS = 10;

/** Subcommands are created before the caller configures `db`, so they do not inherit exitOverride: set it. */
function sub(parent: Command, name: string): Command {
  return parent
    .command(name)
    .exitOverride()
    .configureOutput({ writeErr: () => {} });
}

/** The `db` command and its subcommands. Errors are thrown (InputError, DbError) for the caller to report. */
export function dbCommand(options: DbCommandOptions): Command {
  const stderr = options.stderr ?? ((text: string) => process.stderr.write(text));
  const stdout = options.stdout ?? ((text: string) => process.stdout.write(text));
  const env = options.env ?? process.env;
  const now = options.now ?? (() => new Date());
  const dbPathOf = () => dbPaths(options.cacheDir()).db;
  const db = new Command('db').description('manage the vulnerability database');

  sub(db, 'import')
    .description(
      'build the vulnerability DB from OSV exports (all.zip files, one per ecosystem, or directories of OSV JSON), ' +
        'or install a DB exported by `db export`; with --nvd, add NVD CVSS to the current DB (or to the one built). ' +
        'Replaces the current DB only when the whole import succeeds',
    )
    .argument('[PATH...]', 'OSV all.zip files, OSV JSON files or directories of them; or one exported DB file')
    .option('--nvd <FEED...>', 'NVD CVE API 2.0 JSON files whose CVSS, CWE and descriptions are added')
    .action(async (paths: string[], opts: { nvd?: string[] }) => {
      const dbPath = dbPathOf();
      const nvd = (opts.nvd ?? []).map((p) => path.resolve(p));
      if (paths.length === 0 && nvd.length === 0) throw new UsageError("db import: missing required argument 'PATH'");
      const first = paths[0];
      if (paths.length === 1 && first !== undefined && isExportFile(first)) {
        if (nvd.length > 0) throw new UsageError('db import: --nvd cannot be combined with an exported DB file');
        const header = await importExport(options.cacheDir(), path.resolve(first));
        const records = header.sources.reduce((n, s) => n + s.records, 0);
        stderr(
          `barnacle: installed the DB exported from a build of ${header.builtAt} (${records} records) into ${dbPath}\n`,
        );
        return;
      }
      let summary: Awaited<ReturnType<typeof importSources>>;
      if (paths.length === 0) {
        // NVD only: every row of the current DB is carried over.
        const current = currentMetadata(dbPath);
        if (!current) {
          throw new UsageError(`db import --nvd: there is no DB at ${dbPath} to add NVD data to; give OSV inputs too`);
        }
        summary = await buildDb(
          {
            inputs: [],
            carry: { dbPath, feeds: current.sources.map((s) => s.ecosystem) },
            nvd,
            metadata: current.repository ? { repository: current.repository } : {},
          },
          dbPath,
          { now: now() },
        );
      } else {
        summary = await buildDb({ inputs: paths.map((p) => ({ path: path.resolve(p) })), nvd }, dbPath, {
          now: now(),
        });
        await clearUpdateState(options.cacheDir());
      }
      for (const problem of summary.problems.slice(0, LISTED_PROBLEMS)) {
        stderr(`barnacle: warning: skipped ${problem.path}: ${problem.reason}\n`);
      }
      const more = summary.problems.length - LISTED_PROBLEMS;
      if (more > 0) stderr(`barnacle: warning: skipped ${more} more malformed records\n`);
      const nvdSource = summary.sources.find((s) => s.ecosystem === 'NVD');
      const nvdNote = nvdSource ? `, NVD data for ${nvdSource.records} CVE ids` : '';
      stderr(`barnacle: ${summaryLine(summary)}${nvdNote} into ${dbPath}\n`);
    });

  sub(db, 'update')
    .description(
      'download what changed in the OSV repository (conditional requests per ecosystem) and rebuild the DB; ' +
        'the current DB stays in use until the new one is complete',
    )
    .option(
      '--db-repository <REPO>',
      'base URL or directory of the OSV layout <REPO>/<Ecosystem>/all.zip [env: BARNACLE_DB_REPOSITORY, TRIVY_DB_REPOSITORY]',
    )
    .option('--http-timeout <DURATION>', 'timeout of each request (default: 60s) [env: BARNACLE_DB_HTTP_TIMEOUT]')
    .option('--no-progress', 'suppress the progress display')
    .action(async (opts: { dbRepository?: string; httpTimeout?: string; progress: boolean }) => {
      const progress = progressLine(stderr, options.stderrIsTty === true && opts.progress);
      try {
        const summary = await updateDb({
          cacheDir: options.cacheDir(),
          repository: opts.dbRepository ?? repositoryFromEnv(env),
          http: httpFromEnv(env, opts.httpTimeout),
          now,
          onProgress: progress.show,
        });
        progress.clear();
        stderr(`barnacle: ${updateLine(summary)}\n`);
      } finally {
        progress.clear();
      }
    });

  sub(db, 'status')
    .description('print the DB path, size, sources with record counts, and ages')
    .action(async () => {
      stdout(statusText(await dbStatus(options.cacheDir()), now()));
    });

  sub(db, 'export')
    .description('write the DB, its metadata and a sha256 checksum to one file (for `db import FILE` elsewhere)')
    .argument('<FILE>', 'the file to write')
    .action(async (file: string) => {
      const header = await exportDb(options.cacheDir(), path.resolve(file));
      stderr(`barnacle: exported the DB (${header.bytes} bytes, sha256 ${header.sha256}) to ${file}\n`);
    });
  return db;
}

/** --db-repository from the environment: BARNACLE_DB_REPOSITORY over TRIVY_DB_REPOSITORY. */
export function repositoryFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  return env.BARNACLE_DB_REPOSITORY || env.TRIVY_DB_REPOSITORY || undefined;
}

/** The request timeout: the flag, else BARNACLE_DB_HTTP_TIMEOUT, else the default. */
export function httpFromEnv(env: NodeJS.ProcessEnv, flag?: string): { timeoutMs?: number } {
  const raw = flag ?? env.BARNACLE_DB_HTTP_TIMEOUT;
  if (!raw) return {};
  return { timeoutMs: parseDuration(raw, flag ? '--http-timeout' : 'BARNACLE_DB_HTTP_TIMEOUT') };
}

/**
 * Progress on one terminal line, redrawn at most ten times a second; nothing when not `enabled` (stderr is not
 * a terminal, or --no-progress / --quiet).
 */
export function progressLine(
  write: (text: string) => void,
  enabled: boolean,
): { show: (line: string) => void; clear: () => void } {
  let last = 0;
  let shown = false;
  return {
    show(line) {
      if (!enabled) return;
      const at = Date.now();
      if (at - last < 100) return;
      last = at;
      shown = true;
      write(`\r${line.slice(0, 100)}\x1b[K`);
    },
    clear() {
      if (shown) write('\r\x1b[K');
      shown = false;
    },
  };
}
