// `barnacle sbom FILE`: scans the packages a CycloneDX or SPDX JSON SBOM lists, without an image, through
// the normal match → filter → report path.
import { readFileSync } from 'node:fs';
import { openDb } from '../db/open.js';
import { InputError } from '../errors.js';
import { matchTargetWithProblems } from '../match/match.js';
import { decodeSbom } from '../sbom/index.js';
import type { OS, ScanResult } from '../types.js';
import { parseDistro, withDistro } from './distro.js';
import type { FlagValues } from './flags.js';
import { licenseClassifierFor, licenseResults } from './license-scan.js';
import { pkgRelationshipsOf, withPkgRelationships } from './pkg-relationships.js';
import { filterAndReport, reporterOf } from './report-output.js';
import { dbPathIn, problemLine, withEol } from './scan.js';
import type { ScanContext } from './scan-context.js';

export type SbomScanContext = ScanContext;

/** The scan result of an SBOM file, before filters. */
export async function scanSbom(
  file: string,
  context: SbomScanContext,
  vulnerabilities = true,
  distro?: OS,
  pkgRelationships?: readonly string[],
): Promise<ScanResult> {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`${file}: cannot read the SBOM (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
  const sbom = withPkgRelationships(
    withDistro(decodeSbom(source, file), distro, file, context.logger.info),
    pkgRelationships,
  );
  for (const problem of sbom.problems) context.logger.debug(problemLine(problem));
  if (vulnerabilities) await context.prepareDb?.();
  const db = vulnerabilities ? openDb(dbPathIn(context.cacheDir)) : undefined;
  // The SBOM's OS is judged against its end of life as an image's is (with the vulnerability scan).
  const os = db && sbom.os ? withEol(sbom.os, context.now, context.logger) : sbom.os;
  try {
    const results = sbom.targets.map((target) => {
      if (!db) return target;
      const matched = matchTargetWithProblems(target, os, db);
      for (const problem of matched.problems) context.logger.warn(problemLine(problem));
      return { ...target, vulnerabilities: matched.findings };
    });
    return {
      schemaVersion: 2,
      createdAt: context.now.toISOString(),
      artifactName: file,
      artifactType: sbom.format,
      metadata: os ? { os } : {},
      results,
    };
  } finally {
    db?.close();
  }
}

/** Runs `barnacle sbom FILE` with resolved flags; returns the exit code. */
export async function runSbomScan(file: string, flags: FlagValues, context: SbomScanContext): Promise<number> {
  reporterOf(flags); // an unknown --format fails before any work
  const scanners = flags.scanners as readonly string[] | undefined;
  const scanned = await scanSbom(
    file,
    context,
    scanners?.includes('vuln') ?? true,
    parseDistro(flags.distro),
    pkgRelationshipsOf(flags),
  );
  // `--scanners license`: the licenses the SBOM gives its packages, classified, after the package targets.
  const licenses = licenseResults(
    scanned.results,
    licenseClassifierFor(flags, scanners ?? []),
    (flags['pkg-types'] as readonly string[] | undefined) ?? ['os', 'library'],
  );
  const results = licenses.length > 0 ? { ...scanned, results: [...scanned.results, ...licenses] } : scanned;
  return filterAndReport(results, flags, context.now, context, scanners);
}
