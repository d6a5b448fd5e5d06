// License expressions as Trivy parses and normalises them when it writes an SBOM (pkg/licensing/expression:
// lexer.go, parser.go.y, types.go, expression.go; pkg/licensing/normalize.go NormalizeLicenseExpression): OR binds
// loosest, then AND, then WITH (right to left); words in a row are one license (`Public Domain`), a `+` after a
// license means "or later". The SBOM writers decide from the result whether a license is an SPDX id, an SPDX
// expression or a name of its own.
import { LICENSE_MAPPING } from '../licensing/mapping.js';
import { normalizeSimple, standardizeName } from '../licensing/normalize.js';
import { GNU_LICENSES, SPDX_LICENSE_IDS } from '../licensing/spdx-ids.js';
import { SPDX_EXCEPTION_IDS } from './spdx-exceptions.js';

/** The conjunctions, in Trivy's token order: the higher binds tighter. */
const PRECEDENCE = { OR: 1, AND: 2, WITH: 3 } as const;
export type Conjunction = keyof typeof PRECEDENCE;

/** A license (Trivy's SimpleExpr) or two expressions joined (CompoundExpr). */
export type LicenseExpr =
  | { readonly kind: 'simple'; readonly license: string; readonly plus: boolean }
  | {
      readonly kind: 'compound';
      readonly left: LicenseExpr;
      readonly conjunction: Conjunction;
      /** The conjunction as written; normalisation writes it in upper case. */
      readonly literal: string;
      readonly right: LicenseExpr;
    };

export const simpleLicense = (license: string, plus = false): LicenseExpr => ({ kind: 'simple', license, plus });

/** The text of an expression: GNU licenses with `-only` / `-or-later`, parentheses where precedence needs them. */
export function expressionString(expr: LicenseExpr): string {
  if (expr.kind === 'simple') {
    if (GNU_LICENSES.has(expr.license)) return `${expr.license}${expr.plus ? '-or-later' : '-only'}`;
    return expr.plus ? `${expr.license}+` : expr.license;
  }
  const side = (e: LicenseExpr) =>
    e.kind === 'compound' && PRECEDENCE[expr.conjunction] > PRECEDENCE[e.conjunction]
      ? `(${expressionString(e)})`
      : expressionString(e);
  return `${side(expr.left)} ${expr.literal} ${side(expr.right)}`;
}

const SPDX_IDS = new Set(SPDX_LICENSE_IDS.map((id) => id.toLowerCase()));
/** Exception ids by their upper-case form (Trivy's spdxExceptions). */
const SPDX_EXCEPTIONS = new Map(SPDX_EXCEPTION_IDS.map((id) => [id.toUpperCase(), id]));

/** Whether an expression holds only SPDX license ids (any case) and, after WITH, SPDX exception ids. */
export function isSpdxExpression(expr: LicenseExpr): boolean {
  if (expr.kind === 'simple') return SPDX_IDS.has(expressionString(expr).toLowerCase());
  if (expr.conjunction === 'WITH') {
    return isSpdxExpression(expr.left) && SPDX_EXCEPTIONS.has(expressionString(expr.right).toUpperCase());
  }
  return isSpdxExpression(expr.left) && isSpdxExpression(expr.right);
}

/** Go's unicode.IsSpace. */
const SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u;
const isParen = (c: string | undefined) => c === '(' || c === ')';

/** The words of a license field as Trivy's lexer splits them: `(`, `)` and a `+` that ends a word stand alone. */
function tokens(text: string): string[] {
  const chars = [...text];
  const out: string[] = [];
  let pos = 0;
  while (pos < chars.length) {
    while (pos < chars.length && SPACE.test(chars[pos] as string)) pos++;
    if (pos >= chars.length) break;
    const first = chars[pos] as string;
    if (isParen(first) || first === '+') {
      out.push(first);
      pos++;
      continue;
    }
    const start = pos;
    let end = chars.length;
    let next = chars.length;
    for (let i = start; i < chars.length; i++) {
      const c = chars[i] as string;
      if (isParen(c)) {
        [end, next] = [i, i];
        break;
      }
      if (c === '+') {
        if (i + 1 >= chars.length) {
          [end, next] = [i, i];
          break;
        }
        // The character after a `+` is looked at and then stepped over, as the lexer's peek does.
        const peek = chars[i + 1] as string;
        if (SPACE.test(peek) || isParen(peek)) {
          [end, next] = [i, i];
          break;
        }
        i++;
        continue;
      }
      if (SPACE.test(c)) {
        [end, next] = [i, i + 1];
        break;
      }
    }
    out.push(chars.slice(start, end).join(''));
    pos = next;
  }
  return out;
}

/** Thrown for a field the grammar does not take; callers keep the field as written. */
class ParseFailure extends Error {}

const conjunctionOf = (word: string | undefined): Conjunction | undefined => {
  const upper = word?.toUpperCase();
  return upper === 'OR' || upper === 'AND' || upper === 'WITH' ? upper : undefined;
};

/** Trivy's grammar (parser.go.y) by precedence climbing; null when the field is not an expression. */
export function parseLicenseExpression(text: string): LicenseExpr | null {
  const words = tokens(text);
  let at = 0;
  const isWord = (w: string | undefined) => w !== undefined && w !== '(' && w !== ')' && w !== '+' && !conjunctionOf(w);
  const operand = (): LicenseExpr => {
    const word = words[at];
    if (word === '(') {
      at++;
      const inner = disjunction();
      if (words[at] !== ')') throw new ParseFailure();
      at++;
      return inner;
    }
    if (!isWord(word)) throw new ParseFailure();
    let simple = simpleLicense(word as string);
    at++;
    // `simple IDENT`: the words after a license join it, after its text (`GPL-2.0` becomes `GPL-2.0-only x`).
    while (isWord(words[at])) simple = simpleLicense(`${expressionString(simple)} ${words[at++]}`);
    if (words[at] === '+') {
      at++;
      return simpleLicense(expressionString(simple), true);
    }
    return simple;
  };
  const joined = (left: LicenseExpr, conjunction: Conjunction, right: LicenseExpr, literal: string): LicenseExpr => ({
    kind: 'compound',
    left,
    conjunction,
    literal,
    right,
  });
  const withExpr = (): LicenseExpr => {
    const left = operand();
    const literal = words[at];
    if (conjunctionOf(literal) !== 'WITH') return left;
    at++;
    return joined(left, 'WITH', withExpr(), literal as string);
  };
  const conjunctionExpr = (): LicenseExpr => {
    let left = withExpr();
    while (conjunctionOf(words[at]) === 'AND') {
      const literal = words[at++] as string;
      left = joined(left, 'AND', withExpr(), literal);
    }
    return left;
  };
  function disjunction(): LicenseExpr {
    let left = conjunctionExpr();
    while (conjunctionOf(words[at]) === 'OR') {
      const literal = words[at++] as string;
      left = joined(left, 'OR', conjunctionExpr(), literal);
    }
    return left;
  }
  try {
    const expr = disjunction();
    return at === words.length ? expr : null;
  } catch (error) {
    if (error instanceof ParseFailure) return null;
    throw error;
  }
}

/** One normalisation step (Trivy's NormalizeFunc). */
export type NormalizeStep = (expr: LicenseExpr) => LicenseExpr;

/** A step applied to an expression and then to the sides of what it gives; conjunctions in upper case. */
function normalized(expr: LicenseExpr, step: NormalizeStep): LicenseExpr {
  const out = step(expr);
  if (out.kind === 'simple') return out;
  return {
    ...out,
    left: normalized(out.left, step),
    right: normalized(out.right, step),
    literal: out.literal.toUpperCase(),
  };
}

/** A field parsed and normalised by each step in turn (Trivy's expression.Normalize); null if it does not parse. */
export function normalizeExpression(text: string, ...steps: readonly NormalizeStep[]): LicenseExpr | null {
  let expr = parseLicenseExpression(text);
  if (!expr) return null;
  for (const step of steps) expr = normalized(expr, step);
  return expr;
}

/**
 * Names as Trivy's NormalizeLicenseExpression: each license looked up as the analyzers normalise names, and a
 * `X WITH Y` whose whole text is a name of Trivy's table replaced by its id.
 */
export const normalizeLicenseNames: NormalizeStep = (expr) => {
  if (expr.kind === 'simple') {
    const { license, plus } = normalizeSimple(expr.license, expr.plus);
    return simpleLicense(license, plus);
  }
  if (expr.conjunction !== 'WITH') return expr;
  const standard = standardizeName(expressionString(expr));
  const mapped = LICENSE_MAPPING.get(standard.license);
  return mapped ? simpleLicense(mapped.license, mapped.plus || standard.plus) : expr;
};

/**
 * Trivy's NormalizeForSPDX: an SPDX id holds only letters, digits, `-`, `.` (and `:`), anything else becomes `-`;
 * the exception after WITH is written as the SPDX list spells it.
 */
export const normalizeForSpdx: NormalizeStep = (expr) => {
  if (expr.kind === 'simple') return simpleLicense(expr.license.replace(/[^A-Za-z\p{N}.:-]/gu, '-'), expr.plus);
  if (expr.conjunction === 'WITH') {
    const exception = SPDX_EXCEPTIONS.get(expressionString(expr.right).toUpperCase());
    if (exception !== undefined) return { ...expr, right: simpleLicense(exception) };
  }
  return expr;
};

/** Trivy's prefix of a license field that holds license text rather than a name (licensing.LicenseTextPrefix). */
export const LICENSE_TEXT_PREFIX = 'text://';

/** A license name with `-with-` written as the SPDX operator (`GPL-3.0-with-autoconf-exception`). */
export const withOperator = (license: string): string =>
  license.replaceAll('-with-', ' WITH ').replaceAll('-WITH-', ' WITH ');
