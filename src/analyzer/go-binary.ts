// Go modules compiled into executables, from their build info. Follows Trivy's gobinary analyzer
// (pkg/fanal/analyzer/language/golang/binary, pkg/dependency/parser/golang/binary): a `stdlib` package with
// the toolchain version, every dependency (its replacement when there is one), and the main module.
import type { Package } from '../types.js';
import { ElfError, elfOf } from './elf.js';
import { type GoBuildInfo, readGoBuildInfo } from './go-buildinfo.js';
import type { Analyzer, AnalyzerResult } from './types.js';

/** Trivy's dependency.ID for Go: `<path>@v<version>`, the path alone without a version. */
function goId(path: string, version: string): string {
  if (version === '') return path;
  return `${path}@${version.startsWith('v') ? version : `v${version}`}`;
}

/** `go1.22.1 X:boringcrypto`, `go1.26.0-X:foo` and vendor suffixes keep only the version, with a `v` (Trivy's parseStdlibVersion). */
export function stdlibVersion(goVersion: string): string {
  const version = goVersion.replace(/^go/, '').split(' ')[0]?.split('-X:')[0] ?? '';
  return `v${version}`;
}

/** `(devel)` is what go build writes for a main module it has no version for. */
const versionOf = (version: string) => (version === '(devel)' ? '' : version);

/** Pseudo-versions (golang.org/x/mod/module.IsPseudoVersion): vX.Y.Z-[pre.]0.yyyymmddhhmmss-abcdefabcdef. */
const PSEUDO = /^v\d+\.\d+\.\d+-(?:.*\.)?(?:0\.)?\d{14}-[0-9a-f]{12}(?:\+.*)?$/;

/** The packages Trivy lists for one build info. */
export function goPackages(info: GoBuildInfo, filePath: string): Package[] {
  const stdlib = stdlibVersion(info.goVersion);
  const packages: Package[] = [
    { id: goId('stdlib', stdlib), name: 'stdlib', version: stdlib, relationship: 'direct', filePath },
  ];
  for (const dep of info.deps) {
    // Binaries of old toolchains may list the main module as a dependency with no path.
    if (dep.path === '') continue;
    const mod = dep.replace ?? dep;
    const version = versionOf(mod.version);
    packages.push({ id: goId(mod.path, version), name: mod.path, version, relationship: 'unknown', filePath });
  }
  if (info.main && info.main.path !== '') {
    let version = versionOf(info.main.version);
    // Only `go install` stamps a real version; otherwise a version set by -ldflags -X counts (Trivy's chooseMainVersion).
    if (version === '' || PSEUDO.test(version)) version = ldflagsVersion(info.main.path, info.settings) || version;
    const dependsOn = packages.map((pkg) => pkg.id).sort();
    packages.push({
      id: goId(info.main.path, version),
      name: info.main.path,
      version,
      relationship: 'root',
      dependsOn,
      filePath,
    });
  }
  return packages;
}

/** Keys of -X flags whose package part is a usual home of the version (Trivy's defaultVersionPrefixes). */
const VERSION_PREFIXES = new Set(['main', 'common', 'version', 'cmd']);
const SEMVER = /^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/**
 * The version a build set with `-ldflags "-X <pkg>.version=<semver>"` (Trivy's ParseLDFlags): keys under the
 * module's cmd/ first, then main/common/version/cmd packages, then any; two candidates of one rank mean none.
 */
export function ldflagsVersion(modulePath: string, settings: GoBuildInfo['settings']): string {
  const ldflags = settings.find(([key]) => key === '-ldflags')?.[1];
  if (!ldflags) return '';
  const words = shellWords(ldflags);
  const ranks: string[][] = [[], [], []];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    let assignment: string | undefined;
    if (word === '-X' || word === '--X') assignment = words[++i];
    else if (/^--?X=/.test(word)) assignment = word.slice(word.indexOf('=') + 1);
    if (!assignment) continue;
    const eq = assignment.indexOf('=');
    if (eq < 0) continue;
    const key = assignment.slice(0, eq).replace(/^'+/, '');
    const value = assignment.slice(eq + 1).replace(/'+$/, '');
    const lower = key.toLowerCase();
    if (!(lower.endsWith('.version') || lower.endsWith('.ver')) || !SEMVER.test(value)) continue;
    const base =
      key
        .slice(key.lastIndexOf('/') + 1)
        .split('.')[0]
        ?.toLowerCase() ?? '';
    const rank = key.startsWith(`${modulePath}/cmd/`) ? 0 : VERSION_PREFIXES.has(base) ? 1 : 2;
    if (!ranks[rank]?.includes(value)) ranks[rank]?.push(value);
  }
  const found = ranks.find((values) => values.length > 0);
  return found?.length === 1 ? (found[0] as string) : '';
}

/** Shell-style words: blanks separate, single and double quotes group, a backslash escapes. */
function shellWords(text: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote) {
      if (c === quote) quote = '';
      else word = (word ?? '') + (c === '\\' && quote === '"' ? (text[++i] ?? '') : c);
    } else if (c === '"' || c === "'") {
      quote = c;
      word ??= '';
    } else if (c === '\\') word = (word ?? '') + (text[++i] ?? '');
    else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else word = (word ?? '') + c;
  }
  if (word !== undefined) words.push(word);
  return words;
}

export const goBinary: Analyzer = {
  id: 'gobinary',
  version: 1,
  // Trivy opens every executable file; the ELF magic is checked before anything else is read.
  wants: (_path, size, mode) => (mode & 0o111) !== 0 && size >= 16,
  randomAccess: true,
  async analyze(file): Promise<AnalyzerResult> {
    try {
      const elf = await elfOf(file);
      const info = elf && (await readGoBuildInfo(elf));
      if (!info) return { problems: [] };
      return {
        applications: [{ type: 'gobinary', filePath: file.path, packages: goPackages(info, file.path) }],
        problems: [],
      };
    } catch (error) {
      if (!(error instanceof ElfError)) throw error;
      return { problems: [{ path: file.path, reason: `not a readable Go executable: ${error.message}` }] };
    }
  },
};
