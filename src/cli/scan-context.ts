// What the scan commands without an image (fs, rootfs, sbom) get from the CLI.
import type { Logger } from './log.js';

export interface ScanContext {
  readonly cacheDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: (text: string) => void;
  readonly stdoutIsTty: boolean;
  readonly logger: Logger;
  readonly now: Date;
  /** The DB step (update or check) before the DB is opened. */
  readonly prepareDb?: () => Promise<void>;
}
