// .NET dependencies from `*.deps.json` files (https://github.com/dotnet/sdk/blob/main/documentation/specs/runtime-configuration-file.md),
// as Trivy's dotnet-core analyzer (pkg/fanal/analyzer/language/dotnet/deps with parser/dotnet/core_deps)
// reads them: the runtime libraries of the runtime target, with relationships and the dependency graph.
import { z } from 'zod';
import type { Package, Relationship } from '../types.js';
import { memberSpans } from './json-spans.js';
import type { Analyzer, AnalyzerResult } from './types.js';

const TargetLib = z.object({
  dependencies: z.record(z.string(), z.string()).nullish(),
  runtime: z.unknown().optional(),
  runtimeTargets: z.unknown().optional(),
  native: z.unknown().optional(),
});
const DepsJson = z.object({
  libraries: z.record(z.string(), z.object({ type: z.string().nullish() }).nullable()).nullish(),
  runtimeTarget: z.object({ name: z.string().nullish() }).nullish(),
  targets: z.record(z.string(), z.record(z.string(), TargetLib.nullable()).nullable()).nullish(),
});
type TargetLib = z.infer<typeof TargetLib>;

/** The SDK's name prefix for the runtime bundled in a self-contained app; Trivy reports it without. */
const RUNTIME_PACK_PREFIX = 'runtimepack.';
const LIBRARY_TYPES = new Set(['package', 'project', 'runtimepack']);

const stripPack = (name: string) =>
  name.startsWith(RUNTIME_PACK_PREFIX) ? name.slice(RUNTIME_PACK_PREFIX.length) : name;
/** Trivy's dependency.ID for dotnet-core: `name/version`, or the name alone without a version. */
const packageId = (name: string, version: string) =>
  version === '' ? stripPack(name) : `${stripPack(name)}/${version}`;

/** A library with runtime assets; a library the target does not list counts as one, so nothing is missed. */
function isRuntimeLibrary(targetLibs: ReadonlyMap<string, TargetLib | null>, id: string): boolean {
  if (!targetLibs.has(id)) return true;
  const lib = targetLibs.get(id);
  return lib != null && (lib.runtime != null || lib.runtimeTargets != null || lib.native != null);
}

/** The packages of a deps.json document; `text` gives their line spans. */
export function depsPackages(
  text: string,
  json: z.infer<typeof DepsJson>,
): { packages: Package[]; warnings: string[] } {
  const warnings: string[] = [];
  const targetName = json.runtimeTarget?.name ?? '';
  const target = json.targets?.[targetName];
  const found = target !== undefined && Object.hasOwn(json.targets ?? {}, targetName);
  // Target keys are `name/version` like library keys; runtime packs lose their prefix on both sides.
  const targetLibs = new Map<string, TargetLib | null>();
  for (const [key, lib] of Object.entries(target ?? {})) {
    const slash = key.indexOf('/');
    targetLibs.set(slash < 0 ? stripPack(key) : packageId(key.slice(0, slash), key.slice(slash + 1)), lib);
  }
  const spans = memberSpans(text, ['libraries']);
  const pkgs = new Map<string, Package>();
  const projects: string[] = [];
  for (const [nameVersion, lib] of Object.entries(json.libraries ?? {})) {
    const slash = nameVersion.indexOf('/');
    if (slash < 0) {
      warnings.push(`library '${nameVersion}' has no version`);
      continue;
    }
    const type = (lib?.type ?? '').toLowerCase();
    if (!LIBRARY_TYPES.has(type)) continue;
    const name = stripPack(nameVersion.slice(0, slash));
    const version = nameVersion.slice(slash + 1);
    const id = packageId(name, version);
    if (found && !isRuntimeLibrary(targetLibs, id)) continue;
    const location = spans.get(nameVersion);
    pkgs.set(id, { id, name, version, ...(location && { locations: [location] }) });
    if (type === 'project') projects.push(id);
  }
  const root = rootProject(projects, targetLibs);
  const relationships = new Map<string, Relationship>();
  for (const project of root === undefined ? [] : projects) {
    relationships.set(project, project === root ? 'root' : 'workspace');
  }
  if (!found) return { packages: [...pkgs.values()], warnings };
  const direct = new Set(
    Object.entries(targetLibs.get(root ?? '')?.dependencies ?? {}).map(([n, v]) => packageId(n, v)),
  );
  const packages = [...pkgs.values()].map((pkg): Package => {
    const relationship =
      relationships.get(pkg.id) ?? (direct.size > 0 ? (direct.has(pkg.id) ? 'direct' : 'indirect') : undefined);
    const dependsOn = Object.entries(targetLibs.get(pkg.id)?.dependencies ?? {})
      .map(([n, v]) => packageId(n, v))
      .filter((id) => pkgs.has(id))
      .sort();
    return { ...pkg, ...(relationship && { relationship }), ...(dependsOn.length > 0 && { dependsOn }) };
  });
  return { packages, warnings };
}

/** The one project no other library depends on, or undefined when there is not exactly one. */
function rootProject(
  projects: readonly string[],
  targetLibs: ReadonlyMap<string, TargetLib | null>,
): string | undefined {
  const referenced = new Set<string>();
  for (const lib of targetLibs.values()) {
    for (const [name, version] of Object.entries(lib?.dependencies ?? {})) referenced.add(packageId(name, version));
  }
  const roots = projects.filter((project) => !referenced.has(project));
  return roots.length === 1 ? roots[0] : undefined;
}

export const dotnetDeps: Analyzer = {
  id: 'dotnet-core',
  version: 1,
  wants: (path) => path.endsWith('.deps.json'),
  async analyze(file): Promise<AnalyzerResult> {
    const text = await file.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      return { problems: [{ path: file.path, reason: `deps.json is not valid JSON (${(error as Error).message})` }] };
    }
    const parsed = DepsJson.safeParse(json ?? {});
    if (!parsed.success) {
      const where = parsed.error.issues[0]?.path.join('.') || 'the top level';
      return { problems: [{ path: file.path, reason: `deps.json: ${where} does not have the deps.json shape` }] };
    }
    const { packages, warnings } = depsPackages(text, parsed.data);
    const problems = warnings.map((reason) => ({ path: file.path, reason: `deps.json: ${reason}; skipped` }));
    if (packages.length === 0) return { problems };
    return { applications: [{ type: 'dotnet-core', filePath: file.path, packages }], problems };
  },
};
