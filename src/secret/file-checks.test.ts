// Trivy's pkg/fanal/analyzer/secret/secret_test.go: which files are read (Required) and how binary
// files are treated (Analyze), with its testdata (test/fixtures/secret/analyzer).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSecretConfig } from './config.js';
import { createSecretScanner } from './scanner.js';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/secret/analyzer');

/** A scanner as Trivy's analyzer Init makes it: the config read when present, its path kept regardless. */
function scannerFor(configPath: string) {
  const config = configPath === '' ? undefined : readSecretConfig(join(FIXTURES, configPath));
  return createSecretScanner(config, { configPath });
}

describe('required: TestSecretRequire', () => {
  const DEFAULT = 'skip-tests-config.yaml';
  const cases = [
    { name: 'pass regular file', configPath: DEFAULT, path: 'testdata/secret.txt', want: true },
    { name: 'skip small file', configPath: DEFAULT, path: 'testdata/emptyfile', size: 5, want: false },
    { name: 'skip folder', configPath: DEFAULT, path: 'testdata/node_modules/secret.txt', want: false },
    { name: 'skip file', configPath: DEFAULT, path: 'testdata/package-lock.json', want: false },
    { name: 'skip extension', configPath: DEFAULT, path: 'testdata/secret.doc', want: false },
    {
      name: 'skip config file when configPath is a relative path matching filePath',
      configPath: 'testdata/skip-tests-config.yaml',
      path: 'testdata/skip-tests-config.yaml',
      want: false,
    },
    {
      name: 'skip config file when configPath is a bare filename matching filePath',
      configPath: 'skip-tests-config.yaml',
      path: 'skip-tests-config.yaml',
      want: false,
    },
    {
      name: 'skip config file when configPath has a scan-root prefix and filePath is the tail',
      configPath: 'testdata/fixtures/repo/secrets/trivy-secret.yaml',
      path: 'trivy-secret.yaml',
      want: false,
    },
    {
      name: 'do not skip file whose basename matches but path boundary does not',
      configPath: 'trivy-secret.yaml',
      path: 'my-trivy-secret.yaml',
      want: true,
    },
    {
      name: 'over-skip: configPath suffix matches unrelated file at scan root',
      configPath: 'configs/myconfig.yaml',
      path: 'myconfig.yaml',
      want: false,
    },
    { name: 'do not skip file when configPath is empty', configPath: '', path: 'src/myfile.yaml', want: true },
    // Image paths arrive with a leading `/`; Trivy's Required sees them without it.
    { name: 'image path under usr/share is allowed away', configPath: '', path: '/usr/share/doc/a.txt', want: false },
    { name: 'image path under .git is skipped', configPath: '', path: '/app/.git/config', want: false },
    { name: 'image path of an ordinary file is read', configPath: '', path: '/app/config.env', want: true },
    { name: 'image path under etc is read', configPath: '', path: '/etc/app.conf', want: true },
  ];
  it.each(cases)('$name', ({ configPath, path, size, want }) => {
    expect(scannerFor(configPath).required(path, size ?? 1024)).toBe(want);
  });

  it('skips trivy-secret.yaml at the root when no config was read (the default --secret-config)', () => {
    const scanner = createSecretScanner();
    expect([scanner.required('trivy-secret.yaml', 100), scanner.required('/trivy-secret.yaml', 100)]).toEqual([
      false,
      false,
    ]);
    expect(scanner.required('sub/trivy-secret.yaml', 100)).toBe(true);
  });
});

describe('required: TestSecretRequireCustomSkips and TestSecretRequireEmptySkips', () => {
  const cases = [
    { config: 'custom-skip-config.yaml', path: 'testdata/vendor/secret.txt', want: false },
    { config: 'custom-skip-config.yaml', path: 'testdata/node_modules/secret.txt', want: true },
    { config: 'custom-skip-config.yaml', path: 'testdata/custom.lock', want: false },
    { config: 'custom-skip-config.yaml', path: 'testdata/package-lock.json', want: true },
    { config: 'custom-skip-config.yaml', path: 'testdata/secret.xyz', want: false },
    { config: 'custom-skip-config.yaml', path: 'testdata/secret.doc', want: true },
    { config: 'empty-skip-config.yaml', path: 'testdata/node_modules/secret.txt', want: true },
    { config: 'empty-skip-config.yaml', path: 'testdata/package-lock.json', want: true },
    { config: 'empty-skip-config.yaml', path: 'testdata/secret.doc', want: true },
  ];
  it.each(cases)('$config: $path is read: $want', ({ config, path, want }) => {
    expect(scannerFor(config).required(path, 1024)).toBe(want);
  });
});

describe('scan: TestSecretAnalyzer', () => {
  const finding1 = { ruleId: 'rule1', startLine: 2, match: 'generic secret line secret="*********"', offset: 55 };
  const finding2 = { ruleId: 'rule1', startLine: 4, match: 'secret="**********"', offset: 100 };
  const cases = [
    { name: 'return results', config: 'config.yaml', path: 'testdata/secret.txt', want: [finding1, finding2] },
    {
      name: 'image scan return result',
      config: 'image-config.yaml',
      path: '/testdata/secret.txt',
      want: [finding1, finding2],
    },
    { name: 'image scan return nil', config: 'image-config.yaml', path: '/testdata/secret.doc', want: [] },
    { name: 'return nil when no results', config: '', path: 'testdata/secret.txt', want: [] },
    { name: 'skip binary file', config: '', path: 'testdata/binaryfile', want: [] },
    {
      name: 'python binary file',
      config: 'skip-tests-config.yaml',
      path: '/testdata/secret.cpython-310.pyc',
      want: [
        {
          ruleId: 'github-fine-grained-pat',
          startLine: 1,
          match:
            'Binary file "/testdata/secret.cpython-310.pyc" matches a rule "GitHub Fine-grained personal access tokens"',
          offset: 2,
        },
      ],
    },
  ];
  it.each(cases)('$name', ({ config, path, want }) => {
    const content = readFileSync(join(FIXTURES, path.replace(/^\/?testdata\//, '')));
    const got = scannerFor(config).scan(path, content);
    expect(got.map(({ ruleId, startLine, match, offset }) => ({ ruleId, startLine, match, offset }))).toEqual(want);
  });

  it('gives a binary file’s findings no code lines (Trivy clears Code)', () => {
    const content = readFileSync(join(FIXTURES, 'secret.cpython-310.pyc'));
    const [finding] = scannerFor('skip-tests-config.yaml').scan('/testdata/secret.cpython-310.pyc', content);
    expect(finding?.code.lines).toEqual([]);
    expect([finding?.severity, finding?.endLine, finding?.category]).toEqual(['CRITICAL', 1, 'GitHub']);
  });
});
