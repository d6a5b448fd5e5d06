// Red Hat-like releases from their release files (etc/redhat-release, centos-release, rocky-release,
// almalinux-release, oracle-release, fedora-release), as Trivy's redhatbase analyzers
// (pkg/fanal/analyzer/os/redhatbase) read them: '<name> release <version> (<codename>)' on the first line.
import type { Analyzer, AnalyzerResult } from './types.js';

// Go's regexp `(.*) release (\d[\d\.]*)`, unanchored: the greedy name takes up to the last " release <digit>".
const RELEASE = /(.*) release (\d[\d.]*)/;

/** Trivy's family for each distribution name written before "release" (lower-cased). */
const FAMILIES: Readonly<Record<string, string>> = {
  centos: 'centos',
  'centos linux': 'centos',
  rocky: 'rocky',
  'rocky linux': 'rocky',
  alma: 'alma',
  almalinux: 'alma',
  'alma linux': 'alma',
  oracle: 'oracle',
  'oracle linux': 'oracle',
  'oracle linux server': 'oracle',
  fedora: 'fedora',
  'fedora linux': 'fedora',
};

const familyOf = (name: string): string | undefined =>
  Object.hasOwn(FAMILIES, name.toLowerCase()) ? FAMILIES[name.toLowerCase()] : undefined;

/**
 * One release-file analyzer. `accept` turns the name before "release" into a family, or undefined when this file
 * does not describe its distribution (then Trivy reads the next line). A line that is not a release line is a
 * problem: Trivy gives up on the file there.
 */
function releaseAnalyzer(id: string, paths: readonly string[], accept: (name: string) => string | undefined): Analyzer {
  const wanted = new Set(paths);
  return {
    id,
    version: 1,
    wants: (path) => wanted.has(path),
    async analyze(file): Promise<AnalyzerResult> {
      // Lines as Go's bufio.Scanner gives them: no empty line after the last newline.
      const lines = (await file.text()).split('\n');
      if (lines.at(-1) === '') lines.pop();
      for (const raw of lines) {
        const match = RELEASE.exec(raw.trim());
        if (!match)
          return {
            problems: [{ path: file.path, reason: `'${raw.trim()}' is not a '<name> release <version>' line` }],
          };
        const family = accept(match[1] ?? '');
        if (family) return { os: { family, name: match[2] ?? '' }, problems: [] };
      }
      return { problems: [{ path: file.path, reason: `no ${id} release line found` }] };
    },
  };
}

/** etc/redhat-release: every Red Hat-like distribution has it; an unknown name is Red Hat itself. */
export const redhatBase = releaseAnalyzer('redhat', ['etc/redhat-release'], (name) => familyOf(name) ?? 'redhat');

const only = (family: string) => (name: string) => (familyOf(name) === family ? family : undefined);
export const centos = releaseAnalyzer('centos', ['etc/centos-release'], only('centos'));
export const rocky = releaseAnalyzer('rocky', ['etc/rocky-release'], only('rocky'));
export const alma = releaseAnalyzer('alma', ['etc/almalinux-release'], only('alma'));
export const fedora = releaseAnalyzer('fedora', ['etc/fedora-release', 'usr/lib/fedora-release'], only('fedora'));
/** etc/oracle-release names Oracle Linux whatever it calls itself. */
export const oracle = releaseAnalyzer('oracle', ['etc/oracle-release'], () => 'oracle');
