/**
 * Merge several SBOMs (one per subsystem) into one device SBOM that keeps the
 * device → subsystem → component hierarchy (`parentRef`) and the dependency graph, de-duplicates
 * components by purl and records known unknowns.
 *
 * - The device is a new root component (`options.root`); each input's own root (CycloneDX
 *   `metadata.component`, SPDX `DESCRIBES`) becomes a subsystem under it. An input without a root gets a
 *   subsystem component named after the document.
 * - Components with the same purl (full purl, version included) are one component: the first
 *   occurrence keeps its ref, place in the hierarchy and scalar fields; hashes, licences (when the first
 *   has none), identifiers and properties are united; refs of the duplicates are rewritten everywhere.
 *   Conflicting hashes for the same algorithm are recorded as a known unknown.
 * - Components without a purl are kept per input; a ref already used by another input is prefixed
 *   with `s<i>:`. Merging the same SBOM twice gives the same components as merging it once.
 * - Dependency edges are united after ref rewriting; the device depends on each subsystem. Edges naming a ref
 *   that is no component are dropped and counted in a known unknown; a parent that is missing or the
 *   component itself is replaced by the subsystem.
 * - Known unknowns of the inputs are kept (scopes rewritten); an input without any dependency edge adds
 *   `{ kind: "unknown", scope: <subsystem ref>, element: "dependencies" }`.
 *
 * @requirement SOUP-01 the shipped device's SBOM covers every subsystem's third-party components
 *   (NTIA "depth" / CISA "coverage"; known unknowns per CISA 2025 draft)
 */
import { QmsError } from "@qmskit/core";
import type { Component, Dependency, KnownUnknown, Party, Sbom } from "./model.js";

/** Options of {@link mergeSboms}. */
export interface MergeOptions {
  /** The device (root) component of the merged SBOM. */
  readonly root: {
    readonly name: string;
    readonly version?: string;
    readonly ref?: string;
    readonly type?: string;
    readonly supplier?: Party;
    readonly manufacturer?: Party;
    readonly purl?: string;
  };
  /** Timestamp of the merged SBOM (default: the latest input timestamp, else now). */
  readonly timestamp?: string;
  /** Authors of the merged SBOM (default: the union of the inputs' authors). */
  readonly authors?: readonly Party[];
}

const partyKey = (p: Party) => `${p.name ?? ""}|${p.email ?? ""}|${p.url ?? ""}`;

function uniqueBy<T>(items: readonly T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const i of items) {
    const k = key(i);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(i);
    }
  }
  return out;
}

/**
 * Merge SBOMs under a device root.
 *
 * @example
 * ```ts
 * const device = mergeSboms([firmware, app, cloud], { root: { name: "Infusion pump", version: "4.2" } });
 * ```
 */
export function mergeSboms(sboms: readonly Sbom[], options: MergeOptions): Sbom {
  if (sboms.length === 0) throw new QmsError("VALIDATION", "mergeSboms needs at least one SBOM to merge");
  if (options.root.name.trim() === "")
    throw new QmsError("VALIDATION", "mergeSboms: options.root.name must name the device");
  const rootRef =
    options.root.ref ??
    `device:${options.root.name}${options.root.version ? `@${options.root.version}` : ""}`;

  const components: Component[] = [];
  const byRef = new Map<string, Component>();
  const byPurl = new Map<string, string>();
  const byIdentity = new Map<string, string>();
  const edges = new Map<string, Set<string>>();
  const knownUnknowns: KnownUnknown[] = [];
  const addEdge = (from: string, to: string) => {
    if (from === to) return;
    let set = edges.get(from);
    if (!set) {
      set = new Set();
      edges.set(from, set);
    }
    set.add(to);
  };

  const root: Component = {
    ref: rootRef,
    type: options.root.type ?? "device",
    name: options.root.name,
    ...(options.root.version !== undefined ? { version: options.root.version } : {}),
    ...(options.root.supplier !== undefined ? { supplier: options.root.supplier } : {}),
    ...(options.root.manufacturer !== undefined ? { manufacturer: options.root.manufacturer } : {}),
    ...(options.root.purl !== undefined ? { purl: options.root.purl } : {}),
    authors: [],
    otherIdentifiers: [],
    hashes: [],
    licenses: [],
    properties: [],
  };
  components.push(root);
  byRef.set(rootRef, root);
  if (root.purl) byPurl.set(root.purl, rootRef);

  sboms.forEach((sbom, i) => {
    const refMap = new Map<string, string>();
    const mapRef = (r: string) => refMap.get(r) ?? r;
    // the subsystem: the input's root component, else one made from the document metadata
    let subsystemRef = sbom.metadata.rootRef;
    const hasRootComponent =
      subsystemRef !== undefined && sbom.components.some((c) => c.ref === subsystemRef);
    const inputs: Component[] = [...sbom.components];
    const placedHere = new Set<string>();
    if (!hasRootComponent) {
      const name = sbom.metadata.name ?? `subsystem ${i + 1}`;
      const synthetic: Component = {
        ref:
          subsystemRef ??
          `subsystem:${sbom.metadata.serialNumber ?? sbom.metadata.documentNamespace ?? `${name}${sbom.metadata.version ? `@${sbom.metadata.version}` : ""}`}`,
        type: "application",
        name,
        ...(sbom.metadata.version !== undefined ? { version: sbom.metadata.version } : {}),
        authors: [],
        otherIdentifiers: [],
        hashes: [],
        licenses: [],
        properties: [],
      };
      subsystemRef = synthetic.ref;
      inputs.unshift(synthetic);
    }
    // first pass: place every component, de-duplicating by purl
    for (const c of inputs) {
      if (c.purl !== undefined && c.purl !== "") {
        const existing = byPurl.get(c.purl);
        if (existing !== undefined) {
          refMap.set(c.ref, existing);
          absorb(byRef.get(existing)!, c, knownUnknowns);
          continue;
        }
      }
      const identity = `${c.ref}\u0000${c.name}\u0000${c.version ?? ""}\u0000${c.purl ?? ""}`;
      const same = byIdentity.get(identity);
      if (same !== undefined) {
        refMap.set(c.ref, same);
        absorb(byRef.get(same)!, c, knownUnknowns);
        continue;
      }
      let ref = c.ref;
      if (byRef.has(ref)) {
        let n = i + 1;
        ref = `s${n}:${c.ref}`;
        while (byRef.has(ref)) ref = `s${++n}:${c.ref}`;
      }
      refMap.set(c.ref, ref);
      const copy: Component = {
        ...c,
        ref,
        authors: [...c.authors],
        otherIdentifiers: [...c.otherIdentifiers],
        hashes: [...c.hashes],
        licenses: [...c.licenses],
        properties: [...c.properties],
      };
      components.push(copy);
      placedHere.add(c.ref);
      byRef.set(ref, copy);
      byIdentity.set(identity, ref);
      if (c.purl !== undefined && c.purl !== "") byPurl.set(c.purl, ref);
    }
    // second pass: hierarchy (only for components this input placed)
    const sub = mapRef(subsystemRef!);
    for (const c of inputs) {
      if (!placedHere.has(c.ref)) continue;
      const placed = byRef.get(mapRef(c.ref))!;
      const parent = c.parentRef === undefined ? undefined : mapRef(c.parentRef);
      if (placed.ref === sub) placed.parentRef = rootRef;
      else if (parent !== undefined && parent !== placed.ref && byRef.has(parent)) placed.parentRef = parent;
      else placed.parentRef = sub;
    }
    addEdge(rootRef, sub);
    let edgeCount = 0;
    let dangling = 0;
    for (const d of sbom.dependencies) {
      const from = mapRef(d.ref);
      for (const t of d.dependsOn) {
        const to = mapRef(t);
        if (!byRef.has(from) || !byRef.has(to)) {
          dangling++;
          continue;
        }
        addEdge(from, to);
        edgeCount++;
      }
    }
    if (dangling > 0)
      knownUnknowns.push({
        kind: "unknown",
        scope: sub,
        element: "dependencies",
        detail: `input ${i + 1}: ${dangling} dependency edge(s) name refs that are not components; dropped`,
      });
    if (edgeCount === 0)
      knownUnknowns.push({
        kind: "unknown",
        scope: sub,
        element: "dependencies",
        detail: `input ${i + 1} (${sbom.metadata.name ?? sbom.format}) records no dependency relationships`,
      });
    for (const k of sbom.knownUnknowns) {
      const scope = k.scope === "document" ? sub : (refMap.get(k.scope) ?? k.scope);
      knownUnknowns.push({ ...k, scope });
    }
  });

  const dependencies: Dependency[] = [...edges].map(([ref, to]) => ({ ref, dependsOn: [...to] }));
  const timestamps = sboms
    .map((s) => s.metadata.timestamp)
    .filter((t): t is string => !!t && !Number.isNaN(Date.parse(t)));
  const latest = timestamps.sort((a, b) => Date.parse(a) - Date.parse(b)).at(-1);
  return {
    format: "cyclonedx",
    specVersion: "1.6",
    encoding: "json",
    metadata: {
      name: options.root.name,
      ...(options.root.version !== undefined ? { version: options.root.version } : {}),
      timestamp: options.timestamp ?? latest ?? new Date().toISOString(),
      authors: options.authors
        ? [...options.authors]
        : uniqueBy(
            sboms.flatMap((s) => s.metadata.authors),
            partyKey,
          ),
      tools: uniqueBy(
        sboms.flatMap((s) => s.metadata.tools),
        (t) => `${t.vendor ?? ""}|${t.name}|${t.version ?? ""}`,
      ),
      lifecycles: [...new Set(sboms.flatMap((s) => s.metadata.lifecycles))],
      ...(options.root.manufacturer !== undefined ? { manufacturer: options.root.manufacturer } : {}),
      ...(options.root.supplier !== undefined ? { supplier: options.root.supplier } : {}),
      rootRef,
    },
    components,
    dependencies,
    knownUnknowns: uniqueBy(knownUnknowns, (k) => `${k.kind}|${k.scope}|${k.element}|${k.detail ?? ""}`),
    skipped: sboms.flatMap((s, i) =>
      s.skipped.map((x) => ({ path: `/inputs/${i}${x.path}`, reason: x.reason })),
    ),
  };
}

/** Fold a duplicate into the kept component: union hashes, identifiers, properties; fill gaps. */
function absorb(kept: Component, dup: Component, knownUnknowns: KnownUnknown[]): void {
  for (const h of dup.hashes) {
    const same = kept.hashes.find((x) => x.alg.toUpperCase() === h.alg.toUpperCase());
    if (same === undefined) kept.hashes.push(h);
    else if (same.content.toLowerCase() !== h.content.toLowerCase())
      knownUnknowns.push({
        kind: "unknown",
        scope: kept.ref,
        element: "hashes",
        detail: `inputs disagree on the ${h.alg} hash of ${kept.purl ?? kept.name}`,
      });
  }
  if (kept.licenses.length === 0) kept.licenses.push(...dup.licenses);
  kept.otherIdentifiers = uniqueBy(
    [...kept.otherIdentifiers, ...dup.otherIdentifiers],
    (x) => `${x.type}|${x.value}`,
  );
  kept.properties = uniqueBy([...kept.properties, ...dup.properties], (p) => `${p.name}|${p.value}`);
  if (kept.supplier === undefined && dup.supplier !== undefined) kept.supplier = dup.supplier;
  if (kept.manufacturer === undefined && dup.manufacturer !== undefined) kept.manufacturer = dup.manufacturer;
  if (kept.cpe === undefined && dup.cpe !== undefined) kept.cpe = dup.cpe;
}
