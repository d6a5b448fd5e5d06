// The header blobs of an rpmdb file of any of rpm's three formats, told apart by content as go-rpmdb does.
import { bdbBlobs, isBdb } from './bdb.js';
import { isNdb, ndbBlobs } from './ndb.js';
import { isSqlite, sqliteBlobs } from './sqlite.js';
import { type BlobList, RpmdbError } from './types.js';

export { HeaderError, parseHeader, type RpmHeader } from './header.js';
export { type HeaderBlob, RpmdbError } from './types.js';

/** The format's reader for `bytes`; throws RpmdbError when it is none of them or cannot be read at all. */
export function readBlobs(bytes: Uint8Array): BlobList {
  if (isSqlite(bytes)) return sqliteBlobs(bytes);
  if (isNdb(bytes)) return ndbBlobs(bytes);
  if (isBdb(bytes)) return bdbBlobs(bytes);
  throw new RpmdbError('not an rpm database (neither SQLite, NDB nor Berkeley DB)');
}
