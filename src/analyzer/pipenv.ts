// Pipenv's Pipfile.lock as Trivy's pipenv analyzer reads it (pkg/dependency/parser/python/pipenv): the
// "default" packages only (not "develop"), versions without their leading `==`, each with its lines.
import { z } from 'zod';
import type { Package } from '../types.js';
import { memberSpans } from './json-spans.js';
import { jsonLine, lockResult, unreadable } from './lockfile.js';
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
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      return unreadable(file, `not valid JSON (${(error as Error).message})`, jsonLine(text, error));
    }
    const parsed = PipfileLock.safeParse(json ?? {});
    if (!parsed.success) {
      const where = parsed.error.issues[0]?.path.join('.') || 'the top level';
      return unreadable(file, `${where} does not have Pipfile.lock's shape`);
    }
    const spans = memberSpans(text, ['default']);
    const packages = Object.entries(parsed.data.default ?? {}).map(([name, dep]): Package => {
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
