// The model of a pom.xml as Trivy's pom parser reads it (pkg/dependency/parser/java/pom/pom.go, var.go,
// artifact.go): the fields it decodes, Maven variables, version requirements and managed dependencies.
import { spdxLicenseIdByUrl } from '../licensing/normalize.js';
import { child, childrenNamed, childText, parseXml, type XmlElement, XmlSyntaxError } from './xml.js';

/** The name Trivy keys artifacts and dependencies by. */
export const nameOf = (a: { readonly groupId: string; readonly artifactId: string }) => `${a.groupId}:${a.artifactId}`;

export interface PomDependency {
  readonly groupId: string;
  readonly artifactId: string;
  readonly version: string;
  readonly scope: string;
  readonly optional: boolean;
  readonly exclusions: readonly string[];
  readonly startLine: number;
  readonly endLine: number;
}

export interface PomXml {
  parent: { groupId: string; artifactId: string; version: string; relativePath: string };
  groupId: string;
  artifactId: string;
  version: string;
  licenses: string[];
  modules: string[];
  properties: Map<string, string>;
  dependencyManagement: PomDependency[];
  dependencies: PomDependency[];
}

/** Go's strconv.ParseBool after TrimSpace; an empty element is false. */
function goBool(text: string, line: number): boolean {
  const value = text.trim();
  if (['', '0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value)) return false;
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)) return true;
  throw new XmlSyntaxError(`<optional> is not a boolean: ${JSON.stringify(value)}`, line);
}

/** <dependency> elements at any depth below `element`, not inside another one (Trivy's pomDependencies). */
function dependenciesIn(element: XmlElement | undefined): PomDependency[] {
  const found: PomDependency[] = [];
  const visit = (e: XmlElement) => {
    for (const c of e.children) {
      if (c.name !== 'dependency') {
        visit(c);
        continue;
      }
      const optional = child(c, 'optional');
      found.push({
        groupId: lastText(c, 'groupId'),
        artifactId: lastText(c, 'artifactId'),
        version: lastText(c, 'version'),
        scope: lastText(c, 'scope'),
        optional: optional ? goBool(optional.text, optional.startLine) : false,
        exclusions: childrenNamed(child(c, 'exclusions'), 'exclusion').map(
          (x) => `${childText(x, 'groupId')}:${childText(x, 'artifactId')}`,
        ),
        startLine: c.startLine,
        endLine: c.endLine,
      });
    }
  };
  if (element) visit(element);
  return found;
}

/** Go's encoding/xml sets a string field once per element: the last one wins. */
const lastText = (element: XmlElement | undefined, name: string) => childrenNamed(element, name).at(-1)?.text ?? '';

/** The fields of a pom.xml Trivy reads. Throws XmlSyntaxError. */
export function parsePom(text: string): PomXml {
  const project = parseXml(text);
  const parent = child(project, 'parent');
  const properties = new Map<string, string>();
  for (const property of child(project, 'properties')?.children ?? []) properties.set(property.name, property.text);
  return {
    parent: {
      groupId: lastText(parent, 'groupId'),
      artifactId: lastText(parent, 'artifactId'),
      version: lastText(parent, 'version'),
      relativePath: lastText(parent, 'relativePath'),
    },
    groupId: lastText(project, 'groupId'),
    artifactId: lastText(project, 'artifactId'),
    version: lastText(project, 'version'),
    // A license's name, else the SPDX id whose URL it gives (Trivy's pomLicenseName); neither: none.
    licenses: childrenNamed(child(project, 'licenses'), 'license')
      .map((license) => childText(license, 'name').trim() || (spdxLicenseIdByUrl(childText(license, 'url')) ?? ''))
      .filter((name) => name !== ''),
    modules: childrenNamed(child(project, 'modules'), 'module').map((module) => module.text),
    properties,
    dependencyManagement: dependenciesIn(child(child(project, 'dependencyManagement'), 'dependencies')),
    dependencies: dependenciesIn(child(project, 'dependencies')),
  };
}

export function withoutLines(content: PomXml): PomXml {
  return { ...content, dependencies: content.dependencies.map((dep) => ({ ...dep, startLine: 0, endLine: 0 })) };
}

const VARIABLE = /\$\{(\S+?)\}/g;
export const isProperty = (s: string) => s.startsWith('${') && s.endsWith('}');

/** Trivy's evaluateVariable: ${name} replaced (unknown names by ''), env.X from the environment, then trimmed. */
export function evaluate(s: string, props: ReadonlyMap<string, string>, seen: readonly string[] = []): string {
  let out = s;
  for (const [whole, name = ''] of s.matchAll(VARIABLE)) {
    let value = '';
    if (name.startsWith('env.')) value = process.env[name.slice(4)] ?? '';
    else {
      const raw = props.get(name);
      if (raw !== undefined) {
        // A property met again while evaluating it: a loop, evaluated to nothing.
        if (seen.includes(raw)) return '';
        value = evaluate(raw, props, [...seen, raw]);
      }
    }
    out = out.replaceAll(whole, value);
  }
  return out.trim();
}

/** Trivy's newVersion: `[1.0]` is a hard requirement of 1.0; another range is no version. */
export function pomVersion(s: string): { readonly version: string; readonly hard: boolean } {
  const hard = s.startsWith('[') && s.endsWith(']');
  const version = hard ? s.replace(/^[[\]]+|[[\]]+$/g, '') : s;
  return { version: /[,()[\]]/.test(version) ? '' : version, hard };
}

export const merged = <K, V>(low: ReadonlyMap<K, V>, high: ReadonlyMap<K, V>) => new Map([...low, ...high]);

/** Trivy's projectProperties: project fields (and properties) as `x` and `project.x`. */
export function projectProperties(content: PomXml): Map<string, string> {
  const props = new Map<string, string>([
    ['parent.groupId', content.parent.groupId],
    ['parent.artifactId', content.parent.artifactId],
    ['parent.version', content.parent.version],
    ['parent.relativePath', content.parent.relativePath],
    ['groupId', content.groupId],
    ['artifactId', content.artifactId],
    ['version', content.version],
  ]);
  for (const [key, value] of content.properties) if (!props.get(key)) props.set(key, value);
  props.set('groupId', content.groupId);
  props.set('version', content.version);
  const out = new Map<string, string>();
  for (const [key, value] of props) {
    if (key.startsWith('project.')) continue;
    out.set(`project.${key}`, value);
    out.set(key, value);
  }
  return out;
}

export function uniqueByName(deps: readonly PomDependency[]): PomDependency[] {
  const seen = new Set<string>();
  return deps.filter((dep) => {
    const name = nameOf(dep);
    if (seen.has(name)) return false;
    seen.add(name);
    return true;
  });
}

/** Trivy's pomDependency.Resolve: variables evaluated, version, scope, optional and exclusions from management. */
export function resolveDependency(
  dep: PomDependency,
  props: ReadonlyMap<string, string>,
  managed: readonly PomDependency[],
): PomDependency {
  let out: PomDependency = {
    ...dep,
    groupId: evaluate(dep.groupId, props),
    artifactId: evaluate(dep.artifactId, props),
    version: evaluate(dep.version, props),
    scope: evaluate(dep.scope, props),
  };
  const manager = managed.find((m) => nameOf(m) === nameOf(out));
  if (manager) {
    out = {
      ...out,
      version: out.version || evaluate(manager.version, props),
      scope: out.scope || evaluate(manager.scope, props),
      optional: out.optional || manager.optional,
      exclusions: [...out.exclusions, ...manager.exclusions],
    };
  }
  return out;
}
