// A small strict XML reader for manifest files (pom.xml, *.props, packages.config): elements by local name, their
// character data and the lines Go's encoding/xml reports for them, as Trivy's parsers read the same files.

/** One element: local name (prefix dropped), attributes, direct character data, child elements. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: ReadonlyMap<string, string>;
  /** Character data directly inside the element (CDATA included), entities decoded, untrimmed. */
  readonly text: string;
  readonly children: readonly XmlElement[];
  /** Line of the end of the start tag (Go's InputPos after the start token). */
  readonly startLine: number;
  /** Line of the end of the end tag (or of the start tag when self-closing). */
  readonly endLine: number;
}

/** A document that is not well-formed XML, with the line where reading stopped. */
export class XmlSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(raw: string, line: () => number): string {
  return raw.replace(/&([^;&\s]*);?/g, (match, name: string) => {
    if (!match.endsWith(';')) throw new XmlSyntaxError('unterminated entity reference', line());
    if (name.startsWith('#')) {
      const code = name[1] === 'x' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      if (!Number.isFinite(code) || code < 0 || code > 0x10ffff) {
        throw new XmlSyntaxError(`invalid character reference &${name};`, line());
      }
      return String.fromCodePoint(code);
    }
    const value = ENTITIES[name];
    if (value === undefined) throw new XmlSyntaxError(`invalid character entity &${name};`, line());
    return value;
  });
}

const localName = (qualified: string) => qualified.slice(qualified.indexOf(':') + 1);

/** The root element of `text`; throws XmlSyntaxError naming the line when the document is not well-formed. */
export function parseXml(text: string): XmlElement {
  let i = 0;
  let lineNo = 1;
  let counted = 0;
  const line = () => {
    for (; counted < i && counted < text.length; counted++) if (text.charCodeAt(counted) === 10) lineNo++;
    return lineNo;
  };
  interface Open {
    qualified: string;
    name: string;
    attributes: Map<string, string>;
    text: string;
    children: XmlElement[];
    startLine: number;
  }
  const stack: Open[] = [];
  let root: XmlElement | undefined;
  const fail = (reason: string): never => {
    throw new XmlSyntaxError(reason, line());
  };
  const skipPast = (terminator: string, what: string) => {
    const end = text.indexOf(terminator, i);
    if (end < 0) {
      i = text.length;
      fail(`unterminated ${what}`);
    }
    return end;
  };
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const chunk = lt < 0 ? text.slice(i) : text.slice(i, lt);
    const top = stack.at(-1);
    if (chunk !== '') {
      if (top) top.text += decodeEntities(chunk, line);
      else if (chunk.trim() !== '') fail(root ? 'content after the root element' : 'content before the root element');
    }
    if (lt < 0) {
      i = text.length;
      break;
    }
    i = lt;
    if (text.startsWith('<!--', i)) {
      i = skipPast('-->', 'comment') + 3;
    } else if (text.startsWith('<![CDATA[', i)) {
      const end = skipPast(']]>', 'CDATA section');
      if (!top) fail('CDATA outside the root element');
      else top.text += text.slice(i + 9, end);
      i = end + 3;
    } else if (text.startsWith('<?', i)) {
      i = skipPast('?>', 'processing instruction') + 2;
    } else if (text.startsWith('<!', i)) {
      i = skipPast('>', 'declaration') + 1;
    } else if (text.startsWith('</', i)) {
      const end = skipPast('>', 'end tag');
      const qualified = text.slice(i + 2, end).trim();
      i = end + 1;
      const open = stack.pop();
      if (!open) fail(`unexpected end tag </${qualified}>`);
      else if (open.qualified !== qualified) fail(`element <${open.qualified}> closed by </${qualified}>`);
      else close(open, line());
    } else {
      const tag = /^<([^\s/>=]+)((?:\s+[^\s/>=]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/.exec(
        text.slice(i, i + 65536),
      );
      if (!tag) fail('malformed start tag');
      const [whole = '', qualified = '', rawAttributes = '', selfClosing] = tag ?? [];
      const attributes = new Map<string, string>();
      for (const m of rawAttributes.matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
        attributes.set(localName(m[1] ?? ''), decodeEntities(m[2] ?? m[3] ?? '', line));
      }
      i += whole.length;
      if (root && stack.length === 0) fail('a second root element');
      const open: Open = {
        qualified,
        name: localName(qualified),
        attributes,
        text: '',
        children: [],
        startLine: line(),
      };
      if (selfClosing) close(open, open.startLine);
      else stack.push(open);
    }
  }
  if (stack.length > 0) fail(`unexpected end of file inside <${stack.at(-1)?.qualified}>`);
  if (!root) fail('no root element');
  return root as XmlElement;

  function close(open: Open, endLine: number) {
    const element: XmlElement = {
      name: open.name,
      attributes: open.attributes,
      text: open.text,
      children: open.children,
      startLine: open.startLine,
      endLine,
    };
    const parent = stack.at(-1);
    if (parent) parent.children.push(element);
    else root = element;
  }
}

/** The first child element named `name`. */
export const child = (element: XmlElement | undefined, name: string): XmlElement | undefined =>
  element?.children.find((c) => c.name === name);

/** The child elements named `name`. */
export const childrenNamed = (element: XmlElement | undefined, name: string): XmlElement[] =>
  element?.children.filter((c) => c.name === name) ?? [];

/** The character data of the first child named `name`, or '' (Go's zero value). */
export const childText = (element: XmlElement | undefined, name: string): string => child(element, name)?.text ?? '';
