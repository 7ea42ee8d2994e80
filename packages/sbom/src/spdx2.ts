/**
 * SPDX 2.x (JSON object form: 2.2/2.3 JSON, the pre-2.2 `{"Document": …}` layout, and tag-value after
 * `spdx-tag-value.ts` has turned it into the same form) → normalised model.
 *
 * Tolerant by design: real-world producers write non-standard keys (`packageSupplier` in OpenEmbedded),
 * omit required fields (`downloadLocation`, `created`, `SPDXID`); what can be used is used (with a warning),
 * what cannot is listed in `skipped`. SPDX files and snippets are not components of the model (they are
 * counted in `skipped` reasons only when malformed): components are SPDX packages.
 *
 * @requirement SEC-04 NTIA elements from SPDX: supplier, name, versionInfo, SPDXID/externalRefs, relationships,
 *   creators, created; NOASSERTION recorded as known unknowns
 * @requirement SOUP-01 each SPDX package becomes an identifiable component
 */
import type {
  Component,
  Dependency,
  Identifier,
  KnownUnknown,
  License,
  Party,
  Relationship,
  Sbom,
  SbomEncoding,
  Tool,
} from "./model.js";
import {
  arr,
  defined,
  hashOf,
  isRecord,
  isValidPurl,
  licenseFromExpression,
  parseSpdxParty,
  type ReadContext,
  splitToolName,
  str,
  withAcknowledgement,
} from "./normalise-common.js";

/** Relationship types that mean "from depends on to". */
const DEPENDS = new Set(["DEPENDS_ON", "DYNAMIC_LINK", "STATIC_LINK", "HAS_PREREQUISITE"]);
/** Relationship types that mean "to depends on from". */
const DEPENDENCY_OF = new Set([
  "DEPENDENCY_OF",
  "RUNTIME_DEPENDENCY_OF",
  "BUILD_DEPENDENCY_OF",
  "DEV_DEPENDENCY_OF",
  "OPTIONAL_DEPENDENCY_OF",
  "PROVIDED_DEPENDENCY_OF",
  "TEST_DEPENDENCY_OF",
  "PREREQUISITE_FOR",
]);

/** Turns the pre-2.2 wrapped layout into the 2.2+ shape (packages at the top, ids in documentDescribes). */
export function unwrapLegacySpdx(doc: Record<string, unknown>, ctx: ReadContext): Record<string, unknown> {
  const inner = isRecord(doc.Document) ? doc.Document : {};
  const packages: unknown[] = [];
  const describes: string[] = [];
  arr(inner.documentDescribes).forEach((d, i) => {
    const pkg = isRecord(d) && isRecord(d.Package) ? d.Package : undefined;
    if (pkg === undefined) {
      ctx.skip(`/Document/documentDescribes/${i}`, "legacy documentDescribes entry is not a Package");
      return;
    }
    packages.push(pkg);
    if (typeof pkg.SPDXID === "string") describes.push(pkg.SPDXID);
  });
  ctx.warn("/Document", 'pre-2.2 SPDX JSON layout ({"Document": …}) read as SPDX 2.x');
  return { ...inner, packages, documentDescribes: describes };
}

function supplierOf(
  value: unknown,
  path: string,
  ctx: ReadContext,
  unknowns: KnownUnknown[],
  ref: string,
  element: string,
): Party | undefined {
  const s = str(value);
  if (s === undefined) return undefined;
  if (s === "NOASSERTION") {
    unknowns.push({ kind: "unknown", scope: ref, element, detail: "NOASSERTION" });
    return undefined;
  }
  const parsed = parseSpdxParty(s);
  if (parsed === undefined) {
    ctx.warn(
      path,
      `"${s}" is not of the form "Organization: name (email)" or "Person: name (email)"; read as a name`,
    );
    return { name: s };
  }
  return Object.keys(parsed.party).length > 0 ? parsed.party : undefined;
}

/**
 * The package's licences: `licenseConcluded` with `acknowledgement: "concluded"`, then `licenseDeclared` with
 * `acknowledgement: "declared"`. Both are kept even when they are the same expression (so the CISA `license`
 * element can tell a concluded licence from a declared one, and an export writes both fields back); an
 * absent or empty field gives no entry.
 */
function licenseList(pkg: Record<string, unknown>, ref: string, unknowns: KnownUnknown[]): License[] {
  const out: License[] = [];
  for (const [key, acknowledgement] of [
    ["licenseConcluded", "concluded"],
    ["licenseDeclared", "declared"],
  ] as const) {
    const value = str(pkg[key]);
    if (value === undefined) continue;
    const license = licenseFromExpression(value);
    if (license.kind === "noassertion")
      unknowns.push({ kind: "unknown", scope: ref, element: key, detail: "NOASSERTION" });
    out.push(withAcknowledgement(license, acknowledgement));
  }
  return out;
}

/** Component properties carried as `property:name=value` package annotations (written by export.ts). */
function propertiesOf(annotations: unknown): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  for (const a of arr(annotations)) {
    const comment = isRecord(a) ? str(a.comment) : undefined;
    if (comment === undefined || !comment.startsWith("property:")) continue;
    const eq = comment.indexOf("=");
    if (eq > 9) out.push({ name: comment.slice(9, eq), value: comment.slice(eq + 1) });
  }
  return out;
}

/** Normalises an SPDX 2.x document (JSON object form). */
export function normaliseSpdx2(
  doc: Record<string, unknown>,
  specVersion: string,
  encoding: SbomEncoding,
  ctx: ReadContext,
): Sbom {
  const unknowns: KnownUnknown[] = [];
  const components: Component[] = [];
  const byRef = new Map<string, Component>();
  let generated = 0;

  if (!Array.isArray(doc.packages) && doc.packages !== undefined)
    ctx.skip("/packages", "packages is not an array");
  arr(doc.packages).forEach((pkg, i) => {
    const path = `/packages/${i}`;
    if (!isRecord(pkg)) {
      ctx.skip(path, "package is not an object");
      return;
    }
    let ref = str(pkg.SPDXID);
    const otherIdentifiers: Identifier[] = [];
    if (ref === undefined || byRef.has(ref)) {
      ctx.warn(
        `${path}/SPDXID`,
        ref === undefined
          ? "package has no SPDXID (NTIA unique identifier); a ref was generated"
          : `SPDXID "${ref}" is used twice; a ref was generated`,
      );
      ref = `SPDXRef-qmskit-generated-${++generated}`;
    } else {
      otherIdentifiers.push({ type: "spdxid", value: ref });
    }
    let purl: string | undefined;
    let cpe: string | undefined;
    arr(pkg.externalRefs).forEach((r, j) => {
      if (!isRecord(r)) return;
      const type = str(r.referenceType);
      const locator = str(r.referenceLocator);
      if (type === undefined || locator === undefined) {
        ctx.skip(`${path}/externalRefs/${j}`, "external reference without referenceType or referenceLocator");
        return;
      }
      if (type === "purl" && purl === undefined) {
        purl = locator;
        if (!isValidPurl(locator))
          ctx.warn(
            `${path}/externalRefs/${j}/referenceLocator`,
            `purl "${locator}" is not a valid package URL`,
          );
      } else if ((type === "cpe23Type" || type === "cpe22Type") && cpe === undefined) cpe = locator;
      else if (type === "swid") otherIdentifiers.push({ type: "swid", value: locator });
      else if (type === "gitoid") otherIdentifiers.push({ type: "omniborId", value: locator });
      else if (type === "swh") otherIdentifiers.push({ type: "swhid", value: locator });
      else otherIdentifiers.push({ type, value: locator });
    });
    const hashes = [];
    for (const c of arr(pkg.checksums)) {
      if (!isRecord(c)) continue;
      const alg =
        typeof c.algorithm === "string" ? c.algorithm.replace(/^checksumAlgorithm_/iu, "") : c.algorithm;
      const hash = hashOf(alg, c.checksumValue);
      if (hash !== undefined) hashes.push(hash);
    }
    let supplierValue = pkg.supplier;
    if (supplierValue === undefined && pkg.packageSupplier !== undefined) {
      supplierValue = pkg.packageSupplier;
      ctx.warn(`${path}/packageSupplier`, 'non-standard key "packageSupplier" read as "supplier"');
    }
    if (pkg.downloadLocation === undefined)
      ctx.warn(`${path}/downloadLocation`, "package has no downloadLocation (required by SPDX 2.x)");
    const version = typeof pkg.versionInfo === "string" ? pkg.versionInfo : undefined;
    if (version === "NOASSERTION")
      unknowns.push({ kind: "unknown", scope: ref, element: "version", detail: "NOASSERTION" });
    const purpose = str(pkg.primaryPackagePurpose);
    const properties = propertiesOf(pkg.annotations);
    const download = str(pkg.downloadLocation);
    const copyright = str(pkg.copyrightText);
    const component = defined<Component>({
      ref,
      type: purpose === undefined ? "library" : purpose.toLowerCase().replace(/_/gu, "-"),
      name: typeof pkg.name === "string" ? pkg.name : "",
      version: version === "NOASSERTION" ? undefined : version,
      description: str(pkg.description) ?? str(pkg.summary),
      supplier: supplierOf(supplierValue, `${path}/supplier`, ctx, unknowns, ref, "supplier"),
      originator: supplierOf(pkg.originator, `${path}/originator`, ctx, unknowns, ref, "originator"),
      authors: [],
      purl,
      cpe,
      otherIdentifiers,
      hashes,
      licenses: licenseList(pkg, ref, unknowns),
      properties: properties.filter((p) => p.name !== "qmskit:cdx:group"),
      group: properties.find((p) => p.name === "qmskit:cdx:group")?.value,
      validUntil: str(pkg.validUntilDate),
      downloadLocation: download === "NOASSERTION" || download === "NONE" ? undefined : download,
      copyright: copyright === "NOASSERTION" || copyright === "NONE" ? undefined : copyright,
    });
    if (typeof pkg.name !== "string") ctx.warn(`${path}/name`, "package has no name");
    components.push(component);
    byRef.set(ref, component);
  });

  // Relationships: kept as written, and turned into the dependency graph and the hierarchy.
  const relationships: Relationship[] = [];
  const docId = str(doc.SPDXID) ?? "SPDXRef-DOCUMENT";
  for (const id of arr(doc.documentDescribes))
    if (typeof id === "string") relationships.push({ from: docId, to: id, type: "DESCRIBES" });
  arr(doc.packages).forEach((pkg) => {
    if (!isRecord(pkg) || typeof pkg.SPDXID !== "string") return;
    for (const f of arr(pkg.hasFiles))
      if (typeof f === "string") relationships.push({ from: pkg.SPDXID, to: f, type: "CONTAINS" });
  });
  arr(doc.relationships).forEach((r, i) => {
    if (
      !isRecord(r) ||
      typeof r.spdxElementId !== "string" ||
      typeof r.relatedSpdxElement !== "string" ||
      typeof r.relationshipType !== "string"
    ) {
      ctx.skip(
        `/relationships/${i}`,
        "relationship without spdxElementId, relatedSpdxElement or relationshipType",
      );
      return;
    }
    relationships.push({ from: r.spdxElementId, to: r.relatedSpdxElement, type: r.relationshipType });
  });

  const deps = new Map<string, Set<string>>();
  const addEdge = (from: string, to: string): void => {
    let set = deps.get(from);
    if (set === undefined) {
      set = new Set();
      deps.set(from, set);
    }
    if (to !== "NONE" && to !== "NOASSERTION") set.add(to);
  };
  let rootRef: string | undefined;
  for (const r of relationships) {
    if (r.type === "DESCRIBES" && r.from === docId && rootRef === undefined && byRef.has(r.to))
      rootRef = r.to;
    if (r.type === "DESCRIBED_BY" && r.to === docId && rootRef === undefined && byRef.has(r.from))
      rootRef = r.from;
    if (DEPENDS.has(r.type)) addEdge(r.from, r.to);
    else if (DEPENDENCY_OF.has(r.type)) addEdge(r.to, r.from);
    if ((r.type === "CONTAINS" || r.type === "CONTAINED_BY") && r.to !== "NONE" && r.to !== "NOASSERTION") {
      const [parent, child] = r.type === "CONTAINS" ? [r.from, r.to] : [r.to, r.from];
      const c = byRef.get(child);
      if (c !== undefined && c.parentRef === undefined && byRef.has(parent) && parent !== child)
        c.parentRef = parent;
    }
    if (r.to === "NOASSERTION")
      unknowns.push({
        kind: "unknown",
        scope: r.from,
        element: r.type === "CONTAINS" ? "assemblies" : "dependencies",
        detail: `${r.type} NOASSERTION`,
      });
  }
  const dependencies: Dependency[] = [...deps].map(([ref, set]) => ({ ref, dependsOn: [...set] }));

  const info = isRecord(doc.creationInfo) ? doc.creationInfo : {};
  if (!isRecord(doc.creationInfo)) ctx.warn("/creationInfo", "document has no creationInfo");
  else if (info.created === undefined) ctx.warn("/creationInfo/created", "document has no created timestamp");
  const authors: Party[] = [];
  const tools: Tool[] = [];
  arr(info.creators).forEach((c, i) => {
    if (typeof c !== "string") return;
    const parsed = parseSpdxParty(c);
    if (parsed === undefined) {
      ctx.skip(`/creationInfo/creators/${i}`, `creator "${c}" is not "Person:", "Organization:" or "Tool:"`);
      return;
    }
    if (parsed.kind === "Tool") tools.push(splitToolName(c.replace(/^\s*Tool\s*:\s*/u, "")) as Tool);
    else if (Object.keys(parsed.party).length > 0) authors.push(parsed.party);
  });
  return {
    format: "spdx",
    specVersion,
    encoding,
    metadata: defined({
      name: str(doc.name),
      documentNamespace: str(doc.documentNamespace),
      timestamp: typeof info.created === "string" ? info.created : undefined,
      authors,
      tools,
      lifecycles: [],
      rootRef,
      dataLicense: str(doc.dataLicense),
    }),
    components,
    dependencies,
    knownUnknowns: unknowns,
    skipped: ctx.skipped,
    relationships,
  };
}
