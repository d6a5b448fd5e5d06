// `--pkg-types` (formerly `--vuln-type`): `os` scans the OS packages target, `library` the language
// package targets (trivy pkg/scan/local/service.go: os → os-pkgs, library → lang-pkgs).
import type { ResultClass, TargetResult } from '../types.js';

export type PkgType = 'os' | 'library';

const CLASS_OF: Readonly<Record<PkgType, ResultClass>> = { os: 'os-pkgs', library: 'lang-pkgs' };

export function byPkgTypes(pkgTypes: readonly string[]): (target: TargetResult) => boolean {
  const classes = new Set(pkgTypes.flatMap((type) => (type in CLASS_OF ? [CLASS_OF[type as PkgType]] : [])));
  return (target) => classes.has(target.class);
}
