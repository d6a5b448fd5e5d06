// Lock files combined with the manifest beside them, in the same layer, as Trivy's post-analyzers do.
// yarn.lock with package.json (pkg/fanal/analyzer/language/nodejs/yarn: analyzeDependencies): the package.json
// becomes the root package and its workspaces' package.json files workspace packages; the packages their
// dependencies name (by the lock file's pattern, else by npm's range matching) are direct, what those reach
// indirect, and what only devDependencies reach is dev. composer.lock with composer.json (php/composer:
// mergeComposerJson): packages `require` or `require-dev` names are direct, the others indirect. go.mod with
// go.sum (golang/mod: mergeGoSum, addOrphanIndirectDepsUnderRoot). Cargo.lock with Cargo.toml and its workspace
// members' (rust/cargo: removeDevDependencies): the packages the manifests' dependencies name are direct, what
// they reach indirect, the rest (dev and build dependencies) dropped. A manifest that cannot be used leaves the
// lock file's packages as they are, with a warning.
import { posix } from 'node:path';
import semver from 'semver';
import { meetsRequirement } from '../analyzer/cargo-requirement.js';
import { packageId } from '../analyzer/lockfile.js';
import type { Application, CargoManifest, PackageManifest } from '../analyzer/types.js';
import type { Package, Problem } from '../types.js';

/** The manifest each lock-file type is combined with. */
const MANIFEST_OF: Readonly<Record<string, string>> = {
  yarn: 'package.json',
  composer: 'composer.json',
  gomod: 'go.sum',
  cargo: 'Cargo.toml',
};

/** Trivy's fragmentRegexp: an alias (`npm:lodash@^4`) names the real package and its range. */
const ALIAS = /(\S+):(@?.*?)(@(.*?)|)$/;

/** Go's path.Match for one path segment: `*`, `?`, `[...]` and `\` escapes, never across `/`. */
function segmentRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] ?? '';
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '\\' && i + 1 < glob.length) source += `\\${glob[++i]}`;
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end === -1) return /(?!)/; // a bad pattern matches nothing (Go's ErrBadPattern)
      const body = glob.slice(i + 1, end);
      source += `[${body.startsWith('^') ? `^${body.slice(1)}` : body}]`;
      i = end;
    } else source += c.replace(/[.+^${}()|\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

function globMatches(glob: string, path: string): boolean {
  const globs = glob.split('/');
  const parts = path.split('/');
  return globs.length === parts.length && globs.every((g, i) => segmentRegExp(g).test(parts[i] ?? ''));
}

/** The workspace package.json files: those at or under a path the glob matches (Trivy's fs.Glob then WalkDir). */
function workspaceManifests(
  dir: string,
  globs: readonly string[],
  manifests: readonly PackageManifest[],
): PackageManifest[] {
  const found: PackageManifest[] = [];
  for (const workspace of globs) {
    const glob = posix.join(dir === '' ? '.' : dir, workspace);
    const under = manifests
      .filter((m) => {
        const parts = m.filePath.split('/');
        return parts.some((_, n) => globMatches(glob, parts.slice(0, n + 1).join('/')));
      })
      .sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
    found.push(...under);
  }
  return found;
}

class Unresolvable extends Error {}

/** npm's range matching (Trivy's npm comparer); a version or range it cannot read fails the combination. */
function matchesRange(name: string, version: string, range: string): boolean {
  if (semver.valid(version) === null || semver.validRange(range) === null) {
    throw new Unresolvable(`unable to match version for ${name}`);
  }
  return semver.satisfies(version, range);
}

type Mutable = { -readonly [K in keyof Package]: Package[K] };

function manifestPackage(manifest: PackageManifest, relationship: 'root' | 'workspace'): Mutable {
  const name = manifest.name ?? '';
  const version = manifest.version ?? '';
  return {
    id: name !== '' && version !== '' ? `${name}@${version}` : manifest.filePath,
    name,
    version,
    relationship,
    ...(manifest.licenses ? { licenses: manifest.licenses } : {}),
    dependsOn: [],
  };
}

/** Trivy's resolveDependencies for one root or workspace package.json. */
function resolve(
  owner: Mutable,
  manifest: PackageManifest,
  packages: Map<string, Mutable>,
  patterns: Readonly<Record<string, readonly string[]>>,
): void {
  // Dev dependencies first, so that production ones can overwrite them.
  walkDirect(owner, packages, manifest.devDependencies ?? {}, patterns, true);
  walkDirect(owner, packages, { ...manifest.dependencies, ...manifest.optionalDependencies }, patterns, false);
}

function walkDirect(
  owner: Mutable,
  packages: Map<string, Mutable>,
  direct: Readonly<Record<string, string>>,
  patterns: Readonly<Record<string, readonly string[]>>,
  dev: boolean,
): void {
  const seen = new Set<string>();
  for (const pkg of packages.values()) {
    let range = direct[pkg.name];
    if (range === undefined) continue;
    let name = pkg.name;
    const alias = ALIAS.exec(range);
    if (alias) {
      name = alias[2] ?? '';
      range = alias[4] ?? '';
    }
    const wanted = range === '' ? name : `${name}@${range}`;
    if (!patterns[pkg.id]?.includes(wanted) && !matchesRange(name, pkg.version, range)) continue;
    pkg.name = name; // an alias's package is reported by its real name, as Trivy does
    // A package already production stays production.
    if (pkg.relationship === undefined || pkg.relationship === 'unknown' || pkg.dev) pkg.dev = dev;
    pkg.relationship = 'direct';
    seen.add(pkg.id);
    owner.dependsOn = [...(owner.dependsOn ?? []), pkg.id];
    walkIndirect(pkg, packages, seen);
  }
}

function walkIndirect(pkg: Mutable, packages: Map<string, Mutable>, seen: Set<string>): void {
  for (const id of pkg.dependsOn ?? []) {
    const dep = packages.get(id);
    if (seen.has(id) || !dep) continue;
    if (dep.relationship === undefined || dep.relationship === 'unknown' || dep.dev) dep.dev = pkg.dev;
    dep.relationship = 'indirect';
    seen.add(id);
    walkIndirect(dep, packages, seen);
  }
}

function combine(
  app: Application,
  root: PackageManifest,
  manifests: readonly PackageManifest[],
): Application | { problem: string } {
  const dir = posix.dirname(app.filePath) === '.' ? '' : posix.dirname(app.filePath);
  const workspaces = workspaceManifests(dir, root.workspaces ?? [], manifests);
  const invalid = [root, ...workspaces].find((m) => m.invalid !== undefined);
  if (invalid) return { problem: `${invalid.filePath}: ${invalid.invalid}` };
  const packages = new Map<string, Mutable>(app.packages.map((pkg) => [pkg.id, { ...pkg }]));
  const patterns = app.patterns ?? {};
  const rootPackage = manifestPackage(root, 'root');
  const workspacePackages = workspaces.map((m) => manifestPackage(m, 'workspace'));
  rootPackage.dependsOn = workspacePackages.map((w) => w.id);
  try {
    resolve(rootPackage, root, packages, patterns);
    packages.set(rootPackage.id, rootPackage);
    for (const [index, workspace] of workspacePackages.entries()) {
      resolve(workspace, workspaces[index] as PackageManifest, packages, patterns);
      packages.set(workspace.id, workspace);
    }
  } catch (error) {
    if (error instanceof Unresolvable) return { problem: error.message };
    throw error;
  }
  const combined = [...packages.values()].map(({ dev, dependsOn, ...pkg }): Package => {
    const sorted = [...(dependsOn ?? [])].sort();
    return { ...pkg, ...(dev ? { dev } : {}), ...(sorted.length > 0 ? { dependsOn: sorted } : {}) };
  });
  return { ...app, packages: combined };
}

/** Trivy's mergeComposerJson: direct when composer.json requires the package (for production or dev). */
function withComposerJson(app: Application, manifest: PackageManifest): Application {
  const direct = new Set(Object.keys({ ...manifest.dependencies, ...manifest.devDependencies }));
  return {
    ...app,
    packages: app.packages.map((pkg) => ({ ...pkg, relationship: direct.has(pkg.name) ? 'direct' : 'indirect' })),
  };
}

/**
 * Trivy's gomod post-analysis: below go 1.17 (no `// indirect` requirement in go.mod) the go.sum modules go.mod
 * does not name are added as indirect; then indirect modules nothing depends on hang under the main module.
 */
function withGoSum(app: Application, goSum: PackageManifest | undefined): Application {
  let packages = [...app.packages];
  if (goSum && !packages.some((pkg) => pkg.relationship === 'indirect')) {
    const names = new Set(packages.map((pkg) => pkg.name));
    for (const [name, version] of Object.entries(goSum.dependencies ?? {})) {
      if (names.has(name)) continue;
      packages.push({ id: packageId('gomod', name, version), name, version, relationship: 'indirect' });
    }
  }
  const root = packages.find((pkg) => pkg.relationship === 'root');
  if (root) {
    const parented = new Set(packages.flatMap((pkg) => pkg.dependsOn ?? []));
    const orphans = packages.filter((pkg) => pkg.relationship === 'indirect' && !parented.has(pkg.id));
    if (orphans.length > 0) {
      const dependsOn = [...(root.dependsOn ?? []), ...orphans.map((pkg) => pkg.id)];
      packages = packages.map((pkg) => (pkg === root ? { ...root, dependsOn } : pkg));
    }
  }
  return { ...app, packages };
}

/** Trivy's id for a Cargo.toml's package: `name@version`, or the manifest's hash when it names no package. */
function cargoId(cargo: CargoManifest, workspaceVersion: string): string {
  return cargo.name === '' ? cargo.hash : packageId('cargo', cargo.name, cargo.version ?? workspaceVersion);
}

/**
 * Trivy's removeDevDependencies: the root Cargo.toml's and its workspace members' dependencies (the root's and
 * earlier members' requirements win) mark the lock file's packages direct (the first version, in version order,
 * that meets the requirement), what those reach indirect; the root and members keep their relationship and
 * their edges to kept packages; every other package is dropped. A root the lock file lacks (a virtual workspace)
 * is added, depending on the members.
 */
function withCargoToml(
  app: Application,
  root: CargoManifest,
  manifests: readonly PackageManifest[],
  problems: Problem[],
): Application {
  const dir = posix.dirname(app.filePath);
  const rootId = cargoId(root, root.workspaceVersion);
  const requirements = new Map(Object.entries(root.dependencies));
  const workspaces: string[] = [];
  for (const member of root.members) {
    const glob = posix.join(dir, member, 'Cargo.toml');
    const found = manifests
      .filter((m) => globMatches(glob, m.filePath))
      .sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
    if (found.length === 0) {
      problems.push({
        path: posix.join(dir, 'Cargo.toml'),
        reason: `no Cargo.toml matches workspace member ${member}`,
      });
    }
    for (const m of found) {
      if (!m.cargo) {
        problems.push({ path: m.filePath, reason: `cannot read workspace member: ${m.invalid ?? 'not a Cargo.toml'}` });
        continue;
      }
      workspaces.push(cargoId(m.cargo, root.workspaceVersion || m.cargo.workspaceVersion));
      for (const [name, requirement] of Object.entries(m.cargo.dependencies)) {
        if (!requirements.has(name)) requirements.set(name, requirement);
      }
    }
  }
  const byId = new Map(app.packages.map((pkg) => [pkg.id, pkg]));
  const versionOrder = [...app.packages].sort((a, b) => (a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
  const kept = new Map<string, Package>();
  for (const [name, requirement] of requirements) {
    if (requirement === null) continue;
    for (const pkg of versionOrder.filter((p) => p.name === name)) {
      let meets: boolean;
      try {
        meets = meetsRequirement(pkg.version, requirement);
      } catch (error) {
        problems.push({
          path: app.filePath,
          reason: `cannot match ${pkg.id} with '${requirement}': ${(error as Error).message}`,
        });
        continue;
      }
      if (meets) {
        kept.set(pkg.id, { ...pkg, relationship: 'direct' });
        break;
      }
    }
  }
  const reach = (pkg: Package) => {
    for (const id of pkg.dependsOn ?? []) {
      const dep = byId.get(id);
      if (kept.has(id) || !dep) continue;
      kept.set(id, { ...dep, relationship: 'indirect' });
      reach(dep);
    }
  };
  for (const pkg of [...kept.values()]) reach(pkg);
  // The root's and members' edges to dev and build dependencies go; edges between them stay (Trivy keeps them or
  // not by its map order).
  const owners = app.packages.filter((pkg) => pkg.id === rootId || workspaces.includes(pkg.id));
  const wanted = new Set([...kept.keys(), ...owners.map((pkg) => pkg.id)]);
  for (const pkg of owners) {
    const dependsOn = (pkg.dependsOn ?? []).filter((id) => wanted.has(id));
    const { dependsOn: _, ...rest } = pkg;
    kept.set(pkg.id, {
      ...rest,
      relationship: pkg.id === rootId ? 'root' : 'workspace',
      ...(dependsOn.length > 0 ? { dependsOn } : {}),
    });
  }
  if (!kept.has(rootId)) {
    kept.set(rootId, {
      id: rootId,
      name: '',
      version: '',
      relationship: 'root',
      ...(workspaces.length > 0 ? { dependsOn: workspaces } : {}),
    });
  }
  return { ...app, packages: [...kept.values()] };
}

/**
 * Each lock file that has its manifest beside it (same directory, same layer) combined with it; the rest as
 * they are. Problems name the manifest that could not be used.
 */
export function withManifests(
  applications: readonly Application[],
  manifests: readonly PackageManifest[],
): { applications: Application[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const byPath = new Map(manifests.map((m) => [m.filePath, m]));
  const combined = applications.map((app) => {
    const { patterns: _, ...plain } = app;
    const name = MANIFEST_OF[app.type];
    if (name === undefined) return app;
    const path = posix.join(posix.dirname(app.filePath), name);
    const manifest = byPath.get(path);
    if (app.type === 'gomod') return withGoSum(plain, manifest);
    if (!manifest) return plain;
    const unusable = (reason: string) => {
      problems.push({ path, reason: `cannot tell direct and dev dependencies of ${app.filePath} from it: ${reason}` });
      return plain;
    };
    if (app.type === 'cargo') {
      return manifest.cargo
        ? withCargoToml(plain, manifest.cargo, manifests, problems)
        : unusable(manifest.invalid ?? '');
    }
    if (app.type === 'composer') {
      return manifest.invalid === undefined ? withComposerJson(plain, manifest) : unusable(manifest.invalid);
    }
    const result = combine(app, manifest, manifests);
    if ('problem' in result) return unusable(result.problem);
    const { patterns: __, ...done } = result;
    return done;
  });
  return { applications: combined, problems };
}
