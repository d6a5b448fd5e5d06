// `--distro <family>/<version>`: the OS to scan for instead of the one detected (trivy pkg/flag/scan_flags.go,
// pkg/scan/local/service.go). It applies only when an OS was detected; the OS target is renamed and the OS
// packages' purls are made again for the given OS, as Trivy does.
import { UsageError } from '../errors.js';
import { purlOf } from '../inventory/purl.js';
import type { OS, Package, ResultClass } from '../types.js';

/** What --distro rewrites: an image's or directory's inventory, or a decoded SBOM. */
interface Scanned<T> {
  readonly os?: OS;
  readonly targets: readonly T[];
}

/** Trivy's OS families (ftypes.OSTypes). */
export const OS_FAMILIES: readonly string[] = [
  'activestate',
  'alma',
  'alpine',
  'amazon',
  'azurelinux',
  'bottlerocket',
  'cbl-mariner',
  'centos',
  'centos-stream',
  'chainguard',
  'coreos',
  'debian',
  'echo',
  'fedora',
  'minimos',
  'opensuse',
  'opensuse-leap',
  'opensuse-tumbleweed',
  'oracle',
  'photon',
  'redhat',
  'rocky',
  'slem',
  'sles',
  'ubuntu',
  'wolfi',
];

/** The OS `--distro` names, or undefined when it is not given; a UsageError for a family Trivy does not know. */
export function parseDistro(value: unknown): OS | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const slash = value.indexOf('/');
  const family = slash < 0 ? value : value.slice(0, slash);
  const name = slash < 0 ? '' : value.slice(slash + 1);
  if (!OS_FAMILIES.includes(family)) {
    throw new UsageError(`--distro: unknown OS family: ${family}, must be one of ${OS_FAMILIES.join(', ')}`);
  }
  return { family, name };
}

/** The inventory with `distro` as its OS, when one was detected; `info` tells which OS was replaced. */
export function withDistro<
  T extends {
    readonly target: string;
    readonly class: ResultClass;
    readonly type: string;
    readonly packages: readonly Package[];
  },
  S extends Scanned<T>,
>(inventory: S, distro: OS | undefined, artifactName: string, info: (message: string) => void): S {
  const detected = inventory.os;
  if (!distro || !detected) return inventory;
  info(`Overriding detected OS with provided distro detected="${osString(detected)}" provided="${osString(distro)}"`);
  const targets = inventory.targets.map((target) => {
    if (target.class !== 'os-pkgs') return target;
    const packages = target.packages.map((pkg): Package => {
      const purl = purlOf(distro.family, distro, pkg);
      return purl ? { ...pkg, purl } : pkg;
    });
    return { ...target, target: `${artifactName} (${distro.family} ${distro.name})`, type: distro.family, packages };
  });
  return { ...inventory, os: distro, targets };
}

/** `family/name`, or the family alone without a name (Trivy's OS.String). */
function osString(os: OS): string {
  return os.name === '' ? os.family : `${os.family}/${os.name}`;
}
