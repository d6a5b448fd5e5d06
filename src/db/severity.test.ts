import { describe, expect, it } from 'vitest';
import type { Severity } from '../types.js';
import { type CvssVersion, scoreVector, severityFromScore, severityFromWord } from './severity.js';

describe('severityFromWord', () => {
  const cases: { name: string; word: string; want: Severity | undefined }[] = [
    { name: "GHSA's MODERATE is MEDIUM", word: 'MODERATE', want: 'MEDIUM' },
    { name: "Red Hat's Important is HIGH", word: 'Important', want: 'HIGH' },
    { name: "Ubuntu's negligible priority is LOW", word: 'negligible', want: 'LOW' },
    { name: "Debian's unimportant urgency is LOW", word: 'unimportant', want: 'LOW' },
    { name: "Ubuntu's untriaged priority is UNKNOWN", word: 'untriaged', want: 'UNKNOWN' },
    { name: 'case and spaces do not matter', word: ' critical ', want: 'CRITICAL' },
    { name: 'an unknown word gives nothing', word: 'severe', want: undefined },
  ];
  it.each(cases)('$name', ({ word, want }) => expect(severityFromWord(word)).toBe(want));
});

describe('severityFromScore', () => {
  const cases: { name: string; version: CvssVersion; score: number; want: Severity }[] = [
    { name: 'v3 3.9 is LOW', version: 'v3', score: 3.9, want: 'LOW' },
    { name: 'v3 4.0 is MEDIUM', version: 'v3', score: 4.0, want: 'MEDIUM' },
    { name: 'v3 7.0 is HIGH', version: 'v3', score: 7.0, want: 'HIGH' },
    { name: 'v3 9.0 is CRITICAL', version: 'v3', score: 9.0, want: 'CRITICAL' },
    { name: 'v4 8.9 is HIGH', version: 'v40', score: 8.9, want: 'HIGH' },
    { name: 'v2 has no CRITICAL: 10.0 is HIGH', version: 'v2', score: 10, want: 'HIGH' },
    { name: 'v2 6.9 is MEDIUM', version: 'v2', score: 6.9, want: 'MEDIUM' },
    { name: 'a 0.0 score is UNKNOWN', version: 'v3', score: 0, want: 'UNKNOWN' },
  ];
  it.each(cases)('$name', ({ version, score, want }) => expect(severityFromScore(version, score)).toBe(want));
});

describe('scoreVector', () => {
  // Scores as NVD, FIRST's calculators and the records themselves state them.
  const cases: { name: string; vector: string; want: ReturnType<typeof scoreVector> }[] = [
    {
      name: "v3.0 of NSWG-ECO-1 scores 6.5, the record's own database_specific.cvss_score",
      vector: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:N',
      want: { version: 'v3', vector: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:N', score: 6.5 },
    },
    {
      name: 'v3.1 of the NVD CVE-2021-44228 entry scores 10.0',
      vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H',
      want: { version: 'v3', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', score: 10 },
    },
    {
      name: "v4.0 of FIRST's specification example scores 9.3",
      vector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
      want: { version: 'v40', vector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', score: 9.3 },
    },
    {
      name: 'v2 of the NVD CVE-2011-1497 entry scores 4.3, the cvss_v2 of its RubySec record',
      vector: 'AV:N/AC:M/Au:N/C:N/I:P/A:N',
      want: { version: 'v2', vector: 'AV:N/AC:M/Au:N/C:N/I:P/A:N', score: 4.3 },
    },
    {
      name: 'a trailing slash is trimmed',
      vector: 'CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H/',
      want: { version: 'v3', vector: 'CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 8.1 },
    },
    {
      name: 'a vector missing a base metric gives nothing',
      vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H',
      want: undefined,
    },
    {
      name: 'a metric value that does not exist gives nothing',
      vector: 'CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
      want: undefined,
    },
    { name: 'an unknown version gives nothing', vector: 'CVSS:5.0/AV:N', want: undefined },
    { name: 'text that is not a vector gives nothing', vector: 'high', want: undefined },
  ];
  it.each(cases)('$name', ({ vector, want }) => expect(scoreVector(vector)).toEqual(want));
});
