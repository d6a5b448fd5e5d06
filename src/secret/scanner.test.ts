import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSecretConfig } from './config.js';
import { createSecretScanner } from './scanner.js';
import type { SecretFinding } from './types.js';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/secret');

/** A finding with Trivy's JSON names and Go zero values filled in, as scanner_test.go compares them. */
interface TrivyFinding {
  RuleID: string;
  Category: string;
  Severity: string;
  Title: string;
  StartLine: number;
  EndLine: number;
  Code: { Lines: Record<string, unknown>[] | null };
  Match: string;
  Offset: number;
}

interface ScannerCase {
  name: string;
  configPath: string;
  inputFilePath: string;
  want: { FilePath?: string; Findings?: Partial<TrivyFinding>[] | null };
}

interface StreamingCase {
  name: string;
  input: string;
  bufferSize: number;
  overlapSize: number;
  configPath: string;
  want: { Findings?: Partial<TrivyFinding>[] | null };
}

/** Trivy's expectations, converted from its scanner_test.go (see test/fixtures/secret/README.md). */
const CASES = JSON.parse(readFileSync(join(FIXTURES, 'scanner-cases.json'), 'utf8')) as {
  TestSecretScanner: ScannerCase[];
  TestSecretScannerWithStreaming: StreamingCase[];
};

function asTrivy(finding: SecretFinding): TrivyFinding {
  return {
    RuleID: finding.ruleId,
    Category: finding.category,
    Severity: finding.severity,
    Title: finding.title,
    StartLine: finding.startLine,
    EndLine: finding.endLine,
    Code: {
      Lines:
        finding.code.lines.length === 0
          ? null
          : finding.code.lines.map((line) => ({
              Number: line.number,
              Content: line.content,
              IsCause: line.isCause,
              Annotation: line.annotation,
              Truncated: line.truncated,
              Highlighted: line.highlighted ?? '',
              FirstCause: line.firstCause,
              LastCause: line.lastCause,
            })),
    },
    Match: finding.match,
    Offset: finding.offset ?? 0,
  };
}

function withZeroValues(want: Partial<TrivyFinding>): TrivyFinding {
  const line = (l: Record<string, unknown>) => ({
    Number: 0,
    Content: '',
    IsCause: false,
    Annotation: '',
    Truncated: false,
    Highlighted: '',
    FirstCause: false,
    LastCause: false,
    ...l,
  });
  return {
    RuleID: '',
    Category: '',
    Severity: '',
    Title: '',
    StartLine: 0,
    EndLine: 0,
    Match: '',
    Offset: 0,
    ...want,
    Code: { Lines: want.Code?.Lines?.map(line) ?? null },
  };
}

function scannerFor(configPath: string, options = {}) {
  const config = readSecretConfig(join(FIXTURES, configPath));
  return createSecretScanner(config, options);
}

describe('secret scanner: the cases of Trivy’s TestSecretScanner', () => {
  it.each(CASES.TestSecretScanner)('$name ($inputFilePath, $configPath)', ({ configPath, inputFilePath, want }) => {
    // Trivy's test drops every \r before scanning.
    const content = readFileSync(join(FIXTURES, inputFilePath)).filter((b) => b !== 0x0d);
    const got = scannerFor(configPath).scan(inputFilePath, content);
    expect(got.map(asTrivy)).toEqual((want.Findings ?? []).map(withZeroValues));
  });
});

describe('secret scanner: the cases of Trivy’s TestSecretScannerWithStreaming', () => {
  it.each(CASES.TestSecretScannerWithStreaming)('$name', ({ input, bufferSize, overlapSize, configPath, want }) => {
    const got = scannerFor(configPath, { bufferSize, overlapSize }).scan('test.txt', Buffer.from(input, 'utf8'));
    const withoutCode = (f: TrivyFinding) => ({ ...f, Code: { Lines: null } });
    expect(got.map(asTrivy).map(withoutCode)).toEqual((want.Findings ?? []).map(withZeroValues).map(withoutCode));
  });
});
