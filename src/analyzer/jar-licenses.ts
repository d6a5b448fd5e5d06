// Licenses a Java archive declares, as today's Trivy's jar parser reads them (pkg/dependency/parser/java/jar):
// the <licenses> of the pom.xml files Maven packs under META-INF/maven/<groupId>/<artifactId>/, and in MANIFEST.MF
// Jenkins' Plugin-License-Name attributes or else OSGi's Bundle-License header. Names are kept as written (the
// inventory normalises them); a Bundle-License entry counts only when it resolves to an SPDX id.
import { spdxLicenseId, spdxLicenseIdByUrl } from '../licensing/normalize.js';
import { manifestMainSection } from './jar-manifest.js';
import { childrenNamed, parseXml, XmlSyntaxError } from './xml.js';

/** `groupId:artifactId` of a `META-INF/maven/<groupId>/<artifactId>/pom.xml` entry (Trivy's embeddedPomGAV). */
export function embeddedPomName(entry: string): string | undefined {
  const prefix = 'META-INF/maven/';
  const suffix = '/pom.xml';
  if (!entry.startsWith(prefix) || !entry.endsWith(suffix) || entry.length < prefix.length + suffix.length) {
    return undefined;
  }
  const rest = entry.slice(prefix.length, -suffix.length);
  const slash = rest.indexOf('/');
  if (slash <= 0 || slash === rest.length - 1) return undefined;
  return `${rest.slice(0, slash)}:${rest.slice(slash + 1)}`;
}

/**
 * An embedded pom.xml's licenses (Trivy's decodePomLicenses): each <license>'s <name>, trimmed, else the SPDX id
 * of its <url>, else none. Go's decoder gathers the <license> elements of every <licenses> block and keeps the
 * last <name> and <url> of each. Undefined when the file is not well-formed XML (Trivy skips it).
 */
export function embeddedPomLicenses(text: string): string[] | undefined {
  let project: ReturnType<typeof parseXml>;
  try {
    project = parseXml(text);
  } catch (error) {
    if (error instanceof XmlSyntaxError) return undefined;
    throw error;
  }
  const last = (element: ReturnType<typeof parseXml>, name: string) => childrenNamed(element, name).at(-1)?.text ?? '';
  return childrenNamed(project, 'licenses')
    .flatMap((licenses) => childrenNamed(licenses, 'license'))
    .map((license) => last(license, 'name').trim() || (spdxLicenseIdByUrl(last(license, 'url')) ?? ''))
    .filter((name) => name !== '');
}

/** The license name of a `Plugin-License-Name[-N]: <name>` line, trimmed; '' for any other line. */
export function pluginLicenseName(line: string): string {
  const colon = line.indexOf(':');
  if (colon < 0) return '';
  const key = line.slice(0, colon);
  if (key !== 'Plugin-License-Name' && !key.startsWith('Plugin-License-Name-')) return '';
  return line.slice(colon + 1).trim();
}

/** `s` split at `separator` outside double-quoted values, where a backslash escapes the next character. */
function splitUnquoted(s: string, separator: string): string[] {
  const fields: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') {
      if (quoted) i++;
    } else if (s[i] === '"') quoted = !quoted;
    else if (s[i] === separator && !quoted) {
      fields.push(s.slice(start, i));
      start = i + 1;
    }
  }
  fields.push(s.slice(start));
  return fields;
}

const trimSpacesAndQuotes = (s: string) => s.replace(/^[ "]+|[ "]+$/g, '');

/**
 * OSGi's Bundle-License header as SPDX ids (Trivy's parseBundleLicense): comma-separated entries
 * `name;attr=value`, each resolved from its name as an SPDX id (any case), else from its name or `link` attribute
 * as a license URL; entries that resolve to neither (free text, `<<EXTERNAL>>`) are skipped.
 */
export function bundleLicenses(header: string): string[] {
  return splitUnquoted(header, ',').flatMap((entry) => {
    const [first = '', ...attributes] = splitUnquoted(entry, ';');
    const name = trimSpacesAndQuotes(first);
    let link = '';
    for (const attribute of attributes) {
      const equals = attribute.indexOf('=');
      if (equals >= 0 && attribute.slice(0, equals).trim() === 'link') {
        link = trimSpacesAndQuotes(attribute.slice(equals + 1));
      }
    }
    const id =
      spdxLicenseId(name) ??
      [name, link]
        .filter((url) => url !== '')
        .reduce<string | undefined>((found, url) => found ?? spdxLicenseIdByUrl(url), undefined);
    return id === undefined ? [] : [id];
  });
}

/**
 * The licenses MANIFEST.MF's main section declares (Trivy's manifest.licenseNames): its Plugin-License-Name
 * attributes, else its (last) Bundle-License header (jar-manifest.ts reads the main section).
 */
export function manifestLicenses(text: string): string[] {
  const plugin: string[] = [];
  let bundle = '';
  for (const line of manifestMainSection(text)) {
    if (line.startsWith('Bundle-License:')) bundle = line.slice('Bundle-License:'.length);
    else if (line.startsWith('Plugin-License-Name')) plugin.push(line);
  }
  const names = plugin.map(pluginLicenseName).filter((name) => name !== '');
  return names.length > 0 ? names : bundleLicenses(bundle);
}
