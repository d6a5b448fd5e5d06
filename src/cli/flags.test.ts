import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { extractBooleanAssignments, parseDuration, resolveFlags, SCAN_FLAGS } from './flags.js';

describe('resolveFlags', () => {
  const cases: {
    name: string;
    cli: Record<string, unknown>;
    env: Record<string, string>;
    flag: string;
    want: unknown;
  }[] = [
    { name: 'the default applies when nothing is set', cli: {}, env: {}, flag: 'exit-code', want: 0 },
    { name: 'TRIVY_ variables are read', cli: {}, env: { TRIVY_EXIT_CODE: '1' }, flag: 'exit-code', want: 1 },
    {
      name: 'BARNACLE_ variables win over TRIVY_ ones',
      cli: {},
      env: { TRIVY_EXIT_CODE: '1', BARNACLE_EXIT_CODE: '5' },
      flag: 'exit-code',
      want: 5,
    },
    {
      name: 'the command line wins over the environment',
      cli: { exitCode: '3' },
      env: { BARNACLE_EXIT_CODE: '5' },
      flag: 'exit-code',
      want: 3,
    },
    {
      name: 'lists are split on commas',
      cli: { severity: 'HIGH, CRITICAL' },
      env: {},
      flag: 'severity',
      want: ['HIGH', 'CRITICAL'],
    },
    {
      name: 'the deprecated --vuln-type sets --pkg-types',
      cli: { vulnType: 'os' },
      env: {},
      flag: 'pkg-types',
      want: ['os'],
    },
    {
      name: 'TRIVY_VULN_TYPE sets --pkg-types',
      cli: {},
      env: { TRIVY_VULN_TYPE: 'library' },
      flag: 'pkg-types',
      want: ['library'],
    },
    { name: 'a bare boolean flag is true', cli: { ignoreUnfixed: true }, env: {}, flag: 'ignore-unfixed', want: true },
    {
      name: 'boolean variables take Go spellings',
      cli: {},
      env: { TRIVY_IGNORE_UNFIXED: 'T' },
      flag: 'ignore-unfixed',
      want: true,
    },
    { name: "list-all-pkgs defaults to true like today's Trivy", cli: {}, env: {}, flag: 'list-all-pkgs', want: true },
  ];
  it.each(cases)('$name', ({ cli, env, flag, want }) => {
    expect(resolveFlags(SCAN_FLAGS, cli, env)[flag]).toEqual(want);
  });

  const bad: { name: string; cli: Record<string, unknown>; env: Record<string, string>; message: RegExp }[] = [
    {
      name: 'an unknown severity',
      cli: { severity: 'HIGH,SEVERE' },
      env: {},
      message: /--severity: invalid value 'SEVERE'/,
    },
    {
      name: 'a non-numeric exit code',
      cli: { exitCode: 'one' },
      env: {},
      message: /--exit-code: 'one' is not an integer/,
    },
    {
      name: 'a bad boolean in the environment',
      cli: {},
      env: { TRIVY_IGNORE_UNFIXED: 'yes' },
      message: /TRIVY_IGNORE_UNFIXED: 'yes' is not a boolean/,
    },
    {
      name: 'an unknown package type',
      cli: { pkgTypes: 'os,apps' },
      env: {},
      message: /--pkg-types: invalid value 'apps'/,
    },
  ];
  it.each(bad)('rejects $name as a usage error', ({ cli, env, message }) => {
    expect(() => resolveFlags(SCAN_FLAGS, cli, env)).toThrow(UsageError);
    expect(() => resolveFlags(SCAN_FLAGS, cli, env)).toThrow(message);
  });

  it('warns once when a deprecated alias is used', () => {
    const warnings: string[] = [];
    resolveFlags(SCAN_FLAGS, { vulnType: 'os' }, {}, new Map(), (m) => warnings.push(m));
    expect(warnings).toEqual(['--vuln-type is deprecated; use --pkg-types']);
  });
});

describe('extractBooleanAssignments', () => {
  it('takes --flag=false out of argv and keeps other arguments in order', () => {
    const { argv, overrides } = extractBooleanAssignments(
      ['node', 'barnacle', 'image', '--list-all-pkgs=false', '--format=json', 'app'],
      SCAN_FLAGS,
    );
    expect(argv).toEqual(['node', 'barnacle', 'image', '--format=json', 'app']);
    expect(overrides.get('list-all-pkgs')).toBe(false);
  });
  it('rejects --flag=maybe', () => {
    expect(() => extractBooleanAssignments(['--ignore-unfixed=maybe'], SCAN_FLAGS)).toThrow(
      /--ignore-unfixed: 'maybe'/,
    );
  });
});

describe('parseDuration', () => {
  const cases: [string, number][] = [
    ['5m0s', 300_000],
    ['90s', 90_000],
    ['1h30m', 5_400_000],
    ['500ms', 500],
    ['1.5s', 1500],
    ['0', 0],
  ];
  it.each(cases)('%s is %d ms', (input, want) => expect(parseDuration(input)).toBe(want));
  it.each(['5', 'five minutes', '5m0', '-1s', ''])('rejects %j', (input) => {
    expect(() => parseDuration(input)).toThrow(UsageError);
  });
});
