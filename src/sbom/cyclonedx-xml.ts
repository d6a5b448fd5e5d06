// CycloneDX XML (1.0 – 1.6), the default output of the Maven, Gradle and .NET CycloneDX plugins, as SBOM input:
// laid out as the CycloneDX JSON document the CycloneDX reader takes (cyclonedx.ts): components (nested ones
// too) with their type, bom-ref, name, group, version, purl, supplier, licences and properties, and the
// dependency graph. Any XML input is taken for CycloneDX, and told apart when it is not. (Today's Trivy
// detects this format and refuses it.)
import { XMLParser } from 'fast-xml-parser';
import { InputError } from '../errors.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** Whether the text is XML (its first character, after a byte order mark and blanks, opens a tag). */
export function isXml(source: string): boolean {
  return /^[\s\uFEFF]*</.test(source);
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  // Versions such as 7.10 stay text.
  parseTagValue: false,
  parseAttributeValue: false,
  removeNSPrefix: true,
  trimValues: true,
  isArray: (name) => ['component', 'dependency', 'property', 'license', 'expression', 'reference'].includes(name),
});

/** The CycloneDX JSON members of an XML document. */
export function cycloneDxXmlToJson(source: string, file: string): Json {
  // No DTD has a place in a CycloneDX document, and its entities could expand without bound.
  if (/<!(DOCTYPE|ENTITY)/i.test(source)) throw new InputError(`${file}: a DOCTYPE in a CycloneDX XML SBOM is refused`);
  let doc: unknown;
  try {
    doc = parser.parse(source, true);
  } catch (error) {
    // fast-xml-parser's validation errors end with `:line:column`.
    const m = /^([\s\S]*?)\.?:(\d+):\d+$/.exec((error as Error).message);
    throw new InputError(`${file}${m ? `:${m[2]}` : ''}: not well-formed XML (${m?.[1] ?? (error as Error).message})`);
  }
  const bom = isObject(doc) && isObject(doc.bom) ? doc.bom : undefined;
  // The parser drops namespace declarations: the root's is read from the text.
  const namespace = /<(?:[\w.-]+:)?bom\b[^>]*?\bxmlns(?::[\w.-]+)?\s*=\s*["']([^"']*)["']/.exec(source)?.[1] ?? '';
  if (!bom || !/cyclonedx\.org\/schema\/bom/.test(namespace)) {
    const root = isObject(doc) ? Object.keys(doc).find((k) => !k.startsWith('?')) : undefined;
    throw new InputError(`${file}: an XML document, but not a CycloneDX BOM (root element <${root ?? ''}>)`);
  }
  const version = /\/bom\/(\d+\.\d+)/.exec(namespace)?.[1];
  return {
    bomFormat: 'CycloneDX',
    specVersion: version,
    components: componentsOf(bom.components),
    dependencies: dependenciesOf(bom.dependencies),
  };
}

function componentsOf(container: unknown): Json[] {
  return isObject(container) ? list(container.component).filter(isObject).map(componentOf) : [];
}

function componentOf(c: Json): Json {
  const properties = isObject(c.properties)
    ? list(c.properties.property)
        .filter(isObject)
        .map((p) => ({ name: p.name, value: p['#text'] ?? '' }))
    : undefined;
  const licenses = isObject(c.licenses)
    ? [
        ...list(c.licenses.license)
          .filter(isObject)
          .map((l) => ({ license: { id: l.id, name: l.name } })),
        ...list(c.licenses.expression).map((e) => ({ expression: isObject(e) ? e['#text'] : e })),
      ]
    : undefined;
  return {
    type: c.type,
    'bom-ref': c['bom-ref'],
    group: c.group,
    name: c.name,
    version: c.version,
    purl: c.purl,
    supplier: isObject(c.supplier) ? { name: c.supplier.name } : undefined,
    licenses,
    properties,
    components: componentsOf(c.components),
  };
}

/** `<dependency ref="a"><dependency ref="b"/></dependency>` as `{ ref: 'a', dependsOn: ['b'] }`. */
function dependenciesOf(container: unknown): Json[] {
  if (!isObject(container)) return [];
  return list(container.dependency)
    .filter(isObject)
    .map((d) => ({ ref: d.ref, dependsOn: list(d.dependency).flatMap((x) => (isObject(x) ? [x.ref] : [])) }));
}
