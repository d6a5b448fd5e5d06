import { describe, expect, it } from 'vitest';
import { fixtureFile, fixtureRoot, textFile } from '../../test/fixture-file.js';
import { alma, centos, fedora, oracle, redhatBase, rocky } from './redhat-base.js';
import type { Analyzer } from './types.js';

describe('Red Hat-like release files', () => {
  const paths: { analyzer: Analyzer; path: string }[] = [
    { analyzer: redhatBase, path: 'etc/redhat-release' },
    { analyzer: centos, path: 'etc/centos-release' },
    { analyzer: rocky, path: 'etc/rocky-release' },
    { analyzer: alma, path: 'etc/almalinux-release' },
    { analyzer: oracle, path: 'etc/oracle-release' },
    { analyzer: fedora, path: 'etc/fedora-release' },
    { analyzer: fedora, path: 'usr/lib/fedora-release' },
  ];
  it.each(paths)('$analyzer.id wants $path and no other release file', ({ analyzer, path }) => {
    expect(analyzer.wants(path, 10, 0o644)).toBe(true);
    for (const other of paths.filter((p) => p.analyzer !== analyzer)) {
      expect(analyzer.wants(other.path, 10, 0o644)).toBe(false);
    }
  });

  // Trivy's redhatbase testdata, with the families and versions its tests expect.
  const fixtures: { analyzer: Analyzer; dir: string; file: string; family: string; name: string }[] = [
    { analyzer: alma, dir: 'alma', file: 'almalinux-release', family: 'alma', name: '8.4' },
    { analyzer: centos, dir: 'centos', file: 'centos-release', family: 'centos', name: '7.6.1810' },
    { analyzer: fedora, dir: 'fedora_29', file: 'fedora-release', family: 'fedora', name: '29' },
    { analyzer: oracle, dir: 'oracle_7', file: 'oracle-release', family: 'oracle', name: '7.6' },
    { analyzer: redhatBase, dir: 'redhat_6', file: 'redhat-release', family: 'redhat', name: '6.2' },
    { analyzer: rocky, dir: 'rocky', file: 'rocky-release', family: 'rocky', name: '8.4' },
  ];
  it.each(fixtures)('$dir gives $family $name', async ({ analyzer, dir, file, family, name }) => {
    const result = await analyzer.analyze(fixtureFile(fixtureRoot('redhat-base', dir), `etc/${file}`));
    expect(result).toEqual({ os: { family, name }, problems: [] });
  });

  // Every Red Hat-like distribution writes etc/redhat-release too, naming itself: the family follows the name.
  it.each(fixtures.filter((f) => f.dir !== 'redhat_6'))(
    '$dir in etc/redhat-release is still $family',
    async ({ dir, file, family, name }) => {
      const result = await redhatBase.analyze(fixtureFile(fixtureRoot('redhat-base', dir), `etc/${file}`));
      expect(result).toEqual({ os: { family, name }, problems: [] });
    },
  );

  const texts: { name: string; analyzer: Analyzer; content: string; want: ReturnType<typeof expectOS> | string }[] = [
    {
      name: 'Red Hat Enterprise Linux is redhat',
      analyzer: redhatBase,
      content: 'Red Hat Enterprise Linux release 9.4 (Plow)\n',
      want: expectOS('redhat', '9.4'),
    },
    {
      name: 'Oracle Linux in etc/redhat-release is oracle',
      analyzer: redhatBase,
      content: 'Oracle Linux Server release 8.10\n',
      want: expectOS('oracle', '8.10'),
    },
    {
      name: 'a centos-release naming another distribution gives nothing',
      analyzer: centos,
      content: 'Rocky Linux release 8.4 (Green Obsidian)\n',
      want: 'no centos release line found',
    },
    {
      name: 'a line that is not a release line is a problem',
      analyzer: rocky,
      content: 'hello\n',
      want: "'hello' is not a '<name> release <version>' line",
    },
  ];
  it.each(texts)('$name', async ({ analyzer, content, want }) => {
    const result = await analyzer.analyze(textFile('etc/x-release', content));
    if (typeof want === 'string') expect(result).toEqual({ problems: [{ path: 'etc/x-release', reason: want }] });
    else expect(result).toEqual(want);
  });
});

function expectOS(family: string, name: string) {
  return { os: { family, name }, problems: [] };
}
