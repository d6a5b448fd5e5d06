// Debian's point release from etc/debian_version ('11.2', or 'bookworm/sid' on testing), as Trivy's
// debian analyzer (pkg/fanal/analyzer/os/debian) reads it: the first line, as written.
import type { Analyzer, AnalyzerResult } from './types.js';

const PATH = 'etc/debian_version';

export const debian: Analyzer = {
  id: 'debian',
  version: 1,
  wants: (path) => path === PATH,
  async analyze(file): Promise<AnalyzerResult> {
    const text = await file.text();
    if (text === '') return { problems: [{ path: file.path, reason: 'file is empty; no Debian release found' }] };
    const first = text.split('\n', 1)[0] ?? '';
    return { os: { family: 'debian', name: first.replace(/\r$/, '') }, problems: [] };
  },
};
