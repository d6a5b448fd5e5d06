// Trivy's configuration file (`--config`, default trivy.yaml): flag values below the command line and the
// environment. Keys are Trivy's config names (`vulnerability.ignore-unfixed`, `scan.scanners`, ...), written
// nested or dotted, as Trivy's viper accepts them.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { UsageError } from '../errors.js';

/** Flattened config values by lower-case dotted key. */
export type ConfigValues = ReadonlyMap<string, unknown>;

/** Trivy's ConfigName of the flags whose config key is not the flag name itself (pkg/flag/*_flags.go). */
const CONFIG_NAMES: Readonly<Record<string, string>> = {
  all: 'clean.all',
  'cache-dir': 'cache.dir',
  'checks-bundle': 'clean.checks-bundle',
  'db-repository': 'db.repository',
  'docker-host': 'image.docker.host',
  'download-db-only': 'db.download-only',
  'ignore-status': 'vulnerability.ignore-status',
  'ignore-unfixed': 'vulnerability.ignore-unfixed',
  'image-src': 'image.source',
  'include-dev-deps': 'pkg.include-dev-deps',
  'java-db': 'clean.java-db',
  input: 'image.input',
  'no-progress': 'db.no-progress',
  'offline-scan': 'scan.offline',
  password: 'registry.password',
  'pkg-types': 'pkg.types',
  platform: 'image.platform',
  'podman-host': 'image.podman.host',
  'registry-token': 'registry.token',
  'scan-cache': 'clean.scan-cache',
  scanners: 'scan.scanners',
  'security-checks': 'scan.security-checks',
  'show-suppressed': 'scan.show-suppressed',
  'skip-db-update': 'db.skip-update',
  'skip-dirs': 'scan.skip-dirs',
  'skip-files': 'scan.skip-files',
  username: 'registry.username',
  vex: 'vulnerability.vex',
  'vex-repo': 'clean.vex-repo',
  'vuln-db': 'clean.vuln-db',
  'vuln-type': 'vulnerability.type',
};

/** The config key of a flag (or of one of its aliases). */
export function configKey(flagName: string): string {
  return CONFIG_NAMES[flagName] ?? flagName;
}

/**
 * Reads a config file. A missing file is no config when it is the default name, and a usage error when the
 * user named it; a file that is not YAML, or not a mapping, is a usage error naming the file and line.
 */
export function loadConfigFile(file: string, named: boolean): ConfigValues {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !named) return new Map();
    throw new UsageError(`config file ${file} cannot be read (${code ?? String(error)})`, { cause: error });
  }
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    const line = (error as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    const where = line === undefined ? '' : ` at line ${line}`;
    throw new UsageError(`config file ${file} is not valid YAML${where}`, { cause: error });
  }
  if (doc === null || doc === undefined) return new Map();
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw new UsageError(`config file ${file} must be a mapping of settings`);
  }
  const values = new Map<string, unknown>();
  flatten(doc as Record<string, unknown>, '', values);
  return values;
}

function flatten(node: Record<string, unknown>, prefix: string, into: Map<string, unknown>): void {
  for (const [key, value] of Object.entries(node)) {
    const path = `${prefix}${key.toLowerCase()}`;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      flatten(value as Record<string, unknown>, `${path}.`, into);
    } else {
      into.set(path, value);
    }
  }
}

/** A config value as the command-line text the flag parser takes: lists joined by commas. */
export function configText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return value.map(String).join(',');
  return String(value);
}
