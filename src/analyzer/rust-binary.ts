// Rust crates compiled into executables built with cargo-auditable: the `.dep-v0` ELF section, zlib-compressed
// JSON (https://github.com/rust-secure-code/cargo-auditable/blob/master/PARSING.md). Follows Trivy's rustbinary
// analyzer (pkg/dependency/parser/rust/binary, go-rustaudit): runtime crates only, the root crate marked.
import { inflateSync } from 'node:zlib';
import { z } from 'zod';
import { messageOf } from '../errors.js';
import type { Package } from '../types.js';
import { ElfError, elfOf, sectionData } from './elf.js';
import type { Analyzer, AnalyzerResult } from './types.js';

/** go-rustaudit's limits: the compressed section and the JSON it inflates to. */
const MAX_SECTION_BYTES = 8 * 1024 * 1024;
const MAX_JSON_BYTES = 8 * 1024 * 1024;

const AuditPackage = z.object({
  name: z.string(),
  version: z.string(),
  source: z.string().optional(),
  /** 'build' crates (build scripts, proc macros) are not in the binary; absent means 'runtime'. */
  kind: z.enum(['runtime', 'build']).optional(),
  dependencies: z.array(z.number().int().nonnegative()).optional(),
  root: z.boolean().optional(),
});
const AuditInfo = z.object({ packages: z.array(AuditPackage) });
type AuditInfo = z.infer<typeof AuditInfo>;

const crateId = (name: string, version: string) => (version === '' ? name : `${name}@${version}`);

/** Trivy's packages of one dependency list: runtime crates, each with its runtime dependencies. */
export function cratePackages(info: AuditInfo, filePath: string): Package[] {
  const runtime = (index: number) => (info.packages[index]?.kind ?? 'runtime') === 'runtime';
  return info.packages.flatMap((crate, index): Package[] => {
    if (!runtime(index)) return [];
    const dependsOn = (crate.dependencies ?? [])
      .filter((dep) => dep !== index && runtime(dep) && info.packages[dep])
      .map((dep) => crateId(info.packages[dep]?.name ?? '', info.packages[dep]?.version ?? ''));
    return [
      {
        id: crateId(crate.name, crate.version),
        name: crate.name,
        version: crate.version,
        relationship: crate.root ? 'root' : 'unknown',
        ...(dependsOn.length > 0 ? { dependsOn } : {}),
        filePath,
      },
    ];
  });
}

export const rustBinary: Analyzer = {
  id: 'rustbinary',
  version: 1,
  // Trivy opens every executable file; the ELF magic is checked before anything else is read.
  wants: (_path, size, mode) => (mode & 0o111) !== 0 && size >= 16,
  randomAccess: true,
  async analyze(file): Promise<AnalyzerResult> {
    let section: Uint8Array | null;
    try {
      const elf = await elfOf(file);
      // rust-audit 0.1 named the section .rust-deps-v0; go-rustaudit reads both.
      section =
        elf &&
        ((await sectionData(elf, '.dep-v0', MAX_SECTION_BYTES)) ??
          (await sectionData(elf, '.rust-deps-v0', MAX_SECTION_BYTES)));
    } catch (error) {
      // A broken ELF file is reported once, by the gobinary analyzer; it is no Rust binary either.
      if (error instanceof ElfError) return { problems: [] };
      throw error;
    }
    if (!section) return { problems: [] };
    let info: AuditInfo;
    try {
      const json = inflateSync(section, { maxOutputLength: MAX_JSON_BYTES }).toString('utf8');
      info = AuditInfo.parse(JSON.parse(json) as unknown);
    } catch (error) {
      return { problems: [{ path: file.path, reason: `unreadable .dep-v0 section: ${messageOf(error)}` }] };
    }
    const packages = cratePackages(info, file.path);
    if (packages.length === 0) return { problems: [] };
    return { applications: [{ type: 'rustbinary', filePath: file.path, packages }], problems: [] };
  },
};
