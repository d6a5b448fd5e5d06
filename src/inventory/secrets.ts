// The secrets of an image from its layers, as Trivy's applier gathers them (pkg/fanal/applier/docker.go
// mergeSecrets): kept from every layer even when a later layer deletes the file, each finding tagged with its
// layer; a file's findings in a later layer replace the earlier findings of the same rule.
import { z } from 'zod';
import type { LayerAnalysis } from '../layer/types.js';
import { goSortSlice } from '../secret/go-sort.js';
import type { FileSecrets, SecretFinding } from '../secret/types.js';
import type { ImageConfig, LayerRef } from '../types.js';

const History = z.object({
  history: z
    .array(z.looseObject({ created_by: z.string().optional(), empty_layer: z.boolean().optional() }))
    .optional(),
});

/**
 * Each layer's `created_by` as Trivy's image artifact reads it (consolidateCreatedBy): the history entries that
 * made a layer, `/bin/sh -c ` and `#(nop) ` cut off; none at all when they do not pair up with the layers.
 */
export function layerCreatedBy(config: ImageConfig, layerCount: number): readonly string[] | undefined {
  const parsed = History.safeParse(config);
  if (!parsed.success) return undefined;
  const createdBy = (parsed.data.history ?? [])
    .filter((entry) => entry.empty_layer !== true)
    .map((entry) => (entry.created_by ?? '').replace(/^\/bin\/sh -c /, '').replace(/^#\(nop\) /, ''));
  return createdBy.length === layerCount ? createdBy : undefined;
}

export interface SecretMergeOptions {
  /** Tag findings with their layer (images); a directory scan has no layers. */
  readonly withLayers: boolean;
  /** Each layer's history line, from layerCreatedBy. */
  readonly createdBy?: readonly string[];
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Trivy's AnalysisResult.Sort: a layer's findings by rule id, then start line, with Go's sort.Slice (not stable),
 * so that findings of one rule on one line come out in Trivy's order.
 */
function sortedFindings(findings: readonly SecretFinding[]): SecretFinding[] {
  return goSortSlice([...findings], (a, b) => {
    const byRule = compareText(a.ruleId, b.ruleId);
    return byRule !== 0 ? byRule < 0 : a.startLine < b.startLine;
  });
}

/** The secrets of the layers, bottom first, one entry per file in path order (Trivy's ArtifactDetail.Sort). */
export function mergeSecrets(layers: readonly LayerAnalysis[], options: SecretMergeOptions): FileSecrets[] {
  const byPath = new Map<string, SecretFinding[]>();
  for (const [index, layer] of layers.entries()) {
    const createdBy = options.createdBy?.[index];
    const ref: LayerRef = {
      ...(layer.digest ? { digest: layer.digest } : {}),
      diffId: layer.diffId,
      ...(createdBy ? { createdBy } : {}),
    };
    const layerSecrets = layer.results.flatMap((file) => file.result.secrets ?? []);
    for (const secret of [...layerSecrets].sort((a, b) => compareText(a.filePath, b.filePath))) {
      const findings = sortedFindings(secret.findings).map((f) => (options.withLayers ? { ...f, layer: ref } : f));
      const earlier = byPath.get(secret.filePath) ?? [];
      const rules = new Set(findings.map((f) => f.ruleId));
      byPath.set(secret.filePath, [...findings, ...earlier.filter((f) => !rules.has(f.ruleId))]);
    }
  }
  return [...byPath.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([filePath, findings]) => ({ filePath, findings }));
}
