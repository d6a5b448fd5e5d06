// Language packages' licenses normalised once, where a layer's analyzer results are gathered, as Trivy's
// AnalysisResult.Merge does for every Application of every analyzer and post-analyzer (normalizeApplicationsLicenses,
// pkg/fanal/analyzer/analyzer.go). Analyzers report licenses as written; OS packages are not touched here (the dpkg
// copyright and apk analyzers normalise their own, RPM licenses stay as written).
import type { Application } from '../analyzer/types.js';
import type { Package } from '../types.js';
import { normalizeLicense } from './normalize.js';

/**
 * The applications with each package's licenses normalised (Trivy's NormalizeLicenses: each name once, empty ones
 * dropped, none left means no licenses). Packages without licenses are the same objects.
 */
export function withNormalizedLicenses(applications: readonly Application[]): Application[] {
  // Layers repeat a handful of license names thousands of times: each is normalised once per layer.
  const known = new Map<string, string>();
  const normalized = (name: string): string => {
    let id = known.get(name);
    if (id === undefined) {
      id = normalizeLicense(name);
      known.set(name, id);
    }
    return id;
  };
  return applications.map((app) => {
    if (!app.packages.some((pkg) => pkg.licenses !== undefined)) return app;
    return { ...app, packages: app.packages.map((pkg) => withLicenses(pkg, normalized)) };
  });
}

function withLicenses(pkg: Package, normalized: (name: string) => string): Package {
  if (pkg.licenses === undefined) return pkg;
  const names = new Set(pkg.licenses.map(normalized));
  names.delete('');
  const licenses = [...names];
  if (licenses.length === 0) {
    const { licenses: _, ...rest } = pkg;
    return rest;
  }
  const same = licenses.length === pkg.licenses.length && licenses.every((name, i) => name === pkg.licenses?.[i]);
  return same ? pkg : { ...pkg, licenses };
}
