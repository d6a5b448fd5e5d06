// Trivy's secret scanner (pkg/fanal/secret/scanner.go) with its analyzer's file checks
// (pkg/fanal/analyzer/secret/secret.go): rules, allow rules, exclude blocks, masking, and the 64 KiB
// chunks with 4 KiB overlap Trivy reads a file in (which decide line numbers and code context).
import { posix } from 'node:path';
import { compileGlob } from '../glob.js';
import { extractPrintableBytes, isBinary } from './binary.js';
import { BUILTIN_ALLOW_RULES } from './builtin-allow-rules.js';
import { BUILTIN_RULES } from './builtin-rules.js';
import type { SecretConfig } from './config.js';
import { goSortSlice } from './go-sort.js';
import { KeywordIndex } from './keywords.js';
import { findLocation, newlinePositions } from './location.js';
import { findAllSubmatchIndex, type Re2 } from './regex.js';
import {
  type AllowRule,
  allowsMatch,
  allowsPath,
  asBytes,
  compileAllowRule,
  compileRule,
  matches,
  type Rule,
} from './rule.js';
import type { SecretFinding, SecretScanner } from './types.js';

/** Trivy's defaultSkipPatterns: used unless the config sets `skip-patterns`. */
export const DEFAULT_SKIP_PATTERNS: readonly string[] = [
  '**/.git/**',
  '**/node_modules/**',
  '**/go.mod',
  '**/go.sum',
  '**/package-lock.json',
  '**/yarn.lock',
  '**/pnpm-lock.yaml',
  '**/Pipfile.lock',
  '**/Gemfile.lock',
  '**/*.jpg',
  '**/*.png',
  '**/*.gif',
  '**/*.doc',
  '**/*.pdf',
  '**/*.bin',
  '**/*.svg',
  '**/*.socket',
  '**/*.deb',
  '**/*.rpm',
  '**/*.zip',
  '**/*.gz',
  '**/*.gzip',
  '**/*.tar',
];

/** Trivy's default --secret-config, skipped by `required` even when absent. */
export const DEFAULT_CONFIG_PATH = 'trivy-secret.yaml';

const BUFFER_SIZE = 64 * 1024; // Trivy's DefaultBufferSize
const OVERLAP_SIZE = 4096; // Trivy's DefaultOverlap
const ALLOWED_BINARY_EXTENSIONS = ['.pyc']; // Trivy's allowedBinaries

interface Builtins {
  readonly rules: readonly Rule[];
  readonly allowRules: readonly AllowRule[];
  readonly skips: readonly RegExp[];
}

let builtins: Builtins | undefined;

/** The builtin tables, compiled once, on first use (not at start-up: most commands never scan secrets). */
function builtinsOf(): Builtins {
  builtins ??= {
    rules: BUILTIN_RULES.map(compileRule),
    allowRules: BUILTIN_ALLOW_RULES.map(compileAllowRule),
    skips: DEFAULT_SKIP_PATTERNS.map(compileGlob),
  };
  return builtins;
}

interface Global {
  readonly rules: readonly Rule[];
  readonly allowRules: readonly AllowRule[];
  readonly excludeBlock: readonly Re2[];
  readonly skips: readonly RegExp[];
  readonly configPath: string;
  readonly keywords: KeywordIndex;
  /** Per rule, the ids of its keywords in `keywords` (empty: the rule always runs). */
  readonly ruleKeywordIds: readonly (readonly number[])[];
}

/** Settings beside the config: Trivy's chunk sizes (secret.WithBufferSize, WithOverlapSize; only tests
 * change them) and the config path `required` skips when no config was read (Trivy keeps the path of an
 * absent config; '' skips nothing). */
export interface ScannerOptions {
  readonly bufferSize?: number;
  readonly overlapSize?: number;
  readonly configPath?: string;
}

/** Trivy's NewScanner: builtin rules and allow rules, narrowed and extended by the config. */
export function createSecretScanner(config?: SecretConfig, options: ScannerOptions = {}): SecretScanner {
  const global = globalOf(config, options.configPath ?? config?.path ?? DEFAULT_CONFIG_PATH);
  const bufferSize = options.bufferSize ?? BUFFER_SIZE;
  let overlapSize = options.overlapSize ?? OVERLAP_SIZE;
  if (overlapSize >= bufferSize) overlapSize = Math.floor(bufferSize / 4); // as NewScanner adjusts it
  const chunks = { bufferSize, overlapSize };
  return {
    required: (path, size) => required(global, path, size),
    scan: (path, content) => scanFile(global, chunks, path, content),
  };
}

function globalOf(config: SecretConfig | undefined, configPath: string): Global {
  const { rules: builtinRules, allowRules: builtinAllowRules, skips: defaultSkips } = builtinsOf();
  let rules = builtinRules;
  let allowRules = builtinAllowRules;
  if (config) {
    const enabled = config.enableBuiltinRules;
    const chosen = enabled.length === 0 ? builtinRules : builtinRules.filter((r) => enabled.includes(r.id));
    rules = [...chosen, ...config.rules].filter((r) => !config.disableRules.includes(r.id));
    allowRules = [...builtinAllowRules, ...config.allowRules].filter((r) => !config.disableAllowRules.includes(r.id));
  }
  const keywordIds = new Map<string, number>();
  const ruleKeywordIds = rules.map((rule) =>
    rule.keywords.map((keyword) => {
      let id = keywordIds.get(keyword);
      if (id === undefined) {
        id = keywordIds.size;
        keywordIds.set(keyword, id);
      }
      return id;
    }),
  );
  return {
    rules,
    allowRules,
    excludeBlock: config?.excludeBlock ?? [],
    skips: config?.skipPatterns ? config.skipPatterns.map(compileGlob) : defaultSkips,
    configPath: cleanPath(configPath),
    keywords: new KeywordIndex([...keywordIds.keys()]),
    ruleKeywordIds,
  };
}

/** Go's filepath.Clean with slashes. */
function cleanPath(path: string): string {
  if (path === '') return '';
  const cleaned = posix.normalize(path);
  return cleaned.length > 1 && cleaned.endsWith('/') ? cleaned.slice(0, -1) : cleaned;
}

/**
 * Trivy's SecretAnalyzer.Required. Trivy calls it with the walker's path, relative and without the
 * leading `/` that image paths get later, so the `/` is dropped here before the same checks.
 */
function required(global: Global, path: string, size: number): boolean {
  if (size < 10) return false;
  const relative = path.startsWith('/') ? path.slice(1) : path;
  const clean = cleanPath(relative);
  if (global.configPath !== '' && (global.configPath === clean || global.configPath.endsWith(`/${clean}`))) {
    return false;
  }
  if (global.skips.some((skip) => skip.test(relative))) return false;
  return !allowsPath(global.allowRules, asBytes(relative));
}

/** Trivy's SecretAnalyzer.Analyze and Scanner.Scan for one file's content. */
function scanFile(
  global: Global,
  { bufferSize, overlapSize }: { bufferSize: number; overlapSize: number },
  path: string,
  content: Uint8Array,
): readonly SecretFinding[] {
  const binary = isBinary(content);
  if (binary && !ALLOWED_BINARY_EXTENSIONS.includes(posix.extname(path))) return [];
  const pathBytes = asBytes(path);
  if (allowsPath(global.allowRules, pathBytes)) return [];
  const data = binary ? extractPrintableBytes(content) : content;

  // Trivy's scanStream: 64 KiB reads, each chunk starting with the last 4 KiB of the one before; at EOF
  // the last overlap is scanned once more on its own. Findings repeated across chunks are dropped.
  const all: SecretFinding[] = [];
  let overlap: Uint8Array = new Uint8Array(0);
  let position = 0;
  let lineOffset = 0;
  let byteOffset = 0;
  let previous: Uint8Array | undefined;
  for (;;) {
    const size = Math.min(data.length - position, bufferSize - overlap.length);
    let chunk: Uint8Array;
    if (size === 0) {
      if (overlap.length === 0) break;
      chunk = overlap;
    } else {
      chunk = new Uint8Array(overlap.length + size);
      chunk.set(overlap);
      chunk.set(data.subarray(position, position + size), overlap.length);
      position += size;
    }
    // A chunk equal to the previous one at the same offsets yields the same findings, all duplicates.
    if (chunk !== previous) {
      for (const finding of scanChunk(global, pathBytes, path, chunk, binary)) {
        all.push({
          ...finding,
          startLine: finding.startLine + lineOffset,
          endLine: finding.endLine + lineOffset,
          offset: (finding.offset ?? 0) + byteOffset,
          code: { lines: finding.code.lines.map((line) => ({ ...line, number: line.number + lineOffset })) },
        });
      }
    }
    if (size === 0) break;
    if (chunk.length > overlapSize) {
      const kept = chunk.length - overlapSize;
      for (let i = chunk.indexOf(0x0a); i !== -1 && i < kept; i = chunk.indexOf(0x0a, i + 1)) lineOffset++;
      byteOffset += kept;
      overlap = chunk.subarray(kept);
      previous = undefined;
    } else {
      overlap = chunk;
      previous = chunk;
    }
  }
  const seen = new Set<string>();
  const unique = all.filter((f) => {
    const key = `${f.ruleId}:${f.startLine}-${f.endLine}-${f.offset}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return goSortSlice(unique, byRuleThenMatch);
}

interface Match {
  readonly rule: Rule;
  readonly start: number;
  readonly end: number;
}

/** Trivy's scanChunk: every rule over one chunk, secrets masked, findings sorted. */
function scanChunk(
  global: Global,
  pathBytes: string,
  path: string,
  chunk: Uint8Array,
  binary: boolean,
): SecretFinding[] {
  const found = global.keywords.find(chunk);
  let text: string | undefined;
  let globalBlocks: Block[] | undefined;
  const matched: Match[] = [];
  for (const [index, rule] of global.rules.entries()) {
    if (rule.path !== undefined && !matches(rule.path, pathBytes)) continue;
    if (allowsPath(rule.allowRules, pathBytes)) continue;
    const ids = global.ruleKeywordIds[index] as readonly number[];
    if (ids.length > 0 && !ids.some((id) => found[id] === 1)) continue;
    if (rule.regex === undefined) continue;
    text ??= Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1');
    const locations = findLocations(global, rule, rule.regex, text);
    if (locations.length === 0) continue;
    const content = text;
    let localBlocks: Block[] | undefined;
    for (const [start, end] of locations) {
      globalBlocks ??= blocksOf(global.excludeBlock, content);
      localBlocks ??= blocksOf(rule.excludeBlock, content);
      const inside = (b: Block): boolean => b[0] <= start && end <= b[1];
      if (globalBlocks.some(inside) || localBlocks.some(inside)) continue;
      matched.push({ rule, start, end });
    }
  }
  if (matched.length === 0) return [];

  const censored = new Uint8Array(chunk);
  for (const { start, end } of matched) {
    for (let i = start; i < end; i++) if (censored[i] !== 0x0a) censored[i] = 0x2a;
  }
  const newlines = newlinePositions(censored);
  const findings = matched.map(({ rule, start, end }): SecretFinding => {
    const location = findLocation(start, end, censored, newlines);
    return {
      ruleId: rule.id,
      category: rule.category,
      severity: rule.severity,
      title: rule.title,
      startLine: location.startLine,
      endLine: location.endLine,
      // Binary files: an unreadable line is replaced by a sentence, the code left out (as Trivy).
      code: { lines: binary ? [] : location.lines },
      match: binary ? `Binary file ${goQuote(path)} matches a rule ${goQuote(rule.title)}` : location.match,
      offset: start,
    };
  });
  return goSortSlice(findings, byRuleThenMatch);
}

type Block = readonly [number, number];

function blocksOf(regexes: readonly Re2[], content: string): Block[] {
  return regexes.flatMap((re) => findAllSubmatchIndex(re, content).map((m): Block => [m[0] as number, m[1] as number]));
}

/** Trivy's FindLocations / FindSubmatchLocations: the secret spans of the rule's non-allowed matches. */
function findLocations(global: Global, rule: Rule, re: Re2, content: string): (readonly [number, number])[] {
  const out: (readonly [number, number])[] = [];
  for (const m of findAllSubmatchIndex(re, content)) {
    const whole = content.slice(m[0], m[1]);
    if (allowsMatch(global.allowRules, whole) || allowsMatch(rule.allowRules, whole)) continue;
    if (rule.secretGroupName === '') {
      out.push([m[0] as number, m[1] as number]);
      continue;
    }
    for (const [group, name] of re.groupNames.entries()) {
      const start = m[2 * group] as number;
      // A group that took no part has no span (Go gives -1, -1; Trivy would fail on it).
      if (name === rule.secretGroupName && start !== -1) out.push([start, m[2 * group + 1] as number]);
    }
  }
  return out;
}

/** Trivy's order (sort.Slice, not stable): by rule id, then by matched line, as Go compares strings (bytes). */
function byRuleThenMatch(a: SecretFinding, b: SecretFinding): boolean {
  const byRule = compareBytes(a.ruleId, b.ruleId);
  return byRule !== 0 ? byRule < 0 : compareBytes(a.match, b.match) < 0;
}

/** Go's string order (bytes of UTF-8, that is code points), from JavaScript's UTF-16 strings. */
function compareBytes(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === n) return a.length - b.length;
  const ca = a.charCodeAt(i);
  const cb = b.charCodeAt(i);
  // Only a surrogate against U+E000..U+FFFF orders differently in UTF-16 and in code points.
  if (ca >= 0xd800 && cb >= 0xd800) return (a.codePointAt(i) as number) - (b.codePointAt(i) as number);
  return ca - cb;
}

const GO_ESCAPES: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
};

/** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** Go's %q (strconv.Quote): `"` and `\` escaped, control characters as \n or \xNN, other unprintables as \uNNNN. */
export function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (GO_ESCAPES[ch]) out += GO_ESCAPES[ch];
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (!PRINTABLE.test(ch)) {
      out += code > 0xffff ? `\\U${code.toString(16).padStart(8, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}
