/**
 * Export of the normalised model to CycloneDX 1.6 / 1.7 JSON and SPDX 2.3 JSON, schema-valid by
 * construction (checked by the round-trip tests against the shipped official schemas).
 *
 * What a target format cannot hold natively is kept, not dropped:
 * - CycloneDX: identifiers other than purl/CPE/SWID/OmniBOR/SWHID and hashes the CycloneDX enum or pattern
 *   rejects become `qmskit:identifier:<type>` / `qmskit:hash:<alg>` properties (read back by the reader);
 *   SPDX `validUntilDate` becomes `cdx:lifecycle:milestone:endOfSupport`; SPDX originator a property.
 * - SPDX 2.3: component properties (incl. `cdx:fda:*` support status) become package annotations
 *   `property:<name>=<value>` (read back by the reader); non-SPDX licence names become `LicenseRef-`s with
 *   their text in `hasExtractedLicensingInfos`.
 *
 * @requirement SEC-04 the SBOM can be handed over in the format a regulator or customer asks for without losing
 *   NTIA/CISA elements
 * @requirement SOUP-01 components, identifiers, hashes, licences and dependency edges survive a format change
 */
import { randomUUID } from "node:crypto";
import { QmsError } from "@qmskit/core";
import type { Component, License, Party, Sbom } from "./model.js";
import { CDX_ALGS, formatSpdxParty, spdxAlg } from "./normalise-common.js";
import { schemaJson } from "./schemas.js";

/** Export targets. */
export type ExportTarget = "cyclonedx-1.6" | "cyclonedx-1.7" | "spdx-2.3";
export const EXPORT_TARGETS: readonly ExportTarget[] = ["cyclonedx-1.6", "cyclonedx-1.7", "spdx-2.3"];

/** Property-name prefixes used to carry data the target format has no field for. */
export const PROPERTY_PREFIX = {
  identifier: "qmskit:identifier:",
  hash: "qmskit:hash:",
  originator: "qmskit:spdx:originator",
} as const;
/** Annotation comment prefix used to carry component properties in SPDX 2.3. */
export const SPDX_PROPERTY_ANNOTATION = "property:";

type Json = Record<string, unknown>;

const CDX_TYPES = new Set([
  "application",
  "framework",
  "library",
  "container",
  "platform",
  "operating-system",
  "device",
  "device-driver",
  "firmware",
  "file",
  "machine-learning-model",
  "data",
  "cryptographic-asset",
]);
const CDX_PHASES = new Set([
  "design",
  "pre-build",
  "build",
  "post-build",
  "operations",
  "discovery",
  "decommission",
]);
const HASH_CONTENT = /^([a-fA-F0-9]{32}|[a-fA-F0-9]{40}|[a-fA-F0-9]{64}|[a-fA-F0-9]{96}|[a-fA-F0-9]{128})$/u;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/u;
const URN_UUID = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/u;

let spdxRelationshipTypes: Set<string> | undefined;
/** SPDX 2.3 relationship types (from the shipped schema). */
function relationshipTypes(): Set<string> {
  if (spdxRelationshipTypes === undefined) {
    const schema = schemaJson("spdx-2.3.schema.json") as {
      properties: { relationships: { items: { properties: { relationshipType: { enum: string[] } } } } };
    };
    spdxRelationshipTypes = new Set(schema.properties.relationships.items.properties.relationshipType.enum);
  }
  return spdxRelationshipTypes;
}

let spdxIds: Set<string> | undefined;
/** SPDX licence ids accepted by CycloneDX `license.id` (the shipped spdx.schema.json enum). */
function listedLicenseIds(): Set<string> {
  spdxIds ??= new Set(schemaJson("spdx.schema.json").enum as string[]);
  return spdxIds;
}

function put(target: Json, key: string, value: unknown): void {
  if (value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) return;
  target[key] = value;
}

function licenseText(l: License): string {
  if (l.kind === "expression") return l.expression;
  if (l.kind === "name") return l.name;
  return l.kind === "none" ? "NONE" : "NOASSERTION";
}

// ---------------------------------------------------------------- CycloneDX

function cdxParty(p: Party | undefined): Json | undefined {
  if (p === undefined) return undefined;
  const out: Json = {};
  put(out, "name", p.name);
  if (p.url !== undefined && !/\s/u.test(p.url)) out.url = [p.url];
  if (p.email !== undefined) out.contact = [{ email: p.email }];
  return out;
}

function cdxContact(p: Party): Json {
  const out: Json = {};
  put(out, "name", p.name ?? p.url);
  put(out, "email", p.email);
  return out;
}

type ParsedLicense = { license?: string; conjunction?: string; plus?: boolean; exception?: string };

/** The SPDX id when the licence is one listed id (no operator, `+` or exception): CycloneDX `license.id`. */
function listedId(l: License): string | undefined {
  if (l.kind !== "expression") return undefined;
  const parsed = l.parsed as ParsedLicense | undefined;
  return parsed?.license !== undefined &&
    parsed.conjunction === undefined &&
    parsed.plus !== true &&
    parsed.exception === undefined &&
    listedLicenseIds().has(parsed.license)
    ? parsed.license
    : undefined;
}

/**
 * CycloneDX `licenses`. Both targets are 1.6+, so each licence's `acknowledgement` is written with it.
 * CycloneDX allows one `expression` entry or a list of `license` objects, not both. A single expression, or
 * several entries of the one same expression (an SPDX package whose concluded and declared licences agree),
 * become one `expression` entry, acknowledged only when every entry has the same acknowledgement; otherwise
 * each licence is a `license` object (`id` for a listed SPDX id, else `name`).
 */
function cdxLicenses(licenses: License[]): Json[] {
  const first = licenses[0];
  if (
    first?.kind === "expression" &&
    listedId(first) === undefined &&
    licenses.every((l) => l.kind === "expression" && l.expression === first.expression)
  ) {
    const out: Json = { expression: first.expression };
    const ack = first.acknowledgement;
    if (ack !== undefined && licenses.every((l) => l.acknowledgement === ack)) out.acknowledgement = ack;
    return [out];
  }
  return licenses.map((l) => {
    const id = listedId(l);
    const license: Json = id !== undefined ? { id } : { name: licenseText(l) };
    if (l.acknowledgement !== undefined) license.acknowledgement = l.acknowledgement;
    return { license };
  });
}

function cdxComponent(
  c: Component,
  version: string,
  children: Map<string, Component[]>,
  seen: Set<string>,
): Json {
  seen.add(c.ref);
  const out: Json = { type: CDX_TYPES.has(c.type) ? c.type : "library", "bom-ref": c.ref };
  const properties: { name: string; value: string }[] = [...c.properties];
  if (!CDX_TYPES.has(c.type)) properties.push({ name: "qmskit:spdx:primaryPackagePurpose", value: c.type });
  put(out, "supplier", cdxParty(c.supplier));
  put(out, "manufacturer", cdxParty(c.manufacturer));
  put(out, "authors", c.authors.map(cdxContact));
  put(out, "publisher", c.publisher);
  put(out, "group", c.group);
  out.name = c.name;
  if (c.version !== undefined) out.version = c.version; // an empty version is data (an NTIA gap), keep it
  put(out, "description", c.description);
  put(
    out,
    "scope",
    c.scope === "required" || c.scope === "optional" || c.scope === "excluded" ? c.scope : undefined,
  );
  const hashes: Json[] = [];
  const seenHashes = new Set<string>();
  for (const h of c.hashes) {
    const key = `${h.alg}\u0000${h.content}`;
    if (seenHashes.has(key)) continue;
    seenHashes.add(key);
    if (CDX_ALGS.has(h.alg) && HASH_CONTENT.test(h.content)) hashes.push({ alg: h.alg, content: h.content });
    else properties.push({ name: `${PROPERTY_PREFIX.hash}${h.alg}`, value: h.content });
  }
  put(out, "hashes", hashes);
  put(out, "licenses", cdxLicenses(c.licenses));
  put(out, "copyright", c.copyright);
  put(out, "cpe", c.cpe);
  put(out, "purl", c.purl);
  const omnibor: string[] = [];
  const swhid: string[] = [];
  for (const id of c.otherIdentifiers) {
    if (id.type === "swid" && out.swid === undefined) out.swid = { tagId: id.value, name: c.name };
    else if (id.type === "omniborId") omnibor.push(id.value);
    else if (id.type === "swhid") swhid.push(id.value);
    else if (id.type !== "spdxid" || id.value !== c.ref)
      properties.push({ name: `${PROPERTY_PREFIX.identifier}${id.type}`, value: id.value });
  }
  put(out, "omniborId", [...new Set(omnibor)]);
  put(out, "swhid", [...new Set(swhid)]);
  if (c.downloadLocation !== undefined && !/\s/u.test(c.downloadLocation)) {
    out.externalReferences = [{ type: "distribution", url: c.downloadLocation }];
  }
  if (c.originator !== undefined)
    properties.push({ name: PROPERTY_PREFIX.originator, value: formatSpdxParty(c.originator) });
  if (
    c.validUntil !== undefined &&
    !properties.some((p) => p.name === "cdx:lifecycle:milestone:endOfSupport")
  ) {
    properties.push({ name: "cdx:lifecycle:milestone:endOfSupport", value: c.validUntil });
  }
  put(out, "properties", properties);
  const kids = (children.get(c.ref) ?? []).filter((k) => !seen.has(k.ref));
  if (kids.length > 0) out.components = kids.map((k) => cdxComponent(k, version, children, seen));
  if (version === "1.6" || version === "1.7") return out;
  return out;
}

function toCycloneDx(sbom: Sbom, version: "1.6" | "1.7"): Json {
  const byRef = new Map(sbom.components.map((c) => [c.ref, c]));
  const children = new Map<string, Component[]>();
  const top: Component[] = [];
  for (const c of sbom.components) {
    if (c.ref === sbom.metadata.rootRef) continue;
    if (c.parentRef !== undefined && byRef.has(c.parentRef) && c.parentRef !== c.ref) {
      const list = children.get(c.parentRef) ?? [];
      list.push(c);
      children.set(c.parentRef, list);
    } else top.push(c);
  }
  const seen = new Set<string>();
  const meta: Json = {};
  const m = sbom.metadata;
  const metaProps: { name: string; value: string }[] = [];
  if (m.timestamp !== undefined && DATE_TIME.test(m.timestamp)) meta.timestamp = m.timestamp;
  else if (m.timestamp !== undefined) metaProps.push({ name: "qmskit:source:timestamp", value: m.timestamp });
  put(
    meta,
    "lifecycles",
    m.lifecycles.map((l) => (CDX_PHASES.has(l) ? { phase: l } : { name: l })),
  );
  put(
    meta,
    "tools",
    m.tools.length === 0
      ? undefined
      : {
          components: m.tools.map((t) => {
            const o: Json = { type: "application" };
            put(o, "group", t.vendor);
            o.name = t.name;
            put(o, "version", t.version);
            return o;
          }),
        },
  );
  put(meta, "authors", m.authors.map(cdxContact));
  const root = m.rootRef === undefined ? undefined : byRef.get(m.rootRef);
  if (root !== undefined) meta.component = cdxComponent(root, version, children, seen);
  put(meta, "manufacturer", cdxParty(m.manufacturer));
  put(meta, "supplier", cdxParty(m.supplier));
  if (m.dataLicense !== undefined)
    put(meta, "licenses", cdxLicenses([{ kind: "name", name: m.dataLicense }]));
  put(meta, "properties", metaProps);
  const components = top.filter((c) => !seen.has(c.ref)).map((c) => cdxComponent(c, version, children, seen));
  // Components caught in a parentRef cycle are emitted at the top level rather than lost.
  for (const c of sbom.components)
    if (!seen.has(c.ref) && c.ref !== m.rootRef) components.push(cdxComponent(c, version, children, seen));

  const deps = new Map<string, Set<string>>();
  for (const d of sbom.dependencies) {
    const set = deps.get(d.ref) ?? new Set<string>();
    for (const t of d.dependsOn) set.add(t);
    deps.set(d.ref, set);
  }
  const compositions: Json[] = [];
  const docUnknown = sbom.knownUnknowns.filter((k) => k.scope === "document" && k.kind !== "not-applicable");
  if (docUnknown.length > 0) compositions.push({ aggregate: "unknown" });
  for (const element of ["assemblies", "dependencies"] as const) {
    const refs = [
      ...new Set(
        sbom.knownUnknowns
          .filter((k) => k.element === element && k.kind !== "not-applicable" && byRef.has(k.scope))
          .map((k) => k.scope),
      ),
    ];
    if (refs.length > 0) compositions.push({ aggregate: "unknown", [element]: refs });
  }
  const out: Json = {
    $schema: `http://cyclonedx.org/schema/bom-${version}.schema.json`,
    bomFormat: "CycloneDX",
    specVersion: version,
  };
  if (m.serialNumber !== undefined && URN_UUID.test(m.serialNumber)) out.serialNumber = m.serialNumber;
  out.version = m.version !== undefined && /^[1-9]\d{0,8}$/u.test(m.version) ? Number(m.version) : 1;
  if (Object.keys(meta).length > 0) out.metadata = meta;
  out.components = components;
  put(
    out,
    "dependencies",
    [...deps].map(([ref, set]) => ({ ref, dependsOn: [...set] })),
  );
  put(out, "compositions", compositions);
  return out;
}

// ---------------------------------------------------------------- SPDX 2.3

const SPDX_PURPOSE: Record<string, string> = {
  application: "APPLICATION",
  framework: "FRAMEWORK",
  library: "LIBRARY",
  container: "CONTAINER",
  "operating-system": "OPERATING_SYSTEM",
  device: "DEVICE",
  firmware: "FIRMWARE",
  file: "FILE",
  source: "SOURCE",
  archive: "ARCHIVE",
  install: "INSTALL",
  other: "OTHER",
};

function spdxLicense(l: License | undefined, extracted: Map<string, string>): string {
  if (l === undefined) return "NOASSERTION";
  if (l.kind === "expression") return l.expression;
  if (l.kind !== "name") return l.kind === "none" ? "NONE" : "NOASSERTION";
  const id = `LicenseRef-${l.name.replace(/[^A-Za-z0-9.-]+/gu, "-").replace(/^-+|-+$/gu, "") || "unnamed"}`;
  extracted.set(id, l.name);
  return id;
}

/** Several licences as one SPDX expression: distinct texts, `(a) AND (b)`; NOASSERTION/NONE only when alone. */
function spdxJoin(licenses: License[], extracted: Map<string, string>): string {
  const texts = [...new Set(licenses.map((l) => spdxLicense(l, extracted)))];
  const real = texts.filter((t) => t !== "NOASSERTION" && t !== "NONE");
  if (real.length === 0) return texts.includes("NONE") ? "NONE" : "NOASSERTION";
  return real.length === 1 ? real[0]! : real.map((t) => `(${t})`).join(" AND ");
}

/**
 * `licenseConcluded` / `licenseDeclared` of a package.
 * - When some licence has an `acknowledgement`: concluded (and unacknowledged) licences go to
 *   `licenseConcluded`, declared ones to `licenseDeclared`; a field with no licence is left out (SPDX 2.3 makes
 *   both optional), so a package with only a declared licence stays without a concluded one.
 * - Otherwise (e.g. from CycloneDX before 1.6): the first licence is concluded, the others declared (joined
 *   with AND), and a single licence is written into both fields; no licence is NOASSERTION in both.
 */
function spdxLicenseFields(p: Json, licenses: License[], extracted: Map<string, string>): void {
  if (licenses.some((l) => l.acknowledgement !== undefined)) {
    const concluded = licenses.filter((l) => l.acknowledgement !== "declared");
    const declared = licenses.filter((l) => l.acknowledgement === "declared");
    if (concluded.length > 0) p.licenseConcluded = spdxJoin(concluded, extracted);
    if (declared.length > 0) p.licenseDeclared = spdxJoin(declared, extracted);
    return;
  }
  const [first, second, ...rest] = licenses;
  p.licenseConcluded = spdxLicense(first, extracted);
  p.licenseDeclared =
    rest.length === 0
      ? spdxLicense(second ?? first, extracted)
      : [second!, ...rest].map((l) => `(${spdxLicense(l, extracted)})`).join(" AND ");
}

function toSpdx23(sbom: Sbom): Json {
  const m = sbom.metadata;
  const idFor = new Map<string, string>();
  const used = new Set<string>(["SPDXRef-DOCUMENT"]);
  for (const c of sbom.components) {
    let id = /^SPDXRef-[A-Za-z0-9.-]+$/u.test(c.ref)
      ? c.ref
      : `SPDXRef-${
          c.ref
            .replace(/[^A-Za-z0-9.-]+/gu, "-")
            .replace(/^-+|-+$/gu, "")
            .slice(0, 200) || "component"
        }`;
    const base = id;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    idFor.set(c.ref, id);
  }
  const extracted = new Map<string, string>();
  const created = m.timestamp !== undefined && DATE_TIME.test(m.timestamp) ? m.timestamp : undefined;
  const exportTime = new Date().toISOString().replace(/\.\d+Z$/u, "Z");
  const packages = sbom.components.map((c) => {
    const p: Json = { SPDXID: idFor.get(c.ref), name: c.name };
    if (c.version !== undefined) p.versionInfo = c.version;
    p.supplier = c.supplier === undefined ? "NOASSERTION" : formatSpdxParty(c.supplier, "Organization");
    if (c.originator !== undefined) p.originator = formatSpdxParty(c.originator, "Organization");
    p.downloadLocation = c.downloadLocation ?? "NOASSERTION";
    p.filesAnalyzed = false;
    spdxLicenseFields(p, c.licenses, extracted);
    p.copyrightText = c.copyright ?? "NOASSERTION";
    put(p, "description", c.description);
    put(p, "primaryPackagePurpose", Object.hasOwn(SPDX_PURPOSE, c.type) ? SPDX_PURPOSE[c.type] : "OTHER");
    put(
      p,
      "validUntilDate",
      c.validUntil !== undefined && DATE_TIME.test(c.validUntil) ? c.validUntil : undefined,
    );
    const checksums: Json[] = [];
    for (const h of c.hashes) {
      const alg = spdxAlg(h.alg);
      if (alg !== undefined) checksums.push({ algorithm: alg, checksumValue: h.content });
    }
    put(p, "checksums", checksums);
    const refs: Json[] = [];
    if (c.purl !== undefined)
      refs.push({ referenceCategory: "PACKAGE-MANAGER", referenceType: "purl", referenceLocator: c.purl });
    if (c.cpe !== undefined)
      refs.push({
        referenceCategory: "SECURITY",
        referenceType: c.cpe.startsWith("cpe:2.3:") ? "cpe23Type" : "cpe22Type",
        referenceLocator: c.cpe,
      });
    for (const id of c.otherIdentifiers) {
      if (id.type === "spdxid") continue;
      const type = id.type === "omniborId" ? "gitoid" : id.type === "swhid" ? "swh" : id.type;
      const category = type === "swid" || type === "gitoid" || type === "swh" ? "PERSISTENT-ID" : "OTHER";
      refs.push({ referenceCategory: category, referenceType: type, referenceLocator: id.value });
    }
    put(p, "externalRefs", refs);
    // SPDX 2.3 has no group: it travels as a property annotation like the others.
    const props =
      c.group === undefined ? c.properties : [...c.properties, { name: "qmskit:cdx:group", value: c.group }];
    const annotations = props.map((prop) => ({
      annotationDate: created ?? exportTime,
      annotationType: "OTHER",
      annotator: "Tool: qmskit-sbom",
      comment: `${SPDX_PROPERTY_ANNOTATION}${prop.name}=${prop.value}`,
    }));
    put(p, "annotations", annotations);
    return p;
  });
  const relationships: Json[] = [];
  const relKeys = new Set<string>();
  const rel = (from: string | undefined, type: string, to: string | undefined): void => {
    if (from === undefined || to === undefined) return;
    const key = `${from}\u0000${type}\u0000${to}`;
    if (relKeys.has(key)) return;
    relKeys.add(key);
    relationships.push({ spdxElementId: from, relationshipType: type, relatedSpdxElement: to });
  };
  const rootId = m.rootRef === undefined ? undefined : idFor.get(m.rootRef);
  if (rootId !== undefined) rel("SPDXRef-DOCUMENT", "DESCRIBES", rootId);
  else
    for (const c of sbom.components)
      if (c.parentRef === undefined) rel("SPDXRef-DOCUMENT", "DESCRIBES", idFor.get(c.ref));
  for (const d of sbom.dependencies)
    for (const t of d.dependsOn) rel(idFor.get(d.ref), "DEPENDS_ON", idFor.get(t));
  for (const c of sbom.components)
    if (c.parentRef !== undefined) rel(idFor.get(c.parentRef), "CONTAINS", idFor.get(c.ref));
  for (const r of sbom.relationships ?? []) {
    if (["DEPENDS_ON", "CONTAINS", "DESCRIBES"].includes(r.type)) continue;
    const to = r.to === "NONE" || r.to === "NOASSERTION" ? r.to : idFor.get(r.to);
    if (relationshipTypes().has(r.type)) rel(idFor.get(r.from), r.type, to);
  }
  for (const k of sbom.knownUnknowns) {
    if (k.element === "dependencies" && k.kind === "unknown")
      rel(idFor.get(k.scope), "DEPENDS_ON", "NOASSERTION");
  }
  const creators: string[] = [];
  for (const a of m.authors) creators.push(formatSpdxParty(a, "Person"));
  if (m.manufacturer !== undefined) creators.push(formatSpdxParty(m.manufacturer, "Organization"));
  for (const t of m.tools) creators.push(`Tool: ${t.name}${t.version === undefined ? "" : `-${t.version}`}`);
  if (creators.length === 0) creators.push("Tool: qmskit-sbom");
  const name =
    m.name ??
    (rootId === undefined ? "sbom" : sbom.components.find((c) => c.ref === m.rootRef)?.name) ??
    "sbom";
  const uuid =
    m.serialNumber !== undefined && URN_UUID.test(m.serialNumber)
      ? m.serialNumber.slice("urn:uuid:".length)
      : randomUUID();
  const namespace =
    m.documentNamespace !== undefined &&
    /^[a-z][a-z0-9+.-]*:\S+$/iu.test(m.documentNamespace) &&
    !m.documentNamespace.includes("#")
      ? m.documentNamespace
      : `https://spdx.org/spdxdocs/${encodeURIComponent(name)}-${uuid}`;
  const out: Json = {
    $schema: "https://raw.githubusercontent.com/spdx/spdx-spec/v2.3/schemas/spdx-schema.json",
    spdxVersion: "SPDX-2.3",
    dataLicense: "CC0-1.0",
    SPDXID: "SPDXRef-DOCUMENT",
    name,
    documentNamespace: namespace,
    creationInfo: {
      created: created ?? exportTime,
      creators,
      ...(created === undefined
        ? { comment: "The source SBOM had no valid timestamp; created is the time of export." }
        : {}),
    },
    packages,
    relationships,
  };
  if (extracted.size > 0) {
    out.hasExtractedLicensingInfos = [...extracted].map(([licenseId, text]) => ({
      licenseId,
      extractedText: text,
      name: text,
    }));
  }
  return out;
}

/**
 * Exports the model as a CycloneDX 1.6 / 1.7 or SPDX 2.3 JSON document (a plain object; `JSON.stringify` it).
 *
 * @throws QmsError `UNSUPPORTED` for an unknown target.
 * @example
 * ```ts
 * const doc = exportSbom(readSbom(text).sbom, "cyclonedx-1.6");
 * writeFileSync("bom.cdx.json", JSON.stringify(doc, null, 2));
 * ```
 */
export function exportSbom(sbom: Sbom, target: ExportTarget): Record<string, unknown> {
  switch (target) {
    case "cyclonedx-1.6":
      return toCycloneDx(sbom, "1.6");
    case "cyclonedx-1.7":
      return toCycloneDx(sbom, "1.7");
    case "spdx-2.3":
      return toSpdx23(sbom);
    default:
      throw new QmsError(
        "UNSUPPORTED",
        `unknown export target "${String(target)}"; use one of ${EXPORT_TARGETS.join(", ")}`,
        {
          details: { target },
        },
      );
  }
}
