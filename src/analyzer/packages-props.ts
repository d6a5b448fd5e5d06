// NuGet central package management files (Directory.Packages.props, Packages.props, any *packages.props) as
// Trivy's packages-props analyzer reads them (pkg/dependency/parser/nuget/packagesprops): every PackageReference
// and PackageVersion of the project's item groups with a literal name and version. Trivy reads no *.csproj.
import type { Package } from '../types.js';
import { lockResult, packageId, unreadable } from './lockfile.js';
import type { Analyzer, AnalyzerResult } from './types.js';
import { childrenNamed, parseXml, XmlSyntaxError } from './xml.js';

/** An MSBuild property, which these files do not define: Trivy skips the package. */
const isVariable = (s: string) => s.startsWith('$(') && s.endsWith(')');

/** The packages of a *packages.props file, sorted by name; throws XmlSyntaxError. */
export function packagesPropsPackages(text: string): Package[] {
  const project = parseXml(text);
  if (project.name !== 'Project') {
    throw new XmlSyntaxError(`the root element is <${project.name}>, not <Project>`, project.startLine);
  }
  const byId = new Map<string, Package>();
  for (const group of childrenNamed(project, 'ItemGroup')) {
    for (const item of [...childrenNamed(group, 'PackageReference'), ...childrenNamed(group, 'PackageVersion')]) {
      // Update is the legacy attribute: Include wins.
      const name = (item.attributes.get('Include') || item.attributes.get('Update') || '').trim();
      const version = (item.attributes.get('Version') ?? '').trim();
      if (name === '' || version === '' || isVariable(name) || isVariable(version)) continue;
      const id = packageId('packages-props', name, version);
      if (!byId.has(id)) byId.set(id, { id, name, version });
    }
  }
  return [...byId.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export const packagesProps: Analyzer = {
  id: 'packages-props',
  version: 1,
  // NuGet accepts the names in any case.
  wants: (path) => path.toLowerCase().endsWith('packages.props'),
  async analyze(file): Promise<AnalyzerResult> {
    try {
      return lockResult('packages-props', file, packagesPropsPackages(await file.text()));
    } catch (error) {
      if (error instanceof XmlSyntaxError)
        return unreadable(file, `not a packages.props file (${error.reason})`, error.line);
      throw error;
    }
  },
};
