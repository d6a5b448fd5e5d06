// `barnacle db import PATH...`: build the vulnerability DB in the cache directory from OSV exports.
import path from 'node:path';
import { Command } from 'commander';
import { importSources, summaryLine } from '../db/build.js';

export interface DbCommandOptions {
  /** The cache directory; the DB is <cache-dir>/db/barnacle.db. */
  cacheDir(): string;
  /** Where the summary and warnings go (stderr by default). */
  readonly stderr?: (text: string) => void;
}

/** Problems listed one per line after an import; the rest are counted. */
const LISTED_PROBLEMS = 10;

/** The `db` command and its subcommands. Errors are thrown (InputError, DbError) for the caller to report. */
export function dbCommand(options: DbCommandOptions): Command {
  const stderr = options.stderr ?? ((text: string) => process.stderr.write(text));
  const db = new Command('db').description('manage the vulnerability database');
  db.command('import')
    // Created before the caller configures `db`, so it does not inherit exitOverride: set it here.
    .exitOverride()
    .configureOutput({ writeErr: () => {} })
    .description(
      'build the vulnerability DB from OSV exports: all.zip files (one per ecosystem) or directories of OSV JSON; ' +
        'replaces the current DB only when the whole import succeeds',
    )
    .argument('<PATH...>', 'OSV all.zip files, OSV JSON files or directories of them')
    .action(async (paths: string[]) => {
      const dbPath = path.join(options.cacheDir(), 'db', 'barnacle.db');
      const summary = await importSources(
        paths.map((p) => path.resolve(p)),
        dbPath,
      );
      for (const problem of summary.problems.slice(0, LISTED_PROBLEMS)) {
        stderr(`barnacle: warning: skipped ${problem.path}: ${problem.reason}\n`);
      }
      const more = summary.problems.length - LISTED_PROBLEMS;
      if (more > 0) stderr(`barnacle: warning: skipped ${more} more malformed records\n`);
      stderr(`barnacle: ${summaryLine(summary)} into ${dbPath}\n`);
    });
  return db;
}
