import { describe, expect, it } from 'vitest';
import { KeywordIndex } from './keywords.js';

/** Trivy's check, one keyword at a time: bytes.Contains(bytes.ToLower(content), keyword). */
function naive(keywords: readonly string[], content: string): number[] {
  const lower = content.toLowerCase();
  return keywords.map((k) => (lower.includes(k) ? 1 : 0));
}

describe('KeywordIndex finds every keyword present, overlapping or nested, case-insensitively', () => {
  const keywords = ['sk', 'sk_test_', 'key', 'ey', 'akia', 'kia', '-----', 'pk.', 'dockerc', 'eyjrijoi', ''];
  const contents = [
    'nothing here',
    'SK_TEST_abc',
    'monKEY',
    'AKIAIOSFODNN7',
    '---- ----- --',
    'eyJrIjoi and pk.x',
    '.dockercfg: ewe',
    'kiakia akiAkia',
    'sKsk_TeSt',
    '',
  ];
  const index = new KeywordIndex(keywords);
  it.each(contents)('%j', (content) => {
    expect([...index.find(Buffer.from(content))]).toEqual(naive(keywords, content));
  });

  it('agrees with the one-by-one check on pseudo-random text over a small alphabet', () => {
    let seed = 7;
    const alphabet = 'skeyAKI-_tp.';
    for (let round = 0; round < 200; round++) {
      let text = '';
      for (let i = 0; i < 40; i++) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        text += alphabet[seed % alphabet.length];
      }
      expect([...index.find(Buffer.from(text))]).toEqual(naive(keywords, text));
    }
  });
});
