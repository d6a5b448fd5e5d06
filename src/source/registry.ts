// Images pulled by name from an OCI distribution registry: manifest (or index → platform), config, and
// layer blobs streamed straight into the layer walker with their digests checked on the way.
import { InputError } from '../errors.js';
import { checkBlob, verifiedStream } from './blob.js';
import { ImageConfigSchema, imageFrom, MAX_JSON_BYTES, parseJson } from './image-config.js';
import { parsePlatform } from './platform.js';
import { AuthError, errorDetail, RegistryClient, readBytes } from './registry/client.js';
import { type Credential, configCredential } from './registry/docker-config.js';
import { fetchManifest, resolveImage } from './registry/manifest.js';
import { parseReference, type Reference, repositoryName } from './registry/reference.js';
import type { AccessOptions, Image, ImageLayer, ImageSource, SourceOptions } from './types.js';

/** go-containerregistry's default platform for an index when --platform is not given. */
const DEFAULT_PLATFORM = 'linux/amd64';

export const remote: ImageSource = {
  id: 'remote',
  async accepts(target) {
    try {
      parseReference(target);
      return true;
    } catch {
      return false;
    }
  },
  open: openRemoteImage,
};

/**
 * The image `name` names in its registry. Each credential is tried in turn, as Trivy does
 * (pkg/remote/remote.go authOptions): --username/--password pairs, then config.json (or anonymous);
 * --registry-token alone when given.
 */
export async function openRemoteImage(name: string, options: SourceOptions): Promise<Image> {
  const reference = parseReference(name);
  const access = options.access ?? {};
  const env = access.env ?? process.env;
  const refused: string[] = [];
  for (const credential of await credentialsFor(reference, access, env)) {
    const client = new RegistryClient(reference, { insecure: access.insecure, credential, env });
    try {
      return await imageOf(client, name, reference, options);
    } catch (error) {
      await client.close();
      if (!(error instanceof AuthError)) throw error;
      refused.push(error.message);
    }
  }
  throw new InputError(refused.join('; '));
}

async function credentialsFor(
  reference: Reference,
  access: AccessOptions,
  env: NodeJS.ProcessEnv,
): Promise<(Credential | undefined)[]> {
  if (access.registryToken) return [{ kind: 'bearer', token: access.registryToken, from: '--registry-token' }];
  const given: Credential[] = (access.credentials ?? []).map((c) => ({
    kind: 'basic',
    ...c,
    from: '--username/--password',
  }));
  return [...given, await configCredential(reference.registry, env)];
}

async function imageOf(
  client: RegistryClient,
  name: string,
  reference: Reference,
  options: SourceOptions,
): Promise<Image> {
  const top = await fetchManifest(client, reference.digest ?? reference.tag ?? 'latest');
  const wanted = parsePlatform(options.platform ?? DEFAULT_PLATFORM);
  const { manifest } = await resolveImage(client, top, wanted);

  const configLocation = `${client.label}@${manifest.config.digest}`;
  const configResponse = await client.get(`blobs/${manifest.config.digest}`);
  if (configResponse.status !== 200) {
    const detail = await errorDetail(configResponse);
    throw new InputError(`${configLocation}: config blob not served (${configResponse.status}${detail})`);
  }
  const configBytes = await readBytes(configResponse, MAX_JSON_BYTES);
  checkBlob(configBytes, manifest.config, configLocation);
  const config = parseJson(configBytes, ImageConfigSchema, configLocation, 'image config');

  const layers: Omit<ImageLayer, 'diffId'>[] = manifest.layers.map((descriptor) => {
    const location = `${client.label}@${descriptor.digest}`;
    return {
      digest: descriptor.digest,
      size: descriptor.size,
      location,
      async open() {
        const response = await client.get(`blobs/${descriptor.digest}`);
        if (response.status !== 200) {
          const detail = await errorDetail(response);
          throw new InputError(`${location}: layer blob not served (${response.status}${detail})`);
        }
        return verifiedStream(response.body, descriptor, location);
      },
    };
  });
  const repo = repositoryName(reference);
  const image = imageFrom({
    name,
    configBytes,
    config,
    configLocation,
    layers,
    id: manifest.config.digest,
    // pkg/fanal/image/remote.go: a tag reference gives RepoTags, and RepoDigests names the digest of what
    // the reference resolved to (the index for a multi-platform image).
    repoTags: reference.digest === undefined && reference.tag ? [`${repo}:${reference.tag}`] : [],
    close: () => client.close(),
  });
  return { ...image, repoDigests: [`${repo}@${top.digest}`] };
}
