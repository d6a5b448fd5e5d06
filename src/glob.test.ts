import { describe, expect, it } from 'vitest';
import { compileGlob } from './glob.js';

describe('compileGlob: doublestar patterns', () => {
  const cases = [
    // Trivy's TestIsSkippedSlashConversion
    { pattern: '**/.git/**', path: 'some/repo/.git/config', want: true },
    { pattern: '**/.git/**', path: 'some/repo/src/main.go', want: false },
    { pattern: '**/node_modules/**', path: 'project/node_modules/lodash/index.js', want: true },
    // `**` spans zero directories too
    { pattern: '**/.git/**', path: '.git/config', want: true },
    { pattern: '**/go.sum', path: 'go.sum', want: true },
    { pattern: '**/go.sum', path: 'a/b/go.sum', want: true },
    { pattern: '**/go.sum', path: 'a/go.sum.txt', want: false },
    { pattern: '**/*.jpg', path: 'img/a.jpg', want: true },
    { pattern: '**/*.jpg', path: 'img/a.jpg/b', want: false },
    { pattern: 'a/*/c', path: 'a/b/c', want: true },
    { pattern: 'a/*/c', path: 'a/b/x/c', want: false },
    { pattern: 'a/**/c', path: 'a/c', want: true },
    { pattern: 'a/**/c', path: 'a/b/x/c', want: true },
    { pattern: 'file?.txt', path: 'file1.txt', want: true },
    { pattern: '[!a]*.txt', path: 'b.txt', want: true },
    { pattern: '[!a]*.txt', path: 'a.txt', want: false },
    { pattern: '*.{jpg,png}', path: 'x.png', want: true },
    { pattern: 'a.b', path: 'axb', want: false },
  ];
  it.each(cases)('$pattern matches $path: $want', ({ pattern, path, want }) => {
    expect(compileGlob(pattern).test(path)).toBe(want);
  });

  it.each(['[invalid', 'a{b', 'a\\'])('rejects %s', (pattern) => {
    expect(() => compileGlob(pattern)).toThrow(/invalid glob/);
  });
});
