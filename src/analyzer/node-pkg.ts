// Installed Node.js packages from every package.json in the image (node_modules trees, global npm
// directories and the application's own package.json), as Trivy's node-pkg analyzer
// (pkg/fanal/analyzer/language/nodejs/pkg with parser/nodejs/packagejson) reads them.
import { z } from 'zod';
import type { Package } from '../types.js';
import type { Analyzer, AnalyzerResult } from './types.js';

/** npm's URL-friendly names, optionally scoped (Trivy's nameRegexp). */
export const NAME = /^(@[A-Za-z0-9-._]+\/)?[A-Za-z0-9-._]+$/;

/** Go decodes null as the zero value; a field of another type fails the whole file, as in Trivy. */
const text = z.string().nullish();
const dependencyMap = z.record(z.string(), z.string().nullable()).nullish();
export const PackageJson = z.object({
  name: text,
  version: text,
  license: z.unknown().optional(),
  dependencies: dependencyMap,
  optionalDependencies: dependencyMap,
  devDependencies: dependencyMap,
});

/** The license field's names: a string, a legacy `{type}` object or an array of them; other shapes give none. */
export function licenseNames(license: unknown): string[] {
  const typeOf = (value: unknown): string =>
    typeof value === 'object' && value !== null && 'type' in value && typeof value.type === 'string' ? value.type : '';
  if (typeof license === 'string') return license === '' ? [] : [license];
  if (Array.isArray(license)) {
    // Go fails the whole array when one element is not an object, or has a `type` that is not a string; then
    // there is no license.
    const isObject = (item: unknown) =>
      typeof item === 'object' &&
      !Array.isArray(item) &&
      (item === null || !('type' in item) || item.type === null || typeof item.type === 'string');
    if (!license.every(isObject)) return [];
    return license.map(typeOf).filter((name) => name !== '');
  }
  const type = typeOf(license);
  return type === '' ? [] : [type];
}

export const nodePkg: Analyzer = {
  id: 'node-pkg',
  version: 1,
  wants: (path) => path === 'package.json' || path.endsWith('/package.json'),
  async analyze(file): Promise<AnalyzerResult> {
    let json: unknown;
    try {
      json = JSON.parse(await file.text());
    } catch (error) {
      return {
        problems: [{ path: file.path, reason: `package.json is not valid JSON (${(error as Error).message})` }],
      };
    }
    if (json === null) return { problems: [] }; // Go decodes a null document as an empty one
    const parsed = PackageJson.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.join('.') || 'the top level';
      return { problems: [{ path: file.path, reason: `package.json: ${where} has the wrong type` }] };
    }
    const { name, version, license } = parsed.data;
    // Not a package (Trivy fails such a file at debug level): subpath helpers name themselves `rxjs/ajax`.
    if (name && !NAME.test(name)) return { problems: [] };
    // Name and version are optional in package.json: a file without them is not an installed package.
    if (!name || !version) return { problems: [] };
    const licenses = licenseNames(license);
    const pkg: Package = {
      id: `${name}@${version}`,
      name,
      version,
      ...(licenses.length > 0 && { licenses }),
      filePath: file.path,
    };
    return { applications: [{ type: 'node-pkg', filePath: file.path, packages: [pkg] }], problems: [] };
  },
};
