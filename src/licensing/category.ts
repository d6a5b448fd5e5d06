// License classification as Trivy's license scanner (pkg/licensing/scanner.go): a license name is parsed and
// normalised as an expression, each license looked up (any case, with and without its `-only` / `-or-later` /
// `+` suffix) in the category lists, and the category gives the severity. `AND` takes the more severe side, `OR`
// the less severe, `WITH` is looked up as one name, and an unknown side makes the whole expression unknown.
// A `text://` license (a license text, not a name) is matched against the lists' `text://<regexp>` entries.
import {
  expressionString,
  type LicenseExpr,
  normalizeExpression,
  normalizeLicenseNames,
} from '../report/license-expression.js';
import type { Severity } from '../types.js';
import type { LicenseCategory } from './types.js';

export type { LicenseCategory } from './types.js';

/** The categories a user can fill (trivy.yaml `license.<category>`), in the order they are looked up. */
export const LICENSE_CATEGORY_NAMES = [
  'forbidden',
  'restricted',
  'reciprocal',
  'notice',
  'permissive',
  'unencumbered',
] as const satisfies readonly LicenseCategory[];
export type ConfigurableCategory = (typeof LICENSE_CATEGORY_NAMES)[number];

/** The license names of each category. */
export type LicenseCategories = Readonly<Record<ConfigurableCategory, readonly string[]>>;

/** Severity per category (Trivy's categoryToSeverity). */
const CATEGORY_SEVERITY: Readonly<Record<LicenseCategory, Severity>> = {
  forbidden: 'CRITICAL',
  restricted: 'HIGH',
  reciprocal: 'MEDIUM',
  notice: 'LOW',
  permissive: 'LOW',
  unencumbered: 'LOW',
  unknown: 'UNKNOWN',
};

/** Severity order of trivy-db (UNKNOWN lowest), for AND / OR. */
const RANK: Readonly<Record<Severity, number>> = { UNKNOWN: 0, LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };

/**
 * Trivy's default lists (pkg/licensing/expression/category.go, ported there from google/licenseclassifier's
 * license_type.go). GNU names are written without `-only` / `-or-later`: a license is looked up with and
 * without its suffix.
 */
// biome-ignore format: a table, several names a line
export const DEFAULT_LICENSE_CATEGORIES: LicenseCategories = {
  // Forbidden: licenses that must not be used (non-commercial CC, Commons Clause, Facebook's, AGPL, WTFPL).
  forbidden: [
    'AGPL-1.0', 'AGPL-3.0',
    'CC-BY-NC-1.0', 'CC-BY-NC-2.0', 'CC-BY-NC-2.5', 'CC-BY-NC-3.0', 'CC-BY-NC-4.0',
    'CC-BY-NC-ND-1.0', 'CC-BY-NC-ND-2.0', 'CC-BY-NC-ND-2.5', 'CC-BY-NC-ND-3.0', 'CC-BY-NC-ND-4.0',
    'CC-BY-NC-SA-1.0', 'CC-BY-NC-SA-2.0', 'CC-BY-NC-SA-2.5', 'CC-BY-NC-SA-3.0', 'CC-BY-NC-SA-4.0',
    'Commons-Clause', 'Facebook-2-Clause', 'Facebook-3-Clause', 'Facebook-Examples', 'WTFPL',
  ],
  // Restricted: shipping the code requires distributing the source (GPL family, CC-BY-ND/SA, OSL...).
  restricted: [
    'BCL',
    'CC-BY-ND-1.0', 'CC-BY-ND-2.0', 'CC-BY-ND-2.5', 'CC-BY-ND-3.0', 'CC-BY-ND-4.0',
    'CC-BY-SA-1.0', 'CC-BY-SA-2.0', 'CC-BY-SA-2.5', 'CC-BY-SA-3.0', 'CC-BY-SA-4.0',
    'GPL-1.0', 'GPL-2.0', 'GPL-2.0-with-autoconf-exception', 'GPL-2.0-with-bison-exception',
    'GPL-2.0-with-classpath-exception', 'GPL-2.0-with-font-exception', 'GPL-2.0-with-GCC-exception',
    'GPL-3.0', 'GPL-3.0-with-autoconf-exception', 'GPL-3.0-with-GCC-exception',
    'LGPL-2.0', 'LGPL-2.1', 'LGPL-3.0', 'NPL-1.0', 'NPL-1.1',
    'OSL-1.0', 'OSL-1.1', 'OSL-2.0', 'OSL-2.1', 'OSL-3.0', 'QPL-1.0', 'Sleepycat',
  ],
  // Reciprocal: free to use unmodified; modifications of the licensed code must be published.
  reciprocal: [
    'APSL-1.0', 'APSL-1.1', 'APSL-1.2', 'APSL-2.0', 'CDDL-1.0', 'CDDL-1.1', 'CPL-1.0', 'EPL-1.0', 'EPL-2.0',
    'FreeImage', 'IPL-1.0', 'MPL-1.0', 'MPL-1.1', 'MPL-2.0', 'Ruby',
  ],
  // Notice: few restrictions, but the copyright notice or an advertising clause must be kept.
  notice: [
    'AFL-1.1', 'AFL-1.2', 'AFL-2.0', 'AFL-2.1', 'AFL-3.0', 'Apache-1.0', 'Apache-1.1', 'Apache-2.0',
    'Artistic-1.0-cl8', 'Artistic-1.0-Perl', 'Artistic-1.0', 'Artistic-2.0', 'BSL-1.0',
    'BSD-1-Clause', 'BSD-2-Clause-FreeBSD', 'BSD-2-Clause-NetBSD', 'BSD-2-Clause',
    'BSD-3-Clause-Attribution', 'BSD-3-Clause-Clear', 'BSD-3-Clause-LBNL', 'BSD-3-Clause',
    'BSD-4-Clause', 'BSD-4-Clause-UC', 'BSD-Protection',
    'CC-BY-1.0', 'CC-BY-2.0', 'CC-BY-2.5', 'CC-BY-3.0', 'CC-BY-4.0',
    'FTL', 'ISC', 'ImageMagick', 'Libpng', 'Lil-1.0', 'Linux-OpenIB', 'LPL-1.02', 'LPL-1.0', 'MS-PL', 'MIT',
    'NCSA', 'OpenSSL', 'PHP-3.01', 'PHP-3.0', 'PIL', 'Python-2.0', 'Python-2.0-complete', 'PostgreSQL',
    'SGI-B-1.0', 'SGI-B-1.1', 'SGI-B-2.0', 'Unicode-DFS-2015', 'Unicode-DFS-2016', 'Unicode-TOU', 'UPL-1.0',
    'W3C-19980720', 'W3C-20150513', 'W3C', 'X11', 'Xnet', 'Zend-2.0', 'zlib-acknowledgement', 'Zlib',
    'ZPL-1.1', 'ZPL-2.0', 'ZPL-2.1',
  ],
  // Permissive: even a copyright notice is not required. Trivy's default list is empty.
  permissive: [],
  // Unencumbered: free for any use.
  unencumbered: ['CC0-1.0', 'Unlicense', '0BSD'],
};

/** A license's category and severity (Trivy's DetectedLicense Category and Severity). */
export interface LicenseClass {
  readonly category: LicenseCategory;
  /** Empty when the name does not parse as a license expression (Trivy's Scan then gives no severity). */
  readonly severity: Severity | '';
}

/** Classifies license names and texts against category lists; answers are memoised per name. */
export interface LicenseClassifier {
  /** A license name or expression (Trivy's Scanner.Scan). */
  classify(name: string): LicenseClass;
  /** A license text (Trivy's ScanTextLicense): the first category with a `text://` pattern that matches it. */
  classifyText(text: string): LicenseClass;
}

/** Trivy's prefix of a category entry that is a regular expression over license texts. */
const TEXT_PREFIX = 'text://';

const UNKNOWN: LicenseClass = { category: 'unknown', severity: 'UNKNOWN' };

const classOf = (category: LicenseCategory): LicenseClass => ({ category, severity: CATEGORY_SEVERITY[category] });

/** A classifier over the given lists (the defaults unless trivy.yaml's `license.*` replace some). */
export function createLicenseClassifier(categories: LicenseCategories = DEFAULT_LICENSE_CATEGORIES): LicenseClassifier {
  const sets = LICENSE_CATEGORY_NAMES.map(
    (category) => [category, new Set(categories[category].map((name) => name.toLowerCase()))] as const,
  );
  const patterns = LICENSE_CATEGORY_NAMES.flatMap((category) =>
    categories[category].flatMap((entry) => {
      if (!entry.startsWith(TEXT_PREFIX)) return [];
      try {
        return [{ category, pattern: new RegExp(entry.slice(TEXT_PREFIX.length), 'u') }];
      } catch {
        return []; // Trivy skips a pattern that does not compile
      }
    }),
  );

  /** The category of one license, found by its text with and without the suffix (licenseToCategory). */
  const categoryOfNames = (...names: string[]): LicenseCategory => {
    const lower = names.map((name) => name.toLowerCase());
    for (const [category, set] of sets) if (lower.some((name) => set.has(name))) return category;
    return 'unknown';
  };

  const categoryOf = (expr: LicenseExpr): LicenseCategory => {
    if (expr.kind === 'simple') return categoryOfNames(expressionString(expr), expr.license);
    if (expr.conjunction === 'WITH') return categoryOfNames(expressionString(expr));
    const left = categoryOf(expr.left);
    const right = categoryOf(expr.right);
    if (left === 'unknown' || right === 'unknown') return 'unknown';
    const [l, r] = [RANK[CATEGORY_SEVERITY[left]], RANK[CATEGORY_SEVERITY[right]]];
    // lo.MaxBy keeps the left side on a tie.
    if (expr.conjunction === 'AND') return r > l ? right : left;
    return r < l ? right : left;
  };

  const memo = new Map<string, LicenseClass>();
  return {
    classify(name) {
      let found = memo.get(name);
      if (found === undefined) {
        const expr = normalizeExpression(name, normalizeLicenseNames);
        found = expr ? classOf(categoryOf(expr)) : { category: 'unknown', severity: '' };
        memo.set(name, found);
      }
      return found;
    },
    classifyText(text) {
      const match = patterns.find(({ pattern }) => pattern.test(text));
      return match ? classOf(match.category) : UNKNOWN;
    },
  };
}
