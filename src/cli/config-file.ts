// Trivy's configuration file (`--config`, default trivy.yaml): flag values below the command line and the
// environment. Keys are Trivy's config names (`vulnerability.ignore-unfixed`, `scan.scanners`, ...), written
// nested or dotted, as Trivy's viper accepts them.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { UsageError } from '../errors.js';

/** Flattened config values by lower-case dotted key. */
export type ConfigValues = ReadonlyMap<string, unknown>;

/** Trivy's ConfigName of the flags whose config key is not the flag name itself (pkg/flag/*_flags.go), lower-cased. */
const CONFIG_NAMES: Readonly<Record<string, string>> = {
  all: 'clean.all',
  'ansible-extra-vars': 'ansible.extra-vars',
  'ansible-inventory': 'ansible.inventories',
  'ansible-playbook': 'ansible.playbooks',
  'cache-backend': 'cache.backend',
  'cache-dir': 'cache.dir',
  'cache-ttl': 'cache.ttl',
  'cf-params': 'misconfiguration.cloudformation.params',
  'check-namespaces': 'rego.namespaces',
  'checks-bundle': 'clean.checks-bundle',
  'checks-bundle-repository': 'misconfiguration.checks-bundle-repository',
  'clear-cache': 'cache.clear',
  compliance: 'scan.compliance',
  'config-check': 'rego.check',
  'config-data': 'rego.data',
  'config-file-schemas': 'misconfiguration.config-file-schemas',
  'custom-headers': 'server.custom-headers',
  'db-repository': 'db.repository',
  'detection-priority': 'scan.detection-priority',
  'disable-telemetry': 'scan.disable-telemetry',
  distro: 'scan.distro',
  'docker-host': 'image.docker.host',
  'download-db-only': 'db.download-only',
  'download-java-db-only': 'db.download-java-only',
  'enable-modules': 'module.enable-modules',
  'file-patterns': 'scan.file-patterns',
  'helm-api-versions': 'misconfiguration.helm.api-versions',
  'helm-kube-version': 'misconfiguration.helm.kube-version',
  'helm-set': 'misconfiguration.helm.set',
  'helm-set-file': 'misconfiguration.helm.set-file',
  'helm-set-string': 'misconfiguration.helm.set-string',
  'helm-values': 'misconfiguration.helm.values',
  'ignore-status': 'vulnerability.ignore-status',
  'ignore-unfixed': 'vulnerability.ignore-unfixed',
  'ignored-licenses': 'license.ignored',
  'image-config-scanners': 'image.image-config-scanners',
  'image-src': 'image.source',
  'include-deprecated-checks': 'rego.include-deprecated-checks',
  'include-dev-deps': 'pkg.include-dev-deps',
  'include-non-failures': 'misconfiguration.include-non-failures',
  input: 'image.input',
  'java-db': 'clean.java-db',
  'java-db-repository': 'db.java-repository',
  'license-confidence-level': 'license.confidencelevel',
  'license-forbidden': 'license.forbidden',
  'license-full': 'license.full',
  'license-notice': 'license.notice',
  'license-permissive': 'license.permissive',
  'license-reciprocal': 'license.reciprocal',
  'license-restricted': 'license.restricted',
  'license-unencumbered': 'license.unencumbered',
  light: 'db.light',
  'max-image-size': 'image.max-size',
  'misconfig-scanners': 'misconfiguration.scanners',
  'module-dir': 'module.dir',
  'no-progress': 'db.no-progress',
  'offline-scan': 'scan.offline',
  parallel: 'scan.parallel',
  password: 'registry.password',
  'password-stdin': 'registry.password-stdin',
  'path-prefix': 'server.path-prefix',
  'pkg-relationships': 'pkg.relationships',
  'pkg-types': 'pkg.types',
  platform: 'image.platform',
  'podman-host': 'image.podman.host',
  'policy-bundle-repository': 'misconfiguration.policy-bundle-repository',
  'raw-config-scanners': 'misconfiguration.raw-config-scanners',
  'redis-ca': 'cache.redis.ca',
  'redis-cert': 'cache.redis.cert',
  'redis-key': 'cache.redis.key',
  'redis-tls': 'cache.redis.tls',
  'registry-token': 'registry.token',
  'rego-error-limit': 'rego.error-limit',
  'rekor-url': 'scan.rekor-url',
  'removed-pkgs': 'image.removed-pkgs',
  'render-cause': 'misconfiguration.render-cause',
  'reset-checks-bundle': 'misconfiguration.reset-checks-bundle',
  'reset-policy-bundle': 'misconfiguration.reset-policy-bundle',
  'sbom-sources': 'scan.sbom-sources',
  'scan-cache': 'clean.scan-cache',
  scanners: 'scan.scanners',
  'secret-config': 'secret.config',
  'security-checks': 'scan.security-checks',
  server: 'server.addr',
  'show-suppressed': 'scan.show-suppressed',
  'skip-check-update': 'rego.skip-check-update',
  'skip-db-update': 'db.skip-update',
  'skip-dirs': 'scan.skip-dirs',
  'skip-files': 'scan.skip-files',
  'skip-java-db-update': 'db.java-skip-update',
  'skip-policy-update': 'rego.skip-policy-update',
  'skip-version-check': 'scan.skip-version-check',
  'skip-vex-repo-update': 'vulnerability.skip-vex-repo-update',
  slow: 'scan.slow',
  'tf-exclude-downloaded-modules': 'misconfiguration.terraform.exclude-downloaded-modules',
  'tf-vars': 'misconfiguration.terraform.vars',
  token: 'server.token',
  'token-header': 'server.token-header',
  'trace-http': 'trace.http',
  'trace-rego': 'rego.trace',
  username: 'registry.username',
  vex: 'vulnerability.vex',
  'vex-repo': 'clean.vex-repo',
  'vuln-db': 'clean.vuln-db',
  'vuln-severity-source': 'vulnerability.severity-source',
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
