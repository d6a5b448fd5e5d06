// `barnacle sbom FILE`: reads a CycloneDX or SPDX JSON SBOM (bare or in an attestation), a CycloneDX XML or an
// SPDX tag-value one into the OS and targets the match stage takes.
import { InputError } from '../errors.js';
import { unwrapAttestation } from './attestation.js';
import { isCycloneDx, readCycloneDx } from './cyclonedx.js';
import { cycloneDxXmlToJson, isXml } from './cyclonedx-xml.js';
import { type DecodedSbom, targetsOf } from './decode.js';
import { isSpdx, readSpdx } from './spdx.js';
import { isSpdxTagValue, spdxTagValueToJson } from './spdx-tag-value.js';

/**
 * Decodes an SBOM's text. `file` names it in errors and problems and is the artifact name in target names.
 * Throws InputError for text that is not JSON or not a CycloneDX / SPDX document.
 */
export function decodeSbom(source: string, file: string): DecodedSbom {
  const doc = isSpdxTagValue(source)
    ? spdxTagValueToJson(source, file)
    : isXml(source)
      ? cycloneDxXmlToJson(source, file)
      : unwrapAttestation(firstJsonValue(source, file), file);
  const format = isCycloneDx(doc) ? 'cyclonedx' : isSpdx(doc) ? 'spdx' : undefined;
  if (!format) throw new InputError(`${file}: not a CycloneDX or SPDX JSON document`);
  const { packages, os } = format === 'cyclonedx' ? readCycloneDx(doc as never) : readSpdx(doc as never);
  const { targets, problems } = targetsOf(packages, os, file, file);
  return { format, os, targets, problems };
}

/**
 * The document of the text: the whole text, or its first line when the text is JSON lines (attestations as
 * `cosign download attestation` writes them, one per line: the first is read, as Trivy's JSON decoder does).
 */
function firstJsonValue(source: string, file: string): unknown {
  try {
    return JSON.parse(source);
  } catch (error) {
    const newline = source.indexOf('\n');
    if (newline > 0) {
      try {
        return JSON.parse(source.slice(0, newline));
      } catch {
        // not JSON lines either: the error of the whole text says more
      }
    }
    throw new InputError(`${file}: not a JSON SBOM (${(error as Error).message.split('\n')[0]})`);
  }
}
