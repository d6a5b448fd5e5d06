// The builtin rule table against Trivy's own (extracted from builtin-rules.go), and the scanner against
// real Trivy v0.44.1 on the same files, for the rules that have not changed since v0.44.1.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES } from './builtin-rules.js';
import { compileRe2 } from './regex.js';
import { createSecretScanner } from './scanner.js';
import type { SecretFinding } from './types.js';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/secret');
const json = (name: string): unknown => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));

interface TrivyRule {
  id: string;
  category: string;
  title: string;
  severity: string | null;
  fn: 'MustCompile' | 'MustCompileWithoutWordPrefix' | 'MustCompileWithBoundaries';
  regex: string;
  path?: string;
  secretGroupName: string | null;
  keywords: string[];
  allow?: { id: string; description: string; regex: string };
}

/** Trivy's rules at dc3c56e, read from its Go source by extract-rules.py. */
const TRIVY_RULES = json('builtin-rules.json') as TrivyRule[];
const UNCHANGED = new Set(json('unchanged-since-v0.44.1.json') as string[]);

/** The full pattern a MustCompile* helper builds. */
function fullPattern(rule: TrivyRule): string {
  if (rule.fn === 'MustCompileWithoutWordPrefix') return `([^0-9a-zA-Z_]|^)(${rule.regex})`;
  if (rule.fn === 'MustCompileWithBoundaries') return `([^0-9a-zA-Z_]|^)(${rule.regex})([^0-9a-zA-Z_]|$)`;
  return rule.regex;
}

describe('builtin rules', () => {
  it('are Trivy’s rules, in Trivy’s order', () => {
    expect(BUILTIN_RULES.map((r) => r.id)).toEqual(TRIVY_RULES.map((r) => r.id));
  });

  it.each(TRIVY_RULES)('$id: same category, title, severity, regex, keywords, secret group and path', (trivy) => {
    const ours = BUILTIN_RULES.find((r) => r.id === trivy.id);
    expect(ours).toEqual({
      id: trivy.id,
      category: trivy.category,
      title: trivy.title,
      ...(trivy.severity ? { severity: trivy.severity } : {}),
      regex: fullPattern(trivy),
      ...(trivy.path ? { path: trivy.path } : {}),
      ...(trivy.secretGroupName ? { secretGroupName: trivy.secretGroupName } : {}),
      keywords: trivy.keywords,
      ...(trivy.allow ? { allowRules: [trivy.allow] } : {}),
    });
  });

  it.each(TRIVY_RULES)('$id: compiles and matches its sample (samples/$id.txt) with the secret group', (trivy) => {
    const re = compileRe2(fullPattern(trivy));
    const sample = readFileSync(join(FIXTURES, 'samples', `${trivy.id}.txt`), 'latin1');
    re.regex.lastIndex = 0;
    const match = re.regex.exec(sample);
    expect(match).not.toBeNull();
    if (trivy.secretGroupName) expect(re.groupNames).toContain(trivy.secretGroupName);
  });
});

/** The fields Trivy v0.44.1 reports (it has no Offset). */
function asV044(f: SecretFinding) {
  return {
    RuleID: f.ruleId,
    Category: f.category,
    Severity: f.severity,
    Title: f.title,
    StartLine: f.startLine,
    EndLine: f.endLine,
    Code: {
      Lines: f.code.lines.map((l) => ({
        Number: l.number,
        Content: l.content,
        IsCause: l.isCause,
        Annotation: l.annotation,
        Truncated: l.truncated,
        Highlighted: l.highlighted ?? '',
        FirstCause: l.firstCause,
        LastCause: l.lastCause,
      })),
    },
    Match: f.match,
  };
}

interface TrivyResult {
  Target: string;
  Secrets: (ReturnType<typeof asV044> & { Layer?: unknown })[];
}

/** Our findings for every file Trivy's fs scan would read, by path relative to the scanned directory. */
function scanDirectory(root: string): Map<string, SecretFinding[]> {
  const scanner = createSecretScanner();
  const out = new Map<string, SecretFinding[]>();
  for (const name of readdirSync(root, { recursive: true }) as string[]) {
    const stat = statSync(join(root, name));
    if (!stat.isFile() || !scanner.required(name, stat.size)) continue;
    const findings = scanner.scan(name, readFileSync(join(root, name)));
    if (findings.length > 0) out.set(name, [...findings]);
  }
  return out;
}

/**
 * Where v0.44.1 and today's Trivy differ on a rule's finding, the fields left out of the comparison. v0.44.1
 * cut a line over 100 bytes at 30 bytes before and 20 after the secret even across line ends; today the
 * cut stays within the line (Trivy's "truncate long line" case, checked in scanner.test.ts).
 */
const KNOWN_DIFFERENCES: Record<string, 'Match'> = { 'dropbox-short-lived-api-token.txt': 'Match' };

describe.each(['samples', 'testdata'])('real Trivy v0.44.1 on %s/ (rules unchanged since)', (dir) => {
  const trivy = json(`trivy-v0.44.1-${dir}.json`) as TrivyResult[];
  const ours = scanDirectory(join(FIXTURES, dir));
  const targets = [...new Set([...trivy.map((r) => r.Target), ...ours.keys()])].sort();
  it.each(targets)('%s', (target) => {
    const want = (trivy.find((r) => r.Target === target)?.Secrets ?? [])
      .filter((s) => UNCHANGED.has(s.RuleID))
      .map(({ Layer: _, ...s }) => s);
    const got = (ours.get(target) ?? []).filter((f) => UNCHANGED.has(f.ruleId)).map(asV044);
    const field = KNOWN_DIFFERENCES[target];
    const without = (f: ReturnType<typeof asV044>) => (field ? { ...f, [field]: '' } : f);
    expect(got.map(without)).toEqual(want.map(without));
  });
});
