// CycloneDX XML (1.0 – 1.6), the default output of the Maven, Gradle and .NET CycloneDX plugins, as SBOM input:
// laid out as the CycloneDX JSON document the CycloneDX reader takes (cyclonedx.ts): components (nested ones
// too) with their type, bom-ref, name, group, version, purl, supplier, licences and properties, and the
// dependency graph. Any XML input is taken for CycloneDX, and told apart when it is not. (Today's Trivy detects
// this format and refuses it.) Read with the project's strict XML reader, which expands no entity of its own.
import { child, childrenNamed, childText, parseXml, type XmlElement, XmlSyntaxError } from '../analyzer/xml.js';
import { InputError } from '../errors.js';
import type { Json } from './json-values.js';

/** Whether the text is XML (its first character, after a byte order mark and blanks, opens a tag). */
export function isXml(source: string): boolean {
  return /^[\s\uFEFF]*</.test(source);
}

/** The CycloneDX JSON members of an XML document. */
export function cycloneDxXmlToJson(source: string, file: string): Json {
  // No DTD has a place in a CycloneDX document.
  if (/<!(DOCTYPE|ENTITY)/i.test(source)) throw new InputError(`${file}: a DOCTYPE in a CycloneDX XML SBOM is refused`);
  let root: XmlElement;
  try {
    root = parseXml(source.replace(/^\uFEFF/, ''));
  } catch (error) {
    if (!(error instanceof XmlSyntaxError)) throw error;
    throw new InputError(`${file}:${error.line}: not well-formed XML (${error.reason})`);
  }
  // The root's namespace, declared as the default namespace or for its prefix.
  const namespace = [...root.attributes.values()].find((v) => /cyclonedx\.org\/schema\/bom/.test(v)) ?? '';
  if (root.name !== 'bom' || namespace === '') {
    throw new InputError(`${file}: an XML document, but not a CycloneDX BOM (root element <${root.name}>)`);
  }
  return {
    bomFormat: 'CycloneDX',
    specVersion: /\/bom\/(\d+\.\d+)/.exec(namespace)?.[1],
    components: componentsOf(child(root, 'components')),
    dependencies: childrenNamed(child(root, 'dependencies'), 'dependency').map((d) => ({
      ref: d.attributes.get('ref'),
      dependsOn: childrenNamed(d, 'dependency').map((x) => x.attributes.get('ref')),
    })),
  };
}

/** Element text as the JSON reader takes it: trimmed, and absent when empty. */
const value = (element: XmlElement | undefined, name: string): string | undefined =>
  childText(element, name).trim() || undefined;

function componentsOf(container: XmlElement | undefined): Json[] {
  return childrenNamed(container, 'component').map((c) => {
    const licenses = child(c, 'licenses');
    return {
      type: c.attributes.get('type'),
      'bom-ref': c.attributes.get('bom-ref'),
      group: value(c, 'group'),
      name: value(c, 'name'),
      version: value(c, 'version'),
      purl: value(c, 'purl'),
      supplier: child(c, 'supplier') ? { name: value(child(c, 'supplier'), 'name') } : undefined,
      licenses: licenses && [
        ...childrenNamed(licenses, 'license').map((l) => ({ license: { id: value(l, 'id'), name: value(l, 'name') } })),
        ...childrenNamed(licenses, 'expression').map((e) => ({ expression: e.text.trim() })),
      ],
      properties: childrenNamed(child(c, 'properties'), 'property').map((p) => ({
        name: p.attributes.get('name'),
        value: p.text.trim(),
      })),
      components: componentsOf(child(c, 'components')),
    };
  });
}
