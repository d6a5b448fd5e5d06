// --file-patterns on Trivy's pip testdata (test/fixtures/analyzer/lockfiles/trivy-testdata/pip/requirements.txt)
// copied under a name the pip analyzer does not know. Trivy v0.44.1 (`trivy fs --file-patterns
// 'pip:requirements-.*\.txt'`) lists the same six packages from it.
import { copyFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { parseFilePatterns } from './file-patterns.js';
import { scanDirectory } from './fs-command.js';
import { silentLogger } from './log.js';

const REQUIREMENTS = path.resolve(
  import.meta.dirname,
  '../../test/fixtures/analyzer/lockfiles/trivy-testdata/pip/requirements.txt',
);
const dir = mkdtempSync(path.join(os.tmpdir(), 'barnacle-patterns-'));
copyFileSync(REQUIREMENTS, path.join(dir, 'requirements-dev.txt'));
const context = {
  cacheDir: mkdtempSync(path.join(os.tmpdir(), 'barnacle-patterns-cache-')),
  env: {},
  stdout: () => {},
  stdoutIsTty: false,
  logger: silentLogger,
  now: new Date('2026-01-02T00:00:00Z'),
};

describe('--file-patterns', () => {
  it('leaves a file under an unknown name alone without a pattern', async () => {
    expect((await scanDirectory('fs', dir, {}, context, false)).results).toEqual([]);
  });

  it('gives the analyzer the files its pattern matches, as Trivy does', async () => {
    const flags = { 'file-patterns': ['pip:requirements-.*\\.txt'] };
    const result = await scanDirectory('fs', dir, flags, context, false);
    expect(result.results.map((r) => [r.target, r.type])).toEqual([['requirements-dev.txt', 'pip']]);
    expect(result.results[0]?.packages.map((p) => `${p.name}@${p.version}`)).toEqual([
      'Flask@2.0.0',
      'Jinja2@3.0.0',
      'MarkupSafe@2.0.0',
      'Werkzeug@2.0.0',
      'click@8.0.0',
      'itsdangerous@2.0.0',
    ]);
  });

  it('gives nothing to an analyzer the pattern does not name', async () => {
    const flags = { 'file-patterns': ['pipenv:requirements-.*\\.txt'] };
    expect((await scanDirectory('fs', dir, flags, context, false)).results).toEqual([]);
  });
});

describe('parseFilePatterns', () => {
  it('groups the patterns by analyzer', () => {
    const patterns = parseFilePatterns(['pip:a\\.txt', 'npm:lock.json', 'pip:b\\.txt']);
    expect([...patterns.keys()]).toEqual(['pip', 'npm']);
    expect(patterns.get('pip')?.map(String)).toEqual(['/a\\.txt/', '/b\\.txt/']);
  });

  it('splits at the first colon only', () =>
    expect(parseFilePatterns(['pip:a:b']).get('pip')?.[0]?.source).toBe('a:b'));

  const bad: { name: string; value: string; error: string }[] = [
    {
      name: 'a pattern without an analyzer',
      value: 'requirements.txt',
      error:
        'invalid file pattern (requirements.txt) expected format: "fileType:regexPattern" e.g. "dockerfile:my_dockerfile_*"',
    },
    { name: 'a regexp that does not compile', value: 'pip:(', error: 'invalid file regexp (pip:()' },
  ];
  it.each(bad)('refuses $name', ({ value, error }) => {
    expect(() => parseFilePatterns([value])).toThrow(UsageError);
    expect(() => parseFilePatterns([value])).toThrow(error);
  });
});
