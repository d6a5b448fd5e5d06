// The secret analyzer (Trivy's pkg/fanal/analyzer/secret): every regular file the scanner requires, read whole
// and scanned for secrets. Built per scan around a configured scanner, so it is not in the static registry.
import type { FileSecrets, SecretScanner } from '../secret/types.js';
import type { Analyzer, AnalyzerResult } from './types.js';

/**
 * Largest file scanned for secrets: the walker's in-memory bound, so that a file is never read whole only for
 * this analyzer nor spilled to disk for it. Trivy reads any file whole and warns above 10 MB; a text file past
 * 16 MiB inside an image is rare (the big ones are binaries, which the scanner skips anyway).
 */
export const MAX_SECRET_FILE_BYTES = 16 * 1024 * 1024;

/** Trivy's Required: files under 10 bytes are not read. */
const MIN_SECRET_FILE_BYTES = 10;

export interface SecretAnalyzerOptions {
  readonly scanner: SecretScanner;
  /** A digest of the scanner's configuration: a layer cached under another configuration is analysed again. */
  readonly configHash: string;
  /**
   * Image layers: paths are reported from the root, with a leading `/` (Trivy adds it to files extracted from an
   * image); fs and rootfs scans report them relative to the scanned directory.
   */
  readonly rooted: boolean;
}

/** The analyzer that finds secrets with `options.scanner`. */
export function secretAnalyzer(options: SecretAnalyzerOptions): Analyzer {
  const { scanner, rooted } = options;
  const shown = (path: string) => (rooted ? `/${path}` : path);
  return {
    id: 'secret',
    version: 1,
    configHash: options.configHash,
    // A link is asked about with size 0 (link-targets.ts): never followed for secrets, as Trivy's walkers skip links.
    wants: (path, size) =>
      size >= MIN_SECRET_FILE_BYTES && size <= MAX_SECRET_FILE_BYTES && scanner.required(shown(path), size),
    async analyze(file): Promise<AnalyzerResult> {
      const filePath = shown(file.path);
      const findings = scanner.scan(filePath, await file.bytes());
      if (findings.length === 0) return { problems: [] };
      const secrets: FileSecrets[] = [{ filePath, findings }];
      return { secrets, problems: [] };
    },
  };
}
