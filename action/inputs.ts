// The action's inputs (aquasecurity/trivy-action's, plus pr-comment and job-summary) and the barnacle command
// lines they become. As in trivy-action, an input left empty or at trivy-action's default sets nothing, so that
// the caller's TRIVY_* / BARNACLE_* environment and trivy.yaml still apply (inputs > environment > config >
// defaults). The runner passes input `name` as the environment variable INPUT_<NAME> (upper case, hyphens kept).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const SCAN_TYPES = ['image', 'fs', 'rootfs', 'sbom'] as const;
export type ScanType = (typeof SCAN_TYPES)[number];

/** What each scan type scans for without a `scanners` input (barnacle's defaults, as Trivy's). */
const DEFAULT_SCANNERS: Readonly<Record<ScanType, string>> = {
  image: 'vuln,secret',
  fs: 'vuln,secret',
  rootfs: 'vuln,secret',
  sbom: 'vuln',
};

const ALL_SEVERITIES = 'UNKNOWN,LOW,MEDIUM,HIGH,CRITICAL';

/** Inputs read as trivy-action reads them: value, and the default that means "not given". */
export interface ActionInputs {
  readonly scanType: ScanType;
  /** The image name or path scanned (image-ref, else scan-ref); undefined for an image given by `input`. */
  readonly target: string | undefined;
  /** Flags passed to the scan and to the report: only those the caller set. */
  readonly scanFlags: readonly string[];
  readonly reportFlags: readonly string[];
  /** The user's report file (`output`), if any. */
  readonly output: string | undefined;
  readonly format: string | undefined;
  readonly cacheDir: string;
  readonly cache: boolean;
  readonly prComment: boolean;
  readonly jobSummary: boolean;
  readonly githubToken: string | undefined;
  readonly githubPat: string | undefined;
  /** One line each about inputs that are accepted but do nothing here. */
  readonly notices: readonly string[];
}

/** An input that cannot be honoured: the action stops with this message. */
export class InputProblem extends Error {}

export function inputOf(env: NodeJS.ProcessEnv, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

function booleanOf(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const value = inputOf(env, name).toLowerCase();
  if (value === '') return fallback;
  if (['true', 'yes', 'on', '1'].includes(value)) return true;
  if (['false', 'no', 'off', '0'].includes(value)) return false;
  throw new InputProblem(`input ${name}: expected true or false, got '${inputOf(env, name)}'`);
}

/** `trivyignores`: one YAML ignore file, or plain files concatenated into one (as trivy-action). */
export function ignoreFileOf(list: string, workDir: string): string | undefined {
  const files = list
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '');
  if (files.length === 0) return undefined;
  for (const file of files) {
    try {
      readFileSync(file);
    } catch {
      throw new InputProblem(`trivyignores: cannot find ignorefile '${file}'`);
    }
  }
  const yaml = files.filter((f) => /\.ya?ml$/.test(f));
  if (yaml.length > 0 && yaml.length < files.length) {
    throw new InputProblem('trivyignores: cannot mix YAML and plain trivy ignore files');
  }
  if (yaml.length > 1) throw new InputProblem('trivyignores: only one YAML ignore file is supported');
  if (yaml.length === 1) return yaml[0];
  const merged = path.join(workDir, 'trivyignores');
  writeFileSync(merged, files.map((f) => readFileSync(f, 'utf8').replace(/\n?$/, '\n')).join(''));
  return merged;
}

/** The action's inputs from the environment; `workDir` holds the files the action makes (RUNNER_TEMP). */
export function readInputs(env: NodeJS.ProcessEnv, workDir: string): ActionInputs {
  const get = (name: string) => inputOf(env, name);
  const notices: string[] = [];

  const scanType = get('scan-type') || 'image';
  if (!(SCAN_TYPES as readonly string[]).includes(scanType)) {
    throw new InputProblem(`scan-type '${scanType}' is not supported (barnacle scans ${SCAN_TYPES.join(', ')})`);
  }
  const input = get('input');
  const imageRef = get('image-ref');
  const scanRef = get('scan-ref') || '.';
  const target = imageRef || (scanType === 'image' && input ? undefined : scanRef);

  // Flags for both steps (the scan, then the report made from its result) and for one of them.
  const both: string[] = [];
  const scan: string[] = [];
  const report: string[] = [];
  const set = (flags: string[], flag: string, value: string, fallback = '') => {
    if (value !== '' && value !== fallback) flags.push(`--${flag}`, value);
  };
  const setTrue = (flags: string[], flag: string, name: string) => {
    if (booleanOf(env, name, false)) flags.push(`--${flag}`);
  };

  if (scanType === 'image') set(scan, 'input', input);
  set(report, 'exit-code', get('exit-code'));
  setTrue(both, 'ignore-unfixed', 'ignore-unfixed');
  set(both, 'pkg-types', get('pkg-types') || get('vuln-type'), 'os,library');
  set(report, 'severity', get('severity').replace(/\s+/g, ''), ALL_SEVERITIES);
  set(report, 'template', get('template'));
  set(scan, 'skip-dirs', get('skip-dirs'));
  set(scan, 'skip-files', get('skip-files'));
  set(scan, 'timeout', get('timeout'));
  if (booleanOf(env, 'hide-progress', false)) scan.push('--quiet');
  setTrue(report, 'list-all-pkgs', 'list-all-pkgs');
  set(scan, 'scanners', get('scanners'));
  // The report is made by `convert`, whose table summary has a column per scanner it is told of.
  set(report, 'scanners', get('scanners') || DEFAULT_SCANNERS[scanType as ScanType]);
  setTrue(report, 'limit-severities-for-sarif', 'limit-severities-for-sarif');
  set(scan, 'docker-host', get('docker-host'));
  const trivyConfig = get('trivy-config');
  set(both, 'config', trivyConfig);
  const ignorefile = ignoreFileOf(get('trivyignores'), workDir);
  if (ignorefile) both.push('--ignorefile', ignorefile);

  const format = get('format') || undefined;
  const output = get('output') || undefined;

  for (const name of ['ignore-policy', 'tf-vars']) {
    if (get(name)) notices.push(`input ${name} is not supported by barnacle and is ignored`);
  }
  if (get('version')) notices.push(`input version (${get('version')}) is ignored: this action runs barnacle itself`);
  if (booleanOf(env, 'skip-setup-trivy', false)) notices.push('input skip-setup-trivy is ignored: nothing to set up');
  if (get('token-setup-trivy') && get('token-setup-trivy') !== env.GITHUB_TOKEN) {
    notices.push('input token-setup-trivy is ignored: nothing to set up');
  }

  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  return {
    scanType: scanType as ScanType,
    target,
    scanFlags: [...both, ...scan],
    reportFlags: [...both, ...report],
    output,
    format,
    cacheDir: path.resolve(get('cache-dir') || path.join(workspace, '.cache', 'barnacle')),
    cache: booleanOf(env, 'cache', true),
    prComment: booleanOf(env, 'pr-comment', false),
    jobSummary: booleanOf(env, 'job-summary', false),
    githubToken: get('github-token') || env.GITHUB_TOKEN || undefined,
    githubPat: get('github-pat') || undefined,
    notices,
  };
}

/** The scan: every finding of every severity into a JSON report, the caller's report flags left for later. */
export function scanArgv(inputs: ActionInputs, jsonPath: string): string[] {
  return [
    inputs.scanType,
    ...(inputs.target === undefined ? [] : [inputs.target]),
    '--cache-dir',
    inputs.cacheDir,
    ...inputs.scanFlags,
    '--format',
    'json',
    '--output',
    jsonPath,
    '--severity',
    ALL_SEVERITIES,
    '--list-all-pkgs',
    '--exit-code',
    '0',
  ];
}

/** The caller's report (format, output, severity, exit code...) made from the scan's JSON report. */
export function reportArgv(inputs: ActionInputs, jsonPath: string): string[] {
  return [
    'convert',
    ...inputs.reportFlags,
    ...(inputs.format ? ['--format', inputs.format] : []),
    ...(inputs.output ? ['--output', inputs.output] : []),
    jsonPath,
  ];
}

/** The findings the caller asked for, as JSON, for the outputs, the comment and the summary. */
export function findingsArgv(inputs: ActionInputs, jsonPath: string, outPath: string): string[] {
  const flags = inputs.reportFlags.filter((f, i, all) => f !== '--limit-severities-for-sarif' && !isValueOf(all, i));
  return ['convert', ...flags, '--format', 'json', '--output', outPath, '--exit-code', '0', jsonPath];
}

const DROPPED_WITH_VALUE = new Set(['--exit-code', '--template']);

/** Whether flags[i] is `--exit-code`/`--template` or the value after one (dropped from the findings step). */
function isValueOf(flags: readonly string[], i: number): boolean {
  return DROPPED_WITH_VALUE.has(flags[i] ?? '') || DROPPED_WITH_VALUE.has(flags[i - 1] ?? '');
}
