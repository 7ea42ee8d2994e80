/**
 * Matching SBOM components to advisories through an index keyed by ecosystem + normalised package
 * name: building the index is linear in the advisories, each component is one map lookup plus the
 * range evaluation of the few entries under its key (no loop over all advisories).
 *
 * @requirement SOUP-03 every SBOM component is checked against the published anomaly lists
 * @requirement SEC-07 each matched vulnerability becomes a finding that can carry its assessment
 */

import { baseEcosystem } from "./ecosystems/index.js";
import type { VersionOrdering } from "./ecosystems/ordering.js";
import type { Advisory, AdvisoryProblem, OsvAffected, OsvRecord } from "./osv.js";
import { normalizedName, type PackageKey, packageKey, parsePurl, purlEcosystemName } from "./purl.js";
import {
  type CompiledAffected,
  compileAffected,
  evaluateCompiled,
  type ParseCache,
  quickEvaluate,
  type RangeEvaluation,
} from "./ranges.js";

const NO_NOTES: readonly string[] = [];
const NOT_AFFECTED: RangeEvaluation = { affected: false, notes: NO_NOTES };

/** What matching needs from an SBOM component (a subset of `@qmskit/sbom`'s `Component`). */
export interface MatchableComponent {
  readonly ref: string;
  readonly name: string;
  readonly version?: string | undefined;
  readonly purl?: string | undefined;
}

/** One `affected` entry of an advisory under a package key. */
export interface IndexEntry {
  readonly advisory: Advisory;
  /** The advisory id (copied so lookups do not touch the record). */
  readonly id: string;
  readonly affected: OsvAffected;
  readonly affectedIndex: number;
  readonly exactName: string;
  /** Position of the advisory in the indexed list (matching evaluates entries in this order). */
  readonly order?: number;
  compiled?: CompiledAffected;
}

/** Advisories indexed by ecosystem + normalised package name. Build with {@link buildAdvisoryIndex}. */
export interface AdvisoryIndex {
  /** Entries under a package key. */
  lookup(pkg: Pick<PackageKey, "ecosystem" | "name">): readonly IndexEntry[];
  /** Parsed event versions shared by the entries of this index. */
  readonly parseCache: ParseCache;
  /** The entry's ranges compiled (once; parsed versions are shared across the index). */
  compiled(entry: IndexEntry): CompiledAffected;
  /** Number of distinct package keys. */
  readonly packages: number;
  /** Records indexed (withdrawn ones excluded; an id read twice counts twice, see `problems`). */
  readonly advisories: number;
  /** Ids of withdrawn advisories (never matched). */
  readonly withdrawn: readonly string[];
  /** `affected` entries without a package (for example GIT-only entries): they cannot match a purl. */
  readonly unindexed: number;
  /** Ids read more than once (computed when first read; lookups already prefer the newest record). */
  readonly problems: readonly AdvisoryProblem[];
}

/**
 * Build the index. When the same id appears more than once, lookups use the record with the newest
 * `modified`, and `problems` reports the others.
 *
 * @example
 * ```ts
 * const index = buildAdvisoryIndex((await readAdvisories("advisories/")).advisories);
 * ```
 */
export function buildAdvisoryIndex(advisories: readonly Advisory[]): AdvisoryIndex {
  // ecosystem → normalised name → entries (two levels, so no key string is built per record)
  const byEcosystem = new Map<string, Map<string, Bucket>>();
  const withdrawn = new Set<string>();
  let unindexed = 0;
  let count = 0;
  let packages = 0;
  for (let i = 0; i < advisories.length; i++) {
    const advisory = advisories[i] as Advisory;
    const record = advisory.record;
    if (record.withdrawn !== undefined) {
      withdrawn.add(record.id);
      continue;
    }
    count++;
    const affected = record.affected;
    if (!affected) continue;
    for (let ai = 0; ai < affected.length; ai++) {
      const entry = affected[ai] as OsvAffected;
      const pkg = entry.package;
      if (!pkg) {
        unindexed++;
        continue;
      }
      const ecosystem = baseEcosystem(pkg.ecosystem);
      let names = byEcosystem.get(ecosystem);
      if (!names) {
        names = new Map();
        byEcosystem.set(ecosystem, names);
      }
      const norm = normalizedName(ecosystem, pkg.name);
      let bucket = names.get(norm);
      if (!bucket) {
        bucket = { entries: [], firstName: pkg.name, mixed: false };
        names.set(norm, bucket);
        packages++;
      } else if (!bucket.mixed && pkg.name !== bucket.firstName) bucket.mixed = true;
      bucket.entries.push({
        advisory,
        id: record.id,
        affected: entry,
        affectedIndex: ai,
        exactName: pkg.name,
        order: i,
      });
    }
  }
  const cache: ParseCache = new Map();
  let problems: AdvisoryProblem[] | undefined;
  return {
    parseCache: cache,
    compiled: (entry) => {
      entry.compiled ??= compileAffected(entry.affected, cache);
      return entry.compiled;
    },
    lookup: (pkg) => {
      const bucket = byEcosystem.get(pkg.ecosystem)?.get(normalizedName(pkg.ecosystem, pkg.name));
      if (!bucket) return NO_ENTRIES;
      let entries: readonly IndexEntry[] = bucket.entries;
      if (entries.length < 2) return entries;
      // prefer exact-case names where the ecosystem is case-sensitive but keys are folded (npm)
      if (bucket.mixed) {
        const exact = entries.filter((e) => e.exactName === pkg.name);
        if (exact.length > 0) entries = exact;
      }
      return newestPerId(entries);
    },
    packages,
    advisories: count,
    withdrawn: [...withdrawn],
    unindexed,
    get problems() {
      problems ??= duplicateProblems(advisories);
      return problems;
    },
  };
}

const NO_ENTRIES: readonly IndexEntry[] = [];

/** The entries under one package key; `mixed` when their exact names differ (npm `jQuery` and `jquery`). */
interface Bucket {
  readonly entries: IndexEntry[];
  readonly firstName: string;
  mixed: boolean;
}

/** When one id was read twice (two files), keep the entries of the record with the newest `modified`. */
function newestPerId(entries: readonly IndexEntry[]): readonly IndexEntry[] {
  let dup = false;
  for (let i = 0; i < entries.length && !dup; i++)
    for (let j = i + 1; j < entries.length; j++) {
      const a = entries[i] as IndexEntry;
      const b = entries[j] as IndexEntry;
      if (a.id === b.id && a.advisory !== b.advisory) {
        dup = true;
        break;
      }
    }
  if (!dup) return entries;
  const newest = new Map<string, Advisory>();
  for (const e of entries) {
    const prev = newest.get(e.advisory.record.id);
    if (!prev || e.advisory.record.modified > prev.record.modified)
      newest.set(e.advisory.record.id, e.advisory);
  }
  return entries.filter((e) => newest.get(e.advisory.record.id) === e.advisory);
}

/** Ids read more than once, reported once per extra copy. */
function duplicateProblems(advisories: readonly Advisory[]): AdvisoryProblem[] {
  const byId = new Map<string, Advisory>();
  const problems: AdvisoryProblem[] = [];
  for (const a of advisories) {
    const prev = byId.get(a.record.id);
    if (!prev) {
      byId.set(a.record.id, a);
      continue;
    }
    const newer = a.record.modified > prev.record.modified ? a : prev;
    problems.push({
      file: (newer === a ? prev : a).source,
      id: a.record.id,
      pointer: "/id",
      code: "OSV_DUPLICATE",
      severity: "warning",
      message: `${a.record.id} appears in ${prev.source} and ${a.source}; using ${newer.source} (modified ${newer.record.modified})`,
    });
    byId.set(a.record.id, newer);
  }
  return problems;
}

/** `affected[i].ranges[j]` strings for small i and j, shared by matches (most advisories have one entry). */
const VIA_CACHE: Map<string, string>[] = Array.from({ length: 4 }, () => new Map());

function viaString(affectedIndex: number, via: string): string {
  const byVia = VIA_CACHE[affectedIndex];
  if (!byVia) return `affected[${affectedIndex}].${via}`;
  let s = byVia.get(via);
  if (s === undefined) {
    s = `affected[${affectedIndex}].${via}`;
    if (byVia.size < 64) byVia.set(via, s);
  }
  return s;
}

/** One component affected by one advisory. */
export interface Match {
  readonly component: MatchableComponent;
  readonly advisory: OsvRecord;
  /** Where the advisory was read from. */
  readonly source: string;
  /** The package identity used to find it. */
  readonly package: PackageKey;
  /** The version evaluated. */
  readonly version: string;
  /** How it matched, e.g. `affected[0].ranges[1]` or `affected[2].versions`. */
  readonly via: string;
  /** Notes from range evaluation (unsupported ranges seen on the way). */
  readonly notes: readonly string[];
}

/** A component that could not be matched at all (a known unknown). */
export interface UnmatchableComponent {
  readonly component: MatchableComponent;
  readonly reason: "no-purl" | "invalid-purl" | "unsupported-purl-type";
  readonly detail: string;
}

/** A component + advisory pair whose ranges could not be evaluated (no version, unparseable version, unsupported ranges). */
export interface UnevaluatedMatch {
  readonly component: MatchableComponent;
  readonly advisoryId: string;
  readonly notes: readonly string[];
}

/** Result of {@link matchComponents}. */
export interface MatchResult {
  readonly matches: Match[];
  readonly notMatchable: UnmatchableComponent[];
  readonly unevaluated: UnevaluatedMatch[];
  /** Components checked (those with a usable purl). */
  readonly checked: number;
}

/**
 * Match components to indexed advisories. Components without a purl (or with a purl type that has no
 * OSV ecosystem) are returned in `notMatchable`, never dropped.
 *
 * @requirement SOUP-03 components that cannot be checked are reported as known unknowns
 * @example
 * ```ts
 * const { matches, notMatchable } = matchComponents(sbom.components, index);
 * ```
 */
export function matchComponents(
  components: readonly MatchableComponent[],
  index: AdvisoryIndex,
): MatchResult {
  const matches: Match[] = [];
  const notMatchable: UnmatchableComponent[] = [];
  const unevaluated: UnevaluatedMatch[] = [];
  let checked = 0;
  // Pass 1: purl → package → index entries, per component.
  const n = components.length;
  const compEntries: (readonly IndexEntry[] | undefined)[] = new Array(n);
  const compPkg: ({ ecosystem: string; name: string } | undefined)[] = new Array(n);
  const compVersion: (string | undefined)[] = new Array(n);
  let pairs = 0;
  let maxOrder = 0;
  let badOrder = false; // an index built elsewhere may carry no usable order
  for (let ci = 0; ci < n; ci++) {
    const component = components[ci] as MatchableComponent;
    if (!component.purl) {
      notMatchable.push({
        component,
        reason: "no-purl",
        detail: `component "${component.name}" has no purl`,
      });
      continue;
    }
    const parsed = parsePurl(component.purl);
    if (!parsed) {
      notMatchable.push({
        component,
        reason: "invalid-purl",
        detail: `"${component.purl}" is not a valid purl`,
      });
      continue;
    }
    const pkg = purlEcosystemName(parsed, component.name);
    if (!pkg) {
      notMatchable.push({
        component,
        reason: "unsupported-purl-type",
        detail: `purl type "${parsed.type}"${parsed.namespace ? ` (namespace ${parsed.namespace})` : ""} has no OSV ecosystem`,
      });
      continue;
    }
    checked++;
    const entries = index.lookup(pkg);
    if (entries.length === 0) continue;
    const version = component.version && component.version.length > 0 ? component.version : parsed.version;
    compEntries[ci] = entries;
    compPkg[ci] = pkg;
    compVersion[ci] = version;
    if (version === undefined) continue;
    pairs += entries.length;
    for (let k = 0; k < entries.length; k++) {
      const o = (entries[k] as IndexEntry).order ?? 0;
      if ((o | 0) !== o || o < 0) badOrder = true;
      else if (o > maxOrder) maxOrder = o;
    }
  }
  // Pass 2: evaluate every (component, entry) pair in the order the advisories were indexed, so the
  // records are visited roughly in memory order instead of at random (evaluation is a pure function
  // of entry and version, so the order does not change any result).
  const pairComp = new Int32Array(pairs);
  const pairEntry: IndexEntry[] = new Array(pairs);
  const keys = new Float64Array(pairs);
  const span = pairs + 1;
  let p = 0;
  // order * span + p is exact below 2^53 (far beyond what fits in memory; otherwise keep component order)
  const sortable = !badOrder && span * (maxOrder + 1) < Number.MAX_SAFE_INTEGER;
  for (let ci = 0; ci < n; ci++) {
    const entries = compEntries[ci];
    if (entries === undefined || compVersion[ci] === undefined) continue;
    for (let k = 0; k < entries.length; k++) {
      const entry = entries[k] as IndexEntry;
      pairComp[p] = ci;
      pairEntry[p] = entry;
      keys[p] = sortable ? (entry.order ?? 0) * span + p : p;
      p++;
    }
  }
  if (sortable) keys.sort();
  // the one-pass answer (false or how it matched) or the full evaluation
  const results: (RangeEvaluation | string | false)[] = new Array(pairs);
  const parsedByComp: (Map<VersionOrdering, unknown> | undefined)[] = new Array(n);
  for (let s = 0; s < pairs; s++) {
    const q = (keys[s] as number) % span;
    const entry = pairEntry[q] as IndexEntry;
    const ci = pairComp[q] as number;
    const version = compVersion[ci] as string;
    const quick = quickEvaluate(entry.affected, version, index.parseCache);
    if (quick === undefined) {
      let parsedBy = parsedByComp[ci];
      if (!parsedBy) {
        parsedBy = new Map();
        parsedByComp[ci] = parsedBy;
      }
      results[q] = evaluateCompiled(index.compiled(entry), version, parsedBy);
    } else results[q] = quick;
  }
  // Pass 3: findings in component order, as before.
  p = 0;
  for (let ci = 0; ci < n; ci++) {
    const entries = compEntries[ci];
    if (entries === undefined) continue;
    const component = components[ci] as MatchableComponent;
    const pkg = compPkg[ci] as { ecosystem: string; name: string };
    const version = compVersion[ci];
    let key: PackageKey | undefined;
    // entries of one advisory are adjacent in the index only by chance; track decided ids explicitly
    let hitIds: string[] | undefined;
    let pending: Map<string, string[]> | undefined;
    for (const entry of entries) {
      const id = entry.id;
      if (version === undefined) {
        if (hitIds?.includes(id)) continue;
        pending ??= new Map();
        pending.set(id, ["component has no version; ranges not evaluated"]);
        continue;
      }
      const res = results[p++] as RangeEvaluation | string | false;
      if (hitIds?.includes(id)) continue;
      const r: RangeEvaluation =
        res === false
          ? NOT_AFFECTED
          : typeof res === "string"
            ? { affected: true, via: res as NonNullable<RangeEvaluation["via"]>, notes: NO_NOTES }
            : res;
      if (r.affected) {
        hitIds ??= [];
        hitIds.push(id);
        pending?.delete(id);
        key ??= packageKey(pkg.ecosystem, pkg.name);
        matches.push({
          component,
          advisory: entry.advisory.record,
          source: entry.advisory.source,
          package: key,
          version,
          via: viaString(entry.affectedIndex, r.via ?? "ranges"),
          notes: r.notes,
        });
      } else if (r.notes.length > 0) {
        pending ??= new Map();
        const list = pending.get(id) ?? [];
        for (const n of r.notes) list.push(`affected[${entry.affectedIndex}]: ${n}`);
        pending.set(id, list);
      }
    }
    if (pending)
      for (const [advisoryId, notes] of pending)
        if (!hitIds?.includes(advisoryId))
          unevaluated.push({ component, advisoryId, notes: [...new Set(notes)] });
  }
  return { matches, notMatchable, unevaluated, checked };
}
