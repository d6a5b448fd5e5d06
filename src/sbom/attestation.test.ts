import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { unwrapAttestation } from './attestation.js';
import { decodeSbom } from './index.js';

const FIXTURES = path.join('test', 'fixtures', 'sbom-attestation');
const read = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

/** name@version[-release] per target, as barnacle decodes the file. */
function inventory(file: string) {
  const sbom = decodeSbom(read(file), file);
  return sbom.targets.map((t) => ({
    target: t.target,
    type: t.type,
    packages: t.packages.map((p) => `${p.name}@${p.version}${p.release ? `-${p.release}` : ''}`).sort(),
  }));
}

/** The same from Trivy v0.44.1's report of the file (see README.md). */
function trivyInventory(file: string) {
  const report = JSON.parse(read(`${file}.trivy-packages.json`)) as {
    Results: { Target: string; Type: string; Packages: { Name: string; Version: string; Release?: string }[] }[];
  };
  return report.Results.map((r) => ({
    target: r.Target,
    type: r.Type,
    packages: r.Packages.map((p) => `${p.Name}@${p.Version}${p.Release ? `-${p.Release}` : ''}`).sort(),
  }));
}

const byTarget = <T extends { target: string }>(list: T[]) =>
  [...list].sort((a, b) => a.target.localeCompare(b.target));

describe('SBOM attestations', () => {
  it.each(['centos-7-cyclonedx.intoto.jsonl', 'sbom.cdx.intoto.jsonl'])(
    '%s (a cosign DSSE envelope) lists the packages Trivy lists, under the same targets',
    (file) => {
      expect(byTarget(inventory(file))).toEqual(byTarget(trivyInventory(file)));
    },
  );

  it('a Sigstore bundle gives the packages of the SBOM in its envelope', () => {
    const bundle = JSON.parse(read('sigstore-bundle.json'));
    const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString());
    const inner = decodeSbom(JSON.stringify(statement.predicate), 'sigstore-bundle.json');
    expect(decodeSbom(read('sigstore-bundle.json'), 'sigstore-bundle.json').targets).toEqual(inner.targets);
    expect(inner.targets.flatMap((t) => t.packages).length).toBeGreaterThan(0);
  });

  it('a bare SBOM is its own document', () => {
    const doc = { bomFormat: 'CycloneDX', components: [] };
    expect(unwrapAttestation(doc, 'x.json')).toBe(doc);
  });

  const envelope = (payloadType: string, statement: unknown) => ({
    payloadType,
    payload: Buffer.from(JSON.stringify(statement)).toString('base64'),
    signatures: [],
  });
  const spdx = { SPDXID: 'SPDXRef-DOCUMENT', spdxVersion: 'SPDX-2.3', packages: [] };
  it('an SPDX predicate is the SPDX document', () => {
    const doc = envelope('application/vnd.in-toto+json', {
      predicateType: 'https://spdx.dev/Document',
      predicate: spdx,
    });
    expect(unwrapAttestation(doc, 'x.att')).toEqual(spdx);
  });

  const bad = [
    {
      name: 'a payload type other than in-toto',
      doc: envelope('text/plain', { predicateType: 'https://cyclonedx.org/bom', predicate: {} }),
      reason: "attestation payload type 'text/plain' is not application/vnd.in-toto+json",
    },
    {
      name: 'a predicate that is no SBOM (a cosign custom attestation, from Trivy testdata)',
      doc: JSON.parse(readFileSync(path.join(FIXTURES, 'cosign-custom.attestation.json'), 'utf8')),
      reason: "attestation predicate 'cosign.sigstore.dev/attestation/v1' is not a CycloneDX or SPDX SBOM",
    },
    {
      name: 'a payload that is not base64',
      doc: { payloadType: 'application/vnd.in-toto+json', payload: '{not base64}' },
      reason: 'attestation payload is not base64',
    },
    {
      name: 'a payload that is not JSON',
      doc: { payloadType: 'application/vnd.in-toto+json', payload: Buffer.from('nope').toString('base64') },
      reason: 'attestation payload is not JSON',
    },
    {
      name: 'a Sigstore bundle without an envelope',
      doc: { mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json' },
      reason: 'Sigstore bundle without a DSSE envelope',
    },
  ];
  it.each(bad)('$name is an input error naming the file', ({ doc, reason }) => {
    expect(() => unwrapAttestation(doc, 'x.att')).toThrow(InputError);
    expect(() => unwrapAttestation(doc, 'x.att')).toThrow(`x.att: ${reason}`);
  });

  it('JSON lines: the first attestation is read, as Trivy reads the first JSON value', () => {
    const text = `${read('centos-7-cyclonedx.intoto.jsonl').trim()}\n${read('centos-7-cyclonedx.intoto.jsonl').trim()}\n`;
    expect(decodeSbom(text, 'two.jsonl').targets.map((t) => t.packages.length)).toEqual([2]);
  });

  it('text that is not JSON at all is still the plain error', () => {
    expect(() => decodeSbom('garbage\nmore garbage', 'g.json')).toThrow(/^g\.json: not a JSON SBOM/);
  });
});
