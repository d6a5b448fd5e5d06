import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compress, diffIdOf, type EntrySpec, layerFrom, layerOf, tarOf } from '../../test/fixtures/layer/make-layer.js';
import type { Analyzer, AnalyzerResult } from '../analyzer/types.js';
import { InputError } from '../errors.js';
import type { LayerAnalysis } from './types.js';
import { analyzeImage, analyzeLayer } from './walk.js';

// Small real analyzers: each parses the files it asks for.

/** ID and VERSION_ID of os-release, as OS facts. */
const osRelease: Analyzer = {
  id: 'test-os-release',
  version: 1,
  wants: (path) => path === 'etc/os-release' || path === 'usr/lib/os-release',
  async analyze(file) {
    const fields = new Map(
      (await file.text()).split('\n').flatMap((line) => {
        const match = /^([A-Z_]+)=("?)(.*)\2$/.exec(line);
        return match?.[1] && match[3] !== undefined ? [[match[1], match[3]] as const] : [];
      }),
    );
    const family = fields.get('ID');
    return family ? { os: { family, name: fields.get('VERSION_ID') ?? '' }, problems: [] } : { problems: [] };
  },
};

/** `name version` lines of var/lib/pkgs/* as OS packages; a line without a version is a Problem. */
const pkgList: Analyzer = {
  id: 'test-pkg-list',
  version: 1,
  wants: (path) => path.startsWith('var/lib/pkgs/'),
  async analyze(file) {
    const result: {
      packages: { id: string; name: string; version: string }[];
      problems: AnalyzerResult['problems'][number][];
    } = {
      packages: [],
      problems: [],
    };
    for (const [index, line] of (await file.text()).split('\n').entries()) {
      if (line === '') continue;
      const [name, version] = line.split(' ');
      if (name && version) result.packages.push({ id: `${name}@${version}`, name, version });
      else result.problems.push({ path: file.path, index, reason: 'no version' });
    }
    return { packageInfos: [{ filePath: file.path, packages: result.packages }], problems: result.problems };
  },
};

/** Counts bytes of any file under big/ by streaming it, as an analyzer of large binaries would. */
const byteCounter: Analyzer = {
  id: 'test-byte-counter',
  version: 1,
  wants: (path) => path.startsWith('big/'),
  async analyze(file) {
    let total = 0;
    for await (const chunk of file.stream()) total += (chunk as Buffer).length;
    return { os: { family: 'bytes', name: String(total) }, problems: [] };
  },
};

/** Reads files under big/ whole: too large ones must become a Problem. */
const wholeReader: Analyzer = {
  id: 'test-whole-reader',
  version: 1,
  wants: (path) => path.startsWith('big/'),
  async analyze(file) {
    const bytes = await file.bytes();
    return { os: { family: 'whole', name: String(bytes.length) }, problems: [] };
  },
};

/** Fails on every file it wants. */
const failing: Analyzer = {
  id: 'test-failing',
  version: 1,
  wants: (path) => path === 'etc/os-release',
  async analyze() {
    throw new Error('cannot parse');
  },
};

const DEBIAN_OS_RELEASE = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n';

let cacheDir: string;
beforeAll(async () => {
  await mkdir('.cache', { recursive: true });
  cacheDir = await mkdtemp(join('.cache', 'walk-test-'));
});
afterAll(async () => {
  await rm(cacheDir, { recursive: true, force: true });
});

const options = () => ({ cacheDir, cache: false });

/** What a test compares: results as (analyzer, path, os or package names), problems, markers. */
function summary(analysis: LayerAnalysis) {
  return {
    results: analysis.results.map((r) => ({
      analyzer: r.analyzer,
      path: r.path,
      os: r.result.os,
      packages: r.result.packageInfos?.flatMap((info) => info.packages.map((p) => `${p.name}@${p.version}`)),
    })),
    whiteouts: analysis.whiteouts,
    opaqueDirs: analysis.opaqueDirs,
    problems: analysis.problems.map((p) => `${p.path}: ${p.reason}`),
  };
}

describe('analyzeLayer', () => {
  const cases: { name: string; entries: EntrySpec[]; analyzers: Analyzer[]; want: ReturnType<typeof summary> }[] = [
    {
      name: 'hands each analyzer only the regular files it wants, with ./ stripped from names',
      entries: [
        { name: './', type: 'directory' },
        { name: './etc/', type: 'directory' },
        { name: './etc/os-release', content: DEBIAN_OS_RELEASE },
        { name: './etc/hostname', content: 'box\n' },
        { name: './var/lib/pkgs/base', content: 'adduser 3.118\nlibc6 2.31-13\n' },
      ],
      analyzers: [osRelease, pkgList],
      want: {
        results: [
          {
            analyzer: 'test-os-release',
            path: 'etc/os-release',
            os: { family: 'debian', name: '12' },
            packages: undefined,
          },
          {
            analyzer: 'test-pkg-list',
            path: 'var/lib/pkgs/base',
            os: undefined,
            packages: ['adduser@3.118', 'libc6@2.31-13'],
          },
        ],
        whiteouts: [],
        opaqueDirs: [],
        problems: [],
      },
    },
    {
      name: 'records .wh.<name> whiteouts and .wh..wh..opq opaque directories instead of analysing them',
      entries: [
        { name: 'etc/.wh.os-release', content: '' },
        { name: 'var/lib/pkgs/.wh..wh..opq', content: '' },
        { name: '.wh.opt', content: '' },
        { name: 'var/lib/pkgs/extra', content: 'curl 7.88\n' },
      ],
      analyzers: [osRelease, pkgList],
      want: {
        results: [{ analyzer: 'test-pkg-list', path: 'var/lib/pkgs/extra', os: undefined, packages: ['curl@7.88'] }],
        whiteouts: ['etc/os-release', 'opt'],
        opaqueDirs: ['var/lib/pkgs'],
        problems: [],
      },
    },
    {
      name: 'gives a file several analyzers want to each of them',
      entries: [{ name: 'big/file', content: 'x'.repeat(1000) }],
      analyzers: [byteCounter, wholeReader],
      want: {
        results: [
          {
            analyzer: 'test-byte-counter',
            path: 'big/file',
            os: { family: 'bytes', name: '1000' },
            packages: undefined,
          },
          {
            analyzer: 'test-whole-reader',
            path: 'big/file',
            os: { family: 'whole', name: '1000' },
            packages: undefined,
          },
        ],
        whiteouts: [],
        opaqueDirs: [],
        problems: [],
      },
    },
    {
      name: 'turns an analyzer failure into a Problem and keeps the other results',
      entries: [
        { name: 'etc/os-release', content: DEBIAN_OS_RELEASE },
        { name: 'var/lib/pkgs/base', content: 'zlib1g 1.2.13\nbroken\n' },
      ],
      analyzers: [failing, pkgList],
      want: {
        results: [{ analyzer: 'test-pkg-list', path: 'var/lib/pkgs/base', os: undefined, packages: ['zlib1g@1.2.13'] }],
        whiteouts: [],
        opaqueDirs: [],
        problems: ['etc/os-release: test-failing: cannot parse'],
      },
    },
    {
      name: 'records symlinks without analysing them in the single pass',
      entries: [{ name: 'etc/os-release', type: 'symlink', linkname: '../usr/lib/os-release' }],
      analyzers: [osRelease],
      want: { results: [], whiteouts: [], opaqueDirs: [], problems: [] },
    },
  ];
  it.each(cases)('$name', async ({ entries, analyzers, want }) => {
    const layer = await layerFrom(entries);
    expect(summary(await analyzeLayer(layer, analyzers, options()))).toEqual(want);
  });

  it.each(['none', 'gzip', 'zstd'] as const)(
    'reads a %s layer by its magic bytes, the same way',
    async (compression) => {
      const layer = await layerFrom([{ name: 'etc/os-release', content: DEBIAN_OS_RELEASE }], compression);
      const analysis = await analyzeLayer(layer, [osRelease], options());
      expect(analysis.results.map((r) => r.result.os)).toEqual([{ family: 'debian', name: '12' }]);
      expect(analysis.diffId).toBe(layer.diffId);
    },
  );

  it('lists symlinks and hard links with their targets as the tar gives them', async () => {
    const layer = await layerFrom([
      { name: 'usr/lib/os-release', content: DEBIAN_OS_RELEASE },
      { name: 'etc/os-release', type: 'symlink', linkname: '../usr/lib/os-release' },
      { name: 'etc/os-release.bak', type: 'link', linkname: 'usr/lib/os-release' },
    ]);
    expect((await analyzeLayer(layer, [], options())).links).toEqual([
      { path: 'etc/os-release', target: '../usr/lib/os-release', kind: 'symlink' },
      { path: 'etc/os-release.bak', target: 'usr/lib/os-release', kind: 'hardlink' },
    ]);
  });
});

describe('analyzeLayer on bad input', () => {
  const good = (): Promise<Buffer> =>
    tarOf([
      { name: 'etc/os-release', content: DEBIAN_OS_RELEASE },
      { name: 'var/lib/pkgs/base', content: 'a 1\n'.repeat(5000) },
    ]);
  const cases: { name: string; blob: () => Promise<{ bytes: Buffer; diffId?: string }>; message: RegExp }[] = [
    {
      name: 'an entry climbing above the root is refused, naming the layer and the entry',
      blob: async () => ({ bytes: await tarOf([{ name: '../../etc/passwd', content: 'root:x:0:0' }]) }),
      message:
        /^layer sha256:[0-9a-f]{64} \(image\.tar:layer\.tar\) has a hostile entry '\.\.\/\.\.\/etc\/passwd' \(climbs above the image root\)/,
    },
    {
      name: 'an absolute entry name is refused',
      blob: async () => ({ bytes: await tarOf([{ name: '/etc/passwd', content: 'root:x:0:0' }]) }),
      message: /has a hostile entry '\/etc\/passwd' \(absolute path\)/,
    },
    {
      name: 'a dot-dot that stays inside still climbs too far when it passes the root',
      blob: async () => ({ bytes: await tarOf([{ name: 'etc/../../x', content: '' }]) }),
      message: /has a hostile entry 'etc\/\.\.\/\.\.\/x'/,
    },
    {
      name: 'a truncated tar is an input error',
      blob: async () => {
        const bytes = await good();
        return { bytes: bytes.subarray(0, 1500), diffId: diffIdOf(bytes) };
      },
      message: /^layer sha256:\S+ \(image\.tar:layer\.tar\) is not a valid tar \(.+\); re-export or re-pull the image$/,
    },
    {
      name: 'a truncated gzip stream is an input error',
      blob: async () => {
        const bytes = await good();
        const gz = compress(bytes, 'gzip');
        return { bytes: gz.subarray(0, gz.length - 100), diffId: diffIdOf(bytes) };
      },
      message: /is not a valid gzip tar \(unexpected end of file\)/,
    },
    {
      name: 'corrupt zstd data is an input error',
      blob: async () => {
        const bytes = await good();
        const zst = Buffer.from(compress(bytes, 'zstd'));
        zst.fill(0xff, 20, 60);
        return { bytes: zst, diffId: diffIdOf(bytes) };
      },
      message: /is not a valid zstd tar/,
    },
    {
      name: 'a layer whose content does not match its diffID is refused',
      blob: async () => ({ bytes: compress(await good(), 'gzip'), diffId: `sha256:${'0'.repeat(64)}` }),
      message: new RegExp(
        `^layer sha256:\\S+ \\(image\\.tar:layer\\.tar\\) does not match its diffID sha256:${'0'.repeat(64)} \\(its content has sha256:[0-9a-f]{64}\\); the image is corrupt`,
      ),
    },
  ];
  it.each(cases)('$name', async ({ blob, message }) => {
    const { bytes, diffId } = await blob();
    const layer = layerOf(bytes, diffId ?? diffIdOf(bytes));
    const error = await analyzeLayer(layer, [osRelease, pkgList], options()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).exitCode).toBe(3);
    expect((error as InputError).message).toMatch(message);
  });
});

describe('analyzeLayer on large files', () => {
  const big = 'y'.repeat(300_000);
  const cases: { name: string; analyzers: Analyzer[]; maxFileBytes: number; want: string[] }[] = [
    {
      name: 'one analyzer streams a file over the memory limit',
      analyzers: [byteCounter],
      maxFileBytes: 1 << 20,
      want: ['bytes 300000'],
    },
    {
      name: 'several analyzers share a file over the memory limit through a temporary file',
      analyzers: [byteCounter, wholeReader],
      maxFileBytes: 1 << 20,
      want: ['bytes 300000', 'whole 300000'],
    },
    {
      name: 'reading a file whole past the size limit is refused',
      analyzers: [wholeReader],
      maxFileBytes: 100_000,
      want: [],
    },
  ];
  it.each(cases)('$name', async ({ analyzers, maxFileBytes, want }) => {
    const layer = await layerFrom([
      { name: 'big/blob', content: big },
      { name: 'etc/os-release', content: DEBIAN_OS_RELEASE },
    ]);
    const analysis = await analyzeLayer(layer, [...analyzers, osRelease], {
      ...options(),
      memoryLimit: 100_000,
      maxFileBytes,
    });
    expect(
      analysis.results.filter((r) => r.path === 'big/blob').map((r) => `${r.result.os?.family} ${r.result.os?.name}`),
    ).toEqual(want);
    expect(analysis.results.filter((r) => r.path === 'etc/os-release')).toHaveLength(1);
    expect(analysis.problems.map((p) => p.reason)).toEqual(
      want.length === 0
        ? ['test-whole-reader: file is 300000 bytes, more than the 100000 bytes an analyzer may read whole']
        : [],
    );
    expect(await readdir(join(cacheDir, 'tmp')).catch(() => [])).toEqual([]);
  });

  it('walks a gzip bomb (1 GiB of zeros) in bounded memory', async () => {
    const { bombLayer } = await import('../../test/fixtures/layer/bomb.js');
    const layer = await bombLayer(cacheDir, 1 << 30);
    let peak = 0;
    const sample = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    const before = process.memoryUsage().rss;
    try {
      const analysis = await analyzeLayer(layer, [byteCounter, osRelease], options());
      expect(analysis.results.map((r) => r.result.os)).toEqual([
        { family: 'bytes', name: String(1 << 30) },
        { family: 'debian', name: '12' },
      ]);
    } finally {
      clearInterval(sample);
    }
    expect(peak - before).toBeLessThan(256 * 1024 * 1024);
  }, 180_000);
});

describe('the layer cache', () => {
  it('answers a second analysis of the same diffID without reading the layer', async () => {
    const dir = await mkdtemp(join(cacheDir, 'cache-'));
    const layer = await layerFrom([{ name: 'etc/os-release', content: DEBIAN_OS_RELEASE }]);
    const first = await analyzeLayer(layer, [osRelease], { cacheDir: dir });
    const second = await analyzeLayer(layer, [osRelease], { cacheDir: dir });
    expect(layer.opens()).toBe(1);
    expect(second).toEqual(first);
  });

  it('keys entries by analyzer versions: a bumped analyzer reads the layer again', async () => {
    const dir = await mkdtemp(join(cacheDir, 'cache-'));
    const layer = await layerFrom([{ name: 'etc/os-release', content: DEBIAN_OS_RELEASE }]);
    await analyzeLayer(layer, [osRelease], { cacheDir: dir });
    await analyzeLayer(layer, [{ ...osRelease, version: 2 }], { cacheDir: dir });
    expect(layer.opens()).toBe(2);
  });

  it('ignores a corrupt cache entry and rewrites it', async () => {
    const dir = await mkdtemp(join(cacheDir, 'cache-'));
    const layer = await layerFrom([{ name: 'etc/os-release', content: DEBIAN_OS_RELEASE }]);
    await analyzeLayer(layer, [osRelease], { cacheDir: dir });
    const [file] = await readdir(join(dir, 'layers'));
    await writeFile(join(dir, 'layers', file ?? ''), '{"format":1,"key":');
    const again = await analyzeLayer(layer, [osRelease], { cacheDir: dir });
    expect(again.results.map((r) => r.result.os)).toEqual([{ family: 'debian', name: '12' }]);
    await analyzeLayer(layer, [osRelease], { cacheDir: dir });
    expect(layer.opens()).toBe(2);
    expect(await readdir(join(dir, 'layers'))).toEqual([file]);
  });
});

describe('analyzeImage resolves links analyzers want inside the image', () => {
  const release = (id: string, version: string) => `ID=${id}\nVERSION_ID="${version}"\n`;
  const cases: {
    name: string;
    layers: EntrySpec[][];
    want: { layer: number; os: unknown; via?: string }[];
    problems: string[];
  }[] = [
    {
      name: 'a relative symlink to a file of the same layer',
      layers: [
        [
          { name: 'usr/lib/os-release', content: release('debian', '12') },
          { name: 'etc/os-release', type: 'symlink', linkname: '../usr/lib/os-release' },
        ],
      ],
      want: [
        { layer: 0, os: { family: 'debian', name: '12' } },
        { layer: 0, os: { family: 'debian', name: '12' }, via: 'usr/lib/os-release' },
      ],
      problems: [],
    },
    {
      name: 'a symlink to a file of an earlier layer, read from that layer',
      layers: [
        [{ name: 'usr/lib/os-release', content: release('alpine', '3.18.4') }],
        [{ name: 'etc/os-release', type: 'symlink', linkname: '../usr/lib/os-release' }],
      ],
      want: [
        { layer: 0, os: { family: 'alpine', name: '3.18.4' } },
        { layer: 1, os: { family: 'alpine', name: '3.18.4' }, via: 'usr/lib/os-release' },
      ],
      problems: [],
    },
    {
      name: 'an absolute target and dot-dots past the root stay inside the image',
      layers: [
        [
          { name: 'usr/lib/os-release', content: release('ubuntu', '22.04') },
          { name: 'etc/os-release', type: 'symlink', linkname: '../../../../../usr/lib/os-release' },
          { name: 'var/lib/pkgs/list', type: 'symlink', linkname: '/srv/pkgs' },
          { name: 'srv/pkgs', content: 'bash 5.2\n' },
        ],
      ],
      want: [
        { layer: 0, os: { family: 'ubuntu', name: '22.04' } },
        { layer: 0, os: { family: 'ubuntu', name: '22.04' }, via: 'usr/lib/os-release' },
        { layer: 0, os: undefined, via: 'srv/pkgs' },
      ],
      problems: [],
    },
    {
      name: 'a symlinked directory on the way to the target is followed',
      layers: [
        [
          { name: 'usr/lib/os-release', content: release('fedora', '39') },
          { name: 'lib', type: 'symlink', linkname: 'usr/lib' },
        ],
        [{ name: 'etc/os-release', type: 'symlink', linkname: '/lib/os-release' }],
      ],
      want: [
        { layer: 0, os: { family: 'fedora', name: '39' } },
        { layer: 1, os: { family: 'fedora', name: '39' }, via: 'usr/lib/os-release' },
      ],
      problems: [],
    },
    {
      name: 'a hard link is read from its own layer',
      layers: [
        [
          { name: 'usr/lib/os-release', content: release('rocky', '9.3') },
          { name: 'etc/os-release', type: 'link', linkname: 'usr/lib/os-release' },
        ],
      ],
      want: [
        { layer: 0, os: { family: 'rocky', name: '9.3' } },
        { layer: 0, os: { family: 'rocky', name: '9.3' }, via: 'usr/lib/os-release' },
      ],
      problems: [],
    },
    {
      name: 'a symlink loop is a Problem and the scan goes on',
      layers: [
        [
          { name: 'etc/os-release', type: 'symlink', linkname: 'os-release.d' },
          { name: 'etc/os-release.d', type: 'symlink', linkname: '/etc/os-release' },
        ],
      ],
      want: [],
      problems: ['layer 0: etc/os-release: link to os-release.d: too many levels of symbolic links (a loop)'],
    },
    {
      name: 'a target removed by a later whiteout is a Problem',
      layers: [
        [{ name: 'usr/lib/os-release', content: release('debian', '11') }],
        [{ name: 'usr/lib/.wh.os-release', content: '' }],
        [{ name: 'etc/os-release', type: 'symlink', linkname: '../usr/lib/os-release' }],
      ],
      want: [{ layer: 0, os: { family: 'debian', name: '11' } }],
      problems: ['layer 2: etc/os-release: link to ../usr/lib/os-release: /usr/lib/os-release is not in the image'],
    },
    {
      name: 'a target that is a directory is a Problem',
      layers: [
        [
          { name: 'usr/lib/os-release', type: 'directory' },
          { name: 'etc/os-release', type: 'symlink', linkname: '../usr/lib/os-release' },
        ],
      ],
      want: [],
      problems: ['layer 0: etc/os-release: link to ../usr/lib/os-release: /usr/lib/os-release is not a regular file'],
    },
  ];
  it.each(cases)('$name', async ({ layers, want, problems }) => {
    const image = { layers: await Promise.all(layers.map((entries, i) => layerFrom(entries, 'gzip', `${i}.tar`))) };
    const analyses = await analyzeImage(image, [osRelease, pkgList], options());
    const got = analyses.flatMap((analysis, layer) =>
      analysis.results
        .filter((r) => r.analyzer === 'test-os-release' || r.via)
        .map((r) => ({ layer, os: r.result.os, ...(r.via ? { via: r.via.path } : {}) })),
    );
    expect(got).toEqual(want);
    expect(analyses.flatMap((a, i) => a.problems.map((p) => `layer ${i}: ${p.path}: ${p.reason}`))).toEqual(problems);
  });
});

describe('analyzeImage reads a link target kept by the layer pass instead of reading the layer again', () => {
  const release = 'ID=debian\nVERSION_ID="12"\n';
  const link: EntrySpec = { name: 'etc/os-release', type: 'symlink', linkname: '../usr/lib/os-release' };
  const target: EntrySpec = { name: 'usr/lib/os-release', content: release };
  const cases: { name: string; layers: EntrySpec[][]; opens: number[]; via: string[] }[] = [
    {
      name: 'a link ahead of its target in the same layer: one pass',
      layers: [[link, target]],
      opens: [1],
      via: ['0 etc/os-release -> usr/lib/os-release: debian'],
    },
    {
      name: 'a target ahead of its link in the same layer: read again by a second pass',
      layers: [[target, link]],
      opens: [2],
      via: ['0 etc/os-release -> usr/lib/os-release: debian'],
    },
    {
      name: 'a layer watched from its start knows that it lacks the target: the search goes on below, one pass each',
      layers: [
        [link, target],
        [link, { name: 'etc/motd', content: 'hi\n' }],
      ],
      opens: [1, 1],
      via: ['0 etc/os-release -> usr/lib/os-release: debian', '1 etc/os-release -> usr/lib/os-release: debian'],
    },
    {
      name: 'a target larger than what a pass keeps: read again by a second pass',
      layers: [
        [
          { name: 'var/lib/pkgs/list', type: 'symlink', linkname: '/srv/pkgs' },
          { name: 'srv/pkgs', content: 'bash 5.2\n'.repeat(600_000) },
        ],
      ],
      opens: [2],
      via: ['0 var/lib/pkgs/list -> srv/pkgs: 600000 packages'],
    },
  ];
  it.each(cases)('$name', async ({ layers, opens, via }) => {
    const image = { layers: await Promise.all(layers.map((entries, i) => layerFrom(entries, 'gzip', `${i}.tar`))) };
    const analyses = await analyzeImage(image, [osRelease, pkgList], { ...options(), concurrency: 1 });
    const got = analyses.flatMap((analysis, layer) =>
      analysis.results.flatMap((r) => {
        if (!r.via) return [];
        const packages = r.result.packageInfos?.flatMap((info) => info.packages).length;
        const what = r.result.os?.family ?? `${packages} packages`;
        return [`${layer} ${r.path} -> ${r.via.path}: ${what}`];
      }),
    );
    expect(got).toEqual(via);
    expect(image.layers.map((layer) => layer.opens())).toEqual(opens);
    expect(analyses.map((analysis) => analysis.targets)).toEqual(layers.map(() => undefined));
  });

  it('reads no layer when the analysis and the kept target come from the layer cache', async () => {
    const dir = await mkdtemp(join(cacheDir, 'cache-'));
    const image = { layers: [await layerFrom([link, target])] };
    const first = await analyzeImage(image, [osRelease], { cacheDir: dir });
    const second = await analyzeImage(image, [osRelease], { cacheDir: dir });
    expect(image.layers[0]?.opens()).toBe(1);
    expect(second).toEqual(first);
    expect(second[0]?.results.map((r) => `${r.path} ${r.via?.path ?? ''}`)).toEqual([
      'usr/lib/os-release ',
      'etc/os-release usr/lib/os-release',
    ]);
  });
});
