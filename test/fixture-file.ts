// Makes a LayerFile from a file on disk, so analyzers can be tested on real files.
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { LayerFile } from '../src/analyzer/types.js';

/** test/fixtures/analyzer/<id>/<case>: a tiny root filesystem. */
export function fixtureRoot(analyzerId: string, name: string): string {
  return fileURLToPath(new URL(`./fixtures/analyzer/${analyzerId}/${name}`, import.meta.url));
}

/** The file at `path` (relative, `/` separators) under `root`, as a layer would hand it to an analyzer. */
export function fixtureFile(root: string, path: string): LayerFile {
  const onDisk = join(root, ...path.split('/'));
  const stat = statSync(onDisk);
  let opened = false;
  // A layer streams each file once: reading it twice is a bug in the analyzer under test.
  const once =
    <T>(read: () => T) =>
    (): T => {
      if (opened) throw new Error(`${path}: content already read once`);
      opened = true;
      return read();
    };
  return {
    path,
    size: stat.size,
    mode: stat.mode & 0o7777,
    bytes: once(async () => new Uint8Array(readFileSync(onDisk))),
    text: once(async () => readFileSync(onDisk, 'utf8')),
    stream: once(() => createReadStream(onDisk)),
  };
}

/** A LayerFile holding `content`, for inputs too small or too broken to keep as fixture files. */
export function textFile(path: string, content: string): LayerFile {
  const data = new TextEncoder().encode(content);
  return {
    path,
    size: data.length,
    mode: 0o644,
    bytes: async () => data,
    text: async () => content,
    stream: () => Readable.from([data]),
  };
}
