// PHP packages Composer installed, from `vendor/composer/installed.json` (Composer 2's `{"packages": [...]}`),
// as Trivy's composer-vendor analyzer (pkg/fanal/analyzer/language/php/composer/vendor.go with
// parser/php/composer) reads them: any file named installed.json, one target per file.
import { z } from 'zod';
import type { Package } from '../types.js';
import { memberSpans } from './json-spans.js';
import { splitLicenses } from './split-licenses.js';
import type { Analyzer, AnalyzerResult } from './types.js';

const ComposerPackage = z.object({
  name: z.string().nullish(),
  version: z.string().nullish(),
  require: z.record(z.string(), z.string().nullable()).nullish(),
  license: z.unknown().optional(),
});
/** Composer 1 wrote a bare array, which Trivy's decoder refuses as this schema does. */
const InstalledJson = z.object({
  packages: z.array(ComposerPackage).nullish(),
  'packages-dev': z.array(ComposerPackage).nullish(),
});

/** A string license is split like other license fields; an array keeps its strings (Trivy's licenses()). */
function licensesOf(license: unknown): string[] {
  if (typeof license === 'string') return splitLicenses(license);
  if (Array.isArray(license)) return license.filter((l): l is string => typeof l === 'string');
  return [];
}

/** Requirements that name packages: not the PHP version, not PHP extensions (`ext-…`). */
const isPackageRequirement = (name: string): boolean => name !== 'php' && !name.startsWith('ext');

/** The packages of an installed.json or composer.lock document, production packages before dev ones. */
export function composerPackages(text: string, json: z.infer<typeof InstalledJson>): Package[] {
  const lines = { packages: memberSpans(text, ['packages']), 'packages-dev': memberSpans(text, ['packages-dev']) };
  const byName = new Map<string, { pkg: Package; requires: string[] }>();
  for (const [field, dev] of [
    ['packages', false],
    ['packages-dev', true],
  ] as const) {
    for (const [index, entry] of (json[field] ?? []).entries()) {
      const name = entry.name ?? '';
      if (byName.has(name)) continue; // a production package wins over the same dev package
      const version = entry.version ?? '';
      const licenses = licensesOf(entry.license);
      const location = lines[field].get(index);
      const pkg: Package = {
        id: version === '' ? name : `${name}@${version}`,
        name,
        version,
        ...(licenses.length > 0 && { licenses }),
        ...(location && { locations: [location] }),
        ...(dev && { dev }),
      };
      byName.set(name, { pkg, requires: Object.keys(entry.require ?? {}).filter(isPackageRequirement) });
    }
  }
  // Requirements are version ranges: each becomes the id of the package of that name, when installed.
  return [...byName.values()].map(({ pkg, requires }) => {
    const dependsOn = requires.flatMap((name) => byName.get(name)?.pkg.id ?? []).sort();
    return dependsOn.length > 0 ? { ...pkg, dependsOn } : pkg;
  });
}

export const composerVendor: Analyzer = {
  id: 'composer-vendor',
  version: 1,
  wants: (path) => path === 'installed.json' || path.endsWith('/installed.json'),
  async analyze(file): Promise<AnalyzerResult> {
    const text = await file.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      return {
        problems: [{ path: file.path, reason: `installed.json is not valid JSON (${(error as Error).message})` }],
      };
    }
    const parsed = InstalledJson.safeParse(json ?? {});
    if (!parsed.success) {
      const where = parsed.error.issues[0]?.path.join('.') || 'the top level';
      return { problems: [{ path: file.path, reason: `installed.json: ${where} does not have Composer 2's shape` }] };
    }
    const packages = composerPackages(text, parsed.data);
    if (packages.length === 0) return { problems: [] };
    return { applications: [{ type: 'composer-vendor', filePath: file.path, packages }], problems: [] };
  },
};
