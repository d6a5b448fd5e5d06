// Running the whole CLI in-process for the registry and engine tests, and comparing reports.
import { cpSync } from 'node:fs';
import path from 'node:path';
import { type Run, barnacle as runCli } from '../barnacle-cli.js';
import { tempDir } from './services.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const OSV = path.join(ROOT, 'examples', 'demo', 'osv');

export type { Run } from '../barnacle-cli.js';

/** `barnacle <args>` with PATH and HOME (credential helpers, podman) and `env`. */
export const barnacle = (args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Run> =>
  runCli(args, { PATH: process.env.PATH, HOME: process.env.HOME, ...env });

/** A cache directory holding a DB imported from the demo's real OSV records (Debian advisories). */
export async function cacheWithDb(): Promise<string> {
  const dir = tempDir('cache');
  const run = await barnacle(['db', 'import', OSV, '--cache-dir', dir]);
  if (run.code !== 0) throw new Error(`db import failed: ${run.stderr}`);
  return dir;
}

/** A fresh cache directory (empty layer cache) with a copy of `withDb`'s DB. */
export function freshCache(withDb: string): string {
  const dir = tempDir('cache');
  cpSync(path.join(withDb, 'db'), path.join(dir, 'db'), { recursive: true });
  return dir;
}

interface Report {
  ArtifactName: string;
  Metadata: { RepoTags?: string[]; RepoDigests?: string[]; [key: string]: unknown };
  Results?: { Target: string; [key: string]: unknown }[];
  [key: string]: unknown;
}

/** A JSON report without what names the artifact: ArtifactName, RepoTags, RepoDigests and the name in Target. */
export function withoutNames(json: string): unknown {
  const report = JSON.parse(json) as Report;
  const { ArtifactName, CreatedAt: _, ...rest } = report;
  const { RepoTags: _t, RepoDigests: _d, ...metadata } = report.Metadata;
  return {
    ...rest,
    Metadata: metadata,
    Results: report.Results?.map((r) => ({ ...r, Target: r.Target.replace(ArtifactName, '<artifact>') })),
  };
}

export const SCAN = ['--format', 'json', '--list-all-pkgs', '--quiet'];
