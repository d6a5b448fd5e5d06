import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BinaryImage, binaryImage } from '../../test/binary-images.js';
import { fixtureFile, textFile } from '../../test/fixture-file.js';
import { diskFile } from '../layer/layer-file.js';
import type { Package } from '../types.js';
import { goBinary, ldflagsVersion, stdlibVersion } from './go-binary.js';
import { parseModInfo } from './go-buildinfo.js';
import type { LayerFile } from './types.js';

/** `go version -m` output → the packages Trivy derives from it, computed independently of the analyzer. */
function expectedFromGoVersion(text: string, mainVersion = ''): string[] {
  const lines = text.trimEnd().split('\n');
  const goVersion = lines[0]?.split(': ')[1] ?? '';
  const out = [`stdlib@v${goVersion.replace(/^go/, '')}`];
  const rows = lines.slice(1).map((line) => line.trim().split('\t'));
  rows.forEach((row, i) => {
    if (row[0] !== 'dep') return;
    const next = rows[i + 1];
    const [path, version] = next?.[0] === '=>' ? [next[1], next[2]] : [row[1], row[2]];
    out.push(`${path}@${version === '(devel)' ? '' : version}`);
  });
  const main = rows.find((row) => row[0] === 'mod');
  if (main) out.push(`${main[1]}@${mainVersion}`);
  return out.sort();
}

const short = (packages: readonly Package[]) => packages.map((p) => `${p.name}@${p.version}`).sort();

describe('gobinary', () => {
  const wants: { name: string; path: string; size: number; mode: number; want: boolean }[] = [
    { name: 'an executable file', path: 'usr/local/bin/app', size: 2_000_000, mode: 0o755, want: true },
    { name: 'a file only its group may run', path: 'opt/app/run', size: 4096, mode: 0o010, want: true },
    { name: 'a file nobody may run', path: 'usr/lib/libfoo.so.1', size: 2_000_000, mode: 0o644, want: false },
    { name: 'an executable too small to be ELF', path: 'usr/bin/true-ish', size: 8, mode: 0o755, want: false },
  ];
  it.each(wants)('wants: $name', ({ path, size, mode, want }) => expect(goBinary.wants(path, size, mode)).toBe(want));

  let image: BinaryImage;
  const temp = mkdtempSync(join(tmpdir(), 'barnacle-gobinary-'));
  beforeAll(async () => {
    image = await binaryImage();
  }, 600_000);
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  const cases: { name: string; path: string; truth: string; mainVersion?: string }[] = [
    {
      name: 'Go 1.19 inline build info, both kinds of replacement',
      path: 'usr/local/bin/hello-go',
      truth: 'hello-go.txt',
    },
    {
      name: 'a main module versioned by -ldflags -X main.version',
      path: 'usr/local/bin/hello-go-ldflags',
      truth: 'hello-go-ldflags.txt',
      mainVersion: 'v1.4.2',
    },
    {
      name: 'Go 1.15 pointer-format build info without modules (Debian bullseye gotail)',
      path: 'usr/bin/gotail',
      truth: 'gotail.txt',
    },
  ];
  it.each(cases)('packages equal `go version -m`: $name', async ({ path, truth, mainVersion }) => {
    const result = await goBinary.analyze(fixtureFile(image.rootfs, path));
    expect(result.problems).toEqual([]);
    const [app] = result.applications ?? [];
    expect(app?.type).toBe('gobinary');
    expect(app?.filePath).toBe(path);
    expect(short(app?.packages ?? [])).toEqual(expectedFromGoVersion(image.truth(truth), mainVersion));
  });

  it('gives Trivy ids, relationships and the main module depending on every package', async () => {
    const result = await goBinary.analyze(fixtureFile(image.rootfs, 'usr/local/bin/hello-go'));
    const packages = result.applications?.[0]?.packages ?? [];
    const byName = new Map(packages.map((p) => [p.name, p]));
    expect(byName.get('stdlib')).toMatchObject({ id: 'stdlib@v1.19.8', relationship: 'direct' });
    expect(byName.get('github.com/golang/text')).toMatchObject({
      id: 'github.com/golang/text@v0.7.0',
      relationship: 'unknown',
    });
    expect(byName.get('./greeting')).toMatchObject({ id: './greeting', version: '' });
    const main = byName.get('example.com/barnacle/hello-go');
    expect(main).toMatchObject({ id: 'example.com/barnacle/hello-go', relationship: 'root' });
    expect(main?.dependsOn).toEqual(
      packages
        .filter((p) => p !== main)
        .map((p) => p.id)
        .sort(),
    );
    expect(packages.every((p) => p.filePath === 'usr/local/bin/hello-go')).toBe(true);
  });

  it('reads a large binary by offset from disk, not whole', async () => {
    const copy = join(temp, 'hello-go');
    copyFileSync(join(image.rootfs, 'usr/local/bin/hello-go'), copy);
    const file = diskFile({ path: 'usr/local/bin/hello-go', size: 2_295_870, mode: 0o755 }, copy, 1024);
    let bytesRead = 0;
    const counted: LayerFile = {
      ...file,
      size: (await file.read?.(0, Number.MAX_SAFE_INTEGER))?.length ?? 0,
      bytes: () => Promise.reject(new Error('read whole')),
      read: async (offset, length) => {
        const data = (await file.read?.(offset, length)) ?? new Uint8Array();
        bytesRead += data.length;
        return data;
      },
    };
    const result = await goBinary.analyze(counted);
    expect(result.applications?.[0]?.packages.length).toBe(5);
    expect(bytesRead).toBeLessThan(counted.size / 4);
  });

  const bad: { name: string; file: () => LayerFile; problem: RegExp | undefined }[] = [
    {
      name: 'a Go binary cut short after 4 KiB is a problem naming the file',
      file: () => fixtureFile(image.rootfs, 'usr/local/bin/truncated-go'),
      problem: /past the end of the file/,
    },
    {
      name: 'a shell script is no Go binary and no problem',
      file: () => ({ ...textFile('usr/bin/run', '#!/bin/sh\nexit 0\n'), mode: 0o755 }),
      problem: undefined,
    },
    {
      name: 'a non-Go ELF executable is no problem',
      file: () => fixtureFile('/', 'usr/bin/env'),
      problem: undefined,
    },
  ];
  it.each(bad)('$name', async ({ file, problem }) => {
    const f = file();
    const result = await goBinary.analyze(f);
    expect(result.applications ?? []).toEqual([]);
    if (problem) {
      expect(result.problems).toHaveLength(1);
      expect(result.problems[0]?.path).toBe(f.path);
      expect(result.problems[0]?.reason).toMatch(problem);
    } else expect(result.problems).toEqual([]);
  });
});

describe('go build info text', () => {
  it('a replacement line attaches to the module before it', () =>
    expect(
      parseModInfo('path\tx\nmod\tx\t(devel)\t\ndep\ta\tv1.0.0\n=>\tb\tv2.0.0\th1:abc\ndep\tc\tv0.1.0\th1:def\n').deps,
    ).toEqual([
      { path: 'a', version: 'v1.0.0', sum: '', replace: { path: 'b', version: 'v2.0.0', sum: 'h1:abc' } },
      { path: 'c', version: 'v0.1.0', sum: 'h1:def' },
    ]));
  it('a replacement with no module before it is an error', () =>
    expect(() => parseModInfo('=>\tb\tv2.0.0\t\n')).toThrow(/line 1/));

  const stdlib: [string, string][] = [
    ['go1.19.8', 'v1.19.8'],
    ['go1.22.1 X:boringcrypto', 'v1.22.1'],
    ['go1.26.0-X:nodwarf5', 'v1.26.0'],
    ['go1.21.5 (Red Hat 1.21.5-1.el9)', 'v1.21.5'],
  ];
  it.each(stdlib)('stdlib version of %s is %s', (goVersion, want) => expect(stdlibVersion(goVersion)).toBe(want));

  const ldflags: { name: string; value: string; want: string }[] = [
    { name: 'main.version', value: '-X main.version=v1.4.2', want: 'v1.4.2' },
    { name: 'quoted, without v', value: "-s -w -X 'main.version=1.2.3'", want: '1.2.3' },
    {
      name: 'the module cmd/ key wins over main',
      value: '-X example.com/m/cmd/app.version=2.0.0 -X main.version=1.0.0',
      want: '2.0.0',
    },
    { name: 'two versions of one rank mean none', value: '-X main.version=1.0.0 -X common.version=2.0.0', want: '' },
    { name: 'not a version', value: '-X main.version=dev', want: '' },
  ];
  it.each(ldflags)('ldflags: $name', ({ value, want }) =>
    expect(ldflagsVersion('example.com/m', [['-ldflags', value]])).toBe(want),
  );
});
