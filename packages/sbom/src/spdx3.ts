/**
 * SPDX 3.0 JSON-LD (compacted with the official 3.0.x context, as every 3.0 producer writes it) → model.
 *
 * Hand-written over the `@graph` because no maintained JavaScript SPDX 3 library exists; full JSON-LD
 * expansion is not needed for documents that use the official context. Components are the software
 * artefacts: `software_Package`, `dataset_DatasetPackage`, `ai_AIPackage` and `software_File` (the SPDX 3
 * NTIA checker treats files as artefacts too). Agents, licences and relationships are resolved by `spdxId`.
 *
 * @requirement SEC-04 NTIA elements from SPDX 3.0: suppliedBy, name, software_packageVersion, identifiers,
 *   relationships, createdBy, created; `software_sbomType` as generation context (CISA 2025 draft)
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
  Tool,
} from "./model.js";
import {
  arr,
  defined,
  hashOf,
  isRecord,
  isValidPurl,
  licenseFromExpression,
  type ReadContext,
  str,
  withAcknowledgement,
} from "./normalise-common.js";

const ARTEFACT_TYPE: Record<string, string> = {
  software_Package: "library",
  Package: "library",
  dataset_DatasetPackage: "data",
  DatasetPackage: "data",
  ai_AIPackage: "machine-learning-model",
  AIPackage: "machine-learning-model",
  software_File: "file",
  File: "file",
};

/** SPDX 3 relationship types (camelCase) → SPDX 2 names used in {@link Relationship}. */
function relType(type: string): string {
  return type.replace(/([a-z0-9])([A-Z])/gu, "$1_$2").toUpperCase();
}

function typeOf(node: Record<string, unknown>): string {
  return str(node.type) ?? str(node["@type"]) ?? "";
}

function idOf(node: Record<string, unknown>): string | undefined {
  return str(node.spdxId) ?? str(node["@id"]);
}

/** Normalises an SPDX 3.0 JSON-LD document. */
export function normaliseSpdx3(doc: Record<string, unknown>, specVersion: string, ctx: ReadContext): Sbom {
  const graph = arr(doc["@graph"]);
  if (!Array.isArray(doc["@graph"])) ctx.skip("/@graph", "SPDX 3.0 document has no @graph array");
  const byId = new Map<string, Record<string, unknown>>();
  graph.forEach((n) => {
    if (!isRecord(n)) return;
    const id = idOf(n);
    if (id !== undefined && !byId.has(id)) byId.set(id, n);
  });
  const agent = (ref: unknown): Party | undefined => {
    const node = typeof ref === "string" ? byId.get(ref) : isRecord(ref) ? ref : undefined;
    if (node === undefined) return typeof ref === "string" ? { name: ref } : undefined;
    const email = arr(node.externalIdentifier).find(
      (e) => isRecord(e) && e.externalIdentifierType === "email",
    ) as Record<string, unknown> | undefined;
    const party = defined<Party>({ name: str(node.name), email: str(email?.identifier) });
    return Object.keys(party).length > 0 ? party : undefined;
  };

  const components: Component[] = [];
  const compById = new Map<string, Component>();
  const relationships: Relationship[] = [];
  const unknowns: KnownUnknown[] = [];
  let generated = 0;
  let infoNode: Record<string, unknown> | undefined;
  const lifecycles: string[] = [];
  let docName: string | undefined;
  let docId: string | undefined;
  const sbomRoots: string[] = [];

  graph.forEach((n, i) => {
    const path = `/@graph/${i}`;
    if (!isRecord(n)) {
      ctx.skip(path, "graph node is not an object");
      return;
    }
    const type = typeOf(n);
    if (type === "CreationInfo") {
      infoNode ??= n;
      return;
    }
    if (type === "SpdxDocument") {
      docName ??= str(n.name);
      docId ??= idOf(n);
      return;
    }
    if (type === "software_Sbom" || type === "Sbom") {
      for (const t of arr(n.software_sbomType ?? n.sbomType)) if (typeof t === "string") lifecycles.push(t);
      for (const r of arr(n.rootElement)) if (typeof r === "string") sbomRoots.push(r);
      return;
    }
    if (type === "Relationship" || type === "LifecycleScopedRelationship") {
      const from = str(n.from);
      const kind = str(n.relationshipType);
      if (from === undefined || kind === undefined) {
        ctx.skip(path, "relationship without from or relationshipType");
        return;
      }
      const to = arr(n.to).filter((t): t is string => typeof t === "string");
      const completeness = str(n.completeness);
      if (to.length === 0 && completeness !== "complete") {
        unknowns.push({
          kind: "unknown",
          scope: from,
          element: kind === "contains" ? "assemblies" : "dependencies",
          detail: `${kind} with no targets (completeness ${completeness ?? "not stated"})`,
        });
      }
      for (const t of to) relationships.push({ from, to: t, type: relType(kind) });
      return;
    }
    const componentType = Object.hasOwn(ARTEFACT_TYPE, type) ? ARTEFACT_TYPE[type] : undefined;
    if (componentType === undefined) return;
    let ref = idOf(n);
    const otherIdentifiers: Identifier[] = [];
    if (ref === undefined || compById.has(ref)) {
      ctx.warn(
        `${path}/spdxId`,
        ref === undefined
          ? "element has no spdxId (NTIA unique identifier); a ref was generated"
          : `spdxId "${ref}" is used twice; a ref was generated`,
      );
      ref = `urn:qmskit:generated:${++generated}`;
    } else otherIdentifiers.push({ type: "spdxid", value: ref });
    let purl = str(n.software_packageUrl) ?? str(n.packageUrl);
    let cpe: string | undefined;
    arr(n.externalIdentifier).forEach((e) => {
      if (!isRecord(e)) return;
      const t = str(e.externalIdentifierType);
      const v = str(e.identifier);
      if (t === undefined || v === undefined) return;
      if (t === "packageUrl" && purl === undefined) purl = v;
      else if ((t === "cpe23" || t === "cpe22") && cpe === undefined) cpe = v;
      else if (t === "gitoid") otherIdentifiers.push({ type: "omniborId", value: v });
      else if (t === "swhid") otherIdentifiers.push({ type: "swhid", value: v });
      else otherIdentifiers.push({ type: t, value: v });
    });
    if (purl !== undefined && !isValidPurl(purl))
      ctx.warn(`${path}/software_packageUrl`, `purl "${purl}" is not a valid package URL`);
    const hashes = [];
    for (const h of arr(n.verifiedUsing)) {
      const hash = isRecord(h) ? hashOf(h.algorithm, h.hashValue) : undefined;
      if (hash !== undefined) hashes.push(hash);
    }
    const originators = arr(n.originatedBy)
      .map(agent)
      .filter((p): p is Party => p !== undefined);
    const version = str(n.software_packageVersion) ?? str(n.packageVersion);
    const purpose = str(n.software_primaryPurpose) ?? str(n.primaryPurpose);
    const c = defined<Component>({
      ref,
      type: componentType === "library" && purpose !== undefined ? purpose.toLowerCase() : componentType,
      name: typeof n.name === "string" ? n.name : "",
      version,
      description: str(n.description) ?? str(n.summary),
      supplier: n.suppliedBy === undefined ? undefined : agent(n.suppliedBy),
      originator: originators[0],
      authors: [],
      purl,
      cpe,
      otherIdentifiers,
      hashes,
      licenses: [],
      properties: [],
      validUntil: str(n.validUntilTime),
      downloadLocation: str(n.software_downloadLocation) ?? str(n.downloadLocation),
      copyright: str(n.software_copyrightText) ?? str(n.copyrightText),
    });
    components.push(c);
    compById.set(ref, c);
  });

  // Licences, dependencies and hierarchy from the relationships.
  const deps = new Map<string, Set<string>>();
  for (const r of relationships) {
    const from = compById.get(r.from);
    if (r.type === "HAS_CONCLUDED_LICENSE" || r.type === "HAS_DECLARED_LICENSE") {
      const node = byId.get(r.to);
      const expression =
        str(node?.simplelicensing_licenseExpression) ??
        str(node?.licenseExpression) ??
        (node === undefined ? r.to.replace(/^https?:\/\/spdx\.org\/licenses\//u, "") : str(node.name));
      if (from !== undefined && expression !== undefined) {
        // the same licence may be both concluded and declared: one entry per acknowledgement, as in SPDX 2
        const license: License = withAcknowledgement(
          licenseFromExpression(expression),
          r.type === "HAS_CONCLUDED_LICENSE" ? "concluded" : "declared",
        );
        const keyOf = (l: License) =>
          JSON.stringify([
            l.kind === "expression" ? l.expression : l.kind === "name" ? l.name : l.kind,
            l.acknowledgement,
          ]);
        const key = keyOf(license);
        if (!from.licenses.some((l) => keyOf(l) === key)) from.licenses.push(license);
      }
    } else if (
      r.type === "DEPENDS_ON" ||
      r.type.endsWith("_DEPENDENCY") ||
      r.type === "HAS_DYNAMIC_LINK" ||
      r.type === "HAS_STATIC_LINK"
    ) {
      const set = deps.get(r.from) ?? new Set<string>();
      deps.set(r.from, set);
      set.add(r.to);
    } else if (r.type === "CONTAINS") {
      const child = compById.get(r.to);
      if (child !== undefined && child.parentRef === undefined && compById.has(r.from) && r.from !== r.to)
        child.parentRef = r.from;
    }
  }
  const rootRef = sbomRoots.find((r) => compById.has(r));
  const dependencies: Dependency[] = [...deps].map(([ref, set]) => ({ ref, dependsOn: [...set] }));

  const authors: Party[] = [];
  const tools: Tool[] = [];
  if (infoNode === undefined) ctx.warn("/@graph", "SPDX 3.0 document has no CreationInfo");
  for (const a of arr(infoNode?.createdBy)) {
    const p = agent(a);
    if (p !== undefined) authors.push(p);
  }
  for (const t of arr(infoNode?.createdUsing)) {
    const p = agent(t);
    if (p?.name !== undefined) tools.push({ name: p.name });
  }
  return {
    format: "spdx",
    specVersion,
    encoding: "json-ld",
    metadata: defined({
      name: docName,
      documentNamespace: docId,
      timestamp: typeof infoNode?.created === "string" ? infoNode.created : undefined,
      authors,
      tools,
      lifecycles,
      rootRef,
    }),
    components,
    dependencies,
    knownUnknowns: unknowns,
    skipped: ctx.skipped,
    relationships,
  };
}
