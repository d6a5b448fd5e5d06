// `barnacle sbom FILE`: reads a CycloneDX or SPDX JSON SBOM into the OS and targets the match stage takes.
import { InputError } from '../errors.js';
import { isCycloneDx, readCycloneDx } from './cyclonedx.js';
import { type DecodedSbom, targetsOf } from './decode.js';
import { isSpdx, readSpdx } from './spdx.js';

/**
 * Decodes an SBOM's text. `file` names it in errors and problems and is the artifact name in target names.
 * Throws InputError for text that is not JSON or not a CycloneDX / SPDX document.
 */
export function decodeSbom(source: string, file: string): DecodedSbom {
  let doc: unknown;
  try {
    doc = JSON.parse(source);
  } catch (error) {
    throw new InputError(`${file}: not a JSON SBOM (${(error as Error).message.split('\n')[0]})`);
  }
  const format = isCycloneDx(doc) ? 'cyclonedx' : isSpdx(doc) ? 'spdx' : undefined;
  if (!format) throw new InputError(`${file}: not a CycloneDX or SPDX JSON document`);
  const { packages, os } = format === 'cyclonedx' ? readCycloneDx(doc as never) : readSpdx(doc as never);
  const { targets, problems } = targetsOf(packages, os, file, file);
  return { format, os, targets, problems };
}
