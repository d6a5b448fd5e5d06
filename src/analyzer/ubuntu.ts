// Ubuntu's release from etc/lsb-release (DISTRIB_RELEASE after DISTRIB_ID=Ubuntu), as Trivy's ubuntu analyzer
// (pkg/fanal/analyzer/os/ubuntu) reads it. Ubuntu images also have etc/debian_version; the inventory lets this
// family replace the Debian guess (Trivy's OS.Merge).
import type { Analyzer, AnalyzerResult } from './types.js';

export const ubuntu: Analyzer = {
  id: 'ubuntu',
  version: 1,
  wants: (path) => path === 'etc/lsb-release',
  async analyze(file): Promise<AnalyzerResult> {
    let isUbuntu = false;
    for (const raw of (await file.text()).split('\n')) {
      const line = raw.replace(/\r$/, '');
      if (line === 'DISTRIB_ID=Ubuntu') isUbuntu = true;
      else if (isUbuntu && line.startsWith('DISTRIB_RELEASE=')) {
        return { os: { family: 'ubuntu', name: line.slice('DISTRIB_RELEASE='.length).trim() }, problems: [] };
      }
    }
    // Other distributions (Linux Mint, elementary...) write the file too: not Ubuntu, and not a problem.
    return { problems: [] };
  },
};
