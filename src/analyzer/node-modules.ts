// The package.json files of installed packages under node_modules, read as Trivy's nodejs/license Traverse reads
// them for a lock file's licenses (pkg/fanal/analyzer/language/nodejs/license with parser/nodejs/packagejson):
// only a package's own package.json (nodejs/pkg IsPackageRoot), its name@version and its license names as written.
import { licenseNames, NAME, PackageJson } from './node-pkg.js';
import type { AnalyzerResult } from './types.js';

const NODE_MODULES = 'node_modules';

/**
 * Trivy's IsPackageRoot for a path under node_modules: what follows the last node_modules is one package name,
 * `name/package.json` or `@scope/name/package.json`, not a subpath helper such as `rxjs/ajax/package.json`.
 */
export function isNodeModulesPackage(path: string): boolean {
  const parts = path.split('/');
  if (parts.at(-1) !== 'package.json') return false;
  const anchor = parts.lastIndexOf(NODE_MODULES);
  if (anchor < 0) return false;
  const name = parts.slice(anchor + 1, -1);
  if (name.length === 1) return !name[0]?.startsWith('@');
  return name.length === 2 && Boolean(name[0]?.startsWith('@'));
}

/**
 * A node_modules package.json's id and licenses. A file Trivy's parser refuses gives none; it is a warning, as
 * Trivy logs it, except for a name that is not URL-friendly, which Trivy skips silently.
 */
export function nodeModulesPackage(filePath: string, text: string): AnalyzerResult {
  const unread = (why: string): AnalyzerResult => ({
    problems: [{ path: filePath, reason: `package.json ${why}; the license of its package is not read` }],
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return unread(`is not valid JSON (${(error as Error).message})`);
  }
  const parsed = PackageJson.safeParse(json ?? {}); // Go decodes a null document as an empty one
  if (!parsed.success) return unread(`${parsed.error.issues[0]?.path.join('.') || 'the top level'} has the wrong type`);
  const { name, version, license } = parsed.data;
  if (name && !NAME.test(name)) return { problems: [] };
  const id = name && version ? `${name}@${version}` : '';
  return { nodeModules: [{ filePath, id, licenses: licenseNames(license) }], problems: [] };
}
