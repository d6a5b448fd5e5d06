import { beforeAll, describe, expect, it } from 'vitest';
import { type BinaryImage, binaryImage } from '../../test/binary-images.js';
import { fixtureFile } from '../../test/fixture-file.js';
import { cratePackages, rustBinary } from './rust-binary.js';

describe('rustbinary', () => {
  const wants: { name: string; size: number; mode: number; want: boolean }[] = [
    { name: 'an executable', size: 480_112, mode: 0o755, want: true },
    { name: 'a library nobody runs', size: 480_112, mode: 0o644, want: false },
  ];
  it.each(wants)('wants: $name', ({ size, mode, want }) =>
    expect(rustBinary.wants('usr/bin/x', size, mode)).toBe(want),
  );

  let image: BinaryImage;
  beforeAll(async () => {
    image = await binaryImage();
  }, 600_000);

  it("lists the crates of the binary's .dep-v0 section, equal to its Cargo.lock", async () => {
    const result = await rustBinary.analyze(fixtureFile(image.rootfs, 'usr/local/bin/semver-pairs'));
    expect(result.problems).toEqual([]);
    const [app] = result.applications ?? [];
    expect(app).toMatchObject({ type: 'rustbinary', filePath: 'usr/local/bin/semver-pairs' });
    const lock = image
      .truth('cargo-lock.tsv')
      .trimEnd()
      .split('\n')
      .map((line) => line.replace('\t', '@'));
    expect(app?.packages.map((p) => p.id).sort()).toEqual(lock.sort());
    expect(app?.packages.find((p) => p.name === 'cargo-semver-vectors')).toMatchObject({
      relationship: 'root',
      dependsOn: ['semver@1.0.14'],
    });
  });

  const none: { name: string; path: string }[] = [
    { name: 'a Go binary has no .dep-v0 section', path: 'usr/local/bin/hello-go' },
    { name: 'a truncated ELF file is left to the gobinary problem', path: 'usr/local/bin/truncated-go' },
  ];
  it.each(none)('$name', async ({ path }) =>
    expect(await rustBinary.analyze(fixtureFile(image.rootfs, path))).toEqual({ problems: [] }),
  );

  it('build-time crates are left out, with the dependencies on them', () => {
    const info = {
      packages: [
        { name: 'app', version: '0.1.0', source: 'local', dependencies: [1, 2], root: true },
        { name: 'cc', version: '1.0.83', source: 'crates.io', kind: 'build' as const },
        { name: 'libc', version: '0.2.150', source: 'crates.io' },
      ],
    };
    expect(cratePackages(info, 'usr/bin/app')).toEqual([
      {
        id: 'app@0.1.0',
        name: 'app',
        version: '0.1.0',
        relationship: 'root',
        dependsOn: ['libc@0.2.150'],
        filePath: 'usr/bin/app',
      },
      { id: 'libc@0.2.150', name: 'libc', version: '0.2.150', relationship: 'unknown', filePath: 'usr/bin/app' },
    ]);
  });
});
