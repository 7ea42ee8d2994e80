/**
 * Release-to-release SBOM diff, usable as design-change evidence (IEC 62304 6.1 f / 7.4: each SOUP
 * addition, removal or version change starts a change-impact assessment).
 *
 * Matching: components are matched by purl without version, qualifiers and subpath (lower-cased);
 * without a purl, by `group/name` (lower-cased). Components of type `file` are not compared.
 * When a key has several versions on a side (e.g. two copies of a library), identical versions are
 * paired first, then the rest in version order; leftovers are added or removed.
 *
 * Version ordering: semver (strict; a leading `v` is allowed) when both versions are valid semver
 * (loose semver is not used: it would read OpenSSL's `1.1.1w` as a pre-release); otherwise the documented
 * fallback {@link compareVersions}: split into runs of digits and of other characters, compare digit
 * runs numerically and the rest case-insensitively; a version that is a prefix of the other is lower.
 *
 * Two SBOMs of the same tree, written by different generators or in different formats, diff to no
 * component changes: only normalised values are compared (licences as sorted canonical strings with
 * "no licence stated" ≡ NOASSERTION; supplier by name, case-insensitive; hashes only on algorithms
 * both sides carry; dependency edges by matching key, not by document-local refs).
 *
 * A licence's `acknowledgement` (concluded / declared) is not compared: the licence change is about which
 * licences apply, and the same tree written as SPDX (always concluded + declared) and as CycloneDX (usually no
 * acknowledgement) would otherwise differ on every component. A package whose concluded licence becomes
 * different from its declared one still shows as a change when the set of licence texts changes.
 *
 * @requirement SOUP-04 the same build inputs give the same component set (diff of two SBOMs of one
 *   tree is empty)
 * @requirement SOUP-01 SOUP changes between releases are identified (62304 6.1 f, 7.4)
 */
import semver from "semver";
import type { Component, License, Sbom } from "./model.js";
import { markdownCell, supportFacts } from "./support.js";
import { purlWithoutVersion } from "./support-catalog.js";

/** A component as it appears in a diff. */
export interface DiffComponent {
  /** Matching key: the purl without version (`pkg:…`, lower-cased) or `name:<group/name>`. */
  readonly key: string;
  readonly name: string;
  readonly purl: string | null;
  readonly version: string | null;
  readonly ref: string;
}

/** One field that changed on a matched component. */
export interface FieldChange {
  readonly field: "version" | "license" | "supplier" | "hash" | "support-level" | "end-of-support";
  readonly from: string;
  readonly to: string;
  /** For `hash`: the content changed while the version did not (possible tampering or rebuild). */
  readonly flag?: "hash-at-same-version";
}

/** A matched component with at least one change. */
export interface ComponentChange {
  readonly key: string;
  readonly name: string;
  /** The new purl (else the old one). */
  readonly purl: string | null;
  /** The new version. */
  readonly version: string | null;
  /** Old version. */
  readonly from: string | null;
  /** New version. */
  readonly to: string | null;
  /** `upgraded` / `downgraded` / `changed` (not orderable) / `same`. */
  readonly versionChange: "upgraded" | "downgraded" | "changed" | "same";
  readonly changes: FieldChange[];
}

/** A dependency edge between matching keys. */
export interface DiffEdge {
  readonly from: string;
  readonly to: string;
}

/** The diff of two SBOMs. */
export interface SbomDiff {
  readonly added: DiffComponent[];
  readonly removed: DiffComponent[];
  readonly changed: ComponentChange[];
  readonly dependencies: { readonly added: DiffEdge[]; readonly removed: DiffEdge[] };
  readonly summary: {
    readonly added: number;
    readonly removed: number;
    readonly upgraded: number;
    readonly downgraded: number;
    readonly versionChanged: number;
    readonly licenseChanged: number;
    readonly supplierChanged: number;
    readonly hashAtSameVersion: number;
    readonly supportChanged: number;
    readonly edgesAdded: number;
    readonly edgesRemoved: number;
    readonly unchanged: number;
  };
}

/** Options of {@link diffSboms}. */
export interface DiffOptions {
  /** Also compare dependency edges (default true). */
  readonly dependencies?: boolean;
  /** Also compare support status (default true). */
  readonly support?: boolean;
}

const NON_PURL_NAME = (c: Component) =>
  `name:${(c.group ? `${c.group}/${c.name}` : c.name).trim().toLowerCase()}`;

/** The matching key of a component (see the module comment). */
export function componentKey(c: Component): string {
  return computeKey(c);
}

function computeKey(c: Component): string {
  const purl = c.purl;
  if (purl !== undefined) {
    if (purl.startsWith("pkg:")) return purlWithoutVersion(purl);
    const trimmed = purl.trim();
    if (trimmed.startsWith("pkg:")) return purlWithoutVersion(trimmed);
  }
  return NON_PURL_NAME(c);
}

const displayName = (c: Component) => (c.group ? `${c.group}/${c.name}` : c.name);
const normVersion = (v: string | undefined): string | null =>
  v === undefined || v.trim() === "" || /^noassertion$/i.test(v.trim()) ? null : v.trim();

/**
 * Compare two version strings: strict semver when both are valid, else the fallback described in the
 * module comment. Returns negative, zero or positive.
 *
 * @example
 * ```ts
 * compareVersions("1.2.10", "1.2.9");   // > 0
 * compareVersions("2.11.1", "2.11.1a"); // < 0 (fallback: prefix is lower)
 * ```
 */
export function compareVersions(a: string, b: string): number {
  const sa = semver.valid(a);
  const sb = semver.valid(b);
  if (sa !== null && sb !== null) return semver.compare(sa, sb);
  const ta = a.slice(0, 256).match(/\d+|[^\d]+/g) ?? [];
  const tb = b.slice(0, 256).match(/\d+|[^\d]+/g) ?? [];
  for (let i = 0; i < Math.min(ta.length, tb.length); i++) {
    const x = ta[i]!;
    const y = tb[i]!;
    const nx = /^\d/.test(x);
    const ny = /^\d/.test(y);
    if (nx && ny) {
      const d = x.replace(/^0+(?=\d)/, "").length - y.replace(/^0+(?=\d)/, "").length;
      if (d !== 0) return d;
      const c = x.replace(/^0+(?=\d)/, "").localeCompare(y.replace(/^0+(?=\d)/, ""));
      if (c !== 0) return c;
    } else if (nx !== ny) {
      return nx ? 1 : -1;
    } else {
      const c = x.toLowerCase() < y.toLowerCase() ? -1 : x.toLowerCase() > y.toLowerCase() ? 1 : 0;
      if (c !== 0) return c;
    }
  }
  return ta.length - tb.length;
}

const idString = (s: string) => s.replace(/[^A-Za-z0-9.+-]+/g, "-").replace(/^-+|-+$/g, "");

/**
 * Canonical licence text, the same for expressions and free-text names: a lone `LicenseRef-<x>` is read
 * as `<x>`, then every run of characters outside `[A-Za-z0-9.+-]` becomes `-` and the result is
 * upper-cased. So the name "MIT", the expression "MIT" and "LicenseRef-MIT" are one licence, and an
 * expression written into a CycloneDX licence *name* by some exporter still matches the expression.
 */
const licenseCache = new Map<string, string>();
function canonicalLicenseText(raw: string): string {
  let v = licenseCache.get(raw);
  if (v === undefined) {
    const text = raw.trim();
    const ref = /^LicenseRef-([A-Za-z0-9.-]+)$/i.exec(text);
    v = (idString(ref ? ref[1]! : text) || "unnamed").toUpperCase();
    if (licenseCache.size > 20_000) licenseCache.clear();
    if (raw.length <= 512) licenseCache.set(raw, v);
  }
  return v;
}

function licenseString(l: License): string {
  switch (l.kind) {
    case "expression":
      return canonicalLicenseText(l.expression);
    case "name":
      return canonicalLicenseText(l.name);
    case "none":
      return "NONE";
    default:
      return "";
  }
}

/**
 * Canonical licence text of a component: sorted distinct licences; NOASSERTION and absent are "".
 * `acknowledgement` is ignored, so a concluded and a declared entry of the same licence are one licence.
 */
export function licenseKey(c: Component): string {
  if (c.licenses.length === 0) return "";
  if (c.licenses.length === 1) return licenseString(c.licenses[0]!);
  const parts = [...new Set(c.licenses.map(licenseString).filter((s) => s !== ""))].sort();
  return parts.join(" ; ");
}

const supplierKey = (c: Component): string =>
  (c.supplier?.name ?? c.manufacturer?.name ?? c.originator?.name ?? "")
    .trim()
    .toLowerCase()
    .replace(/^noassertion$/, "");

const algKey = (alg: string) => (/^[A-Z0-9]+$/.test(alg) ? alg : alg.toUpperCase().replace(/[^A-Z0-9]/g, ""));

function hashChange(a: Component, b: Component): { from: string; to: string } | undefined {
  if (a.hashes.length === 0 || b.hashes.length === 0) return undefined;
  for (const h of a.hashes) {
    const alg = algKey(h.alg);
    for (const g of b.hashes) {
      if (g.alg !== h.alg && algKey(g.alg) !== alg) continue;
      if (g.content !== h.content && g.content.trim().toLowerCase() !== h.content.trim().toLowerCase())
        return { from: `${h.alg}:${h.content}`, to: `${g.alg}:${g.content}` };
      break;
    }
  }
  return undefined;
}

function versionOrder(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return compareVersions(a, b);
}

function toItem(c: Component): DiffComponent {
  return {
    key: computeKey(c),
    name: displayName(c),
    purl: c.purl ?? null,
    version: normVersion(c.version),
    ref: c.ref,
  };
}

/** Fast path: the licence lists are written identically (the usual case between releases). */
function sameLicenses(a: Component, b: Component): boolean {
  if (a.licenses.length !== b.licenses.length) return false;
  for (let i = 0; i < a.licenses.length; i++) {
    const x = a.licenses[i]!;
    const y = b.licenses[i]!;
    if (x.kind !== y.kind) return false;
    if (x.kind === "expression" && x.expression !== (y as typeof x).expression) return false;
    if (x.kind === "name" && x.name !== (y as typeof x).name) return false;
  }
  return true;
}

/** Fast path: the properties and validUntil that support status is read from are written identically. */
function sameSupportInputs(a: Component, b: Component): boolean {
  if (a.validUntil !== b.validUntil || a.properties.length !== b.properties.length) return false;
  for (let i = 0; i < a.properties.length; i++) {
    const x = a.properties[i]!;
    const y = b.properties[i]!;
    if (x.name !== y.name || x.value !== y.value) return false;
  }
  return true;
}

/** Reused between calls (compareMatched is not re-entrant): no array per unchanged pair. */
const scratch: FieldChange[] = [];

function compareMatched(a: Component, b: Component, options: DiffOptions): ComponentChange | undefined {
  const changes = scratch;
  changes.length = 0;
  const va = normVersion(a.version);
  const vb = normVersion(b.version);
  let versionChange: ComponentChange["versionChange"] = "same";
  if (va !== vb) {
    const o = va !== null && vb !== null ? compareVersions(va, vb) : Number.NaN;
    versionChange = o < 0 ? "upgraded" : o > 0 ? "downgraded" : "changed";
    changes.push({ field: "version", from: va ?? "", to: vb ?? "" });
  }
  if (!sameLicenses(a, b)) {
    const la = licenseKey(a);
    const lb = licenseKey(b);
    if (la !== lb) changes.push({ field: "license", from: la, to: lb });
  }
  const rawSa = a.supplier?.name ?? a.manufacturer?.name ?? a.originator?.name;
  const rawSb = b.supplier?.name ?? b.manufacturer?.name ?? b.originator?.name;
  if (rawSa !== rawSb && supplierKey(a) !== supplierKey(b))
    changes.push({
      field: "supplier",
      from: a.supplier?.name ?? a.manufacturer?.name ?? a.originator?.name ?? "",
      to: b.supplier?.name ?? b.manufacturer?.name ?? b.originator?.name ?? "",
    });
  if (va === vb) {
    const h = hashChange(a, b);
    if (h) changes.push({ field: "hash", ...h, flag: "hash-at-same-version" });
  }
  if (options.support !== false && !sameSupportInputs(a, b)) {
    const xa = supportFacts(a);
    const xb = supportFacts(b);
    if (xa.level !== xb.level) changes.push({ field: "support-level", from: xa.level, to: xb.level });
    if (xa.endOfSupport !== xb.endOfSupport)
      changes.push({ field: "end-of-support", from: xa.endOfSupport, to: xb.endOfSupport });
  }
  if (changes.length === 0) return undefined;
  const found = changes.slice();
  return {
    key: computeKey(b),
    name: displayName(b),
    purl: b.purl ?? a.purl ?? null,
    version: vb,
    from: va,
    to: vb,
    versionChange,
    changes: found,
  };
}

/** Interns matching keys as small integers shared by both SBOMs of a diff. */
class KeyIds {
  readonly ids = new Map<string, number>();
  readonly names: string[] = [];
  id(key: string): number {
    let n = this.ids.get(key);
    if (n === undefined) {
      n = this.names.length;
      this.ids.set(key, n);
      this.names.push(key);
    }
    return n;
  }
}

/** One side of a diff: components grouped by key id (files skipped) and the key id of every ref. */
function indexSide(
  components: readonly Component[],
  keys: KeyIds,
): { groups: (Component[] | undefined)[]; refId: Map<string, number> } {
  const groups: (Component[] | undefined)[] = [];
  const refId = new Map<string, number>();
  for (const c of components) {
    const id = keys.id(computeKey(c));
    refId.set(c.ref, id);
    if (c.type === "file") continue;
    const list = groups[id];
    if (list) list.push(c);
    else groups[id] = [c];
  }
  return { groups, refId };
}

const EDGE_BASE = 2 ** 26;

/**
 * Dependency edges of an SBOM as sorted, distinct codes `from * 2^26 + to` over key ids (a typed array: no
 * object per edge); the root (or the SPDX document) is the key `(root)`; edges to unknown refs are ignored.
 */
function edgeCodes(sbom: Sbom, refId: Map<string, number>, root: number): Float64Array {
  let total = 0;
  for (const d of sbom.dependencies) total += d.dependsOn.length;
  const codes = new Float64Array(total);
  const resolve = (ref: string): number | undefined =>
    refId.get(ref) ?? (ref === sbom.metadata.rootRef || ref === "SPDXRef-DOCUMENT" ? root : undefined);
  let n = 0;
  for (const d of sbom.dependencies) {
    const from = resolve(d.ref);
    if (from === undefined) continue;
    for (const t of d.dependsOn) {
      const to = resolve(t);
      if (to !== undefined && to !== from) codes[n++] = from * EDGE_BASE + to;
    }
  }
  const sorted = codes.subarray(0, n).sort();
  let m = 0;
  for (let i = 0; i < sorted.length; i++)
    if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[m++] = sorted[i]!;
  return sorted.subarray(0, m);
}

/**
 * Diff two SBOMs (any formats, any versions).
 *
 * @example
 * ```ts
 * const d = diffSboms(previousRelease, thisRelease);
 * console.log(`${d.summary.added} added, ${d.summary.upgraded} upgraded`);
 * ```
 */
export function diffSboms(oldSbom: Sbom, newSbom: Sbom, options: DiffOptions = {}): SbomDiff {
  const keys = new KeyIds();
  const oldSide = indexSide(oldSbom.components, keys);
  const newSide = indexSide(newSbom.components, keys);
  const added: DiffComponent[] = [];
  const removed: DiffComponent[] = [];
  const changed: ComponentChange[] = [];
  let unchanged = 0;

  const compare = (o: Component, n: Component) => {
    const ch = compareMatched(o, n, options);
    if (ch) changed.push(ch);
    else unchanged++;
  };
  const pairUp = (olds: Component[], news: Component[]) => {
    // the common case: one component per key on each side
    if (olds.length === 1 && news.length === 1) return compare(olds[0]!, news[0]!);
    if (news.length === 0) {
      for (const o of olds) removed.push(toItem(o));
      return;
    }
    const restOld: Component[] = [];
    const byVersionNew = new Map<string | null, Component[]>();
    for (const n of news) {
      const v = normVersion(n.version);
      const list = byVersionNew.get(v);
      if (list) list.push(n);
      else byVersionNew.set(v, [n]);
    }
    for (const o of olds) {
      const n = byVersionNew.get(normVersion(o.version))?.shift();
      if (n !== undefined) {
        const ch = compareMatched(o, n, options);
        if (ch) changed.push(ch);
        else unchanged++;
      } else restOld.push(o);
    }
    const newLeft = [...byVersionNew.values()].flat();
    const byVersion = (x: Component, y: Component) =>
      versionOrder(normVersion(x.version), normVersion(y.version));
    restOld.sort(byVersion);
    newLeft.sort(byVersion);
    const n = Math.min(restOld.length, newLeft.length);
    for (let i = 0; i < n; i++) {
      const ch = compareMatched(restOld[i]!, newLeft[i]!, options);
      if (ch) changed.push(ch);
      else unchanged++;
    }
    for (const o of restOld.slice(n)) removed.push(toItem(o));
    for (const c of newLeft.slice(n)) added.push(toItem(c));
  };

  const oldGroups = oldSide.groups;
  const newGroups = newSide.groups;
  for (let id = 0; id < oldGroups.length; id++) {
    const olds = oldGroups[id];
    if (olds !== undefined) pairUp(olds, newGroups[id] ?? []);
  }
  for (let id = 0; id < newGroups.length; id++) {
    const news = newGroups[id];
    if (news !== undefined && oldGroups[id] === undefined) for (const c of news) added.push(toItem(c));
  }

  const byKey = (a: { key: string; version: string | null }, b: { key: string; version: string | null }) =>
    a.key < b.key ? -1 : a.key > b.key ? 1 : versionOrder(a.version, b.version);
  added.sort(byKey);
  removed.sort(byKey);
  changed.sort(byKey);

  const edgesAdded: DiffEdge[] = [];
  const edgesRemoved: DiffEdge[] = [];
  if (options.dependencies !== false) {
    const root = keys.id("(root)");
    const eo = edgeCodes(oldSbom, oldSide.refId, root);
    const en = edgeCodes(newSbom, newSide.refId, root);
    const split = (e: number): DiffEdge => ({
      from: keys.names[Math.floor(e / EDGE_BASE)]!,
      to: keys.names[e % EDGE_BASE]!,
    });
    // merge walk over the two sorted code lists
    let i = 0;
    let j = 0;
    while (i < eo.length || j < en.length) {
      const a = i < eo.length ? eo[i]! : Number.POSITIVE_INFINITY;
      const b = j < en.length ? en[j]! : Number.POSITIVE_INFINITY;
      if (a === b) {
        i++;
        j++;
      } else if (a < b) {
        edgesRemoved.push(split(a));
        i++;
      } else {
        edgesAdded.push(split(b));
        j++;
      }
    }
    const byEdge = (a: DiffEdge, b: DiffEdge) =>
      a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : a.to > b.to ? 1 : 0;
    edgesAdded.sort(byEdge);
    edgesRemoved.sort(byEdge);
  }

  const count = (f: FieldChange["field"]) =>
    changed.filter((c) => c.changes.some((x) => x.field === f)).length;
  return {
    added,
    removed,
    changed,
    dependencies: { added: edgesAdded, removed: edgesRemoved },
    summary: {
      added: added.length,
      removed: removed.length,
      upgraded: changed.filter((c) => c.versionChange === "upgraded").length,
      downgraded: changed.filter((c) => c.versionChange === "downgraded").length,
      versionChanged: changed.filter((c) => c.versionChange === "changed").length,
      licenseChanged: count("license"),
      supplierChanged: count("supplier"),
      hashAtSameVersion: changed.filter((c) => c.changes.some((x) => x.flag === "hash-at-same-version"))
        .length,
      supportChanged: changed.filter((c) =>
        c.changes.some((x) => x.field === "support-level" || x.field === "end-of-support"),
      ).length,
      edgesAdded: edgesAdded.length,
      edgesRemoved: edgesRemoved.length,
      unchanged,
    },
  };
}

/** True when the diff has no added, removed or changed component (dependency edges not considered). */
export function hasComponentChanges(diff: SbomDiff): boolean {
  return diff.added.length + diff.removed.length + diff.changed.length > 0;
}

/**
 * The diff as Markdown design-change evidence: a summary, then tables of added, removed and changed
 * components and of dependency-edge changes.
 */
export function diffToMarkdown(diff: SbomDiff, labels: { old?: string; new?: string } = {}): string {
  const s = diff.summary;
  const out: string[] = [
    `## SBOM changes${labels.old || labels.new ? `: ${labels.old ?? "old"} → ${labels.new ?? "new"}` : ""}`,
    "",
    `${s.added} added, ${s.removed} removed, ${s.upgraded} upgraded, ${s.downgraded} downgraded, ${s.versionChanged} other version changes, ${s.licenseChanged} licence changes, ${s.supplierChanged} supplier changes, ${s.hashAtSameVersion} hash changes at the same version, ${s.supportChanged} support-status changes, ${s.edgesAdded}/${s.edgesRemoved} dependency edges added/removed, ${s.unchanged} unchanged.`,
    "",
  ];
  const table = (title: string, headers: string[], rows: string[][]) => {
    if (rows.length === 0) return;
    out.push(`### ${title}`, "", `| ${headers.join(" | ")} |`, `| ${headers.map(() => "---").join(" | ")} |`);
    for (const r of rows) out.push(`| ${r.map(markdownCell).join(" | ")} |`);
    out.push("");
  };
  table(
    "Added",
    ["component", "version", "purl"],
    diff.added.map((c) => [c.name, c.version ?? "", c.purl ?? ""]),
  );
  table(
    "Removed",
    ["component", "version", "purl"],
    diff.removed.map((c) => [c.name, c.version ?? "", c.purl ?? ""]),
  );
  table(
    "Changed",
    ["component", "from", "to", "change", "details"],
    diff.changed.map((c) => [
      c.name,
      c.from ?? "",
      c.to ?? "",
      c.versionChange === "same" ? "" : c.versionChange,
      c.changes
        .filter((x) => x.field !== "version")
        .map(
          (x) => `${x.field}${x.flag ? ` (${x.flag.toUpperCase()})` : ""}: ${x.from || "∅"} → ${x.to || "∅"}`,
        )
        .join("; "),
    ]),
  );
  table(
    "Dependency edges",
    ["change", "from", "to"],
    [
      ...diff.dependencies.added.map((e) => ["added", e.from, e.to]),
      ...diff.dependencies.removed.map((e) => ["removed", e.from, e.to]),
    ],
  );
  return `${out.join("\n").trimEnd()}\n`;
}
