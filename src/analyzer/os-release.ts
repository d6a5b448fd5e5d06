// OS family and version from etc/os-release or usr/lib/os-release (ID and VERSION_ID), as Trivy's
// os-release analyzer (pkg/fanal/analyzer/os/release, v0.44) reads them.
import type { Analyzer, AnalyzerResult } from './types.js';

/**
 * The os-release IDs this analyzer answers for, with Trivy's family names. Debian and Ubuntu are not
 * here on purpose: Trivy takes them from etc/debian_version and etc/lsb-release, which give the point
 * release ('11.2') that os-release lacks; Red Hat-like systems likewise come from their *-release files.
 */
const FAMILIES: Readonly<Record<string, string>> = {
  alpine: 'alpine',
  chainguard: 'chainguard',
  opensuse: 'opensuse.leap', // openSUSE Leap 42 still said "opensuse"
  'opensuse-leap': 'opensuse.leap',
  'opensuse-tumbleweed': 'opensuse.tumbleweed',
  photon: 'photon',
  sles: 'suse linux enterprise server',
  wolfi: 'wolfi',
};

const PATHS = new Set(['etc/os-release', 'usr/lib/os-release']);

/** A shell-style value without its quotes (Go's strings.Trim(value, `"'`)). */
const unquote = (value: string): string => value.replace(/^["']+|["']+$/g, '');

export const osRelease: Analyzer = {
  id: 'os-release',
  version: 1,
  wants: (path) => PATHS.has(path),
  async analyze(file): Promise<AnalyzerResult> {
    let id = '';
    let versionId = '';
    for (const line of (await file.text()).split('\n')) {
      const equals = line.indexOf('=');
      if (equals < 0) continue;
      const key = line.slice(0, equals).trim();
      const value = unquote(line.slice(equals + 1).trim());
      if (key === 'ID') id = value;
      else if (key === 'VERSION_ID') versionId = value;
      else continue;
      // Trivy answers as soon as both are known, so the first complete pair wins.
      const family = Object.hasOwn(FAMILIES, id) ? FAMILIES[id] : undefined;
      if (family && versionId) return { os: { family, name: versionId }, problems: [] };
    }
    return { problems: [] };
  },
};
