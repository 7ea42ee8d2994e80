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
  const byEcosystem = new Map<string, Map<string, IndexEntry[]>>();
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
      let list = names.get(norm);
      if (!list) {
        list = [];
        names.set(norm, list);
        packages++;
      }
      list.push({ advisory, id: record.id, affected: entry, affectedIndex: ai, exactName: pkg.name });
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
      let entries: readonly IndexEntry[] =
        byEcosystem.get(pkg.ecosystem)?.get(normalizedName(pkg.ecosystem, pkg.name)) ?? NO_ENTRIES;
      if (entries.length < 2) return entries;
      // prefer exact-case names where the ecosystem is case-sensitive but keys are folded (npm)
      let mixed = false;
      for (let i = 1; i < entries.length; i++)
        if ((entries[i] as IndexEntry).exactName !== entries[0]?.exactName) mixed = true;
      if (mixed) {
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
  for (const component of components) {
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
    let parsedBy: Map<VersionOrdering, unknown> | undefined;
    let key: PackageKey | undefined;
    // entries of one advisory are adjacent in the index only by chance; track decided ids explicitly
    let hitIds: string[] | undefined;
    let pending: Map<string, string[]> | undefined;
    for (const entry of entries) {
      const id = entry.id;
      if (hitIds?.includes(id)) continue;
      if (version === undefined) {
        pending ??= new Map();
        pending.set(id, ["component has no version; ranges not evaluated"]);
        continue;
      }
      const quick = quickEvaluate(entry.affected, version, index.parseCache);
      let r: RangeEvaluation;
      if (quick === undefined) {
        parsedBy ??= new Map();
        r = evaluateCompiled(index.compiled(entry), version, parsedBy);
      } else
        r =
          quick === false
            ? NOT_AFFECTED
            : { affected: true, via: quick as NonNullable<RangeEvaluation["via"]>, notes: NO_NOTES };
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
          via: `affected[${entry.affectedIndex}].${r.via ?? "ranges"}`,
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
