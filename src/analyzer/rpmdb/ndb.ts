// Header blobs from rpm's NDB database, `Packages.db` (SUSE): a 32-byte header, 4 KiB slot pages of 16-byte
// slots, each pointing at a blob of 16-byte blocks (rpm's lib/backend/ndb/rpmpkg.c). All little-endian.
import { type BlobList, type HeaderBlob, RpmdbError } from './types.js';

const HEADER_MAGIC = 0x506d7052; // 'RpmP'
const SLOT_MAGIC = 0x746f6c53; // 'Slot'
const BLOB_MAGIC = 0x53626c42; // 'BlbS'
const SLOT_SIZE = 16;
const SLOTS_PER_PAGE = 4096 / SLOT_SIZE;
const BLOCK_SIZE = 16;
/** rpm's own bound on slot pages (go-rpmdb uses the same). */
const MAX_SLOT_PAGES = 2048;

/** True when `bytes` starts with an NDB header. */
export function isNdb(bytes: Uint8Array): boolean {
  return bytes.length >= 32 && new DataView(bytes.buffer, bytes.byteOffset, 8).getUint32(0, true) === HEADER_MAGIC;
}

/** Every header blob, in slot order; a bad slot or blob is a problem, the rest is read. */
export function ndbBlobs(bytes: Uint8Array): BlobList {
  if (!isNdb(bytes)) throw new RpmdbError('not an NDB database (bad magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (at: number) => view.getUint32(at, true);
  if (u32(4) !== 0) throw new RpmdbError(`unsupported NDB version ${u32(4)}`);
  const slotPages = u32(12);
  if (slotPages === 0 || slotPages > MAX_SLOT_PAGES) throw new RpmdbError(`NDB header names ${slotPages} slot pages`);
  const problems: string[] = [];
  // The 32-byte database header takes the place of the first two slots.
  let slots = slotPages * SLOTS_PER_PAGE - 2;
  const slotsInFile = Math.floor((bytes.length - 32) / SLOT_SIZE);
  if (slots > slotsInFile) {
    problems.push(`the slot pages end past the end of the file; slots after ${slotsInFile} are missing`);
    slots = slotsInFile;
  }
  const blobs: HeaderBlob[] = [];
  for (let slot = 0; slot < slots; slot++) {
    const at = 32 + slot * SLOT_SIZE;
    if (u32(at) !== SLOT_MAGIC) {
      problems.push(`slot ${slot} has a bad magic number; it is skipped`);
      continue;
    }
    const pkgIndex = u32(at + 4);
    if (pkgIndex === 0) continue; // a free slot
    const blobAt = u32(at + 8) * BLOCK_SIZE;
    if (blobAt + BLOCK_SIZE > bytes.length || u32(blobAt) !== BLOB_MAGIC || u32(blobAt + 4) !== pkgIndex) {
      problems.push(`slot ${slot} (package ${pkgIndex}) points at no blob of that package; it is skipped`);
      continue;
    }
    const length = u32(blobAt + 12);
    if (blobAt + BLOCK_SIZE + length > bytes.length) {
      problems.push(`blob of package ${pkgIndex} runs past the end of the file; it is skipped`);
      continue;
    }
    blobs.push({
      where: `package ${pkgIndex}`,
      blob: bytes.subarray(blobAt + BLOCK_SIZE, blobAt + BLOCK_SIZE + length),
    });
  }
  return { blobs, problems };
}
