import { describe, expect, it } from 'vitest';
import type { LayerAnalysis } from '../layer/types.js';
import type { SecretFinding } from '../secret/types.js';
import { layerCreatedBy, mergeSecrets } from './secrets.js';

const finding = (ruleId: string, startLine: number): SecretFinding => ({
  ruleId,
  category: 'Test',
  severity: 'HIGH',
  title: ruleId,
  startLine,
  endLine: startLine,
  code: { lines: [] },
  match: '****',
});

/** A layer whose files hold the given findings. */
const layer = (diffId: string, files: Record<string, SecretFinding[]>): LayerAnalysis => ({
  diffId,
  digest: `${diffId}-blob`,
  results: Object.entries(files).map(([filePath, findings]) => ({
    analyzer: 'secret',
    path: filePath.slice(1),
    result: { secrets: [{ filePath, findings }], problems: [] },
  })),
  whiteouts: [],
  opaqueDirs: [],
  links: [],
  problems: [],
});

/** `path: rule@line<layer>` for each finding, in order. */
const summary = (layers: LayerAnalysis[], withLayers = true) =>
  mergeSecrets(layers, { withLayers }).flatMap((file) =>
    file.findings.map((f) => `${file.filePath}: ${f.ruleId}@${f.startLine}${f.layer ? `<${f.layer.diffId}>` : ''}`),
  );

describe('mergeSecrets', () => {
  const cases: { name: string; layers: LayerAnalysis[]; want: string[] }[] = [
    {
      name: 'files in path order, findings by rule then line',
      layers: [
        layer('L1', {
          '/b': [finding('z-rule', 1), finding('a-rule', 9), finding('a-rule', 2)],
          '/a': [finding('r', 1)],
        }),
      ],
      want: ['/a: r@1<L1>', '/b: a-rule@2<L1>', '/b: a-rule@9<L1>', '/b: z-rule@1<L1>'],
    },
    {
      name: "a later layer's findings of a rule replace the earlier ones of that rule in the same file",
      layers: [
        layer('L1', { '/f': [finding('aws', 3), finding('aws', 7), finding('github', 1)] }),
        layer('L2', { '/f': [finding('aws', 4)] }),
      ],
      want: ['/f: aws@4<L2>', '/f: github@1<L1>'],
    },
    {
      name: 'a file of a lower layer keeps its secrets whatever the upper layers do',
      layers: [layer('L1', { '/gone': [finding('aws', 1)] }), { ...layer('L2', {}), whiteouts: ['gone'] }],
      want: ['/gone: aws@1<L1>'],
    },
  ];
  it.each(cases)('$name', ({ layers, want }) => expect(summary(layers)).toEqual(want));

  it('leaves the layer out for a directory scan', () =>
    expect(summary([layer('L1', { '/f': [finding('aws', 1)] })], false)).toEqual(['/f: aws@1']));

  it("tags a finding with its layer's digest, diffID and history line", () => {
    const [file] = mergeSecrets([layer('L1', { '/f': [finding('aws', 1)] })], {
      withLayers: true,
      createdBy: ['RUN x'],
    });
    expect(file?.findings[0]?.layer).toEqual({ digest: 'L1-blob', diffId: 'L1', createdBy: 'RUN x' });
  });
});

describe('layerCreatedBy', () => {
  const cases: { name: string; history: unknown; layers: number; want: readonly string[] | undefined }[] = [
    {
      name: 'the entries that made layers, shell prefix and nop marker cut off',
      history: [
        { created_by: '/bin/sh -c #(nop) ADD file:abc in / ' },
        { created_by: '/bin/sh -c #(nop)  CMD ["bash"]', empty_layer: true },
        { created_by: '/bin/sh -c apt-get update' },
        { created_by: 'COPY app /app # buildkit' },
      ],
      layers: 3,
      want: ['ADD file:abc in / ', 'apt-get update', 'COPY app /app # buildkit'],
    },
    {
      name: 'none when the history does not pair up with the layers',
      history: [{ created_by: 'a' }],
      layers: 2,
      want: undefined,
    },
    { name: 'none without a history', history: undefined, layers: 1, want: undefined },
    { name: 'an entry without created_by counts as an empty line', history: [{}], layers: 1, want: [''] },
  ];
  it.each(cases)('$name', ({ history, layers, want }) =>
    expect(layerCreatedBy(history === undefined ? {} : { history }, layers)).toEqual(want),
  );
});
