// SBOM attestations, as `cosign attest --type cyclonedx|spdxjson` makes them and `trivy sbom` reads them (trivy
// pkg/sbom/sbom.go, pkg/attestation): a DSSE envelope whose payload is an in-toto statement whose predicate is
// the SBOM; cosign 1's legacy predicate, which holds the SBOM under `Data`; and the Sigstore bundle (v0.3) of
// cosign 3, which carries the envelope as `dsseEnvelope`.
import { InputError } from '../errors.js';
import { isObject, type Json } from './json-values.js';

const IN_TOTO_PAYLOAD = 'application/vnd.in-toto+json';
const SIGSTORE_BUNDLE = 'application/vnd.dev.sigstore.bundle.v0.3+json';
/** in-toto's CycloneDX predicate type, and the one before in-toto-golang 0.5. */
const CYCLONEDX_PREDICATES = new Set(['https://cyclonedx.org/bom', 'https://cyclonedx.org/schema']);
const SPDX_PREDICATE = 'https://spdx.dev/Document';

/**
 * The SBOM document an attestation carries, or `doc` itself when it is no attestation. Throws InputError
 * naming `file` for an envelope that carries no CycloneDX or SPDX SBOM.
 */
export function unwrapAttestation(doc: unknown, file: string): unknown {
  if (!isObject(doc)) return doc;
  const envelope = doc.mediaType === SIGSTORE_BUNDLE ? doc.dsseEnvelope : doc;
  if (!isObject(envelope) || typeof envelope.payloadType !== 'string' || typeof envelope.payload !== 'string') {
    if (envelope !== doc) throw new InputError(`${file}: Sigstore bundle without a DSSE envelope`);
    return doc;
  }
  if (envelope.payloadType !== IN_TOTO_PAYLOAD) {
    throw new InputError(`${file}: attestation payload type '${envelope.payloadType}' is not ${IN_TOTO_PAYLOAD}`);
  }
  const statement = statementOf(envelope.payload, file);
  const predicate = statement.predicate;
  const type = statement.predicateType;
  if (typeof type === 'string' && CYCLONEDX_PREDICATES.has(type) && isObject(predicate)) {
    return 'Data' in predicate ? predicate.Data : predicate;
  }
  if (type === SPDX_PREDICATE && isObject(predicate) && predicate.SPDXID === 'SPDXRef-DOCUMENT') return predicate;
  throw new InputError(`${file}: attestation predicate '${String(type)}' is not a CycloneDX or SPDX SBOM`);
}

function statementOf(payload: string, file: string): Json {
  // Standard base64, as DSSE writes it; Buffer.from would skip bad characters silently.
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(payload)) throw new InputError(`${file}: attestation payload is not base64`);
  let statement: unknown;
  try {
    statement = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
  } catch (error) {
    throw new InputError(`${file}: attestation payload is not JSON (${(error as Error).message.split('\n')[0]})`);
  }
  if (!isObject(statement)) throw new InputError(`${file}: attestation payload is not an in-toto statement`);
  return statement;
}
