// `db export FILE` / `db import FILE`: the DB as one file for air-gapped sites and CI caches: a magic line, a
// JSON header (metadata, size, sha256 of the DB bytes), then the SQLite file itself.
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, fsyncSync, openSync, readSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { DbError, InputError, messageOf } from '../errors.js';
import { acquireLock } from './lock.js';
import { openDb } from './open.js';
import { SCHEMA_VERSION } from './schema.js';
import type { DbMetadata } from './types.js';
import { clearUpdateState, dbPaths } from './update.js';

const MAGIC = 'BARNACLE-DB-EXPORT 1\n';
/** The header line is a few KiB (one entry per source); anything longer is not our file. */
const MAX_HEADER_BYTES = 1024 * 1024;

export const ExportHeader = z.object({
  schemaVersion: z.number().int(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  builtAt: z.string(),
  repository: z.string().optional(),
  sources: z.array(z.object({ ecosystem: z.string(), records: z.number(), importedAt: z.string() })),
});
export type ExportHeader = z.infer<typeof ExportHeader>;

/** Whether `file` starts as an exported DB does (so `db import FILE` knows it from OSV inputs). */
export function isExportFile(file: string): boolean {
  try {
    const fd = openSync(file, 'r');
    try {
      const head = Buffer.alloc(MAGIC.length);
      return readSync(fd, head, 0, head.length, 0) === head.length && head.toString('latin1') === MAGIC;
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

/** Writes the DB of `cacheDir` to `file` (through a temporary file beside it). Returns the header written. */
export async function exportDb(cacheDir: string, file: string): Promise<ExportHeader> {
  const dbPath = dbPaths(cacheDir).db;
  const db = openDb(dbPath);
  let metadata: DbMetadata;
  try {
    metadata = db.metadata();
  } finally {
    db.close();
  }
  // One descriptor for hashing and copying: an update renaming a new DB in meanwhile does not mix two files.
  const handle = await open(dbPath, 'r');
  const temp = `${file}.${process.pid}.tmp`;
  try {
    const hash = createHash('sha256');
    let bytes = 0;
    for await (const chunk of handle.createReadStream({ start: 0, autoClose: false })) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
    const header: ExportHeader = {
      schemaVersion: metadata.schemaVersion,
      bytes,
      sha256: hash.digest('hex'),
      builtAt: metadata.builtAt,
      ...(metadata.repository ? { repository: metadata.repository } : {}),
      sources: metadata.sources.map((s) => ({ ecosystem: s.ecosystem, records: s.records, importedAt: s.importedAt })),
    };
    const out = createWriteStream(temp);
    out.write(MAGIC);
    out.write(`${JSON.stringify(header)}\n`);
    await pipeline(handle.createReadStream({ start: 0, end: bytes - 1, autoClose: false }), out);
    await rename(temp, file);
    return header;
  } catch (error) {
    await rm(temp, { force: true });
    throw new InputError(`cannot write the DB export ${file}: ${messageOf(error)}`, { cause: error });
  } finally {
    await handle.close();
  }
}

/**
 * Installs an exported DB in `cacheDir`: the DB bytes are copied to a temporary file while hashed, checked
 * against the header's size and sha256 and opened as a DB of this schema version, then renamed over the current
 * DB under the update lock. A tampered, truncated or foreign file is a DbError and changes nothing.
 */
export async function importExport(cacheDir: string, file: string): Promise<ExportHeader> {
  const header = readHeader(file);
  if (header.value.schemaVersion !== SCHEMA_VERSION) {
    throw new DbError(
      `${file} holds a DB of schema version ${header.value.schemaVersion}; this barnacle reads version ${SCHEMA_VERSION}; export it with the same barnacle version`,
    );
  }
  const paths = dbPaths(cacheDir);
  await mkdir(paths.dir, { recursive: true });
  const release = await acquireLock(paths.lock);
  const temp = path.join(paths.dir, `.barnacle.db.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const hash = createHash('sha256');
    let bytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        bytes += chunk.length;
        done(null, chunk);
      },
    });
    try {
      await pipeline(createReadStream(file, { start: header.offset }), counter, createWriteStream(temp));
    } catch (error) {
      throw new InputError(`cannot read the DB export ${file}: ${messageOf(error)}`, { cause: error });
    }
    const digest = hash.digest('hex');
    if (bytes !== header.value.bytes || digest !== header.value.sha256) {
      throw new DbError(
        `${file} does not match its checksum (${bytes} bytes, sha256 ${digest.slice(0, 12)}…; expected ${header.value.bytes} bytes, sha256 ${header.value.sha256.slice(0, 12)}…): it was altered or damaged; export it again`,
      );
    }
    openDb(temp).close();
    const fd = openSync(temp, 'r');
    fsyncSync(fd);
    closeSync(fd);
    await rename(temp, paths.db);
    await clearUpdateState(cacheDir);
    return header.value;
  } finally {
    await rm(temp, { force: true });
    release();
  }
}

function readHeader(file: string): { value: ExportHeader; offset: number } {
  let head: Buffer;
  try {
    const fd = openSync(file, 'r');
    try {
      head = Buffer.alloc(MAX_HEADER_BYTES);
      head = head.subarray(0, readSync(fd, head, 0, head.length, 0));
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw new InputError(`cannot read the DB export ${file}: ${messageOf(error)}`, { cause: error });
  }
  const end = head.indexOf('\n', MAGIC.length);
  if (head.subarray(0, MAGIC.length).toString('latin1') !== MAGIC || end < 0) {
    throw new DbError(`${file} is not a barnacle DB export (made by \`barnacle db export FILE\`)`);
  }
  let value: ExportHeader;
  try {
    value = ExportHeader.parse(JSON.parse(head.subarray(MAGIC.length, end).toString('utf8')));
  } catch (error) {
    throw new DbError(`${file} has a damaged header (${messageOf(error).split('\n')[0]}); export it again`, {
      cause: error,
    });
  }
  return { value, offset: end + 1 };
}
