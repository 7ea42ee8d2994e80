/**
 * CycloneDX (JSON object form, 1.2–1.7) → normalised model, in one pass over the components.
 * CycloneDX XML is converted to the same object form first (see `cyclonedx-xml.ts`).
 *
 * @requirement SOUP-01 each SBOM component becomes an identifiable record (name, version, supplier, purl)
 * @requirement SEC-04 NTIA elements: supplier, name, version, unique identifiers, dependency relationship,
 *   author, timestamp; CISA 2025 draft: hash, license, tool name, generation context; known unknowns
 *   (CycloneDX `compositions[].aggregate`)
 */
import type { Component, KnownUnknown, License, Party, Sbom, SbomEncoding, Tool } from "./model.js";
import {
  acknowledgementOf,
  arr,
  defined,
  hashOf,
  isRecord,
  isValidPurl,
  licenseFromExpression,
  parseSpdxParty,
  type ReadContext,
  str,
  withAcknowledgement,
} from "./normalise-common.js";

/** Nesting deeper than this is not followed (hostile input); the subtree is reported as skipped. */
export const MAX_COMPONENT_DEPTH = 64;

function partyOf(value: unknown): Party | undefined {
  if (typeof value === "string") return value === "" ? undefined : { name: value };
  if (!isRecord(value)) return undefined;
  const party: Party = {};
  const contact = Array.isArray(value.contact) && isRecord(value.contact[0]) ? value.contact[0] : undefined;
  const name = str(value.name) ?? str(contact?.name);
  if (name !== undefined) party.name = name;
  const email = str(value.email) ?? str(contact?.email);
  if (email !== undefined) party.email = email;
  const url = Array.isArray(value.url) ? str(value.url[0]) : str(value.url);
  if (url !== undefined) party.url = url;
  return name === undefined && email === undefined && url === undefined ? undefined : party;
}

function licensesOf(value: unknown): License[] {
  const out: License[] = [];
  for (const choice of arr(value)) {
    if (!isRecord(choice)) continue;
    const expression = str(choice.expression);
    if (expression !== undefined) {
      // CycloneDX 1.6+: the expression choice carries its own acknowledgement
      out.push(
        withAcknowledgement(licenseFromExpression(expression), acknowledgementOf(choice.acknowledgement)),
      );
      continue;
    }
    const license = isRecord(choice.license) ? choice.license : undefined;
    if (license === undefined) continue;
    const id = str(license.id);
    const name = str(license.name);
    const acknowledgement = acknowledgementOf(license.acknowledgement);
    if (id !== undefined) out.push(withAcknowledgement(licenseFromExpression(id), acknowledgement));
    else if (name !== undefined) {
      const parsed = name === "NOASSERTION" || name === "NONE" ? licenseFromExpression(name) : undefined;
      out.push(withAcknowledgement(parsed ?? { kind: "name", name }, acknowledgement));
    }
  }
  return out;
}

function toolsOf(value: unknown): Tool[] {
  const tools: Tool[] = [];
  const push = (t: unknown, vendorKey: "vendor" | "group"): void => {
    if (!isRecord(t)) return;
    const name = str(t.name);
    if (name === undefined) return;
    const vendor =
      str(t[vendorKey]) ?? partyOf(t.manufacturer)?.name ?? partyOf(t.supplier)?.name ?? str(t.author);
    tools.push(defined<Tool>({ name, version: str(t.version), vendor }));
  };
  if (Array.isArray(value)) for (const t of value) push(t, "vendor");
  else if (isRecord(value)) {
    for (const t of arr(value.components)) push(t, "group");
    for (const t of arr(value.services)) push(t, "group");
  }
  return tools;
}

function lifecyclesOf(value: unknown): string[] {
  const out: string[] = [];
  for (const l of arr(value)) {
    if (!isRecord(l)) continue;
    const phase = str(l.phase) ?? str(l.name);
    if (phase !== undefined) out.push(phase);
  }
  return out;
}

/** One component object → model component (nested `components` handled by the caller's walk). */
function componentOf(
  raw: Record<string, unknown>,
  path: string,
  ctx: ReadContext,
  refFor: (raw: Record<string, unknown>, path: string) => string,
  parentRef: string | undefined,
): Component {
  const purl = str(raw.purl);
  if (purl !== undefined && !isValidPurl(purl))
    ctx.warn(`${path}/purl`, `purl "${purl}" is not a valid package URL`);
  const otherIdentifiers: { type: string; value: string }[] = [];
  if (isRecord(raw.swid)) {
    const tagId = str(raw.swid.tagId);
    if (tagId !== undefined) otherIdentifiers.push({ type: "swid", value: tagId });
  }
  for (const id of arr(raw.omniborId))
    if (typeof id === "string") otherIdentifiers.push({ type: "omniborId", value: id });
  for (const id of arr(raw.swhid))
    if (typeof id === "string") otherIdentifiers.push({ type: "swhid", value: id });
  const hashes = [];
  for (const h of arr(raw.hashes)) {
    const hash = isRecord(h) ? hashOf(h.alg, h.content) : undefined;
    if (hash !== undefined) hashes.push(hash);
  }
  const properties = [];
  let originator: Party | undefined;
  let spdxType: string | undefined;
  for (const p of arr(raw.properties)) {
    if (!isRecord(p) || typeof p.name !== "string") continue;
    const value = String(p.value ?? "");
    // Data that an earlier export could not hold natively (see export.ts) goes back where it came from.
    if (p.name.startsWith("qmskit:identifier:")) otherIdentifiers.push({ type: p.name.slice(18), value });
    else if (p.name.startsWith("qmskit:hash:")) hashes.push({ alg: p.name.slice(12), content: value });
    else if (p.name === "qmskit:spdx:originator")
      originator = parseSpdxParty(value)?.party ?? { name: value };
    else if (p.name === "qmskit:spdx:primaryPackagePurpose") spdxType = value;
    else properties.push({ name: p.name, value });
  }

  const authors: Party[] = [];
  for (const a of arr(raw.authors)) {
    const party = partyOf(a);
    if (party !== undefined) authors.push(party);
  }
  const author = str(raw.author);
  if (author !== undefined && authors.length === 0) authors.push({ name: author });
  let downloadLocation: string | undefined;
  for (const ref of arr(raw.externalReferences)) {
    if (isRecord(ref) && ref.type === "distribution" && typeof ref.url === "string") {
      downloadLocation = ref.url;
      break;
    }
  }
  const name = typeof raw.name === "string" ? raw.name : "";
  if (typeof raw.name !== "string") ctx.warn(`${path}/name`, "component has no name");
  // Built field by field (no spread, no delete): this runs once per component on 100k-component SBOMs.
  const c: Component = {
    ref: refFor(raw, path),
    type: spdxType ?? str(raw.type) ?? "library",
    name,
    authors,
    otherIdentifiers,
    hashes,
    licenses: licensesOf(raw.licenses),
    properties,
  };
  const group = str(raw.group);
  if (group !== undefined) c.group = group;
  if (typeof raw.version === "string") c.version = raw.version;
  const description = str(raw.description);
  if (description !== undefined) c.description = description;
  const supplier = partyOf(raw.supplier);
  if (supplier !== undefined) c.supplier = supplier;
  const manufacturer = partyOf(raw.manufacturer);
  if (manufacturer !== undefined) c.manufacturer = manufacturer;
  const publisher = str(raw.publisher);
  if (publisher !== undefined) c.publisher = publisher;
  if (purl !== undefined) c.purl = purl;
  const cpe = str(raw.cpe);
  if (cpe !== undefined) c.cpe = cpe;
  if (parentRef !== undefined) c.parentRef = parentRef;
  const scope = str(raw.scope);
  if (scope !== undefined) c.scope = scope;
  if (originator !== undefined) c.originator = originator;
  const copyright = str(raw.copyright);
  if (copyright !== undefined) c.copyright = copyright;
  if (downloadLocation !== undefined) c.downloadLocation = downloadLocation;
  return c;
}

const AGGREGATE_KIND: Record<string, KnownUnknown["kind"] | null> = {
  complete: null,
  unknown: "unknown",
  not_specified: "unknown",
};

function knownUnknownsOf(compositions: unknown, ctx: ReadContext): KnownUnknown[] {
  const out: KnownUnknown[] = [];
  arr(compositions).forEach((c, i) => {
    if (!isRecord(c)) return;
    const aggregate = str(c.aggregate);
    if (aggregate === undefined) {
      ctx.skip(`/compositions/${i}`, "composition without aggregate");
      return;
    }
    const kind = Object.hasOwn(AGGREGATE_KIND, aggregate) ? AGGREGATE_KIND[aggregate] : "unknown";
    if (kind === null || kind === undefined) return;
    let scoped = false;
    for (const element of ["assemblies", "dependencies", "vulnerabilities"] as const) {
      for (const ref of arr(c[element])) {
        const r = typeof ref === "string" ? ref : isRecord(ref) ? str(ref.ref) : undefined;
        if (r === undefined) continue;
        scoped = true;
        out.push({ kind, scope: r, element, detail: `compositions aggregate "${aggregate}"` });
      }
    }
    if (!scoped)
      out.push({
        kind,
        scope: "document",
        element: "components",
        detail: `compositions aggregate "${aggregate}"`,
      });
  });
  return out;
}

/** Normalises a CycloneDX document (JSON object form). */
export function normaliseCycloneDx(
  doc: Record<string, unknown>,
  specVersion: string,
  encoding: SbomEncoding,
  ctx: ReadContext,
): Sbom {
  const meta = isRecord(doc.metadata) ? doc.metadata : {};
  const components: Component[] = [];
  const usedRefs = new Set<string>();
  let generated = 0;
  const refFor = (raw: Record<string, unknown>, path: string): string => {
    let ref = str(raw["bom-ref"]);
    if (ref !== undefined && usedRefs.has(ref)) {
      ctx.warn(
        `${path}/bom-ref`,
        `bom-ref "${ref}" is used by more than one component; a new ref was generated`,
      );
      ref = undefined;
    }
    if (ref === undefined) {
      // Stable, readable refs for components without bom-ref: purl or group/name@version, made unique.
      const base =
        str(raw.purl) ??
        `${str(raw.group) === undefined ? "" : `${String(raw.group)}/`}${String(raw.name ?? "component")}${
          typeof raw.version === "string" ? `@${raw.version}` : ""
        }`;
      ref = base;
      while (usedRefs.has(ref)) ref = `${base}#${++generated}`;
    }
    usedRefs.add(ref);
    return ref;
  };

  let rootRef: string | undefined;
  if (isRecord(meta.component)) {
    const root = componentOf(meta.component, "/metadata/component", ctx, refFor, undefined);
    rootRef = root.ref;
    components.push(root);
    walk(meta.component.components, "/metadata/component/components", root.ref, 1);
  }

  function walk(list: unknown, path: string, parentRef: string | undefined, depth: number): void {
    if (list === undefined) return;
    if (!Array.isArray(list)) {
      ctx.skip(path, "components is not an array");
      return;
    }
    if (depth > MAX_COMPONENT_DEPTH) {
      ctx.skip(path, `components nested deeper than ${MAX_COMPONENT_DEPTH} levels were not read`);
      return;
    }
    for (let i = 0; i < list.length; i++) {
      const raw = list[i];
      const p = `${path}/${i}`;
      if (!isRecord(raw)) {
        ctx.skip(p, "component is not an object");
        continue;
      }
      const c = componentOf(raw, p, ctx, refFor, parentRef);
      components.push(c);
      if (raw.components !== undefined) walk(raw.components, `${p}/components`, c.ref, depth + 1);
    }
  }
  walk(doc.components, "/components", undefined, 1);

  const dependencies: { ref: string; dependsOn: string[] }[] = [];
  arr(doc.dependencies).forEach((d, i) => {
    if (!isRecord(d) || typeof d.ref !== "string") {
      ctx.skip(`/dependencies/${i}`, "dependency without a ref");
      return;
    }
    const dependsOn: string[] = [];
    for (const t of arr(d.dependsOn)) {
      // CycloneDX 1.2/1.3 also allowed nested dependency objects.
      const target = typeof t === "string" ? t : isRecord(t) ? str(t.ref) : undefined;
      if (target !== undefined) dependsOn.push(target);
    }
    dependencies.push({ ref: d.ref, dependsOn });
  });

  const authors: Party[] = [];
  for (const a of arr(meta.authors)) {
    const party = partyOf(a);
    if (party !== undefined) authors.push(party);
  }
  const metaManufacturer = partyOf(meta.manufacturer) ?? partyOf(meta.manufacture);
  return {
    format: "cyclonedx",
    specVersion,
    encoding,
    metadata: defined({
      name: isRecord(meta.component) ? str(meta.component.name) : undefined,
      version:
        typeof doc.version === "number" || typeof doc.version === "string" ? String(doc.version) : undefined,
      serialNumber: str(doc.serialNumber),
      timestamp: str(meta.timestamp),
      authors,
      tools: toolsOf(meta.tools),
      lifecycles: lifecyclesOf(meta.lifecycles),
      supplier: partyOf(meta.supplier),
      manufacturer: metaManufacturer,
      rootRef,
      dataLicense: licensesOf(meta.licenses)
        .map((l) => (l.kind === "expression" ? l.expression : l.kind === "name" ? l.name : undefined))
        .find((l) => l !== undefined),
    }),
    components,
    dependencies,
    knownUnknowns: knownUnknownsOf(doc.compositions, ctx),
    skipped: ctx.skipped,
  };
}
