// Trivy's ignore files (trivy pkg/result/ignore.go): `.trivyignore`, one vulnerability id a line with an
// optional `exp:YYYY-MM-DD` and `#` comments (each id a vulnerability, a secret rule or a license), and
// `.trivyignore.yaml` (`vulnerabilities:`, `secrets:` and `licenses:` entries with id, paths, purls, expired_at,
// statement); licenses are matched in filter/licenses.ts. Entries whose expiry date has passed no longer suppress. A missing
// file is no ignore file, as in Trivy; a malformed one is a UsageError naming the file and line.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PackageURL } from 'packageurl-js';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { compileGlob } from '../glob.js';
import type { Finding, TargetResult } from '../types.js';

/** One ignore entry. */
export interface IgnoreEntry {
  readonly id: string;
  /** Glob patterns (doublestar syntax) matched against the target and the package path; none = any. */
  readonly paths: readonly string[];
  /** Package URLs a finding's purl must match (type, namespace, name, and version/qualifiers when given). */
  readonly purls: readonly PackageURL[];
  /** The moment the entry stops suppressing (midnight UTC of its date), if any. */
  readonly expiresAt?: Date;
  readonly statement: string;
}

export interface IgnoreConfig {
  /** The file as given, with forward slashes (Trivy's IgnoreConfig.FilePath): the `Source` of what it suppresses. */
  readonly file: string;
  readonly vulnerabilities: readonly IgnoreEntry[];
  /** Entries for secret rule ids (a plain `.trivyignore` gives every id to both lists, as Trivy does). */
  readonly secrets?: readonly IgnoreEntry[];
  /** Entries for license names (`licenses:`; a plain `.trivyignore` gives every id to this list too). */
  readonly licenses?: readonly IgnoreEntry[];
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` as midnight UTC, or undefined when it is not a real date. */
function parseDate(text: string): Date | undefined {
  const m = DATE.exec(text);
  if (!m) return undefined;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().startsWith(text) ? date : undefined;
}

/** The plain `.trivyignore` format. */
export function parseIgnoreText(text: string, file: string): IgnoreEntry[] {
  const entries: IgnoreEntry[] = [];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [id, ...rest] = line.split(/\s+/) as [string, ...string[]];
    let expiresAt: Date | undefined;
    for (const field of rest) {
      if (field.startsWith('#')) break;
      if (!field.startsWith('exp:')) continue;
      expiresAt = parseDate(field.slice(4));
      if (!expiresAt) {
        throw new UsageError(`${file}:${index + 1}: '${field}' is not an expiry date (exp:YYYY-MM-DD)`);
      }
    }
    entries.push({ id, paths: [], purls: [], expiresAt, statement: '' });
  }
  return entries;
}

const EntryYaml = z.object({
  id: z.string().min(1, 'needs an id'),
  paths: z.array(z.string()).nullish(),
  purls: z.array(z.string()).nullish(),
  expired_at: z.union([z.string(), z.date()]).nullish(),
  statement: z.string().nullish(),
});

/** The `.trivyignore.yaml` format's `vulnerabilities`; the other sections are checked for shape. */
export function parseIgnoreYaml(text: string, file: string): IgnoreEntry[] {
  return parseIgnoreYamlSection(text, file, 'vulnerabilities');
}

/** One section (`vulnerabilities`, `secrets`) of the `.trivyignore.yaml` format. */
export function parseIgnoreYamlSection(text: string, file: string, name: string): IgnoreEntry[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const lineOf = (offset: number | undefined) => (offset === undefined ? 1 : lines.linePos(offset).line);
  const first = doc.errors[0];
  if (first) {
    throw new UsageError(`${file}:${lineOf(first.pos[0])}: not valid YAML (${first.message.split('\n')[0]})`);
  }
  const root = doc.contents;
  if (root === null) return [];
  if (!isMap(root)) throw new UsageError(`${file}:${lineOf(root.range?.[0])}: expected a mapping of sections`);
  const section = root.get(name, true);
  if (section === undefined || section === null) return [];
  if (!isSeq(section)) {
    throw new UsageError(`${file}:${lineOf((section as { range?: number[] }).range?.[0])}: '${name}' must be a list`);
  }
  return section.items.map((node) => {
    const line = lineOf((node as { range?: number[] }).range?.[0]);
    const parsed = EntryYaml.safeParse((node as { toJSON(): unknown }).toJSON());
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UsageError(`${file}:${line}: ${issue?.path.join('.') || 'entry'}: ${issue?.message ?? 'invalid'}`);
    }
    const e = parsed.data;
    const purls = (e.purls ?? []).map((text) => {
      try {
        return PackageURL.fromString(text);
      } catch (error) {
        throw new UsageError(`${file}:${line}: purl '${text}' does not parse (${(error as Error).message})`);
      }
    });
    for (const pattern of e.paths ?? []) {
      if (!globRegExp(pattern)) throw new UsageError(`${file}:${line}: invalid path pattern '${pattern}'`);
    }
    let expiresAt: Date | undefined;
    if (e.expired_at instanceof Date) expiresAt = e.expired_at;
    else if (e.expired_at) {
      expiresAt = parseDate(e.expired_at) ?? new Date(e.expired_at);
      if (Number.isNaN(expiresAt.getTime())) {
        throw new UsageError(`${file}:${line}: expired_at '${e.expired_at}' is not a date (YYYY-MM-DD)`);
      }
    }
    return { id: e.id, paths: e.paths ?? [], purls, expiresAt, statement: e.statement ?? '' };
  });
}

/** Reads an ignore file; a missing one is an empty config (Trivy only logs it). */
export function loadIgnoreFile(file: string): IgnoreConfig {
  const shown = file.replaceAll('\\', '/');
  if (!existsSync(file)) return { file: shown, vulnerabilities: [], secrets: [], licenses: [] };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${file}: cannot read the ignore file (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
  const ext = path.extname(file);
  const shownFile = path.posix.normalize(shown);
  if (ext === '.yaml' || ext === '.yml') {
    const vulnerabilities = parseIgnoreYaml(text, file);
    return {
      file: shownFile,
      vulnerabilities,
      secrets: parseIgnoreYamlSection(text, file, 'secrets'),
      licenses: parseIgnoreYamlSection(text, file, 'licenses'),
    };
  }
  const entries = parseIgnoreText(text, file);
  return { file: shownFile, vulnerabilities: entries, secrets: entries, licenses: entries };
}

/** A doublestar glob as a RegExp (src/glob.ts), or null for an invalid one. */
export function globRegExp(pattern: string): RegExp | null {
  try {
    return compileGlob(pattern);
  } catch {
    return null;
  }
}

/** Trivy's purl.Match: same type, namespace and name; the pattern's version and qualifiers, when given, equal. */
export function purlMatches(pattern: PackageURL, target: PackageURL): boolean {
  if (pattern.type !== target.type || (pattern.namespace ?? '') !== (target.namespace ?? '')) return false;
  if (pattern.name !== target.name) return false;
  if (pattern.version && pattern.version !== target.version) return false;
  return Object.entries(pattern.qualifiers ?? {}).every(([k, v]) => target.qualifiers?.[k] === v);
}

export function parsePurl(text: string | undefined): PackageURL | undefined {
  if (!text) return undefined;
  try {
    return PackageURL.fromString(text);
  } catch {
    return undefined;
  }
}

/** The entry that suppresses `finding` in `target` at time `now`, if any (trivy IgnoreConfig.MatchVulnerability). */
export function matchIgnore(
  config: IgnoreConfig,
  finding: Finding,
  target: TargetResult,
  now: Date,
): IgnoreEntry | undefined {
  const purl = parsePurl(finding.purl);
  for (const candidate of [target.target, finding.pkgPath ?? '']) {
    for (const entry of config.vulnerabilities) {
      if (entry.id !== finding.vulnerabilityId) continue;
      if (entry.expiresAt && entry.expiresAt.getTime() < now.getTime()) continue;
      const pathOk = entry.paths.length === 0 || entry.paths.some((p) => globRegExp(p)?.test(candidate));
      const purlOk = !purl || entry.purls.length === 0 || entry.purls.some((p) => purlMatches(p, purl));
      if (pathOk && purlOk) return entry;
    }
  }
  return undefined;
}

/** The entry that suppresses secret rule `ruleId` in the file `target` at time `now`, if any (MatchSecret). */
export function matchSecretIgnore(
  config: IgnoreConfig,
  ruleId: string,
  target: string,
  now: Date,
): IgnoreEntry | undefined {
  return (config.secrets ?? []).find(
    (entry) =>
      entry.id === ruleId &&
      !(entry.expiresAt && entry.expiresAt.getTime() < now.getTime()) &&
      (entry.paths.length === 0 || entry.paths.some((p) => globRegExp(p)?.test(target))),
  );
}
