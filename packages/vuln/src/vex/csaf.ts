/**
 * CSAF 2.0 VEX reader (`document.category: csaf_vex`; other CSAF categories with `vulnerabilities`
 * are read the same way). Product ids are resolved through the `product_tree`: branches (with the
 * vendor / product name / product version on the path), `full_product_names` and `relationships`
 * (a composed product such as "component X installed on device Y" resolves to X), and each
 * product's `product_identification_helper` (purl, CPE). Product groups expand to their members.
 *
 * Status mapping: `known_affected`, `first_affected`, `last_affected` → affected;
 * `known_not_affected` → not_affected; `fixed`, `first_fixed` → fixed; `under_investigation` stays.
 * A `flags[].label` (e.g. `vulnerable_code_not_present`) is the justification, an `impact` threat's
 * `details` the impact statement, and remediations the action statement.
 *
 * @requirement SEC-07 the supplier's exploitability statement (VEX) is kept with each finding
 */
import {
  pointer,
  type VexLoad,
  type VexProblem,
  type VexProduct,
  type VexStatement,
  type VexStatus,
} from "./model.js";

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" && v.length > 0 ? v : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const strings = (v: unknown): string[] => arr(v).filter((x): x is string => typeof x === "string");

const STATUS: readonly [string, VexStatus][] = [
  ["known_affected", "affected"],
  ["first_affected", "affected"],
  ["last_affected", "affected"],
  ["known_not_affected", "not_affected"],
  ["fixed", "fixed"],
  ["first_fixed", "fixed"],
  ["under_investigation", "under_investigation"],
];

/** True when the value looks like a CSAF 2.x document. */
export function isCsaf(value: unknown): boolean {
  return isObj(value) && isObj(value.document) && typeof value.document.csaf_version === "string";
}

function helperIds(helper: unknown): Partial<VexProduct> {
  if (!isObj(helper)) return {};
  const purl = str(helper.purl) ?? strings(helper.purls)[0];
  const cpe = str(helper.cpe);
  return { ...(purl ? { purl } : {}), ...(cpe ? { cpe } : {}) };
}

/** Map every product id of the tree to its identities. */
function resolveProductTree(tree: unknown): {
  products: Map<string, VexProduct>;
  groups: Map<string, string[]>;
} {
  const products = new Map<string, VexProduct>();
  const groups = new Map<string, string[]>();
  if (!isObj(tree)) return { products, groups };
  const walk = (branches: unknown, path: Record<string, string>, depth: number) => {
    if (depth > 64) return;
    for (const b of arr(branches)) {
      if (!isObj(b)) continue;
      const here = { ...path };
      const cat = str(b.category);
      const name = str(b.name);
      if (cat && name) here[cat] = name;
      if (isObj(b.product) && str(b.product.product_id)) {
        const id = b.product.product_id as string;
        const productName = here.product_name ?? str(b.product.name);
        const version = here.product_version ?? here.product_version_range;
        products.set(id, {
          id,
          ...helperIds(b.product.product_identification_helper),
          ...(productName ? { name: productName } : {}),
          ...(version ? { version } : {}),
        });
      }
      walk(b.branches, here, depth + 1);
    }
  };
  walk(tree.branches, {}, 0);
  for (const p of arr(tree.full_product_names))
    if (isObj(p) && str(p.product_id)) {
      const id = p.product_id as string;
      products.set(id, {
        id,
        ...helperIds(p.product_identification_helper),
        ...(str(p.name) ? { name: p.name as string } : {}),
      });
    }
  for (const r of arr(tree.relationships)) {
    if (!isObj(r) || !isObj(r.full_product_name) || !str(r.full_product_name.product_id)) continue;
    const id = r.full_product_name.product_id as string;
    const component = str(r.product_reference) ? products.get(r.product_reference as string) : undefined;
    const own = helperIds(r.full_product_name.product_identification_helper);
    products.set(id, { ...(component ?? {}), ...own, id });
  }
  for (const g of arr(tree.product_groups))
    if (isObj(g) && str(g.group_id)) groups.set(g.group_id as string, strings(g.product_ids));
  return { products, groups };
}

/**
 * Read the VEX statements of a CSAF 2.0 document (JSON-decoded).
 *
 * @example
 * ```ts
 * const { statements, problems } = parseCsafVex(JSON.parse(text), "csaf.json");
 * ```
 */
export function parseCsafVex(value: unknown, file = "<input>"): VexLoad {
  const problems: VexProblem[] = [];
  const statements: VexStatement[] = [];
  if (!isCsaf(value)) {
    problems.push({
      file,
      pointer: "/document",
      code: "VEX_FORMAT",
      severity: "error",
      message: `${file}: not a CSAF document (no document.csaf_version)`,
    });
    return { format: "csaf", statements, problems };
  }
  const doc = value as Json & { document: Json };
  const tracking = isObj(doc.document.tracking) ? doc.document.tracking : {};
  const docTime = str(tracking.current_release_date);
  const docId = str(tracking.id);
  const publisher = isObj(doc.document.publisher) ? str(doc.document.publisher.name) : undefined;
  const { products, groups } = resolveProductTree(doc.product_tree);
  const expand = (o: Json): string[] => [
    ...strings(o.product_ids),
    ...strings(o.group_ids).flatMap((g) => groups.get(g) ?? []),
  ];
  for (const [vi, v] of arr(doc.vulnerabilities).entries()) {
    const where = pointer("vulnerabilities", vi);
    if (!isObj(v)) {
      problems.push({
        file,
        pointer: where,
        code: "VEX_INVALID",
        severity: "error",
        message: `${file}: ${where} is not an object`,
      });
      continue;
    }
    const ids = arr(v.ids).flatMap((x) => (isObj(x) && str(x.text) ? [x.text as string] : []));
    const vulnId = str(v.cve) ?? ids[0];
    if (!vulnId) {
      problems.push({
        file,
        pointer: `${where}/cve`,
        code: "VEX_INVALID",
        severity: "error",
        message: `${file}: ${where} has neither "cve" nor "ids"`,
      });
      continue;
    }
    const aliases = ids.filter((x) => x !== vulnId);
    const perProduct = (
      list: unknown,
      field: "details" | "label",
    ): Map<string, { text: string; date?: string }> => {
      const m = new Map<string, { text: string; date?: string }>();
      for (const item of arr(list)) {
        if (!isObj(item)) continue;
        const text = str(item[field]);
        if (!text) continue;
        const date = str(item.date);
        for (const pid of expand(item)) if (!m.has(pid)) m.set(pid, { text, ...(date ? { date } : {}) });
      }
      return m;
    };
    const flags = perProduct(v.flags, "label");
    const impacts = perProduct(
      arr(v.threats).filter((t) => isObj(t) && t.category === "impact"),
      "details",
    );
    const remediations = perProduct(v.remediations, "details");
    const status = isObj(v.product_status) ? v.product_status : {};
    for (const [key, mapped] of STATUS) {
      for (const [pi, pid] of strings(status[key]).entries()) {
        const product = products.get(pid);
        if (!product)
          problems.push({
            file,
            pointer: `${where}/product_status/${key}/${pi}`,
            code: "VEX_UNRESOLVED_PRODUCT",
            severity: "warning",
            message: `${file}: product id "${pid}" in ${where}/product_status/${key} is not in the product_tree`,
          });
        const flag = flags.get(pid);
        const impact = impacts.get(pid);
        const action = remediations.get(pid);
        const timestamp = flag?.date ?? impact?.date ?? docTime;
        statements.push({
          format: "csaf",
          vulnerability: vulnId,
          aliases,
          products: [product ?? { id: pid }],
          status: mapped,
          sourceStatus: key,
          ...(flag ? { justification: flag.text } : {}),
          ...(impact ? { impactStatement: impact.text } : {}),
          ...(action ? { actionStatement: action.text } : {}),
          ...(publisher ? { author: publisher } : {}),
          ...(timestamp ? { timestamp } : {}),
          ...(docId ? { documentId: docId } : {}),
          source: `${file}#${where}/product_status/${key}/${pi}`,
        });
      }
    }
  }
  return { format: "csaf", statements, problems };
}
