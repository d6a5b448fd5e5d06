// Maven's pom.xml as Trivy's pom analyzer reads it offline (pkg/dependency/parser/java/pom): the project as the
// root, its compile and runtime dependencies as direct, versions from <properties>, project fields and
// <dependencyManagement>, parents and <modules> read from the same tree. Nothing is fetched: a version only a
// remote (or imported) POM would give stays empty, and dependencies of dependencies are not known.
import path from 'node:path';
import type { Location, Package, Relationship } from '../types.js';
import { lockResult, packageId, unreadable } from './lockfile.js';
import {
  evaluate,
  isProperty,
  merged,
  nameOf,
  type PomXml,
  parsePom,
  pomVersion,
  projectProperties,
  resolveDependency,
  uniqueByName,
  withoutLines,
} from './pom-xml.js';
import type { Analyzer, AnalyzerResult, LayerFile } from './types.js';
import { XmlSyntaxError } from './xml.js';

/** A POM of the tree: its path relative to the tree ('' for none found) and its (inherited) content. */
interface Pom {
  readonly path: string;
  readonly content: PomXml;
}

/** Where the POMs of a scan come from: the file analysed and its neighbours in the tree. */
export interface PomTree {
  /** Another file of the tree by its relative path, or undefined when it is not a readable file. */
  read(path: string): Promise<string | undefined>;
  /** The path Trivy gives the parser: the scanned root as given, joined with the tree path (package IDs hash it). */
  hostPath(path: string): string;
}

const emptyPom = (): Pom => ({
  path: '',
  content: {
    parent: { groupId: '', artifactId: '', version: '', relativePath: '' },
    groupId: '',
    artifactId: '',
    version: '',
    licenses: [],
    modules: [],
    properties: new Map(),
    dependencyManagement: [],
    dependencies: [],
  },
});

/** <properties> and the project fields, the fields winning (Trivy's pom.properties). */
const propertiesOf = (pom: Pom) => merged(pom.content.properties, projectProperties(pom.content));

interface Artifact {
  groupId: string;
  artifactId: string;
  version: { readonly version: string; readonly hard: boolean };
  licenses: readonly string[];
  relationship: Relationship;
  locations?: readonly Location[];
  module?: boolean;
  /** Host path of the POM whose package IDs it takes. */
  rootFilePath: string;
  /** For the root and modules: what analysing their POM gave. */
  result?: Analysis;
}

function artifactOf(content: PomXml, props: ReadonlyMap<string, string>): Artifact {
  return {
    groupId: evaluate(content.groupId, props),
    artifactId: evaluate(content.artifactId, props),
    version: pomVersion(evaluate(content.version, props)),
    licenses: content.licenses,
    relationship: 'indirect',
    rootFilePath: '',
  };
}

interface Analysis {
  readonly path: string;
  readonly artifact: Artifact;
  readonly dependencies: Artifact[];
  readonly modules: readonly string[];
}

/** Trivy's package ID for a POM: `group:artifact:version::` and 8 hex digits of the hash of it and the file's path. */
export function pomPackageId(name: string, version: string, hostPath: string): string {
  const gav = packageId('pom', name, version);
  return `${gav}::${hashstructure({ gav, path: hostPath.replaceAll('\\', '/') })
    .toString(16)
    .slice(0, 8)}`;
}

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK = (1n << 64n) - 1n;
/** FNV-1 64 (Go's hash/fnv New64, hashstructure's default hasher). */
function fnv1(bytes: Uint8Array): bigint {
  let h = FNV_OFFSET;
  for (const byte of bytes) h = ((h * FNV_PRIME) & MASK) ^ BigInt(byte);
  return h;
}
const le64 = (...values: bigint[]) => {
  const out = new Uint8Array(values.length * 8);
  const view = new DataView(out.buffer);
  for (const [i, v] of values.entries()) view.setBigUint64(i * 8, v, true);
  return out;
};
/** hashstructure v2 (FormatV2) of a map of strings: pairs hashed in order, XOR-ed, then hashed once more. */
function hashstructure(map: Readonly<Record<string, string>>): bigint {
  const text = (s: string) => fnv1(new TextEncoder().encode(s));
  let h = 0n;
  for (const [key, value] of Object.entries(map)) h ^= fnv1(le64(text(key), text(value)));
  return fnv1(le64(h));
}

const SCOPES = new Set(['', 'compile', 'runtime']);
const MAX_DEPTH = 64;

/** One pom.xml and its neighbours, resolved as Trivy's offline parser does. */
class PomResolver {
  constructor(private readonly tree: PomTree) {}

  /** The POM at `path` (a directory means its pom.xml), or undefined when the tree has none. */
  async open(path: string): Promise<Pom | undefined> {
    if (path.startsWith('../') || path === '..') return undefined; // never outside the scanned tree
    for (const candidate of [path, `${path}/pom.xml`]) {
      const text = await this.tree.read(candidate);
      if (text === undefined) continue;
      try {
        // Trivy keeps lines only for the file analysed, not for the parents and modules it opens.
        return { path: candidate, content: withoutLines(parsePom(text)) };
      } catch {
        return undefined; // Trivy: "failed to parse the local POM", then the next place
      }
    }
    return undefined;
  }

  relative(from: string, relativePath: string): string {
    return path.posix.normalize(path.posix.join(path.posix.dirname(from), relativePath)).replace(/\/$/, '');
  }

  /** Trivy's resolveParent: the parent's properties, fields, managed and declared dependencies inherited. */
  async resolveParent(pom: Pom, depth = 0): Promise<void> {
    const parent = (depth < MAX_DEPTH && (await this.parentOf(pom, depth))) || emptyPom();
    const content = pom.content;
    content.properties = merged(propertiesOf(parent), content.properties);
    const own = artifactOf(content, content.properties);
    const from = artifactOf(parent.content, parent.content.properties);
    content.groupId = own.groupId || from.groupId;
    content.artifactId = own.artifactId;
    content.licenses = own.licenses.length > 0 ? [...own.licenses] : [...from.licenses];
    const version = own.version.version || from.version.version;
    content.version = isProperty(version) ? evaluate(version, content.properties) : version;
    content.properties = merged(parent.content.properties, content.properties);
    content.dependencyManagement = uniqueByName([
      ...content.dependencyManagement,
      ...parent.content.dependencyManagement,
    ]);
    content.dependencies = uniqueByName([...content.dependencies, ...parent.content.dependencies]);
  }

  /** Trivy's parseParent offline: relativePath, then ../pom.xml, each only when its artifactId is the parent's. */
  private async parentOf(pom: Pom, depth: number): Promise<Pom | undefined> {
    const declared = pom.content.parent;
    const target = artifactOf({ ...emptyPom().content, ...declared, licenses: [] }, new Map());
    if ((target.groupId === '' || target.artifactId === '') && !isProperty(declared.version)) return undefined;
    const places = declared.relativePath !== '' ? [declared.relativePath, '../pom.xml'] : ['../pom.xml'];
    for (const place of places) {
      const found = await this.open(this.relative(pom.path, place));
      if (!found || artifactOf(found.content, found.content.properties).artifactId !== target.artifactId) continue;
      await this.resolveParent(found, depth + 1);
      return found;
    }
    return undefined;
  }

  /** Trivy's analyze for a POM of the tree (the root or a module). */
  async analyze(pom: Pom, rootFilePath: string): Promise<Analysis> {
    await this.resolveParent(pom);
    const props = propertiesOf(pom);
    // Managed dependencies with their variables evaluated; an imported BOM would need a repository.
    const managed = pom.content.dependencyManagement
      .filter((dep) => dep.scope !== 'import')
      .map((dep) => resolveDependency(dep, props, []));
    const dependencies = pom.content.dependencies
      .map((dep) => resolveDependency(dep, props, managed))
      .filter((dep) => SCOPES.has(dep.scope) && !dep.optional)
      .map(
        (dep): Artifact => ({
          groupId: dep.groupId,
          artifactId: dep.artifactId,
          version: pomVersion(dep.version),
          licenses: [],
          relationship: 'indirect',
          rootFilePath,
          ...(dep.startLine !== 0 &&
            dep.endLine !== 0 && {
              locations: [{ startLine: dep.startLine, endLine: dep.endLine }],
            }),
        }),
      );
    const artifact = { ...artifactOf(pom.content, pom.content.properties), rootFilePath };
    return { path: pom.path, artifact, dependencies, modules: pom.content.modules };
  }

  /** Trivy's parseRoot without a repository: the root (or module), its dependencies, its modules' packages. */
  async packages(root: Artifact, modules: Set<string>): Promise<Package[]> {
    const queue: Artifact[] = [{ ...root, module: false }];
    const packages: Package[] = [];
    const unique = new Map<string, Artifact>();
    const dependsOnNames = new Map<string, string[]>();
    const id = (name: string, version: string) => pomPackageId(name, version, root.rootFilePath);
    for (let art = queue.shift(); art; art = queue.shift()) {
      if (art.module) {
        const moduleId = pomPackageId(nameOf(art), art.version.version, art.rootFilePath);
        if (modules.has(moduleId)) continue;
        modules.add(moduleId);
        packages.push(...(await this.packages(art, modules)));
        continue;
      }
      const seen = unique.get(nameOf(art));
      if (seen) {
        // A soft requirement already met; only a hard one replaces it.
        if (seen.version.hard || !art.version.hard) continue;
        if (['root', 'workspace', 'direct'].includes(seen.relationship))
          art = { ...art, relationship: seen.relationship };
        if (seen.locations) art = { ...art, locations: seen.locations };
      }
      const isRoot = art.relationship === 'root' || art.relationship === 'workspace';
      const result = isRoot ? art.result : undefined;
      const dependencies = (result?.dependencies ?? []).map((dep) => ({ ...dep, relationship: 'direct' as const }));
      for (const module of result?.modules ?? []) {
        const found = await this.open(this.relative(result?.path ?? '', module));
        if (!found) continue;
        const host = this.tree.hostPath(found.path);
        const analysis = await this.analyze(found, host);
        queue.push({
          ...analysis.artifact,
          module: true,
          relationship: 'workspace',
          rootFilePath: host,
          result: analysis,
        });
      }
      queue.push(...dependencies);
      if (art.groupId !== '' && art.artifactId !== '') {
        unique.set(nameOf(art), { ...art, licenses: result?.artifact.licenses ?? [] });
        dependsOnNames.set(id(nameOf(art), art.version.version), dependencies.map(nameOf));
      }
    }
    for (const [name, art] of unique) {
      const pkgId = id(name, art.version.version);
      const dependsOn = (dependsOnNames.get(pkgId) ?? []).flatMap((dep) => {
        const version = unique.get(dep)?.version.version ?? '';
        return version === '' ? [] : [id(dep, version)];
      });
      // mvn lists modules beside the root: every module is a dependency of the root.
      if (art.relationship === 'root') dependsOn.push(...modules);
      packages.push({
        id: pkgId,
        name,
        version: art.version.version,
        relationship: art.relationship,
        ...(art.licenses.length > 0 && { licenses: art.licenses }),
        ...(dependsOn.length > 0 && { dependsOn: dependsOn.sort() }),
        ...(art.locations && { locations: art.locations }),
      });
    }
    return packages;
  }
}

const RELATIONSHIP_ORDER: Readonly<Record<string, number>> = { root: 1, workspace: 2, direct: 3, indirect: 4 };
/** Trivy's Packages order: relationship, name, version, ID. */
function byTrivyOrder(a: Package, b: Package): number {
  const rank = (p: Package) => RELATIONSHIP_ORDER[p.relationship ?? ''] ?? 9;
  const text = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return rank(a) - rank(b) || text(a.name, b.name) || text(a.version, b.version) || text(a.id, b.id);
}

/** Integration-test POMs of maven-invoker-plugin (`**∕(src|target)/it/*∕pom.xml`): Trivy marks them dev. */
function isIntegrationTest(hostPath: string): boolean {
  const dirs = hostPath.split('/');
  if (dirs.length < 4) return false;
  return (dirs.at(-4) === 'src' || dirs.at(-4) === 'target') && dirs.at(-3) === 'it';
}

/** The packages of the pom.xml at `filePath` of `tree`; throws XmlSyntaxError for a malformed file. */
export async function pomPackages(filePath: string, text: string, tree: PomTree): Promise<Package[]> {
  const resolver = new PomResolver(tree);
  const host = tree.hostPath(filePath);
  const analysis = await resolver.analyze({ path: filePath, content: parsePom(text) }, host);
  const packages = await resolver.packages(
    { ...analysis.artifact, relationship: 'root', result: analysis },
    new Set<string>(),
  );
  const dev = isIntegrationTest(host);
  return packages.map((pkg) => (dev ? { ...pkg, dev: true } : pkg)).sort(byTrivyOrder);
}

/** Go's filepath.Clean for `/` paths. */
function goClean(p: string): string {
  if (p === '') return '.';
  const cleaned = path.posix.normalize(p).replace(/(.)\/$/, '$1');
  return cleaned === './' ? '.' : cleaned;
}

/** The tree of a scanned file: its neighbours when the source can read them, else the file alone. */
export function treeOf(file: LayerFile): PomTree {
  return {
    read: async (p) => (file.readRelated ? file.readRelated(p) : undefined),
    hostPath: (p) => goClean(file.scanRoot ? `${file.scanRoot}/${p}` : p),
  };
}

export const pom: Analyzer = {
  id: 'pom',
  version: 1,
  wants: (path) => path === 'pom.xml' || path.endsWith('/pom.xml'),
  async analyze(file): Promise<AnalyzerResult> {
    const text = await file.text();
    try {
      return lockResult('pom', file, await pomPackages(file.path, text, treeOf(file)));
    } catch (error) {
      if (error instanceof XmlSyntaxError) return unreadable(file, `not a valid POM (${error.reason})`, error.line);
      throw error;
    }
  },
};
