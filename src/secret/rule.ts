// Secret rules and allow rules: their specs (RE2 sources, as Trivy's Go table and trivy-secret.yaml hold
// them) and their compiled form, with Trivy's matching helpers (Rule.MatchPath, AllowRules.Allow...).
import type { Severity } from '../types.js';
import { compileRe2, type Re2, re2Test } from './regex.js';

/** An allow rule as written: a path regex (file not scanned) and/or a match regex (finding dropped). */
export interface AllowRuleSpec {
  readonly id: string;
  readonly description?: string;
  readonly regex?: string;
  readonly path?: string;
}

/** Regexes whose matches hide any secret found wholly inside them. */
export interface ExcludeBlockSpec {
  readonly description?: string;
  readonly regexes?: readonly string[];
}

/** A rule as written (Trivy's secret.Rule). */
export interface RuleSpec {
  readonly id: string;
  readonly category: string;
  readonly title: string;
  /** Uppercase severity; missing means UNKNOWN (Trivy's toFinding). */
  readonly severity?: string;
  readonly regex?: string;
  /** The rule runs only on content holding one of these, compared case-insensitively. */
  readonly keywords?: readonly string[];
  /** The rule runs only on paths matching this. */
  readonly path?: string;
  readonly allowRules?: readonly AllowRuleSpec[];
  readonly excludeBlock?: ExcludeBlockSpec;
  /** The named group that is the secret; without it the whole match is. */
  readonly secretGroupName?: string;
}

export interface AllowRule {
  readonly id: string;
  readonly regex?: Re2;
  readonly path?: Re2;
}

export interface Rule {
  readonly id: string;
  readonly category: string;
  readonly title: string;
  readonly severity: Severity;
  readonly regex?: Re2;
  /** Keywords lowercased, as latin1 strings of their UTF-8 bytes (the form content is scanned in). */
  readonly keywords: readonly string[];
  readonly path?: Re2;
  readonly allowRules: readonly AllowRule[];
  readonly excludeBlock: readonly Re2[];
  readonly secretGroupName: string;
}

const SEVERITY_NAMES: readonly string[] = ['UNKNOWN', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

/** Compiles a rule; a bad pattern throws Re2SyntaxError (callers name the file). */
export function compileRule(spec: RuleSpec): Rule {
  const severity = spec.severity && SEVERITY_NAMES.includes(spec.severity) ? spec.severity : 'UNKNOWN';
  return {
    id: spec.id,
    category: spec.category,
    title: spec.title,
    severity: severity as Severity,
    regex: spec.regex === undefined ? undefined : compileRe2(spec.regex),
    keywords: (spec.keywords ?? []).map((k) => asBytes(k.toLowerCase())),
    path: spec.path === undefined ? undefined : compileRe2(spec.path),
    allowRules: (spec.allowRules ?? []).map(compileAllowRule),
    excludeBlock: (spec.excludeBlock?.regexes ?? []).map(compileRe2),
    secretGroupName: spec.secretGroupName ?? '',
  };
}

export function compileAllowRule(spec: AllowRuleSpec): AllowRule {
  return {
    id: spec.id,
    regex: spec.regex === undefined ? undefined : compileRe2(spec.regex),
    path: spec.path === undefined ? undefined : compileRe2(spec.path),
  };
}

/** A string as the latin1 string of its UTF-8 bytes, the form regexes run on. */
export function asBytes(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII test
  return /^[\x00-\x7f]*$/.test(text) ? text : Buffer.from(text, 'utf8').toString('latin1');
}

/** Whether the regex matches anywhere in the text (Go's MatchString). */
export function matches(re: Re2, text: string): boolean {
  return re2Test(re, text);
}

/** Trivy's AllowRules.AllowPath: a path regex of any rule matches. */
export function allowsPath(rules: readonly AllowRule[], path: string): boolean {
  return rules.some((rule) => rule.path !== undefined && matches(rule.path, path));
}

/** Trivy's AllowRules.Allow: a match regex of any rule matches the whole match. */
export function allowsMatch(rules: readonly AllowRule[], match: string): boolean {
  return rules.some((rule) => rule.regex !== undefined && matches(rule.regex, match));
}
