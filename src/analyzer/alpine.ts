// Alpine's release from etc/alpine-release ('3.18.4', or '3.19_alpha20230901' on edge), as Trivy's alpine analyzer
// (pkg/fanal/analyzer/os/alpine) reads it: the first line, as written.
import type { Analyzer, AnalyzerResult } from './types.js';

export const alpine: Analyzer = {
  id: 'alpine',
  version: 1,
  wants: (path) => path === 'etc/alpine-release',
  async analyze(file): Promise<AnalyzerResult> {
    const text = await file.text();
    if (text === '') return { problems: [{ path: file.path, reason: 'file is empty; no Alpine release found' }] };
    const first = (text.split('\n', 1)[0] ?? '').replace(/\r$/, '');
    return { os: { family: 'alpine', name: first }, problems: [] };
  },
};
