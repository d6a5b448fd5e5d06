// Elixir's mix.lock as Trivy's mix analyzer reads it (pkg/dependency/parser/hex/mix): one `"name": {:hex, :name,
// "version", ...}` entry a line, each package with its line; git dependencies (no version) are skipped.
import type { Package, Problem } from '../types.js';
import { lockResult, packageId, uniquePackages } from './lockfile.js';
import type { Analyzer, AnalyzerResult } from './types.js';

export const mixLock: Analyzer = {
  id: 'hex',
  version: 1,
  wants: (path) => path === 'mix.lock' || path.endsWith('/mix.lock'),
  async analyze(file): Promise<AnalyzerResult> {
    const packages: Package[] = [];
    const problems: Problem[] = [];
    for (const [index, raw] of (await file.text()).split(/\r?\n/).entries()) {
      const line = raw.trim();
      const colon = line.indexOf(':');
      // The opening `%{` and the closing `}`.
      if (colon === -1) continue;
      const name = line.slice(0, colon).replace(/^"+|"+$/g, '');
      const fields = line
        .slice(colon + 1)
        .split(/[\s,]+/)
        .filter((field) => field !== '');
      // {:hex, :name, "version", "checksum", [:mix], [deps...], "hexpm", "checksum"}: 8 fields or more.
      if (fields.length < 8) {
        if (!fields[0]?.includes(':git')) {
          problems.push({ path: file.path, reason: `line ${index + 1}: not a mix.lock dependency entry` });
        }
        continue;
      }
      const version = (fields[2] ?? '').replace(/^"+|"+$/g, '');
      packages.push({
        id: packageId('hex', name, version),
        name,
        version,
        locations: [{ startLine: index + 1, endLine: index + 1 }],
      });
    }
    return lockResult('hex', file, uniquePackages(packages), problems);
  },
};
