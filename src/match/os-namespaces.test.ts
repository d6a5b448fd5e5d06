import { describe, expect, it } from 'vitest';
import { DEFAULT_FEEDS } from '../db/update.js';
import type { OS } from '../types.js';
import { osLookup } from './ecosystems.js';

// OSV ecosystem strings as the OSV schema's ecosystems.json defines them for the apk, Ubuntu and newer families.
describe('OS namespaces', () => {
  const cases: { name: string; os: OS; want: { ecosystem: string; scheme: string } | undefined }[] = [
    {
      name: "Alpine's point release is scoped by v<major>.<minor>",
      os: { family: 'alpine', name: '3.6.2' },
      want: { ecosystem: 'Alpine:v3.6', scheme: 'apk' },
    },
    {
      name: 'Alpine 3.10 keeps its two-digit minor',
      os: { family: 'alpine', name: '3.10.9' },
      want: { ecosystem: 'Alpine:v3.10', scheme: 'apk' },
    },
    { name: 'Alpine without a release has no namespace', os: { family: 'alpine', name: 'edge' }, want: undefined },
    {
      name: 'Wolfi is unscoped',
      os: { family: 'wolfi', name: '20230201' },
      want: { ecosystem: 'Wolfi', scheme: 'apk' },
    },
    {
      name: 'Chainguard is unscoped',
      os: { family: 'chainguard', name: '20231201' },
      want: { ecosystem: 'Chainguard', scheme: 'apk' },
    },
    {
      name: 'MinimOS is unscoped',
      os: { family: 'minimos', name: '20241031' },
      want: { ecosystem: 'MinimOS', scheme: 'apk' },
    },
    {
      name: 'Echo is unscoped, Debian versions',
      os: { family: 'echo', name: '1' },
      want: { ecosystem: 'Echo', scheme: 'dpkg' },
    },
    {
      name: 'Azure Linux is scoped by its major release',
      os: { family: 'azurelinux', name: '3.0' },
      want: { ecosystem: 'Azure Linux:3', scheme: 'rpm' },
    },
    {
      name: 'Ubuntu LTS releases carry :LTS',
      os: { family: 'ubuntu', name: '22.04' },
      want: { ecosystem: 'Ubuntu:22.04:LTS', scheme: 'dpkg' },
    },
    {
      name: 'Ubuntu interim releases do not',
      os: { family: 'ubuntu', name: '23.10' },
      want: { ecosystem: 'Ubuntu:23.10', scheme: 'dpkg' },
    },
    { name: 'Amazon Linux has no OSV ecosystem', os: { family: 'amazon', name: '2 (Karoo)' }, want: undefined },
  ];
  it.each(cases)('$name', ({ os, want }) => expect(osLookup(os)).toEqual(want));
});

describe('the feeds db update downloads', () => {
  // Every OS namespace above must come from a feed `db update` fetches, or its packages would never match.
  const namespaces = [
    'Debian:12',
    'Ubuntu:22.04:LTS',
    'Alpine:v3.18',
    'Wolfi',
    'Chainguard',
    'MinimOS',
    'Echo',
    'Azure Linux:3',
    'Rocky Linux:9',
    'AlmaLinux:9',
    'Photon OS:5.0',
    'SUSE:Linux Enterprise Server 15 SP5',
    'openSUSE:Leap 15.5',
    'openSUSE:Tumbleweed',
  ];
  it.each(namespaces)('the feed of %s is downloaded', (namespace) =>
    expect(DEFAULT_FEEDS).toContain(namespace.split(':')[0]),
  );
  it('the language ecosystems are downloaded', () =>
    expect(DEFAULT_FEEDS).toEqual(
      expect.arrayContaining(['Go', 'Maven', 'NuGet', 'Packagist', 'PyPI', 'RubyGems', 'crates.io', 'npm']),
    ));
});
