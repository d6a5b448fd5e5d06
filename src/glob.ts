// Doublestar globs (github.com/bmatcuk/doublestar v4, as Trivy matches secret skip-patterns and ignore-file paths)
// as RegExps: `**` as a whole segment spans any number of directories, `*` and `?` stay within one, `[...]`, `{a,b}`.

/** Compiles a glob; throws Error with the reason for an invalid one (doublestar.ValidatePattern). */
export function compileGlob(pattern: string): RegExp {
  const segments = pattern.split('/');
  let out = '';
  for (const [i, segment] of segments.entries()) {
    const last = i === segments.length - 1;
    if (segment === '**') {
      if (segments.length === 1) out += '.*';
      else if (i === 0) out += '(?:.*/)?';
      else if (last) out += '(?:/.*)?';
      else out += '(?:/.*)?/';
      continue;
    }
    if (i > 0 && segments[i - 1] !== '**') out += '/';
    out += segmentRegex(segment, pattern);
  }
  return new RegExp(`^${out}$`, 's');
}

function segmentRegex(segment: string, pattern: string): string {
  let out = '';
  let braces = 0;
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i] as string;
    if (c === '\\') {
      const next = segment[i + 1];
      if (next === undefined) throw new Error(`invalid glob "${pattern}": trailing backslash`);
      out += escapeChar(next);
      i++;
    } else if (c === '*') {
      while (segment[i + 1] === '*') i++;
      out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const end = segment.indexOf(']', i + 2);
      if (end === -1) throw new Error(`invalid glob "${pattern}": unclosed [`);
      let body = segment.slice(i + 1, end);
      const negated = body.startsWith('!') || body.startsWith('^');
      if (negated) body = body.slice(1);
      out += `[${negated ? '^/' : ''}${body.replace(/[\\\]^]/g, (ch) => `\\${ch}`)}]`;
      i = end;
    } else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else out += escapeChar(c);
  }
  if (braces > 0) throw new Error(`invalid glob "${pattern}": unclosed {`);
  return out;
}

function escapeChar(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}
