// The few error classes barnacle throws; each carries its exit code (see DESIGN.md, "Exit codes").

/** Base class: a message meant for the user, one line, and the exit code it maps to. */
export abstract class BarnacleError extends Error {
  abstract readonly exitCode: number;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad flags or arguments, malformed ignore/VEX files: exit 2. */
export class UsageError extends BarnacleError {
  readonly exitCode = 2;
}

/** Unreadable image, bad archive, hostile path, unreachable registry: exit 3. */
export class InputError extends BarnacleError {
  readonly exitCode = 3;
}

/** Missing, corrupt or stale vulnerability DB; failed DB update the scan cannot do without: exit 4. */
export class DbError extends BarnacleError {
  readonly exitCode = 4;
}

/** The message of any thrown value, for one-line reports. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
