// Installed Ruby gems from their `specifications/*.gemspec` files, read line by line as Trivy's gemspec
// analyzer (pkg/fanal/analyzer/language/ruby/gemspec with parser/ruby/gemspec) reads them: the
// `Gem::Specification.new do |s|` block variable, then `s.name`, `s.version` and `s.license(s)`.
import { splitLicenses } from './split-licenses.js';
import type { Analyzer, AnalyzerResult } from './types.js';

/** Trivy's fileRegex, unanchored as Go's MatchString uses it. */
const GEMSPEC_PATH = /\/specifications\/.+\.gemspec/;

const NEW_VAR = /\|(.*)\|/;
const NAME = /\.name\s*=\s*(\S+)/;
const VERSION = /\.version\s*=\s*(\S+)/;
const LICENSE = /\.license\s*=\s*(\S+)/;
const LICENSES = /\.licenses\s*=\s*\[(.+)\]/;
/** bufio.Scanner's default token limit: a longer line stops Trivy's parser with an error. */
const MAX_LINE = 64 * 1024;

/** `"async".freeze` → `async`: blanks, a `.freeze` suffix, then quotes at both ends. */
function unquote(value: string): string {
  let s = value.trim();
  if (s.endsWith('.freeze')) s = s.slice(0, -'.freeze'.length);
  return s.replace(/^['"]+|['"]+$/g, '');
}

const captured = (re: RegExp, line: string): string => re.exec(line)?.[1] ?? '';

type Spec = { name: string; version: string; license: string } | { error: string };

/** The name, version and license of the first Gem::Specification block. */
export function readGemspec(text: string): Spec {
  let newVar = '';
  let name = '';
  let version = '';
  let license = '';
  for (const raw of text.split('\n')) {
    if (raw.length > MAX_LINE) return { error: `a line is longer than ${MAX_LINE} bytes` };
    const line = raw.trim();
    if (line.includes('Gem::Specification.new')) newVar = captured(NEW_VAR, line);
    if (newVar === '') continue;
    if (line.startsWith(`${newVar}.name`)) name = unquote(captured(NAME, line));
    else if (line.startsWith(`${newVar}.version`)) version = unquote(captured(VERSION, line));
    else if (line.startsWith(`${newVar}.licenses`))
      license = captured(LICENSES, line).split(',').map(unquote).join(', ');
    else if (line.startsWith(`${newVar}.license`)) license = unquote(captured(LICENSE, line));
    if (name !== '' && version !== '' && license !== '') break;
  }
  if (name === '' || version === '') return { error: 'no Gem::Specification block with a name and a version' };
  return { name, version, license };
}

export const gemspec: Analyzer = {
  id: 'gemspec',
  version: 1,
  wants: (path) => GEMSPEC_PATH.test(path),
  async analyze(file): Promise<AnalyzerResult> {
    const spec = readGemspec(await file.text());
    if ('error' in spec) return { problems: [{ path: file.path, reason: `gemspec: ${spec.error}` }] };
    const licenses = splitLicenses(spec.license);
    const pkg = {
      id: '',
      name: spec.name,
      version: spec.version,
      ...(licenses.length > 0 && { licenses }),
      filePath: file.path,
    };
    return { applications: [{ type: 'gemspec', filePath: file.path, packages: [pkg] }], problems: [] };
  },
};
