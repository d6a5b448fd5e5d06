// Swift Package Manager's Package.resolved (v1 `object.pins`, v2/v3 `pins`) as Trivy's swift analyzer reads it
// (pkg/dependency/parser/swift/swift): each pin named by its repository URL without `https://` and `.git`,
// at its version (or branch), with its lines; a pin with neither is skipped with a warning.
import { z } from 'zod';
import type { Package, Problem } from '../types.js';
import { memberSpans } from './json-spans.js';
import { lockResult, packageId, parseJsonLock } from './lockfile.js';
import type { Analyzer, AnalyzerResult } from './types.js';

const Pin = z.object({
  repositoryURL: z.string().nullish(),
  location: z.string().nullish(),
  state: z.object({ branch: z.string().nullish(), version: z.string().nullish() }).nullish(),
});
const Resolved = z.object({
  version: z.number().nullish(),
  pins: z.array(Pin).nullish(),
  object: z.object({ pins: z.array(Pin).nullish() }).nullish(),
});

export const swiftResolved: Analyzer = {
  id: 'swift',
  version: 1,
  wants: (path) => path === 'Package.resolved' || path.endsWith('/Package.resolved'),
  async analyze(file): Promise<AnalyzerResult> {
    const text = await file.text();
    const read = parseJsonLock(file, text, Resolved, 'Package.resolved');
    if ('failed' in read) return read.failed;
    const v1 = (read.data.version ?? 0) <= 1;
    const pins = (v1 ? read.data.object?.pins : read.data.pins) ?? [];
    const spans = memberSpans(text, v1 ? ['object', 'pins'] : ['pins']);
    const packages: Package[] = [];
    const problems: Problem[] = [];
    for (const [index, pin] of pins.entries()) {
      const name = ((v1 ? pin.repositoryURL : pin.location) ?? '').replace(/^https:\/\//, '').replace(/\.git$/, '');
      const version = pin.state?.version || pin.state?.branch || '';
      if (version === '') {
        problems.push({ path: file.path, reason: `${name}: neither a version nor a branch is pinned` });
        continue;
      }
      const location = spans.get(index);
      packages.push({
        id: packageId('swift', name, version),
        name,
        version,
        ...(location && { locations: [location] }),
      });
    }
    packages.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.version < b.version ? -1 : 1));
    return lockResult('swift', file, packages, problems);
  },
};
