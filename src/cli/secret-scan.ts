// Secret scanning for a scan command: the secret analyzer configured from --secret-config when `--scanners`
// includes secret (Trivy's default for image, fs and rootfs), and the report targets of what it found.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { secretAnalyzer } from '../analyzer/secret.js';
import type { Analyzer } from '../analyzer/types.js';
import { marshalIndent } from '../report/go-json.js';
import { imageConfigJson } from '../report/image-config.js';
import { readSecretConfig } from '../secret/config.js';
import { createSecretScanner } from '../secret/scanner.js';
import type { FileSecrets, SecretScanner } from '../secret/types.js';
import type { ImageConfig, TargetResult } from '../types.js';
import type { FlagValues } from './flags.js';
import type { Logger } from './log.js';
import { isSbomFormat } from './report-output.js';

/** Trivy's --secret-config default: a file of that name in the working directory, used when it exists. */
export const DEFAULT_SECRET_CONFIG = 'trivy-secret.yaml';

/** The --secret-config path and whether it was given (a missing file is no config; a named one is warned about). */
export function secretConfigOf(flags: FlagValues): { path: string; explicit: boolean } {
  const value = flags['secret-config'];
  const path = typeof value === 'string' && value !== '' ? value : DEFAULT_SECRET_CONFIG;
  return { path, explicit: path !== DEFAULT_SECRET_CONFIG };
}

/**
 * The digest of the configuration as the layer cache keys it: the config file's bytes, or `builtin` when there
 * is none (the built-in rules, whose changes bump the analyzer's version).
 */
function configDigest(path: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return 'builtin';
  }
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}

/** The configured scanner and the analyzer around it. */
export interface SecretScanning {
  readonly scanner: SecretScanner;
  readonly analyzer: Analyzer;
}

/** The secret analyzer when `scanners` asks for secrets (see secretScanningFor). */
export function secretAnalyzerFor(
  flags: FlagValues,
  scanners: readonly string[],
  rooted: boolean,
  logger: Pick<Logger, 'debug' | 'warn'>,
): Analyzer | undefined {
  return secretScanningFor(flags, scanners, rooted, logger)?.analyzer;
}

/**
 * The secret scanner and analyzer when `scanners` asks for secrets, else undefined, with Trivy's notes.
 * `rooted`: image layers (paths reported from `/`). A bad --secret-config is the config reader's error, before
 * any layer is read.
 */
export function secretScanningFor(
  flags: FlagValues,
  scanners: readonly string[],
  rooted: boolean,
  logger: Pick<Logger, 'debug' | 'warn'>,
): SecretScanning | undefined {
  if (!scanners.includes('secret')) return undefined;
  logger.debug('Secret scanning is enabled');
  const others = scanners.filter((scanner) => scanner !== 'secret');
  if (others.length > 0) {
    logger.debug(`If your scanning is slow, please try '--scanners ${others.join(',')}' to disable secret scanning`);
  }
  const { path, explicit } = secretConfigOf(flags);
  const config = readSecretConfig(path, explicit ? logger.warn : undefined);
  const scanner = createSecretScanner(config, { configPath: path });
  return { scanner, analyzer: secretAnalyzer({ scanner, configHash: configDigest(path), rooted }) };
}

/** `--image-config-scanners secret`: the image config is scanned for secrets too (with `--scanners secret`). */
export const scansConfigSecrets = (flags: FlagValues): boolean =>
  ((flags['image-config-scanners'] as readonly string[] | undefined) ?? []).includes('secret');

/**
 * The secrets of the image config, as Trivy's imgconf/secret analyzer finds them: the config as go-containerregistry
 * decodes it, marshalled by json.MarshalIndent with the prefix "  " and no indent (every line but the first
 * starts with two spaces), scanned as `config.json` and reported under the artifact's name.
 */
export function imageConfigSecrets(
  scanner: SecretScanner,
  config: ImageConfig,
  artifactName: string,
): FileSecrets | undefined {
  const [first = '', ...rest] = marshalIndent(imageConfigJson(config)).split('\n');
  const text = [first, ...rest.map((line) => `  ${line.replace(/^ +/, '')}`)].join('\n');
  const findings = scanner.scan('config.json', new TextEncoder().encode(text));
  return findings.length > 0 ? { filePath: artifactName, findings } : undefined;
}

/**
 * Whether package targets are reported: not for secrets alone (Trivy scans packages only for the vuln scanner
 * or an SBOM format); `--scanners license` or `misconfig`, which barnacle ignores, keep the package listing.
 */
export function reportsPackages(scanners: readonly string[], flags: FlagValues): boolean {
  return scanners.includes('vuln') || !scanners.includes('secret') || isSbomFormat(String(flags.format));
}

/** One report target per file with secrets (Trivy's secretsToResults), after the package targets. */
export function secretTargets(secrets: readonly FileSecrets[]): TargetResult[] {
  return secrets.map((file) => ({
    target: file.filePath,
    class: 'secret',
    type: '',
    packages: [],
    vulnerabilities: [],
    secrets: file.findings,
  }));
}
