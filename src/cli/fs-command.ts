// `barnacle fs PATH` and `barnacle rootfs PATH`: a directory (or one file) scanned as a single layer, as Trivy's
// ScanFilesystem (lock files, no installed language packages) and ScanRootfs (installed packages, no lock files).
import { detectionPriorityOf, withDetectionPriority } from '../analyzer/detection-priority.js';
import { analyzers } from '../analyzer/index.js';
import { INDIVIDUAL_PKG_TYPES, LOCKFILE_TYPES } from '../analyzer/lockfile.js';
import type { Analyzer } from '../analyzer/types.js';
import { openDb } from '../db/open.js';
import { mergeLayers } from '../inventory/merge.js';
import { mergeSecrets } from '../inventory/secrets.js';
import type { LicenseClassifier } from '../licensing/category.js';
import { matchTargetWithProblems } from '../match/match.js';
import { analyzeDirectory } from '../source/directory.js';
import type { Package, ScanResult, TargetResult } from '../types.js';
import { parseDistro, withDistro } from './distro.js';
import { parseFilePatterns, withFilePatterns } from './file-patterns.js';
import type { FlagValues } from './flags.js';
import { licenseClassifierFor, licenseResults } from './license-scan.js';
import { pkgRelationshipsOf, withPkgRelationships } from './pkg-relationships.js';
import { filterAndReport, reporterOf } from './report-output.js';
import { dbPathIn, problemLine, withEol } from './scan.js';
import type { ScanContext } from './scan-context.js';
import { reportsPackages, secretAnalyzerFor, secretTargets } from './secret-scan.js';

export type FsKind = 'fs' | 'rootfs';

export interface FsScanContext extends ScanContext {
  /** Where relative --skip-dirs/--skip-files are resolved from (the working directory). */
  readonly cwd?: string;
}

/** The analyzers a kind of scan runs (Trivy's disabled analyzers for fs and rootfs). */
export function fsAnalyzers(kind: FsKind) {
  const disabled = kind === 'fs' ? INDIVIDUAL_PKG_TYPES : LOCKFILE_TYPES;
  return analyzers.all.filter((analyzer) => !disabled.has(analyzer.id));
}

/** What a directory scan looks for besides vulnerabilities. */
export interface DirectoryScanners {
  /** The secret analyzer when secrets are scanned (cli/secret-scan.ts). */
  readonly secretAnalyzer?: Analyzer;
  /** Whether package targets are reported (default true; false for `--scanners secret` alone). */
  readonly packages?: boolean;
  /** The license classifier when licenses are scanned (cli/license-scan.ts). */
  readonly licenseClassifier?: LicenseClassifier;
}

/** The scan result of a directory, before filters. */
export async function scanDirectory(
  kind: FsKind,
  target: string,
  flags: FlagValues,
  context: FsScanContext,
  vulnerabilities: boolean,
  scanners: DirectoryScanners = {},
): Promise<ScanResult> {
  const secret = scanners.secretAnalyzer ? [scanners.secretAnalyzer] : [];
  const priority = detectionPriorityOf(flags['detection-priority']);
  const wanted = withFilePatterns(
    [...withDetectionPriority(fsAnalyzers(kind), priority), ...secret],
    parseFilePatterns(flags['file-patterns']),
  );
  const layer = await analyzeDirectory(target, wanted, {
    skipDirs: (flags['skip-dirs'] as readonly string[] | undefined) ?? [],
    skipFiles: (flags['skip-files'] as readonly string[] | undefined) ?? [],
    cwd: context.cwd,
  });
  const inventory = withPkgRelationships(
    withDistro(
      mergeLayers([layer], { artifactName: target, keepSystemFiles: priority === 'comprehensive' }),
      parseDistro(flags.distro),
      target,
      context.logger.info,
    ),
    pkgRelationshipsOf(flags),
  );
  const includeDev = flags['include-dev-deps'] === true;
  const problems = [...layer.problems, ...inventory.problems];
  if (vulnerabilities) await context.prepareDb?.();
  const db = vulnerabilities ? openDb(dbPathIn(context.cacheDir)) : undefined;
  // A root filesystem's OS is judged against its end of life as an image's is (with the vulnerability scan).
  const os = db && inventory.os ? withEol(inventory.os, context.now, context.logger) : inventory.os;
  try {
    const targets = scanners.packages === false ? [] : inventory.targets;
    const packageResults = targets.flatMap((found): TargetResult[] => {
      // Trivy drops dev dependencies unless --include-dev-deps (pkg/scan/langpkg).
      const packages = includeDev ? found.packages : withoutDev(found.packages);
      if (packages.length === 0 && found.class === 'lang-pkgs') return [];
      const unmatched: TargetResult = { ...found, packages: packages.map(withoutLayer), vulnerabilities: [] };
      if (!db) return [unmatched];
      const matched = matchTargetWithProblems(unmatched, os, db);
      problems.push(...matched.problems);
      return [{ ...unmatched, vulnerabilities: matched.findings }];
    });
    for (const problem of problems) context.logger.warn(problemLine(problem));
    // A directory has no layers: Trivy reports no Layer for its secrets either.
    const secrets = scanners.secretAnalyzer ? secretTargets(mergeSecrets([layer], { withLayers: false })) : [];
    // Licenses of the packages Trivy keeps (no dev dependencies unless --include-dev-deps), after the secrets.
    const licenses = licenseResults(
      inventory.targets.map((t) => ({ ...t, packages: includeDev ? t.packages : withoutDev(t.packages) })),
      scanners.licenseClassifier,
      (flags['pkg-types'] as readonly string[] | undefined) ?? ['os', 'library'],
    );
    const results = [...packageResults, ...secrets, ...licenses];
    return {
      schemaVersion: 2,
      createdAt: context.now.toISOString(),
      artifactName: target,
      artifactType: 'filesystem',
      metadata: os ? { os } : {},
      results,
    };
  } finally {
    db?.close();
  }
}

/** A directory has no layers: Trivy reports no Layer for its packages. */
function withoutLayer<T extends { readonly layer?: unknown }>(pkg: T): T {
  const { layer: _layer, ...rest } = pkg;
  return rest as T;
}

/** Runs `barnacle fs|rootfs PATH` with resolved flags; returns the exit code. */
export async function runFsScan(kind: FsKind, target: string, flags: FlagValues, context: FsScanContext) {
  reporterOf(flags); // an unknown --format fails before any work
  const scanners = flags.scanners as readonly string[] | undefined;
  for (const scanner of (scanners ?? []).filter((s) => s === 'misconfig')) {
    context.logger.warn(`--scanners ${scanner} is not supported and is ignored (barnacle scans vulnerabilities)`);
  }
  const enabled = scanners ?? ['vuln', 'secret'];
  const scanned = await scanDirectory(kind, target, flags, context, enabled.includes('vuln'), {
    secretAnalyzer: secretAnalyzerFor(flags, enabled, false, context.logger),
    packages: reportsPackages(enabled, flags),
    licenseClassifier: licenseClassifierFor(flags, enabled),
  });
  return filterAndReport(scanned, flags, context.now, context, scanners);
}

/** Trivy's excludeDevDeps: dev packages left out, and from what root and workspace packages depend on. */
function withoutDev(packages: readonly Package[]): Package[] {
  const dev = new Set(packages.filter((pkg) => pkg.dev).map((pkg) => pkg.id));
  return packages.flatMap((pkg): Package[] => {
    if (pkg.dev) return [];
    if ((pkg.relationship !== 'root' && pkg.relationship !== 'workspace') || !pkg.dependsOn) return [pkg];
    return [{ ...pkg, dependsOn: pkg.dependsOn.filter((id) => !dev.has(id)) }];
  });
}
