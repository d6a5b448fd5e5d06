// Severity ratings from vendor words and from CVSS vectors (scored with ae-cvss-calculator).
import cvssCalculator from 'ae-cvss-calculator';
import { SEVERITIES, type Severity } from '../types.js';

/**
 * Vendor severity words as OSV records write them (upper-cased before lookup). Each entry cites its vocabulary.
 */
const WORDS: Readonly<Record<string, Severity>> = {
  CRITICAL: 'CRITICAL', // CVSS v3 rating, GHSA, Ubuntu, Red Hat
  HIGH: 'HIGH', // CVSS rating, GHSA, Ubuntu, Debian
  IMPORTANT: 'HIGH', // Red Hat, SUSE, AlmaLinux, Rocky (trivy-db maps Important to HIGH)
  MODERATE: 'MEDIUM', // GHSA, Red Hat, SUSE
  MEDIUM: 'MEDIUM', // CVSS rating, Ubuntu priority, Debian urgency
  LOW: 'LOW', // everyone
  NEGLIGIBLE: 'LOW', // Ubuntu priority (trivy-db ubuntu: negligible → LOW)
  UNIMPORTANT: 'LOW', // Debian urgency (trivy-db debian: unimportant → LOW)
  NONE: 'UNKNOWN', // CVSS v3 rating of a 0.0 score
  UNKNOWN: 'UNKNOWN',
  UNTRIAGED: 'UNKNOWN', // Ubuntu priority not decided yet
  'NOT YET ASSIGNED': 'UNKNOWN', // Debian urgency not decided yet
};

/** The rating a vendor word stands for; undefined for anything not in the table. */
export function severityFromWord(word: string): Severity | undefined {
  return WORDS[word.trim().toUpperCase()];
}

/** Trivy's numeric severity (VendorSeverity values): UNKNOWN 0 … CRITICAL 4. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export type CvssVersion = 'v2' | 'v3' | 'v40';

export interface ScoredVector {
  readonly version: CvssVersion;
  readonly vector: string;
  readonly score: number;
}

/**
 * The rating of a CVSS score. v3.x and v4.0 use the qualitative scale of the CVSS v3.1 and v4.0
 * specifications (None 0.0, Low 0.1–3.9, Medium 4.0–6.9, High 7.0–8.9, Critical 9.0–10.0); v2 uses NVD's
 * v2 scale (Low 0.0–3.9, Medium 4.0–6.9, High 7.0–10.0), which has no Critical. A 0.0 score rates UNKNOWN.
 */
export function severityFromScore(version: CvssVersion, score: number): Severity {
  if (!(score > 0)) return 'UNKNOWN';
  if (version === 'v2') return score < 4 ? 'LOW' : score < 7 ? 'MEDIUM' : 'HIGH';
  return score < 4 ? 'LOW' : score < 7 ? 'MEDIUM' : score < 9 ? 'HIGH' : 'CRITICAL';
}

// Shapes only; the calculator checks the metric values and isBaseFullyDefined() that no base metric is missing.
const V2_SHAPE = /^\(?AV:[A-Za-z](?:\/[A-Za-z]+:[A-Za-z]+)*\)?$/;
const V3_SHAPE = /^CVSS:3\.[01](?:\/[A-Za-z]+:[A-Za-z]+)+$/;
const V4_SHAPE = /^CVSS:4\.0(?:\/[A-Za-z]+:[A-Za-z]+)+$/;

/**
 * Scores a CVSS vector: v2 (bare 'AV:N/AC:L/…'), v3.0, v3.1 or v4.0. The score is the calculator's overall
 * score (environmental, else temporal/threat, else base, as trivy-db takes EnvironmentalScore()). A vector
 * without its full base metrics, of an unknown version, or that the calculator rejects gives undefined.
 */
export function scoreVector(raw: string): ScoredVector | undefined {
  // A trailing '/' occurs in real records (trivy-db trims it too).
  const vector = raw.trim().replace(/\/+$/, '');
  try {
    if (V3_SHAPE.test(vector)) {
      const cvss = vector.startsWith('CVSS:3.0')
        ? new cvssCalculator.Cvss3P0(vector)
        : new cvssCalculator.Cvss3P1(vector);
      return cvss.isBaseFullyDefined() ? scored('v3', vector, cvss.calculateScores().overall) : undefined;
    }
    if (V4_SHAPE.test(vector)) {
      const cvss = new cvssCalculator.Cvss4P0(vector);
      return cvss.isBaseFullyDefined() ? scored('v40', vector, cvss.calculateScores().overall) : undefined;
    }
    if (V2_SHAPE.test(vector)) {
      const bare = vector.replace(/^\(|\)$/g, '');
      const cvss = new cvssCalculator.Cvss2(bare);
      return cvss.isBaseFullyDefined() ? scored('v2', bare, cvss.calculateScores().overall) : undefined;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

function scored(version: CvssVersion, vector: string, score: number): ScoredVector | undefined {
  return Number.isFinite(score) ? { version, vector, score: Math.round(score * 10) / 10 } : undefined;
}
