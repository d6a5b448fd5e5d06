// trivy-secret.yaml (Trivy's secret.Config, pkg/fanal/secret/scanner.go ParseConfig): which builtin rules
// and allow rules apply, custom rules, allow rules and exclude blocks, and the skip patterns.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { InputError, messageOf } from '../errors.js';
import { compileGlob } from '../glob.js';
import { compileRe2, type Re2 } from './regex.js';
import { type AllowRule, type AllowRuleSpec, compileAllowRule, compileRule, type Rule, type RuleSpec } from './rule.js';

/** A parsed, compiled secret config. */
export interface SecretConfig {
  /** The file it was read from (skipped by the scanner's `required`). */
  readonly path: string;
  /** Only these builtin rules (all when empty); custom rules always apply. */
  readonly enableBuiltinRules: readonly string[];
  readonly disableRules: readonly string[];
  readonly disableAllowRules: readonly string[];
  readonly rules: readonly Rule[];
  readonly allowRules: readonly AllowRule[];
  readonly excludeBlock: readonly Re2[];
  /** Doublestar globs of paths never scanned; undefined: Trivy's defaults, empty: none. */
  readonly skipPatterns?: readonly string[];
}

// yaml.v3 decodes any scalar into a Go string; null leaves the field unset.
const Text = z.union([z.string(), z.number(), z.boolean()]).transform(String);
const TextList = z.array(Text).nullish();
const AllowRuleYaml = z.object({
  id: Text.nullish(),
  description: Text.nullish(),
  regex: Text.nullish(),
  path: Text.nullish(),
});
const ExcludeBlockYaml = z.object({ description: Text.nullish(), regexes: TextList }).nullish();
const RuleYaml = z.object({
  id: Text.nullish(),
  category: Text.nullish(),
  title: Text.nullish(),
  severity: Text.nullish(),
  regex: Text.nullish(),
  keywords: TextList,
  path: Text.nullish(),
  'allow-rules': z.array(AllowRuleYaml).nullish(),
  'exclude-block': ExcludeBlockYaml,
  'secret-group-name': Text.nullish(),
});
const SecretConfigYaml = z.object({
  'enable-builtin-rules': TextList,
  'disable-rules': TextList,
  'disable-allow-rules': TextList,
  rules: z.array(RuleYaml).nullish(),
  'allow-rules': z.array(AllowRuleYaml).nullish(),
  'exclude-block': ExcludeBlockYaml,
  'skip-patterns': TextList,
});
type AllowRuleYaml = z.infer<typeof AllowRuleYaml>;

/**
 * Reads a secret config. A missing file is no config: the built-in rules apply, as in Trivy; `warnMissing` is told
 * when the user named the file (Trivy says nothing then, so a mistyped path would go unnoticed). A file that
 * cannot be read or is not a valid config is an InputError.
 */
export function readSecretConfig(path: string, warnMissing?: (message: string) => void): SecretConfig | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      warnMissing?.(`secret config ${path} does not exist; scanning with the built-in rules`);
      return undefined;
    }
    throw new InputError(`secret config ${path}: cannot read the file (${messageOf(error)})`, { cause: error });
  }
  return parseSecretConfig(text, path);
}

/** Parses a secret config's text; `path` names the file in errors. */
export function parseSecretConfig(text: string, path: string): SecretConfig {
  const fail = (reason: string, cause?: unknown): InputError =>
    new InputError(`secret config ${path}: ${reason}`, { cause });
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw fail(`not valid YAML (${messageOf(error).split('\n')[0]})`, error);
  }
  // yaml.v3's Decode of an empty document fails with EOF, so Trivy rejects an empty config.
  if (data === null || data === undefined) throw fail('the file is empty');
  const parsed = SecretConfigYaml.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw fail(`${issue?.path.join('.') || 'document'}: ${issue?.message ?? 'invalid'}`);
  }
  const c = parsed.data;
  const compile = <T>(what: string, build: () => T): T => {
    try {
      return build();
    } catch (error) {
      throw fail(`${what}: invalid regex (${messageOf(error)})`, error);
    }
  };
  const allowSpec = (a: AllowRuleYaml): AllowRuleSpec => ({
    id: a.id ?? '',
    description: a.description ?? undefined,
    regex: a.regex ?? undefined,
    path: a.path ?? undefined,
  });
  const rules = (c.rules ?? []).map((r, i) => {
    const spec: RuleSpec = {
      id: r.id ?? '',
      category: r.category ?? '',
      title: r.title ?? '',
      severity: severityOf(r.severity ?? ''),
      regex: r.regex ?? undefined,
      keywords: r.keywords ?? [],
      path: r.path ?? undefined,
      allowRules: (r['allow-rules'] ?? []).map(allowSpec),
      excludeBlock: { regexes: r['exclude-block']?.regexes ?? [] },
      secretGroupName: r['secret-group-name'] ?? undefined,
    };
    return compile(`rule ${JSON.stringify(spec.id || String(i))}`, () => compileRule(spec));
  });
  const allowRules = (c['allow-rules'] ?? []).map((a, i) =>
    compile(`allow rule ${JSON.stringify(a.id || String(i))}`, () => compileAllowRule(allowSpec(a))),
  );
  const excludeBlock = (c['exclude-block']?.regexes ?? []).map((re) => compile('exclude-block', () => compileRe2(re)));
  const skipPatterns = c['skip-patterns']?.map((pattern) => {
    const slashed = pattern.replaceAll('\\', '/');
    try {
      compileGlob(slashed);
    } catch (error) {
      throw fail(`invalid skip-pattern ${JSON.stringify(pattern)}`, error);
    }
    return slashed;
  });
  return {
    path,
    enableBuiltinRules: c['enable-builtin-rules'] ?? [],
    disableRules: c['disable-rules'] ?? [],
    disableAllowRules: c['disable-allow-rules'] ?? [],
    rules,
    allowRules,
    excludeBlock,
    ...(skipPatterns ? { skipPatterns } : {}),
  };
}

/** Trivy's convertSeverity: a known severity in any case, uppercased; anything else UNKNOWN. */
function severityOf(severity: string): string {
  const upper = severity.toUpperCase();
  return ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL', 'UNKNOWN'].includes(upper) ? upper : 'UNKNOWN';
}
