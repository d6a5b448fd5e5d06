import { describe, expect, it } from 'vitest';
import { fixtureFile, fixtureRoot, textFile } from '../../test/fixture-file.js';
import { composerVendor } from './composer-vendor.js';

const INSTALLED = 'var/www/html/vendor/composer/installed.json';

describe('composer-vendor', () => {
  const paths: { path: string; want: boolean }[] = [
    { path: INSTALLED, want: true },
    { path: 'installed.json', want: true },
    { path: 'var/www/html/composer.lock', want: false },
    { path: 'var/www/html/vendor/composer/installed.php', want: false },
    { path: 'var/www/html/not-installed.json', want: false },
  ];
  it.each(paths)('wants $path: $want', ({ path, want }) => expect(composerVendor.wants(path, 100, 0o644)).toBe(want));

  // Composer 2's installed.json for pear/log (Trivy's testdata); lines as Trivy's own test expects them.
  it('fixture: packages with licenses, locations and the dependency the requirement names', async () => {
    const result = await composerVendor.analyze(fixtureFile(fixtureRoot('composer-vendor', 'pear-log'), INSTALLED));
    expect(result).toEqual({
      applications: [
        {
          type: 'composer-vendor',
          filePath: INSTALLED,
          packages: [
            {
              id: 'pear/log@1.13.3',
              name: 'pear/log',
              version: '1.13.3',
              licenses: ['MIT'],
              locations: [{ startLine: 3, endLine: 65 }],
              dependsOn: ['pear/pear_exception@v1.0.2'],
            },
            {
              id: 'pear/pear_exception@v1.0.2',
              name: 'pear/pear_exception',
              version: 'v1.0.2',
              licenses: ['BSD-2-Clause'],
              locations: [{ startLine: 66, endLine: 127 }],
            },
          ],
        },
      ],
      problems: [],
    });
  });

  const bad: { name: string; text: string; reason: string }[] = [
    {
      name: "Composer 1's bare array",
      text: '[{"name": "a/b", "version": "1.0.0"}]',
      reason: "installed.json: the top level does not have Composer 2's shape",
    },
    {
      name: 'not JSON',
      text: '{"packages": [',
      reason: 'installed.json is not valid JSON (Unexpected end of JSON input)',
    },
    {
      name: 'a requirement that is not a string',
      text: '{"packages": [{"name": "a/b", "version": "1.0.0", "require": {"c/d": 1}}]}',
      reason: "installed.json: packages.0.require.c/d does not have Composer 2's shape",
    },
  ];
  it.each(bad)('bad input: $name is a problem naming the file', async ({ text, reason }) => {
    expect(await composerVendor.analyze(textFile(INSTALLED, text))).toEqual({
      problems: [{ path: INSTALLED, reason }],
    });
  });
});
