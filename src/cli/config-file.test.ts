import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { loadConfigFile } from './config-file.js';
import { resolveFlags, SCAN_FLAGS } from './flags.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'barnacle-config-'));
function configFile(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('trivy.yaml', () => {
  // The keys of Trivy's documented example configuration (docs/docs/references/configuration/config-file.md).
  const file = configFile(
    'trivy.yaml',
    [
      'format: json',
      'exit-code: 1',
      'severity:',
      '  - HIGH',
      '  - CRITICAL',
      'vulnerability:',
      '  ignore-unfixed: true',
      'pkg:',
      '  types: [os]',
      'scan.scanners: vuln',
      'db:',
      '  skip-update: true',
    ].join('\n'),
  );
  const config = loadConfigFile(file, true);
  const cases: {
    name: string;
    cli?: Record<string, unknown>;
    env?: Record<string, string>;
    flag: string;
    want: unknown;
  }[] = [
    { name: 'a top-level key', flag: 'format', want: 'json' },
    { name: 'a number', flag: 'exit-code', want: 1 },
    { name: 'a YAML list', flag: 'severity', want: ['HIGH', 'CRITICAL'] },
    { name: 'a nested key', flag: 'ignore-unfixed', want: true },
    { name: 'a flow list under a nested key', flag: 'pkg-types', want: ['os'] },
    { name: 'a dotted key', flag: 'scanners', want: ['vuln'] },
    { name: 'db.skip-update', flag: 'skip-db-update', want: true },
    { name: 'the environment wins over the file', env: { TRIVY_FORMAT: 'table' }, flag: 'format', want: 'table' },
    { name: 'the command line wins over the file', cli: { exitCode: '5' }, flag: 'exit-code', want: 5 },
    { name: 'a flag the file does not set keeps its default', flag: 'list-all-pkgs', want: true },
  ];
  it.each(cases)('$name', ({ cli = {}, env = {}, flag, want }) => {
    expect(resolveFlags(SCAN_FLAGS, cli, env, new Map(), () => {}, config)[flag]).toEqual(want);
  });

  it('reads the older vulnerability.type key for --pkg-types', () => {
    const older = loadConfigFile(configFile('older.yaml', 'vulnerability:\n  type: library\n'), true);
    expect(resolveFlags(SCAN_FLAGS, {}, {}, new Map(), () => {}, older)['pkg-types']).toEqual(['library']);
  });

  it('names the key of a value that does not parse', () => {
    const bad = loadConfigFile(configFile('bad-value.yaml', 'severity: [HIGH, SEVERE]\n'), true);
    expect(() => resolveFlags(SCAN_FLAGS, {}, {}, new Map(), () => {}, bad)).toThrow(
      /config key 'severity': invalid value 'SEVERE'/,
    );
  });

  it('a missing default file is no configuration', () => {
    expect(loadConfigFile(path.join(dir, 'absent.yaml'), false).size).toBe(0);
  });

  const errors: { name: string; file: () => string; message: RegExp }[] = [
    {
      name: 'a named file that does not exist',
      file: () => path.join(dir, 'absent.yaml'),
      message: /absent\.yaml cannot be read \(ENOENT\)/,
    },
    {
      name: 'YAML that does not parse, with its line',
      file: () => configFile('broken.yaml', 'format: json\nseverity: [HIGH\nexit-code: 1\n'),
      message: /broken\.yaml is not valid YAML at line \d/,
    },
    {
      name: 'a document that is not a mapping',
      file: () => configFile('list.yaml', '- format\n- json\n'),
      message: /list\.yaml must be a mapping/,
    },
  ];
  it.each(errors)('rejects $name as a usage error', ({ file, message }) => {
    const target = file();
    expect(() => loadConfigFile(target, true)).toThrow(UsageError);
    expect(() => loadConfigFile(target, true)).toThrow(message);
  });
});
