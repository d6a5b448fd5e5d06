// Licenses in the SBOM formats, on the cases of Trivy's own tests at commit dc3c56eed58ab21c7e08d26757c517bc946a86c5
// of github.com/aquasecurity/trivy: pkg/licensing/expression/parser_test.go (TestParse), expression_test.go
// (TestNormalize), pkg/sbom/cyclonedx/marshal_test.go (TestMarshaler_Licenses) and pkg/sbom/spdx/marshal_test.go
// (TestMarshaler_normalizeLicenses and the licenses of TestMarshaler_Marshal's "happy path with various licenses").
// Trivy's LicenseRef ids are hashes of Go structs (hashstructure); barnacle hashes the same members its own way,
// so the SPDX cases name each LicenseRef by what it stands for: `LicenseRef[name]`, `LicenseRef[text:...]`.
import { describe, expect, it } from 'vitest';
import { cyclonedxLicenses } from './cyclonedx.js';
import {
  expressionString,
  type LicenseExpr,
  type NormalizeStep,
  normalizeExpression,
  normalizeForSpdx,
  parseLicenseExpression,
  simpleLicense,
} from './license-expression.js';
import { type SpdxLicense, spdxLicense } from './spdx.js';

describe('parseLicenseExpression (TestParse)', () => {
  const cases: { name: string; input: string; want: string | null }[] = [
    { name: 'single license', input: 'Public Domain', want: 'Public Domain' },
    {
      name: 'tag:value license',
      input: 'DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2',
      want: 'DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2',
    },
    { name: 'symbols', input: 'Public ._-+', want: 'Public ._-+' },
    {
      name: 'multi licenses',
      input: 'Public Domain AND ( GPLv2+ or AFL ) AND LGPLv2+ with distribution exceptions',
      want: 'Public Domain AND (GPLv2+ or AFL) AND LGPLv2+ with distribution exceptions',
    },
    {
      name: 'nested licenses',
      input: 'Public Domain AND ( GPLv2+ or AFL AND ( CC0 or LGPL1.0) )',
      want: 'Public Domain AND (GPLv2+ or AFL AND (CC0 or LGPL1.0))',
    },
    { name: 'bad path close bracket not found', input: 'Public Domain AND ( GPLv2+ ', want: null },
  ];
  it.each(cases)('$name', ({ input, want }) => {
    const expr = parseLicenseExpression(input);
    expect(expr && expressionString(expr)).toBe(want);
  });

  it('reads "Public ._-+" as the license "Public ._-" or later', () => {
    expect(parseLicenseExpression('Public ._-+')).toEqual(simpleLicense('Public ._-', true));
  });

  it('binds AND tighter than OR, and WITH tighter than AND', () => {
    const expr = parseLicenseExpression('A or B and C with D') as LicenseExpr & { kind: 'compound' };
    expect(expr.conjunction).toBe('OR');
    expect(expressionString(expr.right)).toBe('B and C with D');
    expect(expr.right.kind === 'compound' && expr.right.conjunction).toBe('AND');
  });
});

describe('normalizeExpression (TestNormalize)', () => {
  const upper: NormalizeStep = (expr) => simpleLicense(expressionString(expr).toUpperCase());
  const cases: { name: string; license: string; step: NormalizeStep; want: string }[] = [
    { name: 'SPDX, space', license: 'AFL 2.0', step: normalizeForSpdx, want: 'AFL-2.0' },
    {
      name: 'SPDX, exception',
      license: 'AFL 2.0 with Linux-syscall-note exception',
      step: normalizeForSpdx,
      want: 'AFL-2.0 WITH Linux-syscall-note-exception',
    },
    {
      name: 'SPDX, invalid chars',
      license: 'LGPL_2.1_only or MIT OR BSD-3>Clause',
      step: normalizeForSpdx,
      want: 'LGPL-2.1-only OR MIT OR BSD-3-Clause',
    },
    { name: 'upper', license: 'LGPL-2.1-only OR MIT', step: upper, want: 'LGPL-2.1-ONLY OR MIT' },
  ];
  it.each(cases)('$name', ({ license, step, want }) => {
    const expr = normalizeExpression(license, step);
    expect(expr && expressionString(expr)).toBe(want);
  });
});

describe('cyclonedxLicenses (TestMarshaler_Licenses)', () => {
  const cases: { name: string; licenses: string[]; want: unknown }[] = [
    { name: 'SPDX ID', licenses: ['MIT'], want: [{ license: { id: 'MIT' } }] },
    { name: 'Unknown SPDX ID', licenses: ['no-spdx-id-license'], want: [{ license: { name: 'no-spdx-id-license' } }] },
    { name: 'text license', licenses: ['text://text of license'], want: [{ license: { name: 'text of license' } }] },
    {
      name: 'SPDX license with exception',
      licenses: ['AFL 2.0 with Linux-syscall-note'],
      want: [{ expression: 'AFL-2.0 WITH Linux-syscall-note' }],
    },
    {
      name: 'SPDX license with wrong exception',
      licenses: ['GPL-2.0-with-autoconf-exception+'],
      want: [{ license: { name: 'GPL-2.0-only WITH autoconf-exception+' } }],
    },
    {
      name: 'SPDX expression',
      licenses: ['GPL-3.0-only OR AFL 2.0 with Linux-syscall-note AND GPL-3.0-only'],
      want: [{ expression: 'GPL-3.0-only OR AFL-2.0 WITH Linux-syscall-note AND GPL-3.0-only' }],
    },
    {
      name: 'invalid SPDX expression',
      licenses: ['wrong-spdx-id OR GPL-3.0-only'],
      want: [{ license: { name: 'wrong-spdx-id OR GPL-3.0-only' } }],
    },
    {
      name: 'multiple SPDX IDs',
      licenses: ['AFL 2.0 with Linux-syscall-note', 'GPL-3.0-only OR MIT'],
      want: [{ expression: 'AFL-2.0 WITH Linux-syscall-note AND GPL-3.0-only OR MIT' }],
    },
    {
      name: 'multiple SPDX expressions',
      licenses: ['MIT', 'AFL 2.0'],
      want: [{ license: { id: 'MIT' } }, { license: { id: 'AFL-2.0' } }],
    },
    {
      name: 'SPDX ID + license name',
      licenses: ['MIT', 'license-name'],
      want: [{ license: { id: 'MIT' } }, { license: { name: 'license-name' } }],
    },
    {
      name: 'SPDX ID + SPDX exception',
      licenses: ['MIT', 'AFL 2.0 with Linux-Syscall-Note'],
      want: [{ expression: 'MIT AND AFL-2.0 WITH Linux-syscall-note' }],
    },
    {
      name: 'license normalization error',
      licenses: [
        'Copyright (c) 2000, 2025, Oracle and/or its affiliates. Under GPLv2 license as shown in the Description field.',
      ],
      want: [
        {
          license: {
            name: 'Copyright (c) 2000, 2025, Oracle and/or its affiliates. Under GPLv2 license as shown in the Description field.',
          },
        },
      ],
    },
    { name: 'empty license', licenses: [''], want: undefined },
  ];
  it.each(cases)('$name', ({ licenses, want }) => expect(cyclonedxLicenses(licenses)).toEqual(want));
});

/** A LicenseRef named by what it stands for. */
interface NamedOther {
  readonly ref: string;
  readonly name: string;
  readonly extractedText: string;
  readonly comment?: string;
}

/** Our result with each LicenseRef id replaced by `LicenseRef[name]` (`LicenseRef[text:...]` for license text). */
function named(result: SpdxLicense): { expression: string | undefined; others: NamedOther[] } {
  const refs = new Map(
    result.others.map((o) => [
      o.licenseId,
      `LicenseRef[${o.name === 'NOASSERTION' ? `text:${o.extractedText}` : o.name}]`,
    ]),
  );
  const others = result.others
    .map((o) => ({
      ref: refs.get(o.licenseId) ?? '',
      name: o.name,
      extractedText: o.extractedText,
      comment: o.comment,
    }))
    .map((o) => (o.comment === undefined ? { ref: o.ref, name: o.name, extractedText: o.extractedText } : o))
    .sort((a, b) => (a.ref < b.ref ? -1 : 1));
  let expression = result.expression;
  for (const [id, ref] of refs) expression = expression?.replaceAll(id, ref);
  return { expression, others };
}

const TEXT_COMMENT =
  'The license text represents text found in package metadata and may not represent the full text of the license';
const licensedUnder = (name: string): NamedOther => ({
  ref: `LicenseRef[${name}]`,
  name,
  extractedText: `This component is licensed under "${name}"`,
});
const text = (content: string): NamedOther => ({
  ref: `LicenseRef[text:${content}]`,
  name: 'NOASSERTION',
  extractedText: content,
  comment: TEXT_COMMENT,
});

describe('spdxLicense (TestMarshaler_normalizeLicenses)', () => {
  const cases: { name: string; input: string[]; want: string; others?: NamedOther[] }[] = [
    { name: 'happy path', input: ['GPLv2+'], want: 'GPL-2.0-or-later' },
    {
      name: 'happy path with multi license',
      input: ['GPLv2+', 'GPLv3+', 'BSD-4-Clause'],
      want: 'GPL-2.0-or-later AND GPL-3.0-or-later AND BSD-4-Clause',
    },
    {
      name: 'happy path with OR operator',
      input: ['GPLv2+', 'LGPL 2.0 or GNU LESSER'],
      want: 'GPL-2.0-or-later AND (LGPL-2.0-only OR LGPL-2.1-only)',
    },
    {
      name: 'happy path with OR operator with non-SPDX license',
      input: ['GPLv2+', 'wrong-license or unknown-license'],
      want: 'GPL-2.0-or-later AND (LicenseRef[wrong-license] OR LicenseRef[unknown-license])',
      others: [licensedUnder('unknown-license'), licensedUnder('wrong-license')],
    },
    {
      name: 'happy path with AND operator',
      input: ['GPLv2+', 'LGPL 2.0 and GNU LESSER'],
      want: 'GPL-2.0-or-later AND LGPL-2.0-only AND LGPL-2.1-only',
    },
    {
      name: 'happy path with WITH operator',
      input: [
        'GPLv2',
        'AFL 3.0 with wrong-exceptions',
        'LGPL 2.0 and unknown-license and GNU LESSER',
        'AFL 3.0 with Autoconf-exception-3.0',
      ],
      want: 'GPL-2.0-only AND LicenseRef[AFL-3.0 WITH wrong-exceptions] AND LGPL-2.0-only AND LicenseRef[unknown-license] AND LGPL-2.1-only AND AFL-3.0 WITH Autoconf-exception-3.0',
      others: [licensedUnder('AFL-3.0 WITH wrong-exceptions'), licensedUnder('unknown-license')],
    },
    {
      name: 'happy path with non-SPDX exception',
      input: ['AFL 2.0', 'AFL 3.0 with wrong-exceptions'],
      want: 'AFL-2.0 AND LicenseRef[AFL-3.0 WITH wrong-exceptions]',
      others: [licensedUnder('AFL-3.0 WITH wrong-exceptions')],
    },
    {
      name: 'happy path with incorrect cases for license and exception',
      input: ['afl 3.0 with autoCONF-exception-3.0'],
      want: 'AFL-3.0 WITH Autoconf-exception-3.0',
    },
    {
      name: 'happy path with text of license',
      input: [
        'text://Redistribution and use in source and binary forms, with or without',
        'AFL 2.0',
        'unknown-license',
      ],
      want: 'LicenseRef[text:Redistribution and use in source and binary forms, with or without] AND AFL-2.0 AND LicenseRef[unknown-license]',
      others: [
        text('Redistribution and use in source and binary forms, with or without'),
        licensedUnder('unknown-license'),
      ],
    },
    {
      name: 'TestMarshaler_Marshal: happy path with various licenses',
      input: [
        'text://BSD-4-clause',
        'BSD-4-clause or LGPL-2.0-only',
        'AFL 3.0 with wrong-exceptions',
        'AFL 3.0 with Autoconf-exception-3.0',
        'text://UNKNOWN',
        'UNKNOWN',
      ],
      want: 'LicenseRef[text:BSD-4-clause] AND (BSD-4-Clause OR LGPL-2.0-only) AND LicenseRef[AFL-3.0 WITH wrong-exceptions] AND AFL-3.0 WITH Autoconf-exception-3.0 AND LicenseRef[text:UNKNOWN] AND LicenseRef[UNKNOWN]',
      others: [
        licensedUnder('AFL-3.0 WITH wrong-exceptions'),
        licensedUnder('UNKNOWN'),
        text('BSD-4-clause'),
        text('UNKNOWN'),
      ],
    },
  ];
  it.each(cases)('$name', ({ input, want, others = [] }) => {
    expect(named(spdxLicense(input))).toEqual({ expression: want, others });
  });

  it('writes NOASSERTION for a package without licenses (TestMarshaler_Marshal)', () => {
    expect(spdxLicense([])).toEqual({ expression: 'NOASSERTION', others: [] });
  });

  it('gives a license outside the SPDX list the same LicenseRef in every package, and text another one', () => {
    const [a, b, c] = [spdxLicense(['custom']), spdxLicense(['MIT', 'custom']), spdxLicense(['text://custom'])];
    expect(a.others[0]?.licenseId).toMatch(/^LicenseRef-[0-9a-f]{16}$/);
    expect(b.others[0]?.licenseId).toBe(a.others[0]?.licenseId);
    expect(c.others[0]?.licenseId).not.toBe(a.others[0]?.licenseId);
  });
});
