// The main section of a jar's META-INF/MANIFEST.MF as Trivy's jar parser reads it: up to the first empty line,
// a line starting with a space continuing the one before it, attributes with no value or a `%variable` value
// (Bundle-Name: %bundleName) left out.

/** The attribute lines of the main section, continuation lines unfolded, in order. */
export function manifestMainSection(text: string): string[] {
  const lines: string[] = [];
  const add = (line: string) => {
    const fields = line.trim().split(/\s+/);
    if (fields.length > 1 && !fields[1]?.startsWith('%')) lines.push(line);
  };
  let attribute = '';
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line === '') break;
    if (line.startsWith(' ')) {
      attribute += line.slice(1);
      continue;
    }
    add(attribute);
    attribute = line;
  }
  add(attribute);
  return lines;
}
