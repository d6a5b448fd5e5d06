// Rust's Cargo.lock as Trivy's cargo analyzer reads it (pkg/dependency/parser/rust/cargo): every [[package]],
// its dependencies resolved by name (or "name version [source]"), and the lines of its block. Cargo.toml files
// are read as manifests: the inventory combines a lock file with the one beside it (src/inventory/manifests.ts).
import { z } from 'zod';
import type { Package } from '../types.js';
import { cargoManifest } from './cargo-toml.js';
import { lockResult, packageId, parseTomlLock, tomlBlockLines } from './lockfile.js';
import type { Analyzer, AnalyzerResult } from './types.js';

const CargoLock = z.object({
  package: z
    .array(
      z.object({
        name: z.string(),
        version: z.string(),
        source: z.string().optional(),
        dependencies: z.array(z.string()).optional(),
      }),
    )
    .optional(),
});

export const cargo: Analyzer = {
  id: 'cargo',
  // 2: Cargo.toml read too, for direct, indirect, root and workspace packages.
  version: 2,
  wants: (path) => ['Cargo.lock', 'Cargo.toml'].some((name) => path === name || path.endsWith(`/${name}`)),
  async analyze(file): Promise<AnalyzerResult> {
    const text = await file.text();
    if (file.path.endsWith('Cargo.toml')) return { manifests: [cargoManifest(file.path, text)], problems: [] };
    const read = parseTomlLock(file, text, CargoLock, 'Cargo.lock');
    if ('failed' in read) return read.failed;
    const lines = tomlBlockLines(text);
    const entries = read.data.package ?? [];
    const byName = new Map(entries.map((entry) => [entry.name, entry.version]));
    const packages = entries.map((entry): Package => {
      const id = packageId('cargo', entry.name, entry.version);
      const dependsOn = (entry.dependencies ?? []).flatMap((dep) => {
        const fields = dep.trim().split(/\s+/);
        if (fields.length === 1) {
          const version = byName.get(fields[0] ?? '');
          return version === undefined ? [] : [packageId('cargo', fields[0] ?? '', version)];
        }
        return fields.length <= 3 ? [packageId('cargo', fields[0] ?? '', fields[1] ?? '')] : [];
      });
      const location = lines.get(id);
      return {
        id,
        name: entry.name,
        version: entry.version,
        ...(dependsOn.length > 0 && { dependsOn: dependsOn.sort() }),
        ...(location && { locations: [location] }),
      };
    });
    return lockResult('cargo', file, packages);
  },
};
