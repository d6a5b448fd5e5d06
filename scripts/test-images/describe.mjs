// Writes <out>/image.json: the layout's platforms and layers, and the dpkg ground truth of each
// platform with the layer that introduced each package. Reads <out>/oci and <out>/truth/<arch>/.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const out = process.argv[2];
if (!out) throw new Error('usage: describe.mjs OUT_DIR');
const layout = join(out, 'oci');

const blob = (digest) => readFileSync(join(layout, 'blobs', ...digest.split(':')));
const json = (digest) => JSON.parse(blob(digest).toString('utf8'));

/** Every image manifest reachable from index.json, through nested indexes. */
function manifests(index) {
  return index.manifests.flatMap((d) =>
    d.mediaType === 'application/vnd.oci.image.index.v1+json' ? manifests(json(d.digest)) : [d],
  );
}

function readTsv(path) {
  if (!existsSync(path)) return undefined;
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [name, version, srcName, srcVersion, arch] = line.split('\t');
      return { name, version, srcName, srcVersion, arch };
    });
}

function readOs(dir) {
  const fields = Object.fromEntries(
    readFileSync(join(dir, 'os-release'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).replace(/^"|"$/g, '')]),
  );
  return {
    id: fields.ID,
    versionId: fields.VERSION_ID,
    prettyName: fields.PRETTY_NAME,
    debianVersion: readFileSync(join(dir, 'debian_version'), 'utf8').trim(),
  };
}

const key = (p) => `${p.name}\t${p.version}\t${p.arch}`;

const platforms = manifests(JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8'))).map((desc) => {
  const manifest = json(desc.digest);
  const config = json(manifest.config.digest);
  const arch = config.architecture;
  const truth = join(out, 'truth', arch);
  const diffIds = config.rootfs.diff_ids;
  if (diffIds.length !== manifest.layers.length) throw new Error(`${desc.digest}: diff_ids and layers differ in count`);
  const layers = manifest.layers.map((l, i) => ({
    digest: l.digest,
    diffId: diffIds[i],
    mediaType: l.mediaType,
    size: l.size,
  }));
  // stage-N.tsv is the package state after layer N; a layer with no record left the state as it was.
  const stages = [];
  for (let n = 1; n <= layers.length; n++) stages.push(readTsv(join(truth, `stage-${n}.tsv`)) ?? stages.at(-1) ?? []);
  const packages = (stages.at(-1) ?? []).map((p) => {
    // The layer that introduced a package: the first of the last unbroken run of layers holding it.
    let layer = stages.length - 1;
    while (layer > 0 && stages[layer - 1].some((q) => key(q) === key(p))) layer--;
    return { ...p, layer };
  });
  const final = readTsv(join(truth, 'final.tsv'));
  if (final && final.map(key).join('\n') !== packages.map(key).join('\n')) {
    throw new Error(`${arch}: packages of the unpacked image differ from the recorded last stage`);
  }
  return {
    platform: `${config.os}/${arch}${config.variant ? `/${config.variant}` : ''}`,
    manifestDigest: desc.digest,
    configDigest: manifest.config.digest,
    layers,
    os: readOs(truth),
    packages,
  };
});

writeFileSync(join(out, 'image.json'), `${JSON.stringify({ platforms }, null, 2)}\n`);
