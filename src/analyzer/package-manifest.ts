// The manifests lock files are combined with. A package.json read as Trivy's packagejson parser reads it
// (pkg/dependency/parser/nodejs/packagejson): name, version, license, the three dependency maps and the
// workspace globs (an array, or an object's `packages` array); a composer.json's require and require-dev. A file
// Go's decoder would refuse is kept with the reason, so that the combination can say why it did not happen.
import { z } from 'zod';
import { licenseNames, NAME, PackageJson as NodePackageJson } from './node-pkg.js';
import type { PackageManifest } from './types.js';

/** package.json as node-pkg reads it, with the workspaces a yarn root lists. */
const PackageJson = NodePackageJson.extend({ workspaces: z.unknown().optional() });

const stringsOf = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

/** Trivy's ParseWorkspaces: `["packages/*"]` or `{"packages": ["packages/*"]}`. */
function workspaceGlobs(value: unknown): string[] {
  if (Array.isArray(value)) return stringsOf(value);
  if (typeof value === 'object' && value !== null && 'packages' in value) return stringsOf(value.packages);
  return [];
}

const withoutNulls = (deps: Readonly<Record<string, string | null>> | null | undefined) =>
  deps ? Object.fromEntries(Object.entries(deps).map(([name, range]) => [name, range ?? ''])) : undefined;

export function packageManifest(filePath: string, content: string): PackageManifest {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch (error) {
    return { filePath, invalid: `not valid JSON (${(error as Error).message})` };
  }
  const parsed = PackageJson.safeParse(json ?? {});
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join('.') || 'the top level';
    return { filePath, invalid: `${where} has the wrong type` };
  }
  const { name, version, license, dependencies, optionalDependencies, devDependencies, workspaces } = parsed.data;
  if (name && !NAME.test(name)) return { filePath, invalid: `the name '${name}' is not URL-friendly` };
  const licenses = licenseNames(license);
  const globs = workspaceGlobs(workspaces);
  const deps = withoutNulls(dependencies);
  const optional = withoutNulls(optionalDependencies);
  const dev = withoutNulls(devDependencies);
  return {
    filePath,
    ...(name ? { name } : {}),
    ...(version ? { version } : {}),
    ...(licenses.length > 0 ? { licenses } : {}),
    ...(deps ? { dependencies: deps } : {}),
    ...(optional ? { optionalDependencies: optional } : {}),
    ...(dev ? { devDependencies: dev } : {}),
    ...(globs.length > 0 ? { workspaces: globs } : {}),
  };
}

const ComposerJson = z.object({
  require: z.record(z.string(), z.string().nullable()).nullish(),
  'require-dev': z.record(z.string(), z.string().nullable()).nullish(),
});

/** A composer.json's `require` (as dependencies) and `require-dev` (as devDependencies), as Trivy reads them. */
export function composerManifest(filePath: string, content: string): PackageManifest {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch (error) {
    return { filePath, invalid: `not valid JSON (${(error as Error).message})` };
  }
  const parsed = ComposerJson.safeParse(json ?? {});
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join('.') || 'the top level';
    return { filePath, invalid: `${where} has the wrong type` };
  }
  const require = withoutNulls(parsed.data.require);
  const requireDev = withoutNulls(parsed.data['require-dev']);
  return {
    filePath,
    ...(require ? { dependencies: require } : {}),
    ...(requireDev ? { devDependencies: requireDev } : {}),
  };
}

/**
 * A go.sum's modules, each at the version of its last line (`/go.mod` suffix trimmed), as Trivy's sum parser
 * reads them; kept as dependencies for the go.mod beside it.
 */
export function goSumManifest(filePath: string, content: string): PackageManifest {
  const modules: Record<string, string> = {};
  for (const line of content.split('\n')) {
    const [module, version] = line.trim().split(/\s+/);
    if (module === undefined || version === undefined || module === '') continue;
    modules[module] = version.replace(/\/go\.mod$/, '');
  }
  return { filePath, dependencies: modules };
}
