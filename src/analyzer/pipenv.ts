// Pipenv's Pipfile.lock as Trivy's pipenv analyzer reads it (pkg/dependency/parser/python/pipenv): the
// "default" packages only (not "develop"), versions without their leading `==`, each with its lines.
import { z } from 'zod';
import type { Package } from '../types.js';
import { memberSpans } from './json-spans.js';
import { lockResult, parseJsonLock } from './lockfile.js';
import type { Analyzer, AnalyzerResult } from './types.js';

const PipfileLock = z.object({
  default: z.record(z.string(), z.object({ version: z.string().nullish() })).nullish(),
});

export const pipenv: Analyzer = {
  id: 'pipenv',
  version: 1,
  wants: (path) => path === 'Pipfile.lock' || path.endsWith('/Pipfile.lock'),
  async analyze(file): Promise<AnalyzerResult> {
    const text = await file.text();
    const read = parseJsonLock(file, text, PipfileLock, 'Pipfile.lock');
    if ('failed' in read) return read.failed;
    const spans = memberSpans(text, ['default']);
    const packages = Object.entries(read.data.default ?? {}).map(([name, dep]): Package => {
      const location = spans.get(name);
      return {
        id: '',
        name,
        version: (dep.version ?? '').replace(/^=+/, ''),
        ...(location && { locations: [location] }),
      };
    });
    return lockResult('pipenv', file, packages);
  },
};
