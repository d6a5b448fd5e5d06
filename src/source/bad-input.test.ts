import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { sourceFixtures, workRoot } from '../../test/fixtures/source/build-images.js';
import { editTar, sparseTar } from '../../test/fixtures/source/tar-edit.js';
import { InputError, UsageError } from '../errors.js';
import { openImage } from './index.js';

const fixtures = sourceFixtures();
const TEMP_ROOT = workRoot();

const blobOf = (digest: string) => path.join('blobs', 'sha256', digest.slice('sha256:'.length));
const [amdLayer1, amdLayer2] = fixtures.amd64.layerDigests;
const configName = `${fixtures.amd64.id.slice(7)}.json`;

/** A copy of the OCI layout directory, changed by `change(dir)`. */
function damagedLayout(work: string, change: (dir: string) => void, from = fixtures.ociDir): string {
  const dir = path.join(work, 'layout');
  cpSync(from, dir, { recursive: true });
  change(dir);
  return dir;
}

/** A copy of docker.tar with its manifest.json replaced. */
async function withManifest(work: string, manifest: string): Promise<string> {
  const file = path.join(work, 'image.tar');
  await editTar(fixtures.dockerTar, file, (name) => (name === 'manifest.json' ? Buffer.from(manifest) : undefined));
  return file;
}

/** Writes `work/name` and returns its path. */
function fileWith(work: string, name: string, content: string | Buffer): string {
  writeFileSync(path.join(work, name), content);
  return path.join(work, name);
}

/** Makes the directory `work/name` holding `files` and returns its path. */
function dirWith(work: string, name: string, files: Readonly<Record<string, string>> = {}): string {
  mkdirSync(path.join(work, name));
  for (const [file, content] of Object.entries(files)) writeFileSync(path.join(work, name, file), content);
  return path.join(work, name);
}

const flipByte = (file: string, offsetFromEnd: number) => {
  const bytes = readFileSync(file);
  const at = bytes.length - offsetFromEnd;
  bytes[at] = (bytes[at] ?? 0) ^ 0xff;
  writeFileSync(file, bytes);
};

describe('openImage on bad input', () => {
  const cases: {
    name: string;
    input: (work: string) => string | Promise<string>;
    platform?: string;
    want: RegExp;
    error?: typeof InputError | typeof UsageError;
  }[] = [
    {
      name: 'a path that does not exist',
      input: (w) => path.join(w, 'nope.tar'),
      want: /nope\.tar: no such file or directory$/,
    },
    {
      name: 'an empty file',
      input: (w) => fileWith(w, 'empty.tar', ''),
      want: /empty\.tar: empty file, not an image archive$/,
    },
    {
      name: 'an empty directory',
      input: (w) => dirWith(w, 'd'),
      want: /\/d: empty directory, not an OCI image layout$/,
    },
    {
      name: 'a directory that is not an OCI layout',
      input: (w) => dirWith(w, 'd', { 'notes.txt': 'hi' }),
      want: /\/d: not an OCI image layout \(no index\.json\)$/,
    },
    {
      name: 'a directory with oci-layout but no index.json',
      input: (w) => damagedLayout(w, (d) => unlinkSync(path.join(d, 'index.json'))),
      want: /layout: not an OCI image layout \(no index\.json\)$/,
    },
    {
      name: 'a file that is not a tar',
      input: (w) => fileWith(w, 'x.tar', 'this is plain text, not an archive\n'.repeat(40)),
      want: /x\.tar: not a tar archive \(no valid tar header at byte 0\)$/,
    },
    {
      name: 'a truncated tar',
      input: (w) => {
        const file = path.join(w, 'cut.tar');
        cpSync(fixtures.dockerTar, file);
        truncateSync(file, 2048 + 1000); // inside the first layer's content
        return file;
      },
      want: /cut\.tar: truncated tar \(member [0-9a-f]{64}\.tar at byte \d+ runs past the end of the file at byte 3048\)/,
    },
    {
      name: 'a gzipped archive with a bad CRC',
      input: (w) => {
        const file = path.join(w, 'bad-crc.tar.gz');
        cpSync(fixtures.dockerTarGz, file);
        flipByte(file, 8); // first byte of the CRC32 trailer (RFC 1952 §2.2)
        return file;
      },
      want: /bad-crc\.tar\.gz: not a valid gzip stream \(incorrect data check\); re-export the image$/,
    },
    {
      name: 'a truncated gzipped archive',
      input: (w) => {
        const file = path.join(w, 'cut.tar.gz');
        cpSync(fixtures.dockerTarGz, file);
        truncateSync(file, 200);
        return file;
      },
      want: /cut\.tar\.gz: not a valid gzip stream \(unexpected end of file\)/,
    },
    {
      name: 'a tar that is not an image',
      input: async (w) => {
        const file = path.join(w, 'other.tar');
        await editTar(fixtures.dockerTar, file, (name) =>
          name.endsWith('.json') || name === 'repositories' ? null : undefined,
        );
        return file;
      },
      want: /other\.tar: not a container image archive \(no manifest\.json or index\.json in the tar\)$/,
    },
    {
      name: 'manifest.json that is not JSON',
      input: (w) => withManifest(w, '[{"Config": '),
      want: /image\.tar:manifest\.json: manifest is not valid JSON \(/,
    },
    {
      name: 'manifest.json of the wrong shape',
      input: (w) => withManifest(w, '{"Config": "x.json"}'),
      want: /image\.tar:manifest\.json: invalid manifest \(/,
    },
    {
      name: 'manifest.json without images',
      input: (w) => withManifest(w, '[]'),
      want: /image\.tar:manifest\.json: lists no image$/,
    },
    {
      name: 'manifest.json with two images',
      input: (w) =>
        withManifest(
          w,
          JSON.stringify([
            { Config: configName, RepoTags: ['a:1'], Layers: [] },
            { Config: configName, RepoTags: ['b:2'], Layers: [] },
          ]),
        ),
      want: /image\.tar:manifest\.json: lists 2 images \(a:1; b:2\); save one image per archive$/,
    },
    {
      name: 'a missing config',
      input: async (w) => {
        const file = path.join(w, 'image.tar');
        await editTar(fixtures.dockerTar, file, (name) => (name === configName ? null : undefined));
        return file;
      },
      want: /image\.tar:[0-9a-f]{64}\.json: config named in manifest\.json is missing$/,
    },
    {
      name: 'a config without rootfs.diff_ids',
      input: async (w) => {
        const file = path.join(w, 'image.tar');
        await editTar(fixtures.dockerTar, file, (name) =>
          name === configName
            ? Buffer.from('{"architecture":"amd64","os":"linux","rootfs":{"type":"layers"}}')
            : undefined,
        );
        return file;
      },
      want: /\.json: invalid image config \(rootfs\.diff_ids: /,
    },
    {
      name: 'a config with fewer diff_ids than layers',
      input: async (w) => {
        const file = path.join(w, 'image.tar');
        await editTar(fixtures.dockerTar, file, (name, content) => {
          if (name !== configName) return undefined;
          const config = JSON.parse(content.toString('utf8')) as { rootfs: { diff_ids: string[] } };
          config.rootfs.diff_ids = config.rootfs.diff_ids.slice(0, 1);
          return Buffer.from(JSON.stringify(config));
        });
        return file;
      },
      want: /\.json: config lists 1 diff_ids but the manifest lists 2 layers$/,
    },
    {
      name: 'a layer listed in manifest.json but absent',
      input: async (w) => {
        const file = path.join(w, 'image.tar');
        const lastLayer = `${fixtures.amd64.diffIds[1]?.slice(7)}.tar`;
        await editTar(fixtures.dockerTar, file, (name) => (name === lastLayer ? null : undefined));
        return file;
      },
      want: /image\.tar:[0-9a-f]{64}\.tar: layer named in manifest\.json is missing$/,
    },
    {
      name: 'a docker-archive for another platform',
      input: () => fixtures.dockerTar,
      platform: 'linux/arm64',
      want: /docker\.tar: image is for linux\/amd64, not linux\/arm64$/,
    },
    {
      name: 'an invalid --platform',
      input: () => fixtures.ociDir,
      platform: 'linux',
      want: /--platform 'linux': expected os\/arch\[\/variant\]/,
      error: UsageError,
    },
    {
      name: 'index.json that is not JSON',
      input: (w) => damagedLayout(w, (d) => writeFileSync(path.join(d, 'index.json'), '{"manifests": [')),
      want: /layout\/index\.json: index is not valid JSON \(/,
    },
    {
      name: 'index.json with a hostile digest',
      input: (w) =>
        damagedLayout(w, (d) =>
          writeFileSync(
            path.join(d, 'index.json'),
            JSON.stringify({
              schemaVersion: 2,
              manifests: [
                {
                  mediaType: 'application/vnd.oci.image.manifest.v1+json',
                  digest: 'sha256:../../../etc/passwd',
                  size: 1,
                },
              ],
            }),
          ),
        ),
      want: /layout\/index\.json: invalid index \(manifests\.0\.digest: not a sha256\/sha512 digest\)$/,
    },
    {
      name: 'a manifest listed in index.json but absent',
      input: (w) =>
        damagedLayout(w, (d) => {
          const index = JSON.parse(readFileSync(path.join(d, 'index.json'), 'utf8')) as {
            manifests: { digest: string }[];
          };
          for (const m of index.manifests) unlinkSync(path.join(d, blobOf(m.digest)));
        }),
      want: /layout\/blobs\/sha256\/[0-9a-f]{64}: manifest listed in the index is missing$/,
    },
    {
      name: 'an OCI layer listed but absent',
      input: (w) => damagedLayout(w, (d) => unlinkSync(path.join(d, blobOf(amdLayer2 ?? '')))),
      want: /layout\/blobs\/sha256\/[0-9a-f]{64}: layer listed in .*layout\/blobs\/sha256\/[0-9a-f]{64} is missing$/,
    },
    {
      name: 'an OCI layer shorter than its descriptor',
      input: (w) => damagedLayout(w, (d) => truncateSync(path.join(d, blobOf(amdLayer1 ?? '')), 10)),
      want: /layout\/blobs\/sha256\/[0-9a-f]{64}: layer is 10 bytes, the manifest says \d+$/,
    },
    {
      name: 'an OCI config whose content does not match its digest',
      input: (w) => damagedLayout(w, (d) => flipByte(path.join(d, blobOf(fixtures.amd64.id)), 3)),
      want: /blobs\/sha256\/[0-9a-f]{64}: content digest is sha256:[0-9a-f]{64}, its descriptor says sha256:[0-9a-f]{64}$/,
    },
    {
      name: 'an OCI layout tar without its config',
      input: async (w) => {
        const file = path.join(w, 'oci.tar');
        await editTar(fixtures.ociTar, file, (name) => (name === blobOf(fixtures.amd64.id) ? null : undefined));
        return file;
      },
      want: /oci\.tar:blobs\/sha256\/[0-9a-f]{64}: config named in manifest sha256:[0-9a-f]{12} is missing$/,
    },
    {
      name: 'a --platform no manifest matches',
      input: () => fixtures.multiDir,
      platform: 'linux/ppc64le',
      want: /multi: no image for platform linux\/ppc64le \(it has: linux\/amd64, linux\/arm64\/v8, linux\/s390x\)$/,
    },
    {
      name: 'a --platform no manifest matches, platforms read from the configs',
      input: () => fixtures.ociDir,
      platform: 'linux/arm/v7',
      want: /oci: no image for platform linux\/arm\/v7 \(it has: linux\/amd64, linux\/arm64\)$/,
    },
    {
      name: 'a --platform whose manifest was not exported',
      input: () => fixtures.multiDir,
      platform: 'linux/s390x',
      want: /multi\/blobs\/sha256\/[0-9a-f]{64}: manifest for linux\/s390x is listed but missing from the layout$/,
    },
    {
      name: 'a tag the layout does not have',
      input: () => `${fixtures.ociDir}:nope`,
      want: /oci: no image named 'nope' in index\.json \(it has: latest, arm64\)$/,
    },
    {
      name: 'a 3 GiB manifest.json (a sparse file)',
      input: (w) => {
        const file = path.join(w, 'huge.tar');
        sparseTar(file, [{ name: 'manifest.json', size: 3 * 1024 ** 3 }]);
        return file;
      },
      want: /huge\.tar:manifest\.json: 3221225472 bytes is too large for a manifest, index or config \(limit 67108864\)$/,
    },
    {
      name: 'a zstd-compressed archive',
      input: (w) => fileWith(w, 'x.tar.zst', execFileSync('zstd', ['-q', '-c', fixtures.dockerTar])),
      want: /x\.tar\.zst: zstd-compressed archives are not supported; decompress it first/,
    },
  ];

  it.each(cases)(
    'rejects $name with one line naming the file',
    async ({ input, platform, want, error = InputError }) => {
      const work = mkdtempSync(path.join(TEMP_ROOT, 'bad-'));
      const cacheDir = path.join(work, 'cache');
      const target = await input(work);
      const opened = openImage(target, { cacheDir, platform });
      await expect(opened).rejects.toBeInstanceOf(error);
      await expect(opened).rejects.toThrow(want);
      const message = await opened.catch((e: Error) => e.message);
      expect(message).not.toContain('\n');
      // A gzipped archive is decompressed inside the cache directory; nothing of it may be left behind.
      expect(existsSync(cacheDir) ? readdirSync(cacheDir) : []).toEqual([]);
    },
  );
});

describe('reading a layer whose blob was altered after opening', () => {
  const cases: { name: string; input: (work: string) => Promise<string> | string; layer: number; want: RegExp }[] = [
    {
      name: 'an OCI layer with one byte changed',
      input: (w) => damagedLayout(w, (d) => flipByte(path.join(d, blobOf(amdLayer2 ?? '')), 20)),
      layer: 1,
      want: /layout\/blobs\/sha256\/[0-9a-f]{64}: blob digest is sha256:[0-9a-f]{64}, its descriptor says sha256:[0-9a-f]{64}$/,
    },
    {
      name: 'a gzipped docker-archive layer with one byte changed',
      input: async (w) => {
        const file = path.join(w, 'image.tar');
        await editTar(fixtures.compressedDockerTar, file, (name, content) => {
          if (name !== `${amdLayer1?.slice(7)}.tar.gz`) return undefined;
          content[20] = (content[20] ?? 0) ^ 0xff;
          return content;
        });
        return file;
      },
      layer: 0,
      want: /image\.tar:[0-9a-f]{64}\.tar\.gz: blob digest is sha256:[0-9a-f]{64}, its descriptor says sha256:[0-9a-f]{64}$/,
    },
  ];
  it.each(cases)('fails the stream of $name', async ({ input, layer, want }) => {
    const work = mkdtempSync(path.join(TEMP_ROOT, 'bad-'));
    const image = await openImage(await input(work), { cacheDir: path.join(work, 'cache') });
    try {
      const stream = await image.layers[layer]?.open();
      if (!stream) throw new Error('no such layer');
      const read = buffer(stream);
      await expect(read).rejects.toBeInstanceOf(InputError);
      await expect(read).rejects.toThrow(want);
    } finally {
      await image.close();
    }
  });
});
