// `barnacle image`: resolve the image, analyse its layers, build the inventory, match, filter.
import path from 'node:path';
import { type DetectionPriority, withDetectionPriority } from '../analyzer/detection-priority.js';
import { analyzers } from '../analyzer/index.js';
import { LOCKFILE_TYPES } from '../analyzer/lockfile.js';
import type { Analyzer } from '../analyzer/types.js';
import { openDb } from '../db/open.js';
import type { VulnDb } from '../db/types.js';
import { eolStatus } from '../eol/index.js';
import { applyFilters, type FilterOptions } from '../filter/index.js';
import { mergeLayers } from '../inventory/merge.js';
import { layerCreatedBy, mergeSecrets } from '../inventory/secrets.js';
import { analyzeImage } from '../layer/walk.js';
import type { LicenseClassifier } from '../licensing/category.js';
import { matchTargetWithProblems } from '../match/match.js';
import type { SecretScanner } from '../secret/types.js';
import { IMAGE_SOURCES, openImage, openImageByName } from '../source/index.js';
import type { AccessOptions, Image } from '../source/types.js';
import type { OS, Problem, ScanResult, TargetResult } from '../types.js';
import { withDistro } from './distro.js';
import { withFilePatterns } from './file-patterns.js';
import { checkImageSize, uncompressedLimit } from './image-size.js';
import { licenseResults } from './license-scan.js';
import type { Logger } from './log.js';
import { withPkgRelationships } from './pkg-relationships.js';
import { imageConfigSecrets, secretTargets } from './secret-scan.js';

export interface ScanOptions {
  /** `--input` path of an image archive or OCI layout; without it, `imageName` is opened by name. */
  readonly input?: string;
  /** The image reference to find in `imageSources` (engines, registries) when there is no `input`. */
  readonly imageName?: string;
  /** --image-src, in priority order. */
  readonly imageSources?: readonly string[];
  /** Registry and engine settings for opening by name. */
  readonly access?: AccessOptions;
  readonly platform?: string;
  /** `--distro`: the OS to scan for instead of the detected one. */
  readonly distro?: OS;
  /**
   * `--max-image-size` in bytes: a larger image is refused, by its layer blobs before it is read, by its layers'
   * uncompressed size as they are read (then with the layer cache off, as Trivy measures every layer).
   */
  readonly maxImageSize?: number;
  /** `--parallel`: layers analysed at once (the layer walker's default when absent). */
  readonly parallel?: number;
  /** `--cache-backend memory`: analysed layers are neither read from nor written to the layer cache. */
  readonly layerCache?: boolean;
  /** `--detection-priority` (precise when absent): comprehensive keeps packages of files OS packages installed. */
  readonly detectionPriority?: DetectionPriority;
  /** `--file-patterns`: more paths for analyzers, by analyzer id; the layer cache is then not used. */
  readonly filePatterns?: ReadonlyMap<string, readonly RegExp[]>;
  /** `--pkg-relationships`: the relationships of the packages scanned (all when absent). */
  readonly pkgRelationships?: readonly string[];
  readonly cacheDir: string;
  /** Whether vulnerabilities are looked up (`--scanners` includes vuln). */
  readonly vulnerabilities: boolean;
  /** Whether package targets are reported (false for `--scanners secret` alone: Trivy lists no packages then). */
  readonly packages?: boolean;
  /** The secret analyzer when `--scanners` includes secret (cli/secret-scan.ts). */
  readonly secretAnalyzer?: Analyzer;
  /** `--image-config-scanners secret` with `--scanners secret`: the scanner the image config is read by. */
  readonly configSecretScanner?: SecretScanner;
  /** The license classifier when `--scanners` includes license (cli/license-scan.ts). */
  readonly licenseClassifier?: LicenseClassifier;
  readonly filters: FilterOptions;
  /** The time the report says it was created (tests fix it). */
  readonly now: Date;
  readonly logger: Logger;
  /** Brings the DB up to date (or checks it exists) before it is opened; only when vulnerabilities are scanned. */
  readonly prepareDb?: () => Promise<void>;
}

/** The vulnerability DB file inside a cache directory. */
export function dbPathIn(cacheDir: string): string {
  return path.join(cacheDir, 'db', 'barnacle.db');
}

export async function scanImage(options: ScanOptions): Promise<ScanResult> {
  // Opening an image reads only its manifest and config, so a bad input is reported before a missing DB,
  // and the DB is opened before minutes of layer analysis.
  const sourceOptions = { cacheDir: options.cacheDir, platform: options.platform, access: options.access };
  const image =
    options.input !== undefined
      ? await openImage(options.input, sourceOptions)
      : await openImageByName(options.imageName ?? '', options.imageSources ?? IMAGE_SOURCES, sourceOptions, (m) =>
          options.logger.debug(m),
        );
  try {
    checkImageSize(image.layers, options.maxImageSize);
    if (options.vulnerabilities) await options.prepareDb?.();
    const db = options.vulnerabilities ? openDb(dbPathIn(options.cacheDir)) : undefined;
    try {
      return applyFilters(await scanOpenedImage(image, db, options), options.filters);
    } finally {
      db?.close();
    }
  } finally {
    await image.close();
  }
}

async function scanOpenedImage(image: Image, db: VulnDb | undefined, options: ScanOptions): Promise<ScanResult> {
  const { logger } = options;
  // Trivy's image scans leave lock files out (ScanImage disables TypeLockfiles).
  const imageAnalyzers = withFilePatterns(
    [
      ...withDetectionPriority(
        analyzers.all.filter((analyzer) => !LOCKFILE_TYPES.has(analyzer.id)),
        options.detectionPriority ?? 'precise',
      ),
      ...secretAnalyzerOf(options),
    ],
    options.filePatterns ?? new Map(),
  );
  const layers = await analyzeImage(image, imageAnalyzers, {
    cacheDir: options.cacheDir,
    concurrency: options.parallel,
    // A cached layer was analysed without the patterns' files, and is not measured.
    cache: options.filePatterns?.size || options.maxImageSize ? false : options.layerCache,
    ...(options.maxImageSize ? { uncompressed: uncompressedLimit(options.maxImageSize) } : {}),
  });
  const merged = withPkgRelationships(
    withDistro(
      mergeLayers(layers, {
        artifactName: image.name,
        keepSystemFiles: options.detectionPriority === 'comprehensive',
      }),
      options.distro,
      image.name,
      logger.info,
    ),
    options.pkgRelationships,
  );
  // End of life is decided where Trivy decides it: with the OS packages' vulnerability scan.
  const inventory = db && merged.os ? { ...merged, os: withEol(merged.os, options.now, logger) } : merged;
  const problems: Problem[] = [...layers.flatMap((l) => l.problems), ...inventory.problems];
  if (!inventory.os) logger.debug('OS is not detected');
  const targets = options.packages === false ? [] : inventory.targets;
  const packageResults: TargetResult[] = targets.map((target) => {
    const unmatched: TargetResult = { ...target, vulnerabilities: [] };
    if (!db) return unmatched;
    const matched = matchTargetWithProblems(unmatched, inventory.os, db);
    problems.push(...matched.problems);
    return { ...unmatched, vulnerabilities: matched.findings };
  });
  for (const problem of problems) logger.warn(problemLine(problem));
  const layerSecrets = options.secretAnalyzer
    ? mergeSecrets(layers, { withLayers: true, createdBy: layerCreatedBy(image.config, image.layers.length) })
    : [];
  // Trivy appends the config's secrets after the files' (pkg/scan/local/service.go mergeSecrets).
  const configSecrets = options.configSecretScanner
    ? imageConfigSecrets(options.configSecretScanner, image.config, image.name)
    : undefined;
  const secrets = secretTargets(configSecrets ? [...layerSecrets, configSecrets] : layerSecrets);
  // Trivy scans licenses after secrets, over every package target (pkg/scan/local/service.go scanLicenses).
  const licenses = licenseResults(inventory.targets, options.licenseClassifier, options.filters.pkgTypes);
  const results = [...packageResults, ...secrets, ...licenses];
  return {
    schemaVersion: 2,
    createdAt: options.now.toISOString(),
    artifactName: image.name,
    artifactType: 'container_image',
    metadata: {
      os: inventory.os,
      imageId: image.id,
      diffIds: image.layers.map((layer) => layer.diffId),
      repoTags: image.repoTags,
      repoDigests: image.repoDigests,
      imageConfig: image.config,
    },
    results,
  };
}

const secretAnalyzerOf = (options: ScanOptions): Analyzer[] => (options.secretAnalyzer ? [options.secretAnalyzer] : []);

/**
 * The OS with `eosl` set when its release is past its end of life at `now`, with Trivy's warnings
 * (pkg/scan/service.go, pkg/detector/ospkg/version.Supported).
 */
export function withEol(os: OS, now: Date, logger: Logger): OS {
  const status = eolStatus(os, now);
  // The EOL list is looked up by the release key ('3.6'); the warning names the whole release ('3.6.2').
  if (status.kind === 'unlisted') {
    logger.warn(`This OS version is not on the EOL list family="${os.family}" version="${status.release}"`);
  }
  if (status.kind !== 'eol') return os;
  logger.warn(`This OS version is no longer supported by the distribution family="${os.family}" version="${os.name}"`);
  logger.warn('The vulnerability detection may be insufficient because security updates are not provided');
  return { ...os, eosl: true };
}

/** `path (record N): reason`, the warning line for a problem confined to one file or record. */
export function problemLine(problem: Problem): string {
  const record = problem.index === undefined ? '' : ` (record ${problem.index + 1})`;
  return `${problem.path}${record}: ${problem.reason}`;
}
