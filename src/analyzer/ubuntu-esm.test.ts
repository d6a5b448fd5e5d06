import { describe, expect, it } from 'vitest';
import { fixtureFile, fixtureRoot, textFile } from '../../test/fixture-file.js';
import { ubuntuEsm } from './ubuntu-esm.js';

const PATH = 'var/lib/ubuntu-advantage/status.json';

describe('ubuntu-esm', () => {
  it.each([
    { path: PATH, want: true },
    { path: 'var/lib/ubuntu-advantage/status.json.bak', want: false },
    { path: 'etc/lsb-release', want: false },
  ])('wants $path: $want', ({ path, want }) => expect(ubuntuEsm.wants(path, 10, 0o644)).toBe(want));

  // Trivy's esm_test.go: enabled gives an extended Ubuntu, disabled gives nothing.
  it.each([
    { dir: 'enabled', want: { os: { family: 'ubuntu', extended: true }, problems: [] } },
    { dir: 'disabled', want: { problems: [] } },
  ])('status.json with esm-infra $dir', async ({ dir, want }) => {
    expect(await ubuntuEsm.analyze(fixtureFile(fixtureRoot('ubuntu-esm', dir), PATH))).toEqual(want);
  });

  it.each([
    { name: 'broken JSON', content: '{"services": [', reason: /^not valid JSON/ },
    { name: 'services of the wrong type', content: '{"services": 3}', reason: /^not an Ubuntu Pro status document$/ },
  ])('$name is a problem naming the file', async ({ content, reason }) => {
    const result = await ubuntuEsm.analyze(textFile(PATH, content));
    expect(result.os).toBeUndefined();
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.path).toBe(PATH);
    expect(result.problems[0]?.reason).toMatch(reason);
  });
});
