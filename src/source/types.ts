// The ImageSource plug-in interface: what the user named, resolved into a config and ordered layers.
import type { Readable } from 'node:stream';
import type { ImageConfig } from '../types.js';

/** One layer of an image, in order from the base up. */
export interface ImageLayer {
  /**
   * Digest of the blob as stored (compressed), as the manifest names it. Absent for an uncompressed layer of
   * a docker-archive, where Trivy reports none. When present, the stream from open() checks it: the stream
   * fails with an InputError at its end if the blob's digest or size differs. The diffID (digest of the
   * uncompressed tar) is not checked here: the layer walker checks it while it decompresses.
   */
  readonly digest?: string;
  /** sha256 of the uncompressed tar, from the config's rootfs.diff_ids. */
  readonly diffId: string;
  /** Blob size in bytes when known. */
  readonly size?: number;
  /** Where the blob lives, for messages: `image.tar:blobs/sha256/ab12…`. */
  readonly location: string;
  /** Opens the blob (possibly compressed) as a fresh stream; several layers may be open at once. */
  open(): Promise<Readable>;
}

/** A resolved image: everything the pipeline needs to analyse it. */
export interface Image {
  /** The name to show as ArtifactName (the input path or the image reference). */
  readonly name: string;
  /** Image ID: sha256 of the config blob. */
  readonly id: string;
  readonly config: ImageConfig;
  readonly layers: readonly ImageLayer[];
  readonly repoTags: readonly string[];
  readonly repoDigests: readonly string[];
  /** Releases temporary files and handles. */
  close(): Promise<void>;
}

/** Options every source understands. */
export interface SourceOptions {
  /** `os/arch[/variant]` to pick from an index; Trivy's default is the host's platform. */
  readonly platform?: string;
  /** Where a source may write temporary files; nothing is written elsewhere. */
  readonly cacheDir: string;
  /** How to reach registries and engines, for the sources that open an image by name. */
  readonly access?: AccessOptions;
}

/** Registry and engine settings (Trivy's registry and image flags); all optional. */
export interface AccessOptions {
  /** --username/--password pairs, tried in order before config.json. */
  readonly credentials?: readonly { readonly username: string; readonly password: string }[];
  /** --registry-token: a bearer token used instead of any other credential. */
  readonly registryToken?: string;
  /** --insecure: skip TLS verification and allow plain HTTP. */
  readonly insecure?: boolean;
  /** --docker-host: the Docker engine's address (unix:///path or tcp://host:port). */
  readonly dockerHost?: string;
  /** --podman-host: the Podman socket path. */
  readonly podmanHost?: string;
  /** The environment (DOCKER_HOST, DOCKER_CONFIG, XDG_RUNTIME_DIR, SSL_CERT_FILE, PATH); process.env when absent. */
  readonly env?: NodeJS.ProcessEnv;
}

export interface ImageSource {
  /** 'docker-archive', 'oci-layout', and Trivy's --image-src names 'docker', 'podman', 'remote'. */
  readonly id: string;
  /** Whether this source can open `target` (a path for archives, a reference for registries). Cheap. */
  accepts(target: string): Promise<boolean>;
  open(target: string, options: SourceOptions): Promise<Image>;
}
