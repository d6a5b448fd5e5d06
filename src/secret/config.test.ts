import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { parseSecretConfig, readSecretConfig } from './config.js';

const TESTDATA = join(import.meta.dirname, '../../test/fixtures/secret/testdata');
const dir = mkdtempSync(join(tmpdir(), 'secret-config-'));

function write(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, body);
  return path;
}

describe('readSecretConfig', () => {
  it('reads Trivy’s config.yaml: a custom rule and the disabled allow rule', () => {
    const config = readSecretConfig(join(TESTDATA, 'config.yaml'));
    expect(config?.disableAllowRules).toEqual(['tests']);
    expect(config?.rules.map((r) => [r.id, r.category, r.title, r.severity, r.secretGroupName])).toEqual([
      ['rule1', 'general', 'Generic Rule', 'HIGH', 'secret'],
    ]);
    expect(config?.skipPatterns).toBeUndefined();
  });

  const severities = [
    { file: 'config-without-severity.yaml', want: 'UNKNOWN' },
    { file: 'config-with-incorrect-severity.yaml', want: 'UNKNOWN' },
    { file: 'config-with-non-uppercase-severity.yaml', want: 'UNKNOWN' }, // uNknown
  ];
  it.each(severities)('$file: severity $want (Trivy’s convertSeverity)', ({ file, want }) => {
    expect(readSecretConfig(join(TESTDATA, file))?.rules[0]?.severity).toBe(want);
  });

  it.each([
    ['high', 'HIGH'],
    ['Critical', 'CRITICAL'],
    ['severe', 'UNKNOWN'],
  ])('severity %s of a custom rule is %s', (severity, want) => {
    const config = parseSecretConfig(`rules:\n  - id: r\n    severity: ${severity}\n    regex: x\n`, 'c.yaml');
    expect(config.rules[0]?.severity).toBe(want);
  });

  it('reads enable-builtin-rules, disable-rules, allow-rules and exclude-block', () => {
    const enable = readSecretConfig(join(TESTDATA, 'config-enable-ghp.yaml'));
    expect([enable?.enableBuiltinRules, enable?.disableRules]).toEqual([['github-pat'], []]);
    expect(readSecretConfig(join(TESTDATA, 'config-disable-ghp.yaml'))?.disableRules).toEqual(['github-pat']);
    expect(readSecretConfig(join(TESTDATA, 'global-allow-path.yaml'))?.allowRules).toHaveLength(1);
    expect(readSecretConfig(join(TESTDATA, 'global-exclude-block.yaml'))?.excludeBlock).toHaveLength(1);
  });

  it('is undefined when the default path is absent', () => {
    expect(readSecretConfig(join(dir, 'trivy-secret.yaml'))).toBeUndefined();
  });

  it('is undefined with a warning when a path the user named is absent (Trivy goes on silently)', () => {
    const path = join(dir, 'missing.yaml');
    const warnings: string[] = [];
    expect(readSecretConfig(path, (m) => warnings.push(m))).toBeUndefined();
    expect(warnings).toEqual([`secret config ${path} does not exist; scanning with the built-in rules`]);
  });

  it('fails when the path cannot be read as a file', () => {
    expect(() => readSecretConfig(dir)).toThrow(InputError);
    expect(() => readSecretConfig(dir)).toThrow(`secret config ${dir}: cannot read the file`);
  });
});

describe('parseSecretConfig: Trivy’s TestParseConfig (skip-patterns)', () => {
  const cases = [
    { name: 'missing skip-patterns leaves them unset', body: 'disable-allow-rules:\n  - tests\n', want: undefined },
    { name: 'empty skip-patterns is an empty list', body: 'skip-patterns: []\n', want: [] },
    {
      name: 'forward-slash patterns are kept',
      body: "skip-patterns:\n  - '**/.git/**'\n  - '**/node_modules/**'\n  - '**/go.sum'\n",
      want: ['**/.git/**', '**/node_modules/**', '**/go.sum'],
    },
    {
      name: 'backslash patterns are converted to forward slashes',
      body: "skip-patterns:\n  - '**\\.git\\**'\n",
      want: ['**/.git/**'],
    },
  ];
  it.each(cases)('$name', ({ body, want }) => {
    expect(parseSecretConfig(body, 'trivy-secret.yaml').skipPatterns).toEqual(want);
  });
});

describe('parseSecretConfig: bad configs are one-line InputErrors naming the file', () => {
  const cases = [
    {
      name: 'an invalid skip pattern',
      body: "skip-patterns:\n  - '[invalid'\n",
      want: 'invalid skip-pattern "[invalid"',
    },
    { name: 'YAML that does not parse', body: 'rules: [\n', want: 'not valid YAML' },
    { name: 'an empty file (yaml.v3 fails with EOF)', body: '', want: 'the file is empty' },
    { name: 'a list instead of a mapping', body: '- not\n- a\n- mapping\n', want: 'document' },
    { name: 'a string where a list belongs', body: 'disable-rules: aws\n', want: 'disable-rules' },
    {
      name: 'a rule regex that is not RE2',
      body: 'rules:\n  - id: r1\n    regex: (?<=a)b\n',
      want: 'rule "r1": invalid regex',
    },
    {
      name: 'an allow rule path that does not compile',
      body: 'allow-rules:\n  - id: a1\n    path: "(abc"\n',
      want: 'allow rule "a1": invalid regex',
    },
    {
      name: 'an exclude-block regex that does not compile',
      body: 'exclude-block:\n  regexes: ["[z-a]"]\n',
      want: 'exclude-block',
    },
  ];
  it.each(cases)('$name', ({ body, want }) => {
    const path = write('bad.yaml', body);
    let error: unknown;
    try {
      readSecretConfig(path);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    const message = (error as Error).message;
    expect(message).toContain(`secret config ${path}: `);
    expect(message).toContain(want);
    expect(message).not.toContain('\n');
  });
});
