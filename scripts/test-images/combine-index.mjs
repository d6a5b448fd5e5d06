// Joins single-image OCI layouts into one multi-platform layout: <flat>/index.json lists each
// image manifest with its platform; <nested>/index.json holds one image index blob that lists them.
// usage: combine-index.mjs FLAT_DIR NESTED_DIR LAYOUT...
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [flat, nested, ...layouts] = process.argv.slice(2);
if (!flat || !nested || layouts.length === 0) throw new Error('usage: combine-index.mjs FLAT NESTED LAYOUT...');

const INDEX = 'application/vnd.oci.image.index.v1+json';
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

const manifests = layouts.map((layout) => {
  const [desc] = readJson(join(layout, 'index.json')).manifests;
  const manifest = readJson(join(layout, 'blobs', ...desc.digest.split(':')));
  const config = readJson(join(layout, 'blobs', ...manifest.config.digest.split(':')));
  return {
    layout,
    descriptor: {
      mediaType: desc.mediaType,
      digest: desc.digest,
      size: desc.size,
      platform: { architecture: config.architecture, os: config.os },
    },
  };
});

for (const dir of [flat, nested]) {
  mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true });
  writeFileSync(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  for (const { layout } of manifests) cpSync(join(layout, 'blobs'), join(dir, 'blobs'), { recursive: true });
}

const index = { schemaVersion: 2, mediaType: INDEX, manifests: manifests.map((m) => m.descriptor) };
writeFileSync(join(flat, 'index.json'), JSON.stringify(index));

const indexBlob = Buffer.from(JSON.stringify(index));
const digest = `sha256:${createHash('sha256').update(indexBlob).digest('hex')}`;
writeFileSync(join(nested, 'blobs', 'sha256', digest.slice(7)), indexBlob);
const top = {
  schemaVersion: 2,
  mediaType: INDEX,
  manifests: [
    {
      mediaType: INDEX,
      digest,
      size: indexBlob.length,
      annotations: { 'org.opencontainers.image.ref.name': 'latest' },
    },
  ],
};
writeFileSync(join(nested, 'index.json'), JSON.stringify(top));
