// GitHub's dependency snapshot (the dependency submission API payload), as Trivy's `--format github` writes it
// (trivy pkg/report/github/github.go): one manifest per target, its packages resolved by name with their purl.
// The job fields come from the GitHub Actions environment ($GITHUB_REF, $GITHUB_SHA, ...) in ReportOptions.env.
import type { Package, ScanResult } from '../types.js';
import { type GoValue, goMap, goStruct, marshalIndent, omitEmpty, omitEmptyList } from './go-json.js';
import { packageResults } from './package-results.js';
import type { Reporter, ReportOptions } from './types.js';

function packageJson(pkg: Package): GoValue {
  return goStruct({
    package_url: omitEmpty(pkg.purl),
    relationship: pkg.relationship === 'indirect' ? 'indirect' : 'direct',
    dependencies: omitEmptyList(pkg.dependsOn),
    scope: 'runtime',
    metadata: pkg.filePath ? { source_location: pkg.filePath } : undefined,
  });
}

/** RFC 3339 without fractional seconds (Go's time.RFC3339). */
function rfc3339(text: string): string {
  return text.replace(/\.\d+(?=Z|[+-]\d\d:\d\d$)/, '');
}

export function dependencySnapshot(scan: ScanResult, options: ReportOptions): GoValue {
  const env = options.env ?? {};
  const tags = scan.metadata.repoTags ?? [];
  const digests = scan.metadata.repoDigests ?? [];
  const manifests: Record<string, GoValue> = {};
  for (const target of scan.results) {
    let file: GoValue;
    if (target.class === 'lang-pkgs') {
      let reference = tags.join(', ');
      const hash = digests.join(', ').split('@')[1];
      if (scan.artifactType === 'container_image' && hash !== undefined) reference += `@${hash}`;
      file = { source_location: scan.artifactType === 'container_image' ? reference : target.target };
    }
    const resolved: Record<string, GoValue> = {};
    for (const pkg of target.packages) resolved[pkg.name] = packageJson(pkg);
    manifests[target.target] = goStruct({ name: omitEmpty(target.type), file, resolved: goMap(resolved) });
  }
  const metadata: Record<string, string> = {};
  if (tags.length > 0) metadata['aquasecurity:trivy:RepoTag'] = tags.join(', ');
  if (digests.length > 0) metadata['aquasecurity:trivy:RepoDigest'] = digests.join(', ');
  return goStruct({
    version: 0,
    // barnacle has no public home page to name yet; GitHub stores the URL as given.
    detector: { name: 'barnacle', version: options.version, url: options.env?.BARNACLE_DETECTOR_URL ?? '' },
    metadata: goMap(metadata),
    ref: omitEmpty(env.GITHUB_REF),
    sha: omitEmpty(env.GITHUB_SHA),
    job: goStruct({
      correlator: `${env.GITHUB_WORKFLOW ?? ''}_${env.GITHUB_JOB ?? ''}`,
      id: omitEmpty(env.GITHUB_RUN_ID),
    }),
    scanned: rfc3339(scan.createdAt),
    manifests: goMap(manifests),
  });
}

export const github: Reporter = {
  id: 'github',
  // fmt.Fprint of json.MarshalIndent: no trailing newline.
  render: (result, options) => marshalIndent(dependencySnapshot(packageResults(result), options)),
};
