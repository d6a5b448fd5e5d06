// Header blobs from rpm's SQLite database, `rpmdb.sqlite` (Fedora 33+, RHEL 9): the Packages table's blob
// column, in hnum order as `rpm -qa` lists them (rpm's lib/backend/sqlite.c).
import Database from 'better-sqlite3';
import { type BlobList, type HeaderBlob, RpmdbError } from './types.js';

const MAGIC = 'SQLite format 3\0';

/** True when `bytes` starts with the SQLite file header. */
export function isSqlite(bytes: Uint8Array): boolean {
  return bytes.length >= 100 && Buffer.from(bytes.buffer, bytes.byteOffset, 16).toString('latin1') === MAGIC;
}

/**
 * Every header blob. The database is opened in memory from its bytes (nothing is written anywhere).
 * rpm keeps it in WAL mode, which SQLite cannot open from memory: the copy says "rollback journal" instead
 * (bytes 18 and 19 of the header). Pages only in a -wal file are not seen, as Trivy does not see them.
 */
export function sqliteBlobs(bytes: Uint8Array): BlobList {
  if (!isSqlite(bytes)) throw new RpmdbError('not an SQLite database (bad magic)');
  // SQLite deserializes from its own copy: the two bytes are changed only while it copies, then put back
  // (other analyzers may share these bytes), which saves copying a database of tens of megabytes twice.
  const journal = [bytes[18], bytes[19]] as const;
  let db: Database.Database;
  try {
    bytes[18] = 1;
    bytes[19] = 1;
    db = new Database(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { readonly: true });
  } catch (error) {
    throw new RpmdbError(`SQLite cannot open it: ${messageOf(error)}`);
  } finally {
    bytes[18] = journal[0] ?? 0;
    bytes[19] = journal[1] ?? 0;
  }
  const blobs: HeaderBlob[] = [];
  const problems: string[] = [];
  try {
    const statement = prepare(db);
    try {
      for (const [hnum, blob] of statement.raw().iterate() as Iterable<unknown[]>) {
        if (blob instanceof Uint8Array) blobs.push({ where: `row ${String(hnum)}`, blob });
        else problems.push(`row ${String(hnum)} has no blob; it is skipped`);
      }
    } catch (error) {
      // A corrupt page mid-table: the rows before it are kept.
      problems.push(`SQLite stopped after ${blobs.length} rows: ${messageOf(error)}; the rest is skipped`);
    }
    return { blobs, problems };
  } finally {
    db.close();
  }
}

/** The statement listing the Packages table; a database without one is not an rpmdb. */
function prepare(db: Database.Database): Database.Statement {
  try {
    return db.prepare('SELECT hnum, blob FROM Packages ORDER BY hnum');
  } catch (error) {
    throw new RpmdbError(`not an rpm database: ${messageOf(error)}`);
  }
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
