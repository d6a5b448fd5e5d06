// VEX documents (`--vex FILE`): OpenVEX, CycloneDX VEX and CSAF VEX, read into one list of statements
// (vulnerability, product purls, status, justification). A finding whose purl a statement names, directly or
// as a subcomponent of a product, takes the statement's status; `not_affected` and `fixed` suppress it, as
// in Trivy (pkg/vex). Later statements override earlier ones. A file that is not one of the three formats,
// or not JSON, is a UsageError naming the file (and the line, for bad JSON).
import { readFileSync } from 'node:fs';
import type { PackageURL } from 'packageurl-js';
import { LineCounter, parseDocument } from 'yaml';
import { UsageError } from '../errors.js';
import type { Finding, SuppressionStatus } from '../types.js';
import { parsePurl, purlMatches } from './ignore-file.js';

export type VexStatus = SuppressionStatus | 'affected';

export interface VexStatement {
  readonly vulnerability: string;
  /** Purls the statement is about; a finding's purl must match one of them. */
  readonly purls: readonly PackageURL[];
  readonly status: VexStatus;
  readonly justification?: string;
  readonly statement: string;
}

export interface VexDocument {
  readonly file: string;
  readonly statements: readonly VexStatement[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const purls = (values: readonly (string | undefined)[]): PackageURL[] =>
  values.map((v) => parsePurl(v)).filter((p): p is PackageURL => p !== undefined);

const OPENVEX_STATUS: Readonly<Record<string, VexStatus>> = {
  not_affected: 'not_affected',
  fixed: 'fixed',
  affected: 'affected',
  under_investigation: 'under_investigation',
};

/** OpenVEX: statements with products (purl `@id`s, identifiers.purl) and their subcomponents. */
function openVex(doc: Json): VexStatement[] {
  return list(doc.statements).flatMap((raw): VexStatement[] => {
    if (!isObject(raw)) return [];
    const v = raw.vulnerability;
    const name = isObject(v) ? text(v.name) : text(v);
    const status = OPENVEX_STATUS[text(raw.status) ?? ''];
    if (!name || !status) return [];
    const aliases = isObject(v) ? list(v.aliases).map(text) : [];
    const productIds = (p: unknown): (string | undefined)[] =>
      isObject(p) ? [text(p['@id']), isObject(p.identifiers) ? text(p.identifiers.purl) : undefined] : [text(p)];
    const targets = list(raw.products).flatMap((product) => {
      const subs = isObject(product) ? list(product.subcomponents) : [];
      // A product with subcomponents speaks about those components inside it; without, about itself.
      return subs.length > 0 ? subs.flatMap(productIds) : productIds(product);
    });
    const statement = text(raw.impact_statement) ?? text(raw.status_notes) ?? text(raw.action_statement) ?? '';
    return [name, ...aliases]
      .filter((id): id is string => id !== undefined)
      .map((id) => ({
        vulnerability: id,
        purls: purls(targets),
        status,
        justification: text(raw.justification),
        statement,
      }));
  });
}

const CDX_STATE: Readonly<Record<string, VexStatus>> = {
  not_affected: 'not_affected',
  false_positive: 'not_affected',
  resolved: 'fixed',
  resolved_with_pedigree: 'fixed',
  exploitable: 'affected',
  in_triage: 'under_investigation',
};
/** CycloneDX justifications in OpenVEX's words (the closest one). */
const CDX_JUSTIFICATION: Readonly<Record<string, string>> = {
  code_not_present: 'vulnerable_code_not_present',
  code_not_reachable: 'vulnerable_code_not_in_execute_path',
  requires_configuration: 'vulnerable_code_cannot_be_controlled_by_adversary',
  requires_dependency: 'component_not_present',
  requires_environment: 'vulnerable_code_cannot_be_controlled_by_adversary',
  protected_by_compiler: 'inline_mitigations_already_exist',
  protected_at_runtime: 'inline_mitigations_already_exist',
  protected_at_perimeter: 'inline_mitigations_already_exist',
  protected_by_mitigating_control: 'inline_mitigations_already_exist',
};

/** CycloneDX VEX: vulnerabilities with an analysis, affecting refs (purls, bom-refs or BOM-Links to them). */
function cyclonedxVex(doc: Json): VexStatement[] {
  const refPurl = new Map<string, string>();
  for (const c of list(doc.components)) {
    if (isObject(c) && text(c['bom-ref']) && text(c.purl)) refPurl.set(c['bom-ref'] as string, c.purl as string);
  }
  return list(doc.vulnerabilities).flatMap((raw): VexStatement[] => {
    if (!isObject(raw) || !isObject(raw.analysis)) return [];
    const id = text(raw.id);
    const status = CDX_STATE[text(raw.analysis.state) ?? ''];
    if (!id || !status) return [];
    const refs = list(raw.affects).map((a) => {
      const ref = isObject(a) ? (text(a.ref) ?? '') : '';
      // BOM-Link `urn:cdx:serial/version#bom-ref`: the fragment is the ref inside the linked BOM.
      const local = ref.startsWith('urn:cdx:') ? decodeURIComponent(ref.slice(ref.indexOf('#') + 1)) : ref;
      return refPurl.get(local) ?? local;
    });
    const justification = text(raw.analysis.justification);
    return [
      {
        vulnerability: id,
        purls: purls(refs),
        status,
        justification: justification ? (CDX_JUSTIFICATION[justification] ?? justification) : undefined,
        statement: text(raw.analysis.detail) ?? '',
      },
    ];
  });
}

/** CSAF product ids → purls, through the product tree's branches and its relationships. */
function csafProducts(tree: unknown): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (id: string | undefined, purl: string | undefined) => {
    if (id && purl) out.set(id, [...(out.get(id) ?? []), purl]);
  };
  const product = (p: unknown) => {
    if (!isObject(p)) return;
    const helper = isObject(p.product_identification_helper) ? p.product_identification_helper : {};
    add(text(p.product_id), text(helper.purl));
  };
  const walk = (branches: unknown) => {
    for (const b of list(branches)) {
      if (!isObject(b)) continue;
      product(b.product);
      walk(b.branches);
    }
  };
  if (!isObject(tree)) return out;
  walk(tree.branches);
  for (const p of list(tree.full_product_names)) product(p);
  // A relationship names a component (product_reference) inside a product: its id stands for the component.
  for (const r of list(tree.relationships)) {
    if (!isObject(r) || !isObject(r.full_product_name)) continue;
    const id = text(r.full_product_name.product_id);
    for (const purl of out.get(text(r.product_reference) ?? '') ?? []) add(id, purl);
  }
  return out;
}

const CSAF_STATUS: readonly [string, VexStatus][] = [
  ['known_not_affected', 'not_affected'],
  ['fixed', 'fixed'],
  ['first_fixed', 'fixed'],
  ['under_investigation', 'under_investigation'],
  ['known_affected', 'affected'],
];

function csafVex(doc: Json): VexStatement[] {
  const products = csafProducts(doc.product_tree);
  return list(doc.vulnerabilities).flatMap((raw): VexStatement[] => {
    if (!isObject(raw)) return [];
    const ids = [text(raw.cve), ...list(raw.ids).map((i) => (isObject(i) ? text(i.text) : undefined))].filter(
      (i): i is string => i !== undefined,
    );
    const status = isObject(raw.product_status) ? raw.product_status : {};
    const flagFor = (productId: string) =>
      list(raw.flags).find((f) => isObject(f) && list(f.product_ids).includes(productId)) as Json | undefined;
    const threatFor = (productId: string) =>
      list(raw.threats).find(
        (t) => isObject(t) && t.category === 'impact' && list(t.product_ids).includes(productId),
      ) as Json | undefined;
    return CSAF_STATUS.flatMap(([key, vexStatus]) =>
      list(status[key]).flatMap((pid) => {
        const productId = text(pid) ?? '';
        const targets = purls(products.get(productId) ?? []);
        return ids.map((id) => ({
          vulnerability: id,
          purls: targets,
          status: vexStatus,
          justification: text(flagFor(productId)?.label),
          statement: text(threatFor(productId)?.details) ?? '',
        }));
      }),
    );
  });
}

/**
 * The line of a JSON syntax error: from the message where Node gives a position, else where a YAML parse
 * of the same text (JSON is YAML) first fails, else the last line for text that ends too soon.
 */
function errorLine(source: string, message: string): number {
  const line = /line (\d+)/.exec(message)?.[1];
  if (line) return Number(line);
  const position = /position (\d+)/.exec(message)?.[1];
  if (position) return source.slice(0, Number(position)).split('\n').length;
  const counter = new LineCounter();
  const first = parseDocument(source, { lineCounter: counter }).errors[0];
  if (first) return counter.linePos(first.pos[0]).line;
  return /end of JSON input/.test(message) ? source.split('\n').length : 1;
}

/** Parses a VEX document's text; `file` names it in errors. */
export function parseVex(source: string, file: string): VexDocument {
  let doc: unknown;
  try {
    doc = JSON.parse(source);
  } catch (error) {
    const message = (error as Error).message.split('\n')[0] ?? '';
    throw new UsageError(`${file}:${errorLine(source, message)}: not valid JSON (${message})`);
  }
  if (!isObject(doc)) throw new UsageError(`${file}:1: a VEX document must be a JSON object`);
  if (typeof doc['@context'] === 'string' && doc['@context'].includes('openvex')) {
    return { file, statements: openVex(doc) };
  }
  if (doc.bomFormat === 'CycloneDX') return { file, statements: cyclonedxVex(doc) };
  if (isObject(doc.document) && doc.document.category === 'csaf_vex') return { file, statements: csafVex(doc) };
  throw new UsageError(`${file}: not an OpenVEX, CycloneDX VEX or CSAF VEX document`);
}

/** `--vex` values that name a source of Trivy's other than a file (pkg/vex/vex.go); barnacle reads files. */
const VEX_SOURCES: Readonly<Record<string, string>> = {
  repo: 'VEX repositories',
  repository: 'VEX repositories',
  oci: 'VEX attestations in the registry',
  'sbom-ref': "VEX documents an SBOM's external references point to",
};

export function loadVex(file: string): VexDocument {
  const kind = VEX_SOURCES[file];
  if (kind) {
    throw new UsageError(`--vex ${file}: ${kind} are not supported; give OpenVEX, CycloneDX or CSAF VEX files`);
  }
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--vex ${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
  return parseVex(source, file);
}

/** The last statement of `doc` about `finding` (by id or vendor id, and purl), if any. */
export function vexStatementFor(doc: VexDocument, finding: Finding): VexStatement | undefined {
  const purl = parsePurl(finding.purl);
  if (!purl) return undefined;
  const ids = new Set([finding.vulnerabilityId, ...(finding.vendorIds ?? [])]);
  let found: VexStatement | undefined;
  for (const s of doc.statements) {
    if (ids.has(s.vulnerability) && s.purls.some((p) => purlMatches(p, purl))) found = s;
  }
  return found;
}
