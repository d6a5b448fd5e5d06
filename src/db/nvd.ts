// NVD CVE API 2.0 JSON (https://nvd.nist.gov/developers/vulnerabilities) → what NVD says of each CVE id:
// CVSS v2/v3/v4.0 from NVD's own metrics, CWE ids, description, references, dates (trivy-db vulnsrc/nvd).
import { readFile, stat } from 'node:fs/promises';
import { z } from 'zod';
import { InputError, messageOf } from '../errors.js';
import type { Cvss } from '../types.js';
import { isCveId } from './ecosystem.js';

/** NVD's own metrics carry this source; trivy-db keeps only those (nvd.go getCvssV2/V3/V40). */
const NVD_SOURCE = 'nvd@nist.gov';

/** A feed larger than this is not an NVD API page (the API returns at most 2,000 CVEs, ~60 MiB). */
const MAX_FEED_BYTES = 512 * 1024 * 1024;

const CvssData = z.object({ vectorString: z.string(), baseScore: z.number() });
const Metric = z.object({ source: z.string().optional(), cvssData: CvssData });
const metricList = z
  .array(Metric)
  .nullish()
  .transform((v) => v ?? []);
const LangValue = z.object({ lang: z.string().optional(), value: z.string() });

export const NvdCve = z.object({
  id: z.string(),
  published: z.string().optional(),
  lastModified: z.string().optional(),
  descriptions: z
    .array(LangValue)
    .nullish()
    .transform((v) => v ?? []),
  metrics: z
    .object({
      cvssMetricV40: metricList,
      cvssMetricV31: metricList,
      cvssMetricV30: metricList,
      cvssMetricV2: metricList,
    })
    .nullish(),
  weaknesses: z
    .array(z.object({ description: z.array(LangValue) }))
    .nullish()
    .transform((v) => v ?? []),
  references: z
    .array(z.object({ url: z.string() }))
    .nullish()
    .transform((v) => v ?? []),
});
export type NvdCve = z.infer<typeof NvdCve>;

export const NvdFeed = z.object({
  format: z.literal('NVD_CVE').optional(),
  vulnerabilities: z.array(z.object({ cve: z.unknown() })),
});

/** What NVD says about one CVE id. */
export interface NvdEntry {
  readonly id: string;
  readonly description?: string;
  readonly cvss: Cvss;
  readonly cweIds: readonly string[];
  readonly references: readonly string[];
  /** RFC 3339 (NVD writes local times without a zone; they are UTC). */
  readonly published?: string;
  readonly lastModified?: string;
}

/**
 * Reads one NVD API 2.0 response (or a file of the same shape). A file that is not JSON or not of that shape is
 * an InputError naming it; a single entry that does not fit is left out.
 */
export async function readNvdFeed(file: string): Promise<NvdEntry[]> {
  let json: unknown;
  try {
    const size = (await stat(file)).size;
    if (size > MAX_FEED_BYTES) throw new Error(`${size} bytes is too large for an NVD feed`);
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new InputError(`cannot read NVD feed ${file}: ${messageOf(error)}`, { cause: error });
  }
  const feed = NvdFeed.safeParse(json);
  if (!feed.success) {
    const issue = feed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'file';
    throw new InputError(
      `NVD feed ${file} is not NVD CVE API 2.0 JSON (${where}: ${issue?.message ?? 'unexpected shape'})`,
    );
  }
  const entries: NvdEntry[] = [];
  for (const item of feed.data.vulnerabilities) {
    const cve = NvdCve.safeParse(item.cve);
    if (cve.success && isCveId(cve.data.id)) entries.push(nvdEntry(cve.data));
  }
  return entries;
}

/** One CVE as trivy-db's NVD source keeps it: NVD's metrics only, v3.1 before v3.0. */
export function nvdEntry(cve: NvdCve): NvdEntry {
  const own = (metrics: readonly z.infer<typeof Metric>[]) => metrics.find((m) => m.source === NVD_SOURCE)?.cvssData;
  const m = cve.metrics;
  const v2 = own(m?.cvssMetricV2 ?? []);
  const v3 = own([...(m?.cvssMetricV31 ?? []), ...(m?.cvssMetricV30 ?? [])]);
  const v40 = own(m?.cvssMetricV40 ?? []);
  const cvss: Cvss = Object.fromEntries(
    Object.entries({
      v2Vector: v2?.vectorString,
      v2Score: v2?.baseScore,
      v3Vector: v3?.vectorString,
      v3Score: v3?.baseScore,
      v40Vector: v40?.vectorString.replace(/\/$/, ''),
      v40Score: v40?.baseScore,
    }).filter(([, v]) => v !== undefined),
  );
  const description = (
    cve.descriptions.find((d) => d.lang === 'en' && d.value) ?? cve.descriptions.find((d) => d.value)
  )?.value;
  const cweIds = [
    ...new Set(cve.weaknesses.flatMap((w) => w.description.map((d) => d.value)).filter((v) => v.startsWith('CWE'))),
  ];
  return {
    id: cve.id,
    description: description?.trim() || undefined,
    cvss,
    cweIds,
    references: [...new Set(cve.references.map((r) => r.url))],
    published: utc(cve.published),
    lastModified: utc(cve.lastModified),
  };
}

/** NVD's '2021-08-24T15:15:09.133' (UTC, no zone) → '2021-08-24T15:15:09.133Z'. */
function utc(time: string | undefined): string | undefined {
  if (!time) return undefined;
  return /[zZ]|[+-]\d\d:?\d\d$/.test(time) ? time : `${time}Z`;
}
