// OS family and version from etc/os-release or usr/lib/os-release (ID, VERSION_ID and NAME), as today's Trivy
// os-release analyzer (pkg/fanal/analyzer/os/release) reads them.
import type { Analyzer, AnalyzerResult } from './types.js';

/**
 * The os-release IDs this analyzer answers for, with Trivy's family names (idToOSFamily). Debian and Ubuntu are
 * not here on purpose: Trivy takes them from etc/debian_version and etc/lsb-release, which give the point release
 * ('11.2') that os-release lacks; Amazon Linux likewise comes from its system-release file.
 */
const FAMILIES: Readonly<Record<string, string>> = {
  activestate: 'activestate',
  almalinux: 'alma',
  alpine: 'alpine',
  azurelinux: 'azurelinux',
  bottlerocket: 'bottlerocket',
  centos: 'centos',
  chainguard: 'chainguard',
  coreos: 'coreos',
  echo: 'echo',
  fedora: 'fedora',
  mariner: 'cbl-mariner',
  minimos: 'minimos',
  ol: 'oracle',
  opensuse: 'opensuse-leap', // openSUSE Leap 42 said "opensuse"; Leap 15 says "opensuse-leap"
  'opensuse-leap': 'opensuse-leap',
  'opensuse-tumbleweed': 'opensuse-tumbleweed',
  photon: 'photon',
  rhel: 'redhat',
  rocky: 'rocky',
  // SUSE Linux Enterprise Micro and its rebrands (SL Micro 6.0, SLE Micro for Rancher).
  'sl-micro': 'slem',
  'sle-micro': 'slem',
  'sle-micro-rancher': 'slem',
  sles: 'sles',
  wolfi: 'wolfi',
};

const PATHS = new Set([
  'etc/os-release',
  'usr/lib/os-release',
  // Bottlerocket keeps its os-release inside the SDK sysroot.
  'aarch64-bottlerocket-linux-gnu/sys-root/usr/lib/os-release',
  'x86_64-bottlerocket-linux-gnu/sys-root/usr/lib/os-release',
]);

/** A shell-style value without its quotes (Go's strings.Trim(value, `"'`)). */
const unquote = (value: string): string => value.replace(/^["']+|["']+$/g, '');

export const osRelease: Analyzer = {
  id: 'os-release',
  version: 2,
  wants: (path) => PATHS.has(path),
  async analyze(file): Promise<AnalyzerResult> {
    let id = '';
    let versionId = '';
    let name = '';
    // The whole file is read: a key given twice keeps its last value.
    for (const line of (await file.text()).split('\n')) {
      const equals = line.indexOf('=');
      if (equals < 0) continue;
      const key = line.slice(0, equals).trim();
      const value = unquote(line.slice(equals + 1).trim());
      if (key === 'ID') id = value;
      else if (key === 'VERSION_ID') versionId = value;
      else if (key === 'NAME') name = value;
    }
    const known = Object.hasOwn(FAMILIES, id) ? FAMILIES[id] : undefined;
    if (!known || versionId === '') return { problems: [] };
    // CentOS Stream says ID=centos too; only its NAME tells it apart (Trivy's refineOSFamily).
    const family = known === 'centos' && name === 'CentOS Stream' ? 'centos-stream' : known;
    return { os: { family, name: versionId }, problems: [] };
  },
};
