// The image sources, and openImage: what `--input` names (an archive or a layout directory) as an Image.
import { readdir, stat } from 'node:fs/promises';
import { BarnacleError, InputError, messageOf } from '../errors.js';
import { registry } from '../registry.js';
import { openArchive } from './archive.js';
import { docker, podman } from './daemon.js';
import { dockerArchive, dockerArchiveImage, isDockerArchive } from './docker-archive.js';
import { ociLayout, ociLayoutImage } from './oci-layout.js';
import { parseReference } from './registry/reference.js';
import { remote } from './registry.js';
import { archiveStore, directoryStore } from './store.js';
import type { Image, SourceOptions } from './types.js';

export const sources = registry([docker, dockerArchive, ociLayout, podman, remote]);

/** Trivy's --image-src values in its default order (pkg/fanal/types AllImageSources). */
export const IMAGE_SOURCES = ['docker', 'containerd', 'podman', 'remote'] as const;

/**
 * Opens the image `name` names from the first of `imageSources` that has it, as Trivy's
 * NewContainerImage does (pkg/fanal/image/image.go); when none has it, one error lists each source's reason.
 */
export async function openImageByName(
  name: string,
  imageSources: readonly string[],
  options: SourceOptions,
  debug: (message: string) => void = () => {},
): Promise<Image> {
  parseReference(name); // a malformed name is a usage error, whatever the sources
  const reasons: string[] = [];
  for (const id of imageSources) {
    const source = sources.get(id);
    if (!source) {
      // containerd is one of Trivy's sources (and in its default list); barnacle does not read its store.
      debug(`${id}: image source not supported, skipped`);
      continue;
    }
    try {
      const image = await source.open(name, options);
      debug(`image ${name} found in ${id}`);
      return image;
    } catch (error) {
      if (error instanceof BarnacleError && error.exitCode === 2) throw error;
      debug(`${id}: ${messageOf(error)}`);
      reasons.push(`${id}: ${messageOf(error)}`);
    }
  }
  throw new InputError(`unable to find the image '${name}' in ${imageSources.join(', ')}: ${reasons.join('; ')}`);
}

/**
 * Opens the image at `input`: a `docker save` archive (plain or gzipped; manifest.json wins when an archive
 * also holds an OCI layout, as in Trivy), an OCI layout tar, or an OCI layout directory. As in Trivy, an OCI
 * layout path may end in `:tag` or `@sha256:…` to pick an entry of its index.json.
 */
export async function openImage(input: string, options: SourceOptions): Promise<Image> {
  try {
    return await openTarget(input, options);
  } catch (error) {
    if (error instanceof BarnacleError) throw error;
    // An unreadable file or directory (EACCES, EIO, ...): Node's message names the call and the path.
    throw new InputError(`${input}: ${messageOf(error)}`, { cause: error });
  }
}

async function openTarget(input: string, options: SourceOptions): Promise<Image> {
  const { file, ref } = await targetOf(input);
  const info = await stat(file);
  if (info.isDirectory()) return openDirectory(file, input, options, ref);
  if (!info.isFile()) throw new InputError(`${input}: not a regular file or directory`);
  const archive = await openArchive(file, options.cacheDir);
  try {
    if (ref === undefined && isDockerArchive(archive)) return await dockerArchiveImage(archive, options);
    if (archive.index.resolve('index.json')) return await ociLayoutImage(archiveStore(archive), options, ref, input);
    throw new InputError(`${input}: not a container image archive (no manifest.json or index.json in the tar)`);
  } catch (error) {
    await archive.close();
    throw error;
  }
}

async function openDirectory(dir: string, input: string, options: SourceOptions, ref?: string): Promise<Image> {
  const names = await readdir(dir);
  if (names.length === 0) throw new InputError(`${dir}: empty directory, not an OCI image layout`);
  if (!names.includes('index.json')) {
    const hint = names.includes('manifest.json') ? '; for an extracted docker save, pass the .tar itself' : '';
    throw new InputError(`${dir}: not an OCI image layout (no index.json)${hint}`);
  }
  return ociLayoutImage(directoryStore(dir), options, ref, input);
}

/** The path to open and the index.json entry named after it; the path as given when it exists. */
async function targetOf(input: string): Promise<{ file: string; ref?: string }> {
  if (await exists(input)) return { file: input };
  for (const separator of ['@', ':']) {
    const at = input.lastIndexOf(separator);
    if (at > 0 && at < input.length - 1 && (await exists(input.slice(0, at)))) {
      return { file: input.slice(0, at), ref: input.slice(at + 1) };
    }
  }
  throw new InputError(`${input}: no such file or directory`);
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    throw error;
  }
}
