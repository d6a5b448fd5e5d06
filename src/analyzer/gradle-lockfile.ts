// Gradle's dependency lock files (`gradle.lockfile`, `*gradle.lockfile`) as Trivy's gradle analyzer reads them
// (pkg/dependency/parser/gradle/lockfile): `group:artifact:version=configurations` lines, a package being a dev
// dependency when every configuration it is locked for is a test one; each package with its line.
import type { Package } from '../types.js';
import { lockResult, packageId, uniquePackages } from './lockfile.js';
import type { Analyzer, AnalyzerResult } from './types.js';

/** The locked packages of a Gradle lock file. */
export function gradlePackages(text: string): Package[] {
  const packages: Package[] = [];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line.startsWith('#')) continue;
    const parts = line.split(':');
    // The last line (`empty=...`) lists configurations without dependencies.
    if (parts.length !== 3) continue;
    const name = `${parts[0]}:${parts[1]}`;
    const [version = '', configurations = ''] = (parts[2] ?? '').split(/=(.*)/s);
    const dev = configurations.split(',').every((configuration) => configuration.startsWith('test'));
    packages.push({
      id: packageId('gradle', name, version),
      name,
      version,
      ...(dev ? { dev: true } : {}),
      relationship: 'unknown',
      locations: [{ startLine: index + 1, endLine: index + 1 }],
    });
  }
  return uniquePackages(packages);
}

export const gradleLockfile: Analyzer = {
  id: 'gradle',
  version: 1,
  wants: (path) => path.endsWith('gradle.lockfile'),
  async analyze(file): Promise<AnalyzerResult> {
    return lockResult('gradle', file, gradlePackages(await file.text()));
  },
};
