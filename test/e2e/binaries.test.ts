// The whole CLI on the `binaries` image (Go, Rust and Java packages inside binaries and archives) with a DB
// built from real Go vulnerability records (test/fixtures/analyzer/gobinary/osv): the findings must equal an
// expectation computed here from the same records, independently of barnacle's version schemes and matcher.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { type BinaryImage, binaryImage } from '../binary-images.js';
import { fixtureRoot } from '../fixture-file.js';

const OSV = path.join(fixtureRoot('gobinary', 'osv'));

interface Report {
  Results: {
    Target: string;
    Class: string;
    Type: string;
    Packages?: { ID?: string; Name: string; Version?: string; FilePath?: string; Identifier?: { PURL?: string } }[];
    Vulnerabilities?: { VulnerabilityID: string; VendorIDs?: string[]; PkgName: string; InstalledVersion: string }[];
  }[];
}

interface OsvRecord {
  id: string;
  affected: {
    package: { ecosystem: string; name: string };
    ranges?: { type: string; events: Record<string, string>[] }[];
  }[];
}

/** x.y.z[-pre] as a sortable tuple: enough for the Go toolchain versions of these binaries (no pre-releases). */
function tuple(version: string): [number, number, number, number] {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(-)?/.exec(version === '0' ? '0.0.0' : version);
  if (!m) throw new Error(`unexpected version ${version}`);
  return [Number(m[1]), Number(m[2]), Number(m[3]), m[4] ? 0 : 1];
}
const less = (a: string, b: string) => {
  const [x, y] = [tuple(a), tuple(b)];
  for (let i = 0; i < 4; i++) if ((x[i] as number) !== (y[i] as number)) return (x[i] as number) < (y[i] as number);
  return false;
};

/** Ids of the records whose SEMVER ranges hold `version` of module `name`. */
function expectedAdvisories(records: readonly OsvRecord[], name: string, version: string): string[] {
  return records
    .filter((record) =>
      record.affected.some(
        (a) =>
          a.package.ecosystem === 'Go' &&
          a.package.name === name &&
          (a.ranges ?? []).some((range) => {
            let introduced: string | undefined;
            for (const event of range.events) {
              if (event.introduced !== undefined) introduced = event.introduced;
              const end = event.fixed;
              if (end !== undefined && introduced !== undefined) {
                if (!less(version, introduced) && less(version, end)) return true;
                introduced = undefined;
              }
            }
            return introduced !== undefined && !less(version, introduced);
          }),
      ),
    )
    .map((record) => record.id)
    .sort();
}

let image: BinaryImage;
let cacheDir: string;
let report: Report;
let stderr = '';
let code: number;

async function barnacle(args: readonly string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const result = await main(['node', 'barnacle', ...args], {
    env: {},
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    stdoutIsTty: false,
  });
  return { code: result, stdout };
}

beforeAll(async () => {
  image = await binaryImage();
  cacheDir = mkdtempSync(path.join(os.tmpdir(), 'barnacle-binaries-'));
  expect((await barnacle(['db', 'import', OSV, '--cache-dir', cacheDir])).code, stderr).toBe(0);
  const scan = await barnacle([
    'image',
    '--input',
    image.dockerArchive,
    '--cache-dir',
    cacheDir,
    '--format',
    'json',
    '--list-all-pkgs',
  ]);
  code = scan.code;
  report = JSON.parse(scan.stdout) as Report;
}, 600_000);
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

describe('image with binaries and archives', () => {
  it('completes despite the truncated Go binary, warning about it by name', () => {
    expect(code).toBe(0);
    expect(stderr).toMatch(/warning: usr\/local\/bin\/truncated-go: not a readable Go executable/);
  });

  it('has one target per binary and one Java target, with Trivy types', () =>
    expect(report.Results.map((r) => `${r.Target} ${r.Type} ${r.Class}`)).toEqual([
      'Java jar lang-pkgs',
      'usr/bin/gotail gobinary lang-pkgs',
      'usr/local/bin/hello-go gobinary lang-pkgs',
      'usr/local/bin/hello-go-ldflags gobinary lang-pkgs',
      'usr/local/bin/semver-pairs rustbinary lang-pkgs',
    ]));

  it('gives Go, Maven and Cargo purls as Trivy does, none for a local replacement', () => {
    const purls = report.Results.flatMap((r) => r.Packages ?? []).map(
      (p) => `${p.ID ?? p.Name} ${p.Identifier?.PURL ?? '-'}`,
    );
    expect(purls).toEqual(
      expect.arrayContaining([
        'stdlib@v1.19.8 pkg:golang/stdlib@v1.19.8',
        'github.com/golang/text@v0.7.0 pkg:golang/github.com/golang/text@v0.7.0',
        './greeting -',
        'example.com/barnacle/hello-go@v1.4.2 pkg:golang/example.com/barnacle/hello-go@v1.4.2',
        'commons-io:commons-io pkg:maven/commons-io/commons-io@2.11.0', // jars have no ID, as in Trivy
        'semver@1.0.14 pkg:cargo/semver@1.0.14',
      ]),
    );
  });

  const records = readdirSync(OSV).map((file) => JSON.parse(readFileSync(path.join(OSV, file), 'utf8')) as OsvRecord);
  it.each(['usr/bin/gotail', 'usr/local/bin/hello-go', 'usr/local/bin/hello-go-ldflags'])(
    'findings of %s equal the records whose ranges hold each module version',
    (target) => {
      const result = report.Results.find((r) => r.Target === target);
      const expected = (result?.Packages ?? [])
        .filter((p) => p.Version)
        .flatMap((p) => expectedAdvisories(records, p.Name, p.Version ?? '').map((id) => `${p.Name} ${id}`));
      const found = (result?.Vulnerabilities ?? []).flatMap((v) =>
        [v.VulnerabilityID, ...(v.VendorIDs ?? [])]
          .filter((id) => id.startsWith('GO-'))
          .map((id) => `${v.PkgName} ${id}`),
      );
      expect(found.sort()).toEqual(expected.sort());
      expect(found.length).toBeGreaterThan(0);
    },
  );
});
