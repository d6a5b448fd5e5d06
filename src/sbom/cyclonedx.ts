// CycloneDX JSON (1.2 – 1.6) as SBOM input: every library component (nested ones too) becomes an SbomPackage,
// placed under the application component that depends on it; the operating-system component names the OS.
// Properties in Trivy's namespace are read without it.
import type { OS } from '../types.js';
import { applicationOwners, familyOf, osFromPurls, type SbomApplication, type SbomPackage } from './decode.js';
import { isObject, type Json, list, text } from './json-values.js';

const NAMESPACE = 'aquasecurity:trivy:';

function properties(component: Json): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of list(component.properties)) {
    if (!isObject(p)) continue;
    const name = text(p.name);
    const value = text(p.value);
    if (name?.startsWith(NAMESPACE) && value !== undefined) out.set(name.slice(NAMESPACE.length), value);
  }
  return out;
}

function licenses(component: Json): string[] {
  return list(component.licenses).flatMap((l) => {
    if (!isObject(l)) return [];
    if (text(l.expression)) return [l.expression as string];
    const license = isObject(l.license) ? l.license : {};
    const name = text(license.id) ?? text(license.name);
    return name ? [name] : [];
  });
}

export function isCycloneDx(doc: unknown): doc is Json {
  return isObject(doc) && doc.bomFormat === 'CycloneDX';
}

/** Whether a component is a package (Trivy's decoder: a library, or any component with a purl). */
const isPackage = (component: Json): boolean =>
  component.type === 'library' || (text(component.type) !== undefined && text(component.purl) !== undefined);

/** An application component: one with Trivy's Type property (a lock file, a binary, an aggregated language). */
const isApplication = (component: Json): boolean =>
  component.type === 'application' && properties(component).has('Type');

/** The application each package belongs to, through `dependencies` (decode.ts applicationOwners). */
function applicationsOf(doc: Json, components: readonly Json[]): Map<string, SbomApplication | null> {
  const dependsOn = new Map<string, string[]>();
  for (const dependency of list(doc.dependencies)) {
    if (!isObject(dependency) || !text(dependency.ref)) continue;
    const refs = list(dependency.dependsOn).filter((r): r is string => text(r) !== undefined);
    dependsOn.set(dependency.ref as string, refs);
  }
  const ref = (c: Json) => text(c['bom-ref']) ?? '';
  const packages = new Set(components.filter((c) => isPackage(c) && !isApplication(c)).map(ref));
  const os = components.filter((c) => c.type === 'operating-system').map((c) => [ref(c), null] as const);
  const apps = components
    .filter(isApplication)
    .map((c) => [ref(c), { type: properties(c).get('Type') ?? '', name: text(c.name) ?? '' }] as const);
  return applicationOwners(dependsOn, packages, [...os, ...apps]);
}

/** Every component, nested ones too, in document order. */
function allComponents(doc: Json): Json[] {
  const out: Json[] = [];
  const visit = (component: unknown) => {
    if (!isObject(component)) return;
    out.push(component);
    for (const child of list(component.components)) visit(child);
  };
  for (const component of list(doc.components)) visit(component);
  return out;
}

/** The packages and OS of a CycloneDX document. */
export function readCycloneDx(doc: Json): { packages: SbomPackage[]; os?: OS } {
  const packages: SbomPackage[] = [];
  let os: OS | undefined;
  const components = allComponents(doc);
  const applications = applicationsOf(doc, components);
  for (const component of components) {
    const type = text(component.type);
    if (type === 'operating-system' && text(component.name)) {
      os ??= { family: familyOf(component.name as string), name: text(component.version) ?? '' };
    } else if (isApplication(component)) {
      // its packages are placed under it
    } else if (isPackage(component)) {
      const supplier = isObject(component.supplier) ? text(component.supplier.name) : undefined;
      packages.push({
        name:
          text(component.group) && text(component.purl)?.startsWith('pkg:maven/')
            ? `${component.group}:${component.name}`
            : (text(component.name) ?? ''),
        version: text(component.version),
        purl: text(component.purl),
        properties: properties(component),
        licenses: licenses(component),
        supplier,
        application: applications.get(text(component['bom-ref']) ?? '') ?? undefined,
      });
    }
  }
  return { packages, os: os ?? osFromPurls(packages) };
}
