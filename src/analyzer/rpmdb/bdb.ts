// Header blobs from a Berkeley DB hash database, rpm's `Packages` up to RHEL 8 (Berkeley DB's db_page.h and
// hash metadata layout; rpm keeps each header as an off-page item chained through overflow pages).
import { type BlobList, type HeaderBlob, RpmdbError } from './types.js';

const HASH_MAGIC = 0x061561;
const PAGE_TYPE = { hashUnsorted: 2, overflow: 7, hashMeta: 8, hash: 13 } as const;
/** An item kept on overflow pages (H_OFFPAGE): type byte, 3 unused, first page, total length. */
const H_OFFPAGE = 3;
const OFFPAGE_SIZE = 12;
/** Every page but the metadata page starts with this header (db_page.h PAGE). */
const PAGE_HEADER_SIZE = 26;
const PAGE_SIZES = new Set([512, 1024, 2048, 4096, 8192, 16384, 32768, 65536]);

/** True when `bytes` starts with a Berkeley DB hash metadata page, in either byte order. */
export function isBdb(bytes: Uint8Array): boolean {
  if (bytes.length < 72) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return view.getUint32(12, true) === HASH_MAGIC || view.getUint32(12, false) === HASH_MAGIC;
}

/** Every header blob of the database, in page order; a bad page or chain is a problem, the rest is read. */
export function bdbBlobs(bytes: Uint8Array): BlobList {
  if (!isBdb(bytes)) throw new RpmdbError('not a Berkeley DB hash database (bad magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = view.getUint32(12, true) === HASH_MAGIC;
  const u16 = (at: number) => view.getUint16(at, little);
  const u32 = (at: number) => view.getUint32(at, little);
  const pageSize = u32(20);
  if (!PAGE_SIZES.has(pageSize)) throw new RpmdbError(`unexpected page size ${pageSize}`);
  if (bytes[24] !== 0) throw new RpmdbError(`encrypted database (algorithm ${bytes[24]})`);
  if (bytes[25] !== PAGE_TYPE.hashMeta) throw new RpmdbError(`first page has type ${bytes[25]}, not hash metadata`);
  const problems: string[] = [];
  const pagesInFile = Math.floor(bytes.length / pageSize);
  let lastPage = u32(32);
  if (lastPage >= pagesInFile) {
    problems.push(`the database names ${lastPage + 1} pages but the file holds ${pagesInFile}; the rest is missing`);
    lastPage = pagesInFile - 1;
  }

  /** One overflow chain's bytes, or why it cannot be followed. Visits each page once: a loop ends it. */
  const chain = (first: number, length: number): Uint8Array | string => {
    // The item cannot be longer than the pages that could hold it: checked before anything is allocated.
    if (length > lastPage * (pageSize - PAGE_HEADER_SIZE)) return `item of ${length} bytes is larger than the file`;
    const out = new Uint8Array(length);
    let filled = 0;
    let page = first;
    for (let visited = 0; page !== 0; visited++) {
      if (page > lastPage) return `overflow page ${page} is past the last page ${lastPage}`;
      if (visited > lastPage) return `overflow chain from page ${first} loops`;
      const at = page * pageSize;
      if (bytes[at + 25] !== PAGE_TYPE.overflow) return `page ${page} in an overflow chain has type ${bytes[at + 25]}`;
      const onPage = u16(at + 22); // OV_LEN: bytes of the item on this page
      if (onPage > pageSize - PAGE_HEADER_SIZE || filled + onPage > length) {
        return `overflow page ${page} holds ${onPage} bytes, more than the item's ${length}`;
      }
      out.set(bytes.subarray(at + PAGE_HEADER_SIZE, at + PAGE_HEADER_SIZE + onPage), filled);
      filled += onPage;
      page = u32(at + 16);
    }
    return filled === length ? out : `overflow chain from page ${first} holds ${filled} of ${length} bytes`;
  };

  const blobs: HeaderBlob[] = [];
  for (let page = 1; page <= lastPage; page++) {
    const at = page * pageSize;
    const type = bytes[at + 25];
    if (type !== PAGE_TYPE.hash && type !== PAGE_TYPE.hashUnsorted) continue;
    const entries = u16(at + 20);
    if (entries % 2 !== 0 || PAGE_HEADER_SIZE + entries * 2 > pageSize) {
      problems.push(`hash page ${page} has ${entries} entries; the page is skipped`);
      continue;
    }
    // Entries alternate key, value; each is a 2-byte offset of the item inside the page.
    for (let value = 1; value < entries; value += 2) {
      const item = u16(at + PAGE_HEADER_SIZE + value * 2);
      if (item < pageSize && bytes[at + item] !== H_OFFPAGE) continue; // small inline values are not headers
      if (item + OFFPAGE_SIZE > pageSize) {
        problems.push(`hash page ${page} item ${value} is past the page end`);
        continue;
      }
      const content = chain(u32(at + item + 4), u32(at + item + 8));
      if (typeof content === 'string') problems.push(`${content}; the package is skipped`);
      else blobs.push({ where: `page ${page} item ${value}`, blob: content });
    }
  }
  return { blobs, problems };
}
