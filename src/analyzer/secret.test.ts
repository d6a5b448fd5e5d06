import { describe, expect, it } from 'vitest';
import { memoryFile } from '../layer/layer-file.js';
import { createSecretScanner } from '../secret/scanner.js';
import { MAX_SECRET_FILE_BYTES, secretAnalyzer } from './secret.js';

const scanner = createSecretScanner();
const image = secretAnalyzer({ scanner, configHash: 'builtin', rooted: true });
const directory = secretAnalyzer({ scanner, configHash: 'builtin', rooted: false });

describe('secret analyzer', () => {
  const wants: { name: string; path: string; size: number; want: boolean }[] = [
    { name: 'a file of an image', path: 'app/config.env', size: 100, want: true },
    { name: 'a file under 10 bytes (Trivy reads none)', path: 'app/short.txt', size: 9, want: false },
    { name: 'a link, asked about with size 0, is never followed', path: 'app/link.env', size: 0, want: false },
    { name: 'a file past the bound', path: 'app/dump.sql', size: MAX_SECRET_FILE_BYTES + 1, want: false },
    { name: 'a file at the bound', path: 'app/dump.sql', size: MAX_SECRET_FILE_BYTES, want: true },
    { name: "a path Trivy's allow rules skip (usr/share)", path: 'usr/share/doc/x/README', size: 100, want: false },
    { name: 'a .git directory (Trivy skips it)', path: 'srv/.git/config', size: 100, want: false },
  ];
  it.each(wants)('wants: $name', ({ path, size, want }) => expect(image.wants(path, size, 0o644)).toBe(want));

  const text = 'REGION=eu-west-1\nGITHUB_TOKEN=ghp_Q9w8E7r6T5y4U3i2O1p0A9s8D7f6G5h4J3k2\n';
  const file = (path: string) => memoryFile({ path, size: text.length, mode: 0o644 }, new TextEncoder().encode(text));

  it('names an image file from the root and a directory file relative to the directory', async () => {
    const fromImage = await image.analyze(file('app/deploy.env'));
    const fromDirectory = await directory.analyze(file('app/deploy.env'));
    expect(fromImage.secrets?.map((s) => [s.filePath, s.findings.map((f) => f.ruleId)])).toEqual([
      ['/app/deploy.env', ['github-pat']],
    ]);
    expect(fromDirectory.secrets?.map((s) => s.filePath)).toEqual(['app/deploy.env']);
  });

  it('returns no secrets member for a file without any', async () => {
    const clean = memoryFile({ path: 'etc/motd', size: 12, mode: 0o644 }, new TextEncoder().encode('hello world\n'));
    expect(await image.analyze(clean)).toEqual({ problems: [] });
  });

  it('carries the configuration digest for the layer cache key', () => expect(image.configHash).toBe('builtin'));
});
