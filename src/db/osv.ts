// The OSV record schema (https://ossf.github.io/osv-schema/, 1.x): lenient where real exports are dirty,
// strict where a wrong value would give a wrong answer (ids, package names, range events).
import { z } from 'zod';

const nonEmpty = z.string().min(1, 'must not be empty');
/** Lists that real exports sometimes write as null or leave out. */
const stringList = z
  .array(z.string())
  .nullish()
  .transform((v) => v ?? []);

/** One range event: exactly one of the four kinds, with a non-empty version (OSV "events" field). */
export const OsvEvent = z
  .strictObject({
    introduced: nonEmpty.optional(),
    fixed: nonEmpty.optional(),
    last_affected: nonEmpty.optional(),
    limit: nonEmpty.optional(),
  })
  .refine((e) => Object.keys(e).length === 1, 'an event has exactly one of introduced, fixed, last_affected or limit');
export type OsvEvent = z.infer<typeof OsvEvent>;

/**
 * A range. Unknown range types are rejected rather than dropped: dropping one could hide an affected version.
 * Every range needs an 'introduced' event (the spec requires one; without it no version is affected).
 */
export const OsvRange = z
  .object({
    type: z.enum(['ECOSYSTEM', 'SEMVER', 'GIT']),
    repo: z.string().optional(),
    events: z.array(OsvEvent).min(1, 'a range needs at least one event'),
  })
  .refine((r) => r.events.some((e) => e.introduced !== undefined), {
    message: 'the range has no introduced event',
    path: ['events'],
  });
export type OsvRange = z.infer<typeof OsvRange>;

/** A severity entry. Its type is kept as written: unknown types are ignored, not fatal. */
export const OsvSeverity = z.object({ type: z.string(), score: z.string() });
export type OsvSeverity = z.infer<typeof OsvSeverity>;

export const OsvAffected = z.object({
  // Absent for entries that only name a repository (GIT ranges); such entries have no package to look up.
  package: z
    .object({
      ecosystem: nonEmpty,
      name: nonEmpty,
      purl: z.string().nullish(),
    })
    .optional(),
  severity: z
    .array(OsvSeverity)
    .nullish()
    .transform((v) => v ?? []),
  ranges: z
    .array(OsvRange)
    .nullish()
    .transform((v) => v ?? []),
  versions: stringList,
  ecosystem_specific: z.unknown().optional(),
  database_specific: z.unknown().optional(),
});
export type OsvAffected = z.infer<typeof OsvAffected>;

export const OsvReference = z.object({ type: z.string().nullish(), url: z.string() });

export const OsvRecord = z.object({
  schema_version: z
    .string()
    .regex(/^1(\.\d+)*$/, 'only OSV schema 1.x is supported')
    .optional(),
  // Ids become URLs and report keys: no whitespace.
  id: nonEmpty.regex(/^\S+$/, 'must not contain whitespace'),
  modified: z.string(),
  published: z.string().nullish(),
  withdrawn: z.string().nullish(),
  aliases: stringList,
  upstream: stringList,
  related: stringList,
  summary: z.string().nullish(),
  details: z.string().nullish(),
  severity: z
    .array(OsvSeverity)
    .nullish()
    .transform((v) => v ?? []),
  affected: z
    .array(OsvAffected)
    .nullish()
    .transform((v) => v ?? []),
  references: z
    .array(OsvReference)
    .nullish()
    .transform((v) => v ?? []),
  database_specific: z.unknown().optional(),
});
export type OsvRecord = z.infer<typeof OsvRecord>;

export type OsvParse =
  | { readonly ok: true; readonly record: OsvRecord }
  | { readonly ok: false; readonly reason: string };

/** Parses one record; a record that does not fit the schema gives a one-line reason naming the field. */
export function parseOsvRecord(input: unknown): OsvParse {
  const result = OsvRecord.safeParse(input);
  if (result.success) return { ok: true, record: result.data };
  const issue = result.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : 'record';
  return { ok: false, reason: `${where}: ${issue?.message ?? 'does not match the OSV schema'}` };
}
