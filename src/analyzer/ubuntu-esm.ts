// Ubuntu Pro / ESM from var/lib/ubuntu-advantage/status.json, as Trivy's ubuntu-esm analyzer
// (pkg/fanal/analyzer/os/ubuntu/esm.go) reads it: the OS is "extended" when the esm-infra service is enabled.
import { z } from 'zod';
import type { Analyzer, AnalyzerResult } from './types.js';

const PATH = 'var/lib/ubuntu-advantage/status.json';

/** The part of the Ubuntu Pro client's status this analyzer needs; the rest of the document is ignored. */
const Status = z.object({
  services: z.array(z.object({ name: z.string().optional(), status: z.string().optional() }).loose()).nullish(),
});

export const ubuntuEsm: Analyzer = {
  id: 'ubuntu-esm',
  version: 1,
  wants: (path) => path === PATH,
  async analyze(file): Promise<AnalyzerResult> {
    let json: unknown;
    try {
      json = JSON.parse(await file.text());
    } catch (error) {
      return { problems: [{ path: file.path, reason: `not valid JSON (${(error as Error).message})` }] };
    }
    const status = Status.safeParse(json);
    if (!status.success) return { problems: [{ path: file.path, reason: 'not an Ubuntu Pro status document' }] };
    const enabled = (status.data.services ?? []).some((s) => s.name === 'esm-infra' && s.status === 'enabled');
    return enabled ? { os: { family: 'ubuntu', extended: true }, problems: [] } : { problems: [] };
  },
};
