/**
 * Linear-time replacement for JSON Schema `uniqueItems`.
 *
 * Hand-written because ajv's own `uniqueItems` compares object items pairwise (ajv issue #623), which
 * makes validation of a 10,000-component CycloneDX document take about 40 s. Here each item gets a cheap
 * shallow key (sorted property names and scalar values); deep-equal items always share it, so distinct
 * keys prove uniqueness. Only items whose shallow keys collide are compared by their canonical JSON.
 *
 * @requirement SEC-04 SBOM validation must scale to real device SBOMs (tens of thousands of components)
 */

/** Canonical JSON (object keys sorted) so that deep-equal values give equal strings. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  let out = "{";
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (i > 0) out += ",";
    out += `${JSON.stringify(k)}:${canonicalJson(obj[k])}`;
  }
  return `${out}}`;
}

function shallowKey(value: unknown): string {
  if (value === null) return "n";
  switch (typeof value) {
    case "string":
      return `s${value}`;
    case "number":
      return `d${value}`;
    case "boolean":
      return value ? "t" : "f";
    default:
      break;
  }
  if (Array.isArray(value)) return `a${value.length}`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  let out = "o";
  for (const k of keys) {
    const v = obj[k];
    out += `\u0000${k}\u0001`;
    if (v === null || typeof v !== "object") out += `${typeof v}:${String(v)}`;
    else out += Array.isArray(v) ? `[${v.length}` : "{";
  }
  return out;
}

/**
 * Fast proof of uniqueness for arrays of objects: deep-equal objects agree on every key, so if some scalar
 * key of the first item (`bom-ref`, `ref`, `name`…) has a distinct value in every item, all items differ.
 * Tries at most three keys; one Set insert per item and key.
 */
function distinctByScalarKey(items: readonly unknown[], first: object): boolean {
  let tried = 0;
  for (const [key, value] of Object.entries(first)) {
    if (value === null || typeof value === "object") continue;
    if (++tried > 3) return false;
    const seen = new Set<unknown>();
    let ok = true;
    for (const item of items) {
      if (item === null || typeof item !== "object") return false;
      const v = (item as Record<string, unknown>)[key];
      if (v === undefined || v === null || typeof v === "object" || seen.has(v)) {
        ok = false;
        break;
      }
      seen.add(v);
    }
    if (ok) return true;
  }
  return false;
}

/**
 * Returns the indices `[i, j]` (i < j) of the first pair of deep-equal items, or `undefined` when all items
 * are distinct. Linear in the size of the array's content, except for items whose shallow keys collide.
 */
export function findDuplicate(items: readonly unknown[]): [number, number] | undefined {
  if (items.length < 2) return undefined;
  const first = items[0];
  if (typeof first === "string") {
    // Fast path: an array of strings (dependsOn, tags…).
    const seen = new Map<string, number>();
    let allStrings = true;
    for (let j = 0; j < items.length; j++) {
      const item = items[j];
      if (typeof item !== "string") {
        allStrings = false;
        break;
      }
      const i = seen.get(item);
      if (i !== undefined) return [i, j];
      seen.set(item, j);
    }
    if (allStrings) return undefined;
  } else if (
    first !== null &&
    typeof first === "object" &&
    !Array.isArray(first) &&
    distinctByScalarKey(items, first)
  ) {
    return undefined;
  }
  // shallow key -> first index with that key; on the first collision the bucket becomes canonical JSON -> index.
  const byKey = new Map<string, number | Map<string, number>>();
  for (let j = 0; j < items.length; j++) {
    const item = items[j];
    const key = shallowKey(item);
    const bucket = byKey.get(key);
    if (bucket === undefined) {
      byKey.set(key, j);
      continue;
    }
    // Equal shallow keys of scalars mean equal scalars.
    if (item === null || typeof item !== "object") return [bucket as number, j];
    let full: Map<string, number>;
    if (typeof bucket === "number") {
      full = new Map([[canonicalJson(items[bucket]), bucket]]);
      byKey.set(key, full);
    } else {
      full = bucket;
    }
    const c = canonicalJson(item);
    const i = full.get(c);
    if (i !== undefined) return [i, j];
    full.set(c, j);
  }
  return undefined;
}
