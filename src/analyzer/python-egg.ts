// Zipped Python eggs (`*.egg`), as Trivy's python-egg analyzer (pkg/fanal/analyzer/language/python/packaging/
// egg.go) reads them: the first entry that is egg metadata (`EGG-INFO/PKG-INFO`, ...) gives one python-pkg
// package, whose file path is the egg itself.
import { messageOf } from '../errors.js';
import type { Problem } from '../types.js';
import { randomAccessOf } from './elf.js';
import { EGG_SUFFIXES, packageOfMetadata } from './python-pkg.js';
import type { Analyzer, AnalyzerResult } from './types.js';
import { ArchiveError, entryName, escapes, openZip, readEntry } from './zip.js';

/** PKG-INFO is a few KiB; a larger one, or an archive inflating past this, is not an egg worth reading. */
const MAX_METADATA_BYTES = 1024 * 1024;

export const pythonEgg: Analyzer = {
  id: 'python-egg',
  version: 1,
  wants: (path) => path.endsWith('.egg'),
  randomAccess: true,
  async analyze(file): Promise<AnalyzerResult> {
    const problems: Problem[] = [];
    let text: string | undefined;
    try {
      const zip = await openZip(randomAccessOf(file)).catch((error: unknown) => {
        throw new ArchiveError(`not a valid zip archive (${messageOf(error)})`);
      });
      try {
        for await (const entry of zip.eachEntry()) {
          const name = entryName(entry);
          if (!EGG_SUFFIXES.some((suffix) => name.endsWith(suffix))) continue;
          // Trivy reads such an entry too; a hostile name is refused here, as in jars.
          if (escapes(name)) {
            problems.push({ path: file.path, reason: `entry ${JSON.stringify(name)} points outside the archive` });
            continue;
          }
          const budget = { budget: MAX_METADATA_BYTES };
          text = new TextDecoder().decode(await readEntry(zip, entry, MAX_METADATA_BYTES, budget));
          break;
        }
      } finally {
        zip.close();
      }
    } catch (error) {
      const reason = error instanceof ArchiveError ? error.message : `corrupt zip archive (${messageOf(error)})`;
      return { problems: [...problems, { path: file.path, reason: `Python egg: ${reason}` }] };
    }
    // An egg without metadata is skipped silently, as Trivy does.
    if (text === undefined) return { problems };
    const result = packageOfMetadata(text, file.path);
    return { ...result, problems: [...problems, ...result.problems] };
  },
};
