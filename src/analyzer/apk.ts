// Installed Alpine packages from lib/apk/db/installed (apk-tools' database, one blank-line separated stanza of
// `X:value` lines per package; https://wiki.alpinelinux.org/wiki/Apk_spec), read as Trivy's apk analyzer
// (pkg/fanal/analyzer/pkg/apk) reads them.
import { laxSplitLicenses } from '../licensing/normalize.js';
import type { Package, Problem } from '../types.js';
import { isValidApkVersion } from '../version/apk.js';
import { LineTooLongError, readLines } from './dpkg-status.js';
import type { Analyzer, AnalyzerResult } from './types.js';

// Alpine, Wolfi and Chainguard keep it in lib/; apk-tools 3 may keep it in usr/lib/.
const PATHS = new Set(['lib/apk/db/installed', 'usr/lib/apk/db/installed']);

/** One stanza as read: the fields Trivy uses, in the order they came. */
interface Stanza {
  index: number;
  name: string;
  version: string;
  origin?: string;
  arch?: string;
  license?: string;
  maintainer?: string;
  depends: string[];
  provides: string[];
  files: string[];
  dir: string;
}

const newStanza = (index: number): Stanza => ({
  index,
  name: '',
  version: '',
  depends: [],
  provides: [],
  files: [],
  dir: '',
});

/** `so:libssl.so.1.1=1.1` → `so:libssl.so.1.1`, `musl>=1.2` → `musl`: a dependency or provide without its version. */
const withoutRequirement = (s: string): string => s.replace(/[<>=].*$/, '');

/** Reads one `X:value` line into the stanza (the fields Trivy reads; others are ignored). */
function readField(stanza: Stanza, key: string, value: string): void {
  switch (key) {
    case 'P':
      stanza.name = value;
      break;
    case 'V':
      stanza.version = value;
      break;
    case 'o':
      stanza.origin = value;
      break;
    case 'A':
      stanza.arch = value;
      break;
    case 'L':
      stanza.license = value;
      break;
    case 'm':
      stanza.maintainer = value;
      break;
    case 'F':
      stanza.dir = value;
      break;
    case 'R':
      // path.Join(dir, file): the database writes both relative to the root.
      stanza.files.push([stanza.dir, value].filter((part) => part !== '').join('/'));
      break;
    case 'D':
      // `!name` is a conflict, not a dependency.
      for (const d of value.split(/\s+/))
        if (d !== '' && !d.startsWith('!')) stanza.depends.push(withoutRequirement(d));
      break;
    case 'p':
      for (const p of value.split(/\s+/)) if (p !== '') stanza.provides.push(withoutRequirement(p));
      break;
  }
}

/** The package of a complete stanza, or the reason it is not one. */
function packageOf(stanza: Stanza): Package | string {
  if (stanza.name === '') return 'stanza has no P: (package name) line';
  if (stanza.version === '') return `package ${stanza.name} has no V: (version) line`;
  if (!isValidApkVersion(stanza.version)) return `package ${stanza.name} has an invalid version '${stanza.version}'`;
  const licenses = stanza.license === undefined ? [] : laxSplitLicenses(stanza.license);
  return {
    id: `${stanza.name}@${stanza.version}`,
    name: stanza.name,
    version: stanza.version,
    // The origin is the source package (aports' directory); Trivy gives it the binary package's version.
    ...(stanza.origin !== undefined && { srcName: stanza.origin, srcVersion: stanza.version }),
    ...(stanza.arch && { arch: stanza.arch }),
    ...(licenses.length > 0 && { licenses }),
    ...(stanza.maintainer && { maintainer: stanza.maintainer }),
    ...(stanza.files.length > 0 && { installedFiles: stanza.files }),
  };
}

export const apk: Analyzer = {
  id: 'apk',
  version: 2,
  wants: (path) => PATHS.has(path),
  async analyze(file): Promise<AnalyzerResult> {
    const problems: Problem[] = [];
    const stanzas: Stanza[] = [];
    let current = newStanza(0);
    let hasLines = false;
    const finish = () => {
      if (hasLines) stanzas.push(current);
      current = newStanza(current.index + (hasLines ? 1 : 0));
      hasLines = false;
    };
    try {
      for await (const raw of readLines(file.stream())) {
        const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
        // A line shorter than "X:" ends the stanza, as in Trivy.
        if (line.length < 2) finish();
        else {
          hasLines = true;
          if (line[1] === ':') readField(current, line[0] ?? '', line.slice(2));
        }
      }
    } catch (error) {
      if (!(error instanceof LineTooLongError)) throw error;
      problems.push({ path: file.path, reason: `${error.message}; the rest of the file is skipped` });
    }
    finish();

    // A name installed twice keeps its first stanza (Trivy's uniquePkgs).
    const built: { pkg: Package; stanza: Stanza }[] = [];
    const seen = new Set<string>();
    for (const stanza of stanzas) {
      const pkg = packageOf(stanza);
      if (typeof pkg === 'string') {
        problems.push({ path: file.path, index: stanza.index, reason: `stanza ${stanza.index}: ${pkg}` });
        continue;
      }
      if (seen.has(pkg.name)) continue;
      seen.add(pkg.name);
      built.push({ pkg, stanza });
    }

    // Dependencies name packages or what they provide (`so:libc.musl-x86_64.so.1`): both resolve to package ids.
    const providers = new Map<string, string>();
    for (const { pkg, stanza } of built) {
      providers.set(pkg.name, pkg.id);
      for (const p of stanza.provides) providers.set(p, pkg.id);
    }
    const packages = built.map(({ pkg, stanza }) => {
      const ids = [...new Set(stanza.depends.flatMap((d) => providers.get(d) ?? []))].sort();
      return ids.length > 0 ? { ...pkg, dependsOn: ids } : pkg;
    });
    const systemFiles = built.flatMap(({ stanza }) => stanza.files);
    return { packageInfos: [{ filePath: file.path, packages }], systemFiles, problems };
  },
};
