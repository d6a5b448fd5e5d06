// Conda packages of named environments from `envs/<env>/conda-meta/<name>-<version>-<build>.json`, as Trivy's
// conda-pkg analyzer (pkg/fanal/analyzer/language/conda/meta with parser/conda/meta) reads them.
import { z } from 'zod';
import { splitLicenses } from './split-licenses.js';
import type { Analyzer, AnalyzerResult } from './types.js';

/** Trivy's fileRegex, unanchored as Go's MatchString uses it (the base environment is not read). */
const META_PATH = /\/envs\/.+\/conda-meta\/.+-.+-.+\.json/;

const CondaMeta = z.object({
  name: z.string().nullish(),
  version: z.string().nullish(),
  license: z.string().nullish(),
});

export const condaPkg: Analyzer = {
  id: 'conda-pkg',
  version: 1,
  wants: (path) => META_PATH.test(path),
  async analyze(file): Promise<AnalyzerResult> {
    let json: unknown;
    try {
      json = JSON.parse(await file.text());
    } catch (error) {
      return {
        problems: [{ path: file.path, reason: `conda metadata is not valid JSON (${(error as Error).message})` }],
      };
    }
    const parsed = CondaMeta.safeParse(json);
    const { name, version, license } = parsed.success ? parsed.data : {};
    if (!name || !version) {
      return { problems: [{ path: file.path, reason: 'conda metadata has no string name and version' }] };
    }
    const licenses = splitLicenses(license ?? '');
    const pkg = { id: '', name, version, ...(licenses.length > 0 && { licenses }), filePath: file.path };
    return { applications: [{ type: 'conda-pkg', filePath: file.path, packages: [pkg] }], problems: [] };
  },
};
