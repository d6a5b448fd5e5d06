// The secret scanner's interface: which files it reads, and what it finds in them (Trivy's types.Secret*).
import type { LayerRef, Severity } from '../types.js';

/** One line of the code shown around a finding (Trivy's types.Line), secrets in it masked with `*`. */
export interface CodeLine {
  readonly number: number;
  readonly content: string;
  readonly isCause: boolean;
  readonly annotation: string;
  readonly truncated: boolean;
  /** The content as Trivy highlights it; omitted from JSON when empty. */
  readonly highlighted?: string;
  readonly firstCause: boolean;
  readonly lastCause: boolean;
}

/** A secret found in a file (Trivy's types.SecretFinding). */
export interface SecretFinding {
  readonly ruleId: string;
  /** The rule's category: 'AWS', 'GitHub', 'Custom', ... */
  readonly category: string;
  readonly severity: Severity;
  readonly title: string;
  readonly startLine: number;
  readonly endLine: number;
  readonly code: { readonly lines: readonly CodeLine[] };
  /** The matched line, the secret masked with `*`. */
  readonly match: string;
  /** Byte offset of the secret in the scanned content (omitted from JSON when 0). */
  readonly offset?: number;
  /** The layer that holds the file (images only); set where a layer's results are gathered. */
  readonly layer?: LayerRef;
}

/** The secrets found in one file (Trivy's types.Secret). */
export interface FileSecrets {
  /** The path as the report names it: relative to the image root with a leading `/` for images. */
  readonly filePath: string;
  readonly findings: readonly SecretFinding[];
}

/** A configured secret scanner (Trivy's secret.Scanner with its analyzer's file checks). */
export interface SecretScanner {
  /**
   * Trivy's SecretAnalyzer.Required: whether a regular file is read at all (at least 10 bytes, not the
   * config file, not under a skipped or allowed path). `path` is the file's path as `FileSecrets.filePath`.
   */
  required(path: string, size: number): boolean;
  /**
   * The findings in one file's whole content, in Trivy's order; binary files are skipped (except `.pyc`,
   * whose printable bytes are scanned), as Trivy's analyzer does. Pure: no I/O.
   */
  scan(path: string, content: Uint8Array): readonly SecretFinding[];
}
