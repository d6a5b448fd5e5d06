// What every rpmdb backend reader returns: the header blobs it found and what it could not read.

/** One package's header blob and where it sat in the database (page, slot or row), for messages. */
export interface HeaderBlob {
  readonly where: string;
  readonly blob: Uint8Array;
}

export interface BlobList {
  readonly blobs: readonly HeaderBlob[];
  /** Parts of the database that could not be read (a corrupt page, a bad slot); the rest was read. */
  readonly problems: readonly string[];
}

/** The database as a whole cannot be read (bad magic, truncated metadata); the message says why. */
export class RpmdbError extends Error {}
