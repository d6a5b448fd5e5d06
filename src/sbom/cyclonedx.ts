// CycloneDX JSON (1.2 – 1.6) as SBOM input: every library component (nested ones too) becomes an SbomPackage;
// the operating-system component names the OS. Properties in Trivy's namespace are read without it.
import type { OS } from '../types.js';
import { familyOf, osFromPurls, type SbomPackage } from './decode.js';

const NAMESPACE = 'aquasecurity:trivy:';
type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

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

/** The packages and OS of a CycloneDX document. */
export function readCycloneDx(doc: Json): { packages: SbomPackage[]; os?: OS } {
  const packages: SbomPackage[] = [];
  let os: OS | undefined;
  const visit = (component: unknown) => {
    if (!isObject(component)) return;
    const type = text(component.type);
    if (type === 'operating-system' && text(component.name)) {
      os ??= { family: familyOf(component.name as string), name: text(component.version) ?? '' };
    } else if (type === 'library' || (type !== undefined && text(component.purl))) {
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
      });
    }
    for (const child of list(component.components)) visit(child);
  };
  for (const component of list(doc.components)) visit(component);
  return { packages, os: os ?? osFromPurls(packages) };
}
