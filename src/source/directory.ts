// A directory as the single layer of an `fs` or `rootfs` scan, walked as Trivy's fs walker does
// (pkg/fanal/walker/fs.go): lexical order, --skip-dirs/--skip-files as doublestar globs relative to the root,
// `**/.git`, `proc`, `sys` and `dev` skipped, only regular files read, symlinks never followed.
import { lstat, readdir, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { Analyzer, AnalyzerResult, LayerFile } from '../analyzer/types.js';
import { InputError, messageOf } from '../errors.js';
import { diskFile, memoryFile } from '../layer/layer-file.js';
import type { FileResult, LayerAnalysis } from '../layer/types.js';
import type { Problem } from '../types.js';

/** Trivy's defaultSkipDirs (pkg/fanal/walker/walk.go). */
const DEFAULT_SKIP_DIRS = ['**/.git', 'proc', 'sys', 'dev'];
const MEMORY_LIMIT = 16 * 1024 * 1024;
const MAX_FILE_BYTES = 256 * 1024 * 1024;

export interface DirectoryOptions {
  /** --skip-dirs as given: globs, relative to the root or to `cwd`, or absolute. */
  readonly skipDirs?: readonly string[];
  /** --skip-files as given. */
  readonly skipFiles?: readonly string[];
  /** The directory relative skip paths are resolved from (Trivy: the working directory). */
  readonly cwd?: string;
}

/**
 * Trivy's BuildSkipPaths + CleanSkipPaths: a relative path that resolves inside the root becomes relative to the
 * root; another relative path is used as given (relative to the root); an absolute one is made relative.
 */
export function skipPatterns(root: string, paths: readonly string[], cwd: string): string[] {
  const base = path.resolve(cwd, root);
  return paths.map((given) => {
    const rel = path.relative(base, path.resolve(cwd, given));
    const chosen = !path.isAbsolute(given) && rel.startsWith('..') ? given : rel;
    return path.posix.normalize(chosen.split(path.sep).join('/')).replace(/^\/+/, '');
  });
}

/** A doublestar glob (`**` for any number of directories, `*`, `?`, `[...]`, `{a,b}`) as an anchored regex. */
export function globRegex(pattern: string): RegExp {
  let out = '';
  let i = 0;
  let braces = 0;
  while (i < pattern.length) {
    const c = pattern[i] ?? '';
    if (c === '*' && pattern[i + 1] === '*') {
      const atStart = i === 0 || pattern[i - 1] === '/';
      const atEnd = i + 2 === pattern.length || pattern[i + 2] === '/';
      if (atStart && atEnd) {
        // `**/` matches zero or more whole directories; a trailing `**` matches everything below.
        out += i + 2 === pattern.length ? '.*' : '(?:[^/]*(?:/[^/]*)*/)?';
        i += i + 2 === pattern.length ? 2 : 3;
        continue;
      }
      out += '[^/]*';
      i += 2;
    } else if (c === '*') {
      out += '[^/]*';
      i++;
    } else if (c === '?') {
      out += '[^/]';
      i++;
    } else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end === -1) throw new Error(`unterminated [ in ${pattern}`);
      let body = pattern.slice(i + 1, end);
      if (body.startsWith('!') || body.startsWith('^')) body = `^${body.slice(1)}`;
      out += `[${body.replace(/\\/g, '\\\\')}]`;
      i = end + 1;
    } else if (c === '{') {
      braces++;
      out += '(?:';
      i++;
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
      i++;
    } else if (c === ',' && braces > 0) {
      out += '|';
      i++;
    } else if (c === '\\' && i + 1 < pattern.length) {
      out += (pattern[i + 1] ?? '').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      i += 2;
    } else {
      out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      i++;
    }
  }
  if (braces > 0) throw new Error(`unterminated { in ${pattern}`);
  return new RegExp(`^${out}$`);
}

/** Trivy's SkipPath: any pattern matches the path (leading slashes trimmed); a bad pattern matches nothing. */
function matcher(patterns: readonly string[]): (rel: string) => boolean {
  const regexes = patterns.flatMap((pattern) => {
    try {
      return [globRegex(pattern)];
    } catch {
      return [];
    }
  });
  return (rel) => regexes.some((regex) => regex.test(rel.replace(/^\/+/, '')));
}

/** Go's byte-wise string order, as filepath.WalkDir sorts directory entries. */
const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

/**
 * Analyses the files under `root` that the analyzers want, as one layer. Throws InputError when the root is not
 * a readable directory; an unreadable file or directory below it is skipped as Trivy skips permission errors.
 */
export async function analyzeDirectory(
  root: string,
  analyzers: readonly Analyzer[],
  options: DirectoryOptions = {},
): Promise<LayerAnalysis> {
  const cwd = options.cwd ?? process.cwd();
  const absolute = path.resolve(cwd, root);
  const info = await lstat(absolute).catch((error: unknown) => {
    throw new InputError(`${root}: cannot read the directory (${messageOf(error)})`, { cause: error });
  });
  const results: FileResult[] = [];
  const problems: Problem[] = [];
  const tree = relatedFiles(root, info.isFile() ? path.dirname(absolute) : absolute, info.isFile());
  const analyzeFile = async (rel: string, file: string, size: number, mode: number) => {
    const wanted = analyzers.filter((analyzer) => analyzer.wants(rel, size, mode));
    if (wanted.length === 0) return;
    const meta = { path: rel, size, mode };
    const layerFile = {
      ...(size <= MEMORY_LIMIT
        ? memoryFile(meta, new Uint8Array(await readFile(file)))
        : diskFile(meta, file, MAX_FILE_BYTES)),
      ...tree,
    };
    for (const analyzer of wanted) {
      let result: AnalyzerResult;
      try {
        result = await analyzer.analyze(layerFile);
      } catch (error) {
        problems.push({ path: rel, reason: `${analyzer.id}: ${messageOf(error)}` });
        continue;
      }
      results.push({ analyzer: analyzer.id, path: rel, result });
    }
  };
  if (info.isFile()) {
    // Trivy scans a single file as the only file of its directory.
    await analyzeFile(path.basename(absolute), absolute, info.size, info.mode & 0o7777);
  } else if (info.isDirectory()) {
    const skipDir = matcher([...skipPatterns(root, options.skipDirs ?? [], cwd), ...DEFAULT_SKIP_DIRS]);
    const skipFile = matcher(skipPatterns(root, options.skipFiles ?? [], cwd));
    // Directories are listed in parallel and files stat'ed in parallel; analyses then run in walk order.
    const list = async (dir: string, prefix: string): Promise<{ rel: string; full: string }[]> => {
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      const parts = await Promise.all(
        entries
          .sort((a, b) => byteOrder(a.name, b.name))
          .map(async (entry) => {
            const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
            const full = path.join(dir, entry.name);
            if (entry.isDirectory()) return skipDir(rel) ? [] : list(full, rel);
            return entry.isFile() && !skipFile(rel) ? [{ rel, full }] : [];
          }),
      );
      return parts.flat();
    };
    const files = await list(absolute, '');
    const stats = await Promise.all(files.map(({ full }) => lstat(full).catch(() => undefined)));
    for (const [index, { rel, full }] of files.entries()) {
      const stat = stats[index];
      if (stat) await analyzeFile(rel, full, stat.size, stat.mode & 0o7777).catch(skipUnreadable(rel, problems));
    }
  } else {
    throw new InputError(`${root}: not a directory or a regular file`);
  }
  return { diffId: '', results, whiteouts: [], opaqueDirs: [], links: [], problems };
}

/**
 * What analyzers may know of the tree besides the file: the root as Trivy names it (the cleaned argument, or the
 * directory part of a file argument) and the other regular files inside it, read only when they resolve inside it.
 */
function relatedFiles(root: string, dir: string, isFile: boolean): Pick<LayerFile, 'scanRoot' | 'readRelated'> {
  const cleaned = path.posix.normalize(root.replaceAll(path.sep, '/')).replace(/(.)\/$/, '$1');
  const scanRoot = isFile ? path.posix.dirname(cleaned) : cleaned;
  let realDir: Promise<string> | undefined;
  return {
    scanRoot: scanRoot === './' ? '.' : scanRoot,
    async readRelated(rel) {
      const normal = path.posix.normalize(rel);
      if (path.posix.isAbsolute(normal) || normal === '..' || normal.startsWith('../')) return undefined;
      const full = path.join(dir, ...normal.split('/'));
      try {
        realDir ??= realpath(dir);
        const [real, base, stat] = await Promise.all([realpath(full), realDir, lstat(full)]);
        if (!stat.isFile() || stat.size > MEMORY_LIMIT || !real.startsWith(base + path.sep)) return undefined;
        return await readFile(full, 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}

function skipUnreadable(rel: string, problems: Problem[]) {
  return (error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'EACCES') return;
    problems.push({ path: rel, reason: `cannot read the file (${messageOf(error)})` });
  };
}
