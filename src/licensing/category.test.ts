import { describe, expect, it } from 'vitest';
import {
  createLicenseClassifier,
  DEFAULT_LICENSE_CATEGORIES,
  type LicenseCategories,
  type LicenseCategory,
} from './category.js';

const only = (lists: Partial<LicenseCategories>): LicenseCategories => ({
  forbidden: [],
  restricted: [],
  reciprocal: [],
  notice: [],
  permissive: [],
  unencumbered: [],
  ...lists,
});

describe('license classification', () => {
  // The cases of Trivy's pkg/licensing/scanner_test.go (TestScanner_Scan).
  const trivyCases: {
    name: string;
    lists: Partial<LicenseCategories>;
    license: string;
    category: LicenseCategory;
    severity: string;
  }[] = [
    {
      name: 'forbidden',
      lists: { forbidden: ['BSD-3-Clause', 'Apache-2.0'] },
      license: 'Apache-2.0',
      category: 'forbidden',
      severity: 'CRITICAL',
    },
    {
      name: 'has plus',
      lists: { forbidden: ['BSD-3-Clause', 'Apache-2.0'] },
      license: 'Apache-2.0+',
      category: 'forbidden',
      severity: 'CRITICAL',
    },
    {
      name: 'lists contain a license with suffix',
      lists: { notice: ['LGPL-2.0-only'] },
      license: 'LGPL-2.0-only',
      category: 'notice',
      severity: 'LOW',
    },
    {
      name: 'restricted',
      lists: { forbidden: ['GPL-3.0'], restricted: ['BSD-3-Clause', 'Apache-2.0'] },
      license: 'BSD-3-Clause',
      category: 'restricted',
      severity: 'HIGH',
    },
    {
      name: 'an unnormalised license',
      lists: { restricted: ['BSD-3-Clause', 'MIT'] },
      license: 'MIT License',
      category: 'restricted',
      severity: 'HIGH',
    },
    {
      name: 'OR takes the less severe side',
      lists: { forbidden: ['GPL-3.0'], restricted: ['Apache-2.0'] },
      license: 'GPL-3.0 OR Apache-2.0',
      category: 'restricted',
      severity: 'HIGH',
    },
    {
      name: 'AND takes the more severe side',
      lists: { forbidden: ['GPL-3.0'], restricted: ['Apache-2.0'] },
      license: 'GPL-3.0 AND Apache-2.0',
      category: 'forbidden',
      severity: 'CRITICAL',
    },
    {
      name: 'a license with an exception is one name',
      lists: { forbidden: ['GPL-2.0-only WITH Classpath-exception-2.0', 'GPL-3.0', 'Apache-2.0'] },
      license: 'GPL-3.0-only OR GPL-2.0-only WITH Classpath-exception-2.0 AND Apache-2.0',
      category: 'forbidden',
      severity: 'CRITICAL',
    },
    {
      name: 'a lower-case "with" inside a name',
      lists: { forbidden: ['Similar to Apache License but with the acknowledgment clause removed.'] },
      license: 'Similar to Apache License but with the acknowledgment clause removed.',
      category: 'forbidden',
      severity: 'CRITICAL',
    },
    {
      name: 'an unknown side makes the expression unknown',
      lists: { forbidden: ['GPL-3.0'] },
      license: 'GPL-3.0 AND Apache-2.0',
      category: 'unknown',
      severity: 'UNKNOWN',
    },
    {
      name: 'a long expression, recursively',
      lists: { forbidden: ['GPL-3.0'], restricted: ['BSD-3-Clause'], notice: ['Apache-2.0'] },
      license: '(BSD-3-Clause OR GPL-3.0) AND (GPL-3.0 OR Apache-2.0)',
      category: 'restricted',
      severity: 'HIGH',
    },
    { name: 'no lists, no category', lists: {}, license: 'BSD-3-Clause', category: 'unknown', severity: 'UNKNOWN' },
    {
      name: "npm's UNLICENSED is not the Unlicense",
      lists: { unencumbered: ['Unlicense'] },
      license: 'UNLICENSED',
      category: 'unknown',
      severity: 'UNKNOWN',
    },
  ];
  it.each(trivyCases)('Trivy: $name', ({ lists, license, category, severity }) => {
    expect(createLicenseClassifier(only(lists)).classify(license)).toEqual({ category, severity });
  });

  // Trivy's TestScanner_ScanTextLicense.
  const textCases: {
    name: string;
    lists: Partial<LicenseCategories>;
    text: string;
    category: LicenseCategory;
    severity: string;
  }[] = [
    {
      name: 'a text:// pattern matches',
      lists: { forbidden: ['text://Apache.*License'] },
      text: 'Apache Software Foundation License',
      category: 'forbidden',
      severity: 'CRITICAL',
    },
    {
      name: 'no match is unknown',
      lists: { notice: ['text://MIT.*'] },
      text: 'Some other license text',
      category: 'unknown',
      severity: 'UNKNOWN',
    },
    {
      name: 'a pattern that does not compile is skipped',
      lists: { restricted: ['text://('] },
      text: 'MIT License',
      category: 'unknown',
      severity: 'UNKNOWN',
    },
    {
      name: 'a name without the prefix is no pattern',
      lists: { notice: ['MIT'] },
      text: 'MIT License',
      category: 'unknown',
      severity: 'UNKNOWN',
    },
  ];
  it.each(textCases)('Trivy text: $name', ({ lists, text, category, severity }) => {
    expect(createLicenseClassifier(only(lists)).classifyText(text)).toEqual({ category, severity });
  });

  // Names as the analyzers report them, against Trivy's default lists (answers of Trivy v0.44.1 on the bullseye
  // and lang test images where the name is the same).
  const defaults: { name: string; license: string; category: LicenseCategory; severity: string }[] = [
    { name: 'GPL-2.0-only is restricted', license: 'GPL-2.0-only', category: 'restricted', severity: 'HIGH' },
    { name: 'GPL-2.0-or-later is restricted', license: 'GPL-2.0-or-later', category: 'restricted', severity: 'HIGH' },
    { name: 'LGPL-2.1+ is restricted', license: 'LGPL-2.1+', category: 'restricted', severity: 'HIGH' },
    { name: 'AGPL-3.0-only is forbidden', license: 'AGPL-3.0-only', category: 'forbidden', severity: 'CRITICAL' },
    { name: 'MPL-2.0 is reciprocal', license: 'MPL-2.0', category: 'reciprocal', severity: 'MEDIUM' },
    { name: 'Zlib is notice', license: 'Zlib', category: 'notice', severity: 'LOW' },
    { name: 'the lists match in any case', license: 'mit', category: 'notice', severity: 'LOW' },
    { name: 'CC0-1.0 is unencumbered', license: 'CC0-1.0', category: 'unencumbered', severity: 'LOW' },
    { name: 'public-domain is unknown', license: 'public-domain', category: 'unknown', severity: 'UNKNOWN' },
    { name: 'MIT OR GPL-2.0 takes MIT', license: 'MIT OR GPL-2.0', category: 'notice', severity: 'LOW' },
    {
      name: 'an unbalanced parenthesis does not parse: no severity',
      license: 'GPL-2.0 (',
      category: 'unknown',
      severity: '',
    },
  ];
  it.each(defaults)('defaults: $name', ({ license, category, severity }) => {
    const classifier = createLicenseClassifier(DEFAULT_LICENSE_CATEGORIES);
    expect(classifier.classify(license)).toEqual({ category, severity });
    expect(classifier.classify(license)).toEqual({ category, severity }); // memoised answer
  });
});
