// --platform values (`os/arch[/variant]`) and matching them against an image's platform.
import { UsageError } from '../errors.js';

export interface Platform {
  readonly os?: string;
  readonly architecture?: string;
  readonly variant?: string;
}

/** Architecture spellings containerd's platforms.Normalize folds together. */
const ARCH_ALIASES: Readonly<Record<string, string>> = {
  aarch64: 'arm64', // uname -m on 64-bit ARM
  x86_64: 'amd64', // uname -m on 64-bit x86
  'x86-64': 'amd64',
  i386: '386',
};

/** Parses `os/arch[/variant]` as --platform takes it; anything else is a usage error. */
export function parsePlatform(value: string): Required<Pick<Platform, 'os' | 'architecture'>> & Platform {
  const parts = value.split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((part) => part === '')) {
    throw new UsageError(`--platform '${value}': expected os/arch[/variant], e.g. linux/amd64 or linux/arm/v7`);
  }
  const [os = '', architecture = '', variant] = parts;
  return { os, architecture, variant };
}

/** `os/arch[/variant]` for messages. */
export function formatPlatform(platform: Platform): string {
  return [platform.os ?? 'unknown', platform.architecture ?? 'unknown', platform.variant].filter(Boolean).join('/');
}

/**
 * Whether `actual` satisfies `wanted`: same os and architecture, and the same variant when one is asked
 * for. arm64's default variant v8 equals no variant (containerd's platforms.Normalize does the same).
 */
export function matchesPlatform(wanted: Platform, actual: Platform): boolean {
  const arch = (p: Platform) => ARCH_ALIASES[p.architecture ?? ''] ?? p.architecture;
  const variant = (p: Platform) => (arch(p) === 'arm64' && p.variant === 'v8' ? undefined : p.variant || undefined);
  if (wanted.os !== actual.os || arch(wanted) !== arch(actual)) return false;
  return variant(wanted) === undefined || variant(wanted) === variant(actual);
}
