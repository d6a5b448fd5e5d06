// NuGet's packages.lock.json as Trivy's nuget analyzer reads it (pkg/dependency/parser/nuget/lock): every package
// of every target framework but the project itself, direct or indirect by its `type`, with its lines and the
// packages it depends on (resolved in the same target). Also packages.config (pkg/dependency/parser/nuget/config).
import { z } from 'zod';
import type { Package } from '../types.js';
import { memberSpans } from './json-spans.js';
import { lockResult, packageId, parseJsonLock, uniquePackages, unreadable } from './lockfile.js';
import type { Analyzer, AnalyzerResult, LayerFile } from './types.js';
import { childrenNamed, parseXml, XmlSyntaxError } from './xml.js';

const Dependency = z.object({
  type: z.string().nullish(),
  resolved: z.string().nullish(),
  dependencies: z.record(z.string(), z.string()).nullish(),
});
const LockFile = z.object({ dependencies: z.record(z.string(), z.record(z.string(), Dependency)).nullish() });

const nugetId = (name: string, version: string) => packageId('nuget', name, version);

/**
 * The packages of a legacy packages.config: each <package> with an id, development dependencies left out, no
 * package ID (as Trivy's parser). Throws XmlSyntaxError.
 */
export function packagesConfigPackages(text: string): Package[] {
  const root = parseXml(text);
  if (root.name !== 'packages') throw new XmlSyntaxError(`the root element is <${root.name}>, not <packages>`, 1);
  const seen = new Set<string>();
  return childrenNamed(root, 'package').flatMap((pkg): Package[] => {
    const name = pkg.attributes.get('id') ?? '';
    const version = pkg.attributes.get('version') ?? '';
    const dev = (pkg.attributes.get('developmentDependency') ?? '').trim();
    if (!['', 'true', 'false', '1', '0', 't', 'f', 'TRUE', 'FALSE', 'True', 'False', 'T', 'F'].includes(dev)) {
      throw new XmlSyntaxError(`developmentDependency is not a boolean: ${JSON.stringify(dev)}`, pkg.startLine);
    }
    if (name === '' || ['true', '1', 't', 'TRUE', 'True', 'T'].includes(dev) || seen.has(`${name}@${version}`))
      return [];
    seen.add(`${name}@${version}`);
    return [{ id: '', name, version }];
  });
}

function packagesConfig(file: LayerFile, text: string): AnalyzerResult {
  try {
    return lockResult('nuget', file, packagesConfigPackages(text));
  } catch (error) {
    if (error instanceof XmlSyntaxError) return unreadable(file, `not a packages.config (${error.reason})`, error.line);
    throw error;
  }
}

export const nugetLock: Analyzer = {
  id: 'nuget',
  version: 2,
  wants: (path) => ['packages.lock.json', 'packages.config'].includes(path.slice(path.lastIndexOf('/') + 1)),
  async analyze(file): Promise<AnalyzerResult> {
    const text = await file.text();
    if (file.path.endsWith('packages.config')) return packagesConfig(file, text);
    const read = parseJsonLock(file, text, LockFile, 'packages.lock.json');
    if ('failed' in read) return read.failed;
    const packages: Package[] = [];
    const dependsOn = new Map<string, Set<string>>();
    for (const [target, dependencies] of Object.entries(read.data.dependencies ?? {})) {
      const spans = memberSpans(text, ['dependencies', target]);
      for (const [name, dep] of Object.entries(dependencies)) {
        // The project itself.
        if (dep.type === 'Project') continue;
        const id = nugetId(name, dep.resolved ?? '');
        const location = spans.get(name);
        packages.push({
          id,
          name,
          version: dep.resolved ?? '',
          relationship: dep.type === 'Direct' ? 'direct' : 'indirect',
          ...(location && { locations: [location] }),
        });
        const children = dependsOn.get(id) ?? new Set<string>();
        for (const child of Object.keys(dep.dependencies ?? {})) {
          children.add(nugetId(child, dependencies[child]?.resolved ?? ''));
        }
        if (children.size > 0) dependsOn.set(id, children);
      }
    }
    const withDependencies = uniquePackages(packages).map((pkg) => {
      const children = dependsOn.get(pkg.id);
      return children ? { ...pkg, dependsOn: [...children].sort() } : pkg;
    });
    return lockResult('nuget', file, withDependencies);
  },
};
