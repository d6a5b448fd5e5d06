// .NET project files (`*.csproj`, `*.fsproj`, `*.vbproj`): the NuGet packages of their PackageReference items,
// version in the `Version` attribute or element. Trivy reads no project files; these give a repository without
// packages.lock.json its NuGet packages, each with its lines. References without a literal version (central
// package management, MSBuild properties, ranges) are left to Directory.Packages.props or skipped.
import type { Package } from '../types.js';
import { lockResult, packageId, unreadable } from './lockfile.js';
import type { Analyzer, AnalyzerResult } from './types.js';
import { childrenNamed, childText, parseXml, XmlSyntaxError } from './xml.js';

const PROJECT_EXTENSIONS = ['.csproj', '.fsproj', '.vbproj'];

/** A plain NuGet version (`13.0.1`, `1.0.0-beta.2`): not a range, wildcard or `$(Property)`. */
const LITERAL_VERSION = /^\d+(?:\.\d+){0,3}(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/** The packages a project file references, in document order; throws XmlSyntaxError. */
export function projectPackages(text: string): Package[] {
  const project = parseXml(text);
  if (project.name !== 'Project') {
    throw new XmlSyntaxError(`the root element is <${project.name}>, not <Project>`, project.startLine);
  }
  const byId = new Map<string, Package>();
  for (const group of childrenNamed(project, 'ItemGroup')) {
    for (const item of childrenNamed(group, 'PackageReference')) {
      const name = (item.attributes.get('Include') ?? '').trim();
      const version = (item.attributes.get('Version') ?? childText(item, 'Version')).trim();
      if (name === '' || !LITERAL_VERSION.test(version)) continue;
      const id = packageId('nuget', name, version);
      const location = { startLine: item.startLine, endLine: item.endLine };
      const seen = byId.get(id);
      byId.set(
        id,
        seen
          ? { ...seen, locations: [...(seen.locations ?? []), location] }
          : { id, name, version, locations: [location] },
      );
    }
  }
  return [...byId.values()];
}

export const csproj: Analyzer = {
  id: 'csproj',
  version: 1,
  wants: (path) => PROJECT_EXTENSIONS.some((extension) => path.toLowerCase().endsWith(extension)),
  async analyze(file): Promise<AnalyzerResult> {
    try {
      return lockResult('nuget', file, projectPackages(await file.text()));
    } catch (error) {
      if (error instanceof XmlSyntaxError) return unreadable(file, `not a project file (${error.reason})`, error.line);
      throw error;
    }
  },
};
