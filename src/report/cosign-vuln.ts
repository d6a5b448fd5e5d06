// `--format cosign-vuln`: Cosign's vulnerability scan record (predicate type
// https://cosign.sigstore.dev/attestation/vuln/v1), as Trivy writes it for `cosign attest --type vuln`: the
// whole JSON report under scanner.result, the scan's time as its start and end. The scanner is barnacle.
import { goTime, marshalIndentChunks, type StreamValue } from './go-json.js';
import { reportStream } from './json.js';
import type { Reporter } from './types.js';

function* predicateChunks(...[result, options]: Parameters<Reporter['render']>): Generator<string> {
  const time = goTime(result.createdAt);
  const predicate: StreamValue = {
    invocation: { parameters: null, uri: '', event_id: '', 'builder.id': '' },
    scanner: {
      uri: `pkg:npm/barnacle@${options.version}`,
      version: options.version,
      db: { uri: '', version: '' },
      result: reportStream(result, options),
    },
    metadata: { scanStartedOn: time, scanFinishedOn: time },
  };
  // fmt.Fprint of json.MarshalIndent: no trailing newline.
  yield* marshalIndentChunks(predicate);
}

export const cosignVuln: Reporter = {
  id: 'cosign-vuln',
  render: (result, options) => [...predicateChunks(result, options)].join(''),
  renderChunks: predicateChunks,
};
