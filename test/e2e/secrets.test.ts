// Secret scanning end to end: the `secrets` test image (test/secret-image.ts) and a directory, through the whole
// CLI, compared with what Trivy v0.44.1 printed for the same tarball and tree (test/fixtures/secret-scan/README.md).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { barnacle } from '../barnacle-cli.js';
import { type SecretImage, secretImage } from '../secret-image.js';

const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures', 'secret-scan');
const DEMO_OSV = path.resolve(import.meta.dirname, '..', '..', 'examples', 'demo', 'osv');

interface Secret {
  RuleID: string;
  Severity: string;
  StartLine: number;
  Layer?: { DiffID?: string; Digest?: string; CreatedBy?: string };
  Offset?: number;
}
interface Result {
  Target: string;
  Class: string;
  Secrets?: Secret[];
  ExperimentalModifiedFindings?: unknown[];
}
interface Report {
  Results?: Result[];
}

/**
 * Trivy v0.44.1 has no Offset, writes an empty Layer as `{}` and lists files in map order; today's Trivy adds
 * the offset, leaves an empty layer out (`omitzero`) and sorts the files.
 */
const comparable = (results: readonly Result[] | undefined) =>
  [...(results ?? [])]
    .map((r) => ({
      ...r,
      Secrets: r.Secrets?.map(({ Offset: _offset, Layer, ...rest }) =>
        Layer && Object.keys(Layer).length > 0 ? { ...rest, Layer } : rest,
      ),
    }))
    .sort((a, b) => (a.Target < b.Target ? -1 : 1));

const rulesByTarget = (report: Report) =>
  Object.fromEntries((report.Results ?? []).map((r) => [r.Target, (r.Secrets ?? []).map((s) => s.RuleID)]));

/** The table's per-file sections, each from its heading to the next, without today's offset note. */
function tableSections(text: string): string[] {
  const body = text.slice(text.search(/^\/\S+ \(secrets\)$/m));
  return body
    .split(/\n(?=\/\S+ \(secrets\)\n)/)
    .map((s) => s.replace(/ \(offset: \d+ bytes\)/g, '').trim())
    .sort();
}

let image: SecretImage;
let work: string;
const cacheDir = () => path.join(work, 'cache');
const scan = (...args: string[]) =>
  barnacle(['image', '--input', image.dockerArchive, '--cache-dir', cacheDir(), '--quiet', ...args]);

beforeAll(async () => {
  image = await secretImage();
  work = mkdtempSync(path.join(os.tmpdir(), 'barnacle-secrets-'));
  // The default scanners look up vulnerabilities too: a DB of the demo's real OSV records.
  const imported = await barnacle(['db', 'import', DEMO_OSV, '--cache-dir', cacheDir()]);
  expect(imported.code, imported.stderr).toBe(0);
}, 300_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('barnacle image on an image with secrets', () => {
  it("gives Trivy v0.44.1's secret results: files, rules, lines, code and layers", async () => {
    const run = await scan('--scanners', 'secret', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const trivy = JSON.parse(readFileSync(path.join(FIXTURES, 'trivy-0.44.1-image.json'), 'utf8')) as Report;
    expect(comparable((JSON.parse(run.stdout) as Report).Results)).toEqual(comparable(trivy.Results));
  });

  it('keeps the secret of a file a later layer deleted, tagged with the layer that added it', async () => {
    const report = JSON.parse((await scan('--scanners', 'secret', '--format', 'json')).stdout) as Report;
    const deleted = report.Results?.find((r) => r.Target === '/app/old-token.txt');
    expect(deleted?.Secrets?.map((s) => [s.RuleID, s.Layer?.CreatedBy])).toEqual([['github-pat', 'COPY app/ /app/']]);
  });

  it("prints Trivy v0.44.1's table section for each file with secrets", async () => {
    const run = await scan('--scanners', 'secret');
    const trivy = readFileSync(path.join(FIXTURES, 'trivy-0.44.1-image.txt'), 'utf8');
    expect(tableSections(run.stdout)).toEqual(tableSections(trivy));
    expect(run.stdout).toContain('│ /app/deploy/notes.txt │ text │    2    │');
  });

  const exits: { name: string; args: string[]; code: number; rules: Record<string, string[]> }[] = [
    {
      name: '--exit-code 1 exits 1 when secrets remain',
      args: ['--exit-code', '1'],
      code: 1,
      rules: {
        '/app/config.env': ['aws-access-key-id'],
        '/app/deploy/notes.txt': ['aws-access-key-id', 'github-pat'],
        '/app/old-token.txt': ['github-pat'],
      },
    },
    {
      name: '--severity HIGH leaves out the CRITICAL secrets, so --exit-code 1 exits 0',
      args: ['--exit-code', '1', '--severity', 'HIGH'],
      code: 0,
      rules: { '/app/config.env': [], '/app/deploy/notes.txt': [], '/app/old-token.txt': [] },
    },
    { name: '--scanners vuln finds no secrets', args: ['--scanners', 'vuln', '--exit-code', '1'], code: 0, rules: {} },
  ];
  it.each(exits)('$name', async ({ args, code, rules }) => {
    const run = await scan('--format', 'json', '--skip-db-update', ...args);
    expect(run.code, run.stderr).toBe(code);
    expect(rulesByTarget(JSON.parse(run.stdout) as Report)).toEqual(rules);
  });

  const ignores: { name: string; file: string; text: string; rules: Record<string, string[]> }[] = [
    {
      name: 'a .trivyignore line with a rule id suppresses that rule in every file',
      file: '.trivyignore',
      text: 'github-pat\n',
      rules: {
        '/app/config.env': ['aws-access-key-id'],
        '/app/deploy/notes.txt': ['aws-access-key-id'],
        '/app/old-token.txt': [],
      },
    },
    {
      name: ".trivyignore.yaml's secrets entry with paths suppresses the rule in those files only",
      file: '.trivyignore.yaml',
      text: 'secrets:\n  - id: aws-access-key-id\n    paths: ["/app/deploy/**"]\n    statement: revoked\n',
      rules: {
        '/app/config.env': ['aws-access-key-id'],
        '/app/deploy/notes.txt': ['github-pat'],
        '/app/old-token.txt': ['github-pat'],
      },
    },
    {
      name: ".trivyignore.yaml's vulnerabilities entries do not touch secrets",
      file: '.trivyignore.yaml',
      text: 'vulnerabilities:\n  - id: github-pat\n',
      rules: {
        '/app/config.env': ['aws-access-key-id'],
        '/app/deploy/notes.txt': ['aws-access-key-id', 'github-pat'],
        '/app/old-token.txt': ['github-pat'],
      },
    },
  ];
  it.each(ignores)('$name', async ({ file, text, rules }) => {
    const dir = mkdtempSync(path.join(work, 'ignore-'));
    writeFileSync(path.join(dir, file), text);
    const run = await scan('--scanners', 'secret', '--format', 'json', '--ignorefile', path.join(dir, file));
    expect(run.code, run.stderr).toBe(0);
    expect(rulesByTarget(JSON.parse(run.stdout) as Report)).toEqual(rules);
  });

  it('--show-suppressed lists the ignored secrets in JSON', async () => {
    const file = path.join(work, 'show.trivyignore');
    writeFileSync(file, 'github-pat\n');
    const run = await scan('--scanners', 'secret', '--format', 'json', '--ignorefile', file, '--show-suppressed');
    const old = (JSON.parse(run.stdout) as Report).Results?.find((r) => r.Target === '/app/old-token.txt');
    expect(old?.ExperimentalModifiedFindings).toMatchObject([
      { Type: 'secret', Status: 'ignored', Source: file, Finding: { RuleID: 'github-pat', StartLine: 2 } },
    ]);
  });

  it('a --secret-config that disables a rule is not answered from the layer cache of the default rules', async () => {
    const config = path.join(work, 'secret.yaml');
    writeFileSync(config, 'disable-rules:\n  - aws-access-key-id\n');
    expect((await scan('--scanners', 'secret', '--format', 'json')).code).toBe(0);
    const run = await scan('--scanners', 'secret', '--format', 'json', '--secret-config', config);
    expect(rulesByTarget(JSON.parse(run.stdout) as Report)).toEqual({
      '/app/deploy/notes.txt': ['github-pat'],
      '/app/old-token.txt': ['github-pat'],
    });
  });

  it("--image-config-scanners secret finds the config's secret, reported last under the image's name, as Trivy", async () => {
    const run = await scan('--scanners', 'secret', '--image-config-scanners', 'secret', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const results = (JSON.parse(run.stdout) as Report).Results ?? [];
    expect(results.map((r) => r.Target)).toEqual([
      '/app/config.env',
      '/app/deploy/notes.txt',
      '/app/old-token.txt',
      image.dockerArchive,
    ]);
    // Trivy was given the archive by a relative path, which it names the target by.
    const trivy = JSON.parse(readFileSync(path.join(FIXTURES, 'trivy-0.44.1-image-config.json'), 'utf8')) as Report;
    const expected = (trivy.Results ?? []).map((r) => ({ ...r, Target: image.dockerArchive }));
    expect(comparable(results.slice(-1))).toEqual(comparable(expected));
  });

  it('from an OCI layout, each secret names the compressed blob of its layer, as the manifest lists it', async () => {
    const blob = (digest: string) =>
      JSON.parse(readFileSync(path.join(image.ociDir, 'blobs', ...digest.split(':')), 'utf8')) as unknown;
    const index = JSON.parse(readFileSync(path.join(image.ociDir, 'index.json'), 'utf8')) as {
      manifests: { digest: string }[];
    };
    const manifest = blob(index.manifests[0]?.digest ?? '') as {
      config: { digest: string };
      layers: { digest: string }[];
    };
    const config = blob(manifest.config.digest) as { rootfs: { diff_ids: string[] } };
    const digestOf = new Map(config.rootfs.diff_ids.map((diffId, i) => [diffId, manifest.layers[i]?.digest]));
    const run = await barnacle([
      'image',
      '--input',
      image.ociDir,
      '--cache-dir',
      cacheDir(),
      '--quiet',
      '--scanners',
      'secret',
      '--format',
      'json',
    ]);
    const layers = ((JSON.parse(run.stdout) as Report).Results ?? []).flatMap((r) =>
      (r.Secrets ?? []).map((s) => s.Layer),
    );
    expect(layers).toHaveLength(4);
    for (const layer of layers) expect(layer?.Digest).toBe(digestOf.get(layer?.DiffID ?? ''));
  });

  it('SARIF has one Secret rule per rule id and one result per secret, at its lines', async () => {
    const run = await scan('--scanners', 'secret', '--format', 'sarif');
    const log = JSON.parse(run.stdout) as {
      runs: {
        tool: { driver: { rules: { id: string; name: string }[] } };
        results: {
          ruleId: string;
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
        }[];
      }[];
    };
    const [sarifRun] = log.runs;
    expect(sarifRun?.tool.driver.rules.map((r) => [r.id, r.name])).toEqual([
      ['aws-access-key-id', 'Secret'],
      ['github-pat', 'Secret'],
    ]);
    expect(
      sarifRun?.results.map((r) => {
        const where = r.locations[0]?.physicalLocation;
        return `${r.ruleId} ${where?.artifactLocation.uri}:${where?.region.startLine}`;
      }),
    ).toEqual([
      'aws-access-key-id /app/config.env:3',
      'aws-access-key-id /app/deploy/notes.txt:5',
      'github-pat /app/deploy/notes.txt:3',
      'github-pat /app/old-token.txt:2',
    ]);
  });
});

describe('barnacle fs on a directory with a secret', () => {
  it("reports the file by its path in the directory, without a layer, as Trivy v0.44.1's fs scan", async () => {
    const tree = path.join(work, 'tree');
    mkdirSync(path.join(tree, 'conf'), { recursive: true });
    writeFileSync(
      path.join(tree, 'conf', 'deploy.env'),
      readFileSync(path.join(FIXTURES, 'fs-tree', 'deploy.env.txt')),
    );
    const run = await barnacle(['fs', tree, '--scanners', 'secret', '--format', 'json', '--cache-dir', cacheDir()]);
    expect(run.code, run.stderr).toBe(0);
    const trivy = JSON.parse(readFileSync(path.join(FIXTURES, 'trivy-0.44.1-fs.json'), 'utf8')) as Report;
    const report = JSON.parse(run.stdout) as Report;
    expect(report.Results?.[0]?.Target).toBe('conf/deploy.env');
    expect(report.Results?.[0]?.Secrets?.[0]?.Layer).toBeUndefined();
    expect(comparable(report.Results)).toEqual(comparable(trivy.Results));
  });
});
