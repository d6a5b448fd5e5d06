// PHP's composer.lock as Trivy's composer analyzer reads it (pkg/dependency/parser/php/composer): "packages",
// then "packages-dev" as dev packages where no production package has the name, each with its lines. The
// composer.json beside it tells direct from indirect packages (src/inventory/manifests.ts).
import { z } from 'zod';
import { composerPackages } from './composer-vendor.js';
import { lockResult, parseJsonLock } from './lockfile.js';
import { composerManifest } from './package-manifest.js';
import type { Analyzer, AnalyzerResult } from './types.js';

const LockPackage = z.object({
  name: z.string().nullish(),
  version: z.string().nullish(),
  require: z.record(z.string(), z.string().nullable()).nullish(),
  license: z.unknown().optional(),
});
const ComposerLock = z.object({
  packages: z.array(LockPackage).nullish(),
  'packages-dev': z.array(LockPackage).nullish(),
});

export const composer: Analyzer = {
  id: 'composer',
  // 2: composer.json read too; the inventory marks direct and indirect packages from it.
  version: 2,
  wants: (path) =>
    ['composer.lock', 'composer.json'].some((name) => path === name || path.endsWith(`/${name}`)) &&
    !path.split('/').includes('vendor'),
  async analyze(file): Promise<AnalyzerResult> {
    const text = await file.text();
    if (file.path.endsWith('composer.json')) return { manifests: [composerManifest(file.path, text)], problems: [] };
    const read = parseJsonLock(file, text, ComposerLock, 'composer.lock');
    if ('failed' in read) return read.failed;
    return lockResult('composer', file, composerPackages(text, read.data));
  },
};
