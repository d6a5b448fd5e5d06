// Files of an OCI image layout, whether it is a directory or a (possibly gzipped) tar archive.
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Archive } from './archive.js';
import { checkJsonSize } from './image-config.js';

export interface LayoutStore {
  /** The layout as the user named it. */
  readonly label: string;
  /** Where a file of the layout is, for messages: `dir/blobs/sha256/ab…` or `image.tar:blobs/sha256/ab…`. */
  location(file: string): string;
  /** Size of a regular file of the layout, or undefined when it is absent. */
  size(file: string): Promise<number | undefined>;
  /** A JSON file read whole (at most MAX_JSON_BYTES); only call for a file `size` found. */
  read(file: string): Promise<Buffer>;
  open(file: string): Readable;
  close(): Promise<void>;
}

export function directoryStore(dir: string): LayoutStore {
  const full = (file: string) => path.join(dir, file);
  return {
    label: dir,
    location: full,
    async size(file) {
      const info = await stat(full(file)).catch(() => undefined);
      return info?.isFile() ? info.size : undefined;
    },
    async read(file) {
      checkJsonSize((await stat(full(file))).size, full(file));
      return readFile(full(file));
    },
    open: (file) => createReadStream(full(file)),
    close: async () => {},
  };
}

export function archiveStore(archive: Archive): LayoutStore {
  const { index } = archive;
  return {
    label: archive.label,
    location: (file) => `${archive.label}:${file}`,
    size: async (file) => index.resolve(file)?.size,
    async read(file) {
      const entry = index.resolve(file);
      if (!entry) return Buffer.alloc(0);
      checkJsonSize(entry.size, `${archive.label}:${file}`);
      return index.read(entry);
    },
    open(file) {
      const entry = index.resolve(file);
      return entry ? index.open(entry) : Readable.from([]);
    },
    close: () => archive.close(),
  };
}
