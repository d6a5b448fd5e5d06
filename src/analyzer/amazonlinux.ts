// Amazon Linux's release from etc/system-release (1 and 2) or usr/lib/system-release (2022, 2023), as Trivy's
// amazonlinux analyzer (pkg/fanal/analyzer/os/amazonlinux) reads it: 'Amazon Linux release 2 (Karoo)' → '2 (Karoo)',
// 'Amazon Linux AMI release 2018.03' → 'AMI release 2018.03'.
import type { Analyzer, AnalyzerResult } from './types.js';

const PATHS = new Set(['etc/system-release', 'usr/lib/system-release']);

/** The release name of the first line that names Amazon Linux, or undefined. */
function releaseName(text: string): string | undefined {
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const fields = line.split(/\s+/).filter((field) => field !== '');
    if (line.startsWith('Amazon Linux release 2')) {
      // 'Amazon Linux release 2' alone has no codename: Trivy looks on.
      if (fields.length >= 5) return fields.slice(3).join(' ');
    } else if (line.startsWith('Amazon Linux')) {
      return fields.slice(2).join(' ');
    }
  }
  return undefined;
}

export const amazonlinux: Analyzer = {
  id: 'amazon',
  version: 1,
  wants: (path) => PATHS.has(path),
  async analyze(file): Promise<AnalyzerResult> {
    const name = releaseName(await file.text());
    if (name === undefined) return { problems: [{ path: file.path, reason: 'no Amazon Linux release line found' }] };
    return { os: { family: 'amazon', name }, problems: [] };
  },
};
