/**
 * CycloneDX XML (1.4–1.7) → the CycloneDX JSON object form, for the shared normaliser (`cyclonedx.ts`).
 *
 * Parsing uses fast-xml-parser with its entity limits and nesting limit on; before that, `detect.ts` refuses
 * any DOCTYPE/ENTITY declaration, so entity expansion (billion laughs) and external entities cannot happen.
 * Only the elements the model needs are mapped; everything else is ignored (schema validation against the
 * XSDs is separate, see `xsd.ts`).
 */

import { QmsError } from "@qmskit/core";
import { XMLParser } from "fast-xml-parser";
import { arr, isRecord } from "./normalise-common.js";

type Node = Record<string, unknown>;

/** Elements that repeat inside their parent; always parsed as arrays. */
const REPEATED = new Set([
  "component",
  "service",
  "tool",
  "author",
  "hash",
  "license",
  "expression",
  "expression-detailed",
  "property",
  "dependency",
  "composition",
  "assembly",
  "reference",
  "lifecycle",
  "contact",
  "url",
  "omniborId",
  "swhid",
  "vulnerability",
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // DOCTYPE/ENTITY declarations are refused before parsing (detect.ts), so only the five predefined XML
  // entities and character references remain; they cannot expand, so their count is not limited.
  processEntities: {
    enabled: true,
    maxEntityCount: 0,
    maxTotalExpansions: Number.MAX_SAFE_INTEGER,
    maxExpandedLength: Number.MAX_SAFE_INTEGER,
  },
  htmlEntities: false,
  maxNestedTags: 200,
  isArray: (name, _path, _leaf, isAttribute) => !isAttribute && REPEATED.has(name),
});

function text(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (isRecord(value) && typeof value["#text"] === "string") return value["#text"];
  return undefined;
}

function node(value: unknown): Node {
  return isRecord(value) ? value : {};
}

function attr(value: unknown, name: string): string | undefined {
  return isRecord(value) && typeof value[`@_${name}`] === "string"
    ? (value[`@_${name}`] as string)
    : undefined;
}

/** Assigns only defined values. */
function put(target: Node, key: string, value: unknown): void {
  if (value !== undefined && !(Array.isArray(value) && value.length === 0)) target[key] = value;
}

function party(value: unknown): Node | undefined {
  if (value === undefined) return undefined;
  const n = node(value);
  const out: Node = {};
  put(out, "name", text(n.name));
  put(out, "email", text(n.email));
  put(out, "url", arr(n.url).map(text).filter(Boolean));
  put(
    out,
    "contact",
    arr(n.contact).map((c) => {
      const o: Node = {};
      put(o, "name", text(node(c).name));
      put(o, "email", text(node(c).email));
      return o;
    }),
  );
  return out;
}

function licenses(value: unknown): Node[] | undefined {
  if (value === undefined) return undefined;
  const n = node(value);
  const out: Node[] = [];
  // CycloneDX 1.6+: `acknowledgement` (declared / concluded) is an attribute of <license> and <expression>.
  for (const l of arr(n.license)) {
    const license: Node = {};
    put(license, "id", text(node(l).id));
    put(license, "name", text(node(l).name));
    put(license, "acknowledgement", attr(l, "acknowledgement"));
    out.push({ license });
  }
  for (const e of arr(n.expression)) {
    const expression = text(e);
    if (expression === undefined) continue;
    const choice: Node = { expression };
    put(choice, "acknowledgement", attr(e, "acknowledgement"));
    out.push(choice);
  }
  // CycloneDX 1.7 <expression-detailed expression="…">: the expression is an attribute.
  for (const e of arr(n["expression-detailed"])) {
    const expression = attr(e, "expression");
    if (expression === undefined) continue;
    const choice: Node = { expression };
    put(choice, "acknowledgement", attr(e, "acknowledgement"));
    out.push(choice);
  }
  return out;
}

function component(value: unknown): Node {
  const n = node(value);
  const out: Node = {};
  put(out, "type", attr(n, "type"));
  put(out, "bom-ref", attr(n, "bom-ref"));
  put(out, "supplier", party(n.supplier));
  put(out, "manufacturer", party(n.manufacturer));
  put(out, "authors", arr(node(n.authors).author).map(party));
  put(out, "author", text(arr(n.author)[0]));
  put(out, "publisher", text(n.publisher));
  put(out, "group", text(n.group));
  put(out, "name", text(n.name) ?? (n.name === "" ? "" : undefined));
  put(out, "version", text(n.version));
  put(out, "versionRange", text(n.versionRange));
  put(out, "isExternal", attr(n, "isExternal") === undefined ? undefined : attr(n, "isExternal") === "true");
  put(out, "description", text(n.description));
  put(out, "scope", text(n.scope));
  put(
    out,
    "hashes",
    arr(node(n.hashes).hash).map((h) => ({ alg: attr(h, "alg"), content: text(h) })),
  );
  put(out, "licenses", licenses(n.licenses));
  put(out, "copyright", text(n.copyright));
  put(out, "cpe", text(n.cpe));
  put(out, "purl", text(n.purl));
  put(out, "omniborId", arr(n.omniborId).map(text).filter(Boolean));
  put(out, "swhid", arr(n.swhid).map(text).filter(Boolean));
  const tagId = attr(n.swid, "tagId");
  if (tagId !== undefined) out.swid = { tagId };
  put(
    out,
    "externalReferences",
    arr(node(n.externalReferences).reference).map((r) => ({
      type: attr(r, "type"),
      url: text(arr(node(r).url)[0]),
    })),
  );
  put(
    out,
    "properties",
    arr(node(n.properties).property).map((p) => ({ name: attr(p, "name"), value: text(p) ?? "" })),
  );
  if (n.components !== undefined) out.components = arr(node(n.components).component).map(component);
  return out;
}

function tools(value: unknown): unknown {
  const n = node(value);
  if (n.tool !== undefined) {
    return arr(n.tool).map((t) => {
      const o: Node = {};
      put(o, "vendor", text(node(t).vendor));
      put(o, "name", text(node(t).name));
      put(o, "version", text(node(t).version));
      return o;
    });
  }
  const out: Node = {};
  put(out, "components", arr(node(n.components).component).map(component));
  put(
    out,
    "services",
    arr(node(n.services).service).map((s) => {
      const o: Node = {};
      put(o, "group", text(node(s).group));
      put(o, "name", text(node(s).name));
      put(o, "version", text(node(s).version));
      return o;
    }),
  );
  return out;
}

function refs(value: unknown, element: string): string[] {
  return arr(node(value)[element])
    .map((r) => attr(r, "ref"))
    .filter((r): r is string => r !== undefined);
}

/** Parses CycloneDX XML into the CycloneDX JSON object form. */
export function cyclonedxXmlToJson(xml: string, specVersion: string): Node {
  let parsed: Node;
  try {
    parsed = parser.parse(xml, true) as Node;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new QmsError(
      "SBOM_UNREADABLE",
      `SBOM is not well-formed XML (truncated or corrupted?): ${message}`,
      {
        details: { reason: message },
        cause: e,
      },
    );
  }
  const bom = node(parsed.bom);
  const out: Node = { bomFormat: "CycloneDX", specVersion };
  put(out, "serialNumber", attr(bom, "serialNumber"));
  // The XSD gives `version` a default of 1.
  out.version = Number(attr(bom, "version") ?? "1");
  if (bom.metadata !== undefined) {
    const m = node(bom.metadata);
    const meta: Node = {};
    put(meta, "timestamp", text(m.timestamp));
    put(
      meta,
      "lifecycles",
      arr(node(m.lifecycles).lifecycle).map((l) => {
        const o: Node = {};
        put(o, "phase", text(node(l).phase));
        put(o, "name", text(node(l).name));
        return o;
      }),
    );
    if (m.tools !== undefined) meta.tools = tools(m.tools);
    put(meta, "authors", arr(node(m.authors).author).map(party));
    if (m.component !== undefined) meta.component = component(arr(m.component)[0]);
    put(meta, "manufacture", party(m.manufacture));
    put(meta, "manufacturer", party(m.manufacturer));
    put(meta, "supplier", party(m.supplier));
    put(meta, "licenses", licenses(m.licenses));
    out.metadata = meta;
  }
  if (bom.components !== undefined) out.components = arr(node(bom.components).component).map(component);
  if (bom.dependencies !== undefined) {
    out.dependencies = arr(node(bom.dependencies).dependency).map((d) => ({
      ref: attr(d, "ref"),
      dependsOn: refs(d, "dependency"),
    }));
  }
  if (bom.compositions !== undefined) {
    out.compositions = arr(node(bom.compositions).composition).map((c) => {
      const o: Node = { aggregate: text(node(c).aggregate) };
      put(o, "assemblies", refs(node(c).assemblies, "assembly"));
      put(o, "dependencies", refs(node(c).dependencies, "dependency"));
      put(o, "vulnerabilities", refs(node(c).vulnerabilities, "vulnerability"));
      return o;
    });
  }
  return out;
}
