/**
 * Matching SBOM components to advisories through an index keyed by ecosystem + normalised package
 * name: building the index is linear in the advisories, each component is one map lookup plus the
 * range evaluation of the few entries under its key (no loop over all advisories).
 *
 * @requirement SOUP-03 every SBOM component is checked against the published anomaly lists
 * @requirement SEC-07 each matched vulnerability becomes a finding that can carry its assessment
 */
import type { VersionOrdering } from "./ecosystems/ordering.js";
import type { Advisory, AdvisoryProblem, OsvAffected, OsvRecord } from "./osv.js";
import { type PackageKey, packageKeyString, parsePurl, purlToPackage } from "./purl.js";
import { type CompiledAffected, compileAffected, evaluateCompiled, type ParseCache } from "./ranges.js";

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
  readonly affected: OsvAffected;
  readonly affectedIndex: number;
  readonly exactName: string;
  compiled?: CompiledAffected;
}

/** Advisories indexed by ecosystem + normalised package name. Build with {@link buildAdvisoryIndex}. */
export interface AdvisoryIndex {
  /** Entries under a package key. */
  lookup(pkg: PackageKey): readonly IndexEntry[];
  /** The entry's ranges compiled (once; parsed versions are shared across the index). */
  compiled(entry: IndexEntry): CompiledAffected;
  /** Number of distinct package keys. */
  readonly packages: number;
  /** Advisories indexed (withdrawn and duplicate ones excluded). */
  readonly advisories: number;
  /** Ids of withdrawn advisories (never matched). */
  readonly withdrawn: readonly string[];
  /** `affected` entries without a package (for example GIT-only entries): they cannot match a purl. */
  readonly unindexed: number;
  /** Duplicate ids and similar issues found while indexing. */
  readonly problems: readonly AdvisoryProblem[];
}

/**
 * Build the index. When the same id appears more than once, the record with the newest `modified`
 * is kept and the others are reported.
 *
 * @example
 * ```ts
 * const index = buildAdvisoryIndex((await readAdvisories("advisories/")).advisories);
 * ```
 */
export function buildAdvisoryIndex(advisories: readonly Advisory[]): AdvisoryIndex {
  const byId = new Map<string, Advisory>();
  const problems: AdvisoryProblem[] = [];
  for (const a of advisories) {
    const prev = byId.get(a.record.id);
    if (!prev) {
      byId.set(a.record.id, a);
      continue;
    }
    const newer = a.record.modified > prev.record.modified ? a : prev;
    if (a.record.modified !== prev.record.modified || a.source !== prev.source)
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
  const map = new Map<string, IndexEntry[]>();
  const withdrawn: string[] = [];
  let unindexed = 0;
  let count = 0;
  for (const advisory of byId.values()) {
    if (advisory.record.withdrawn !== undefined) {
      withdrawn.push(advisory.record.id);
      continue;
    }
    count++;
    for (const [affectedIndex, affected] of (advisory.record.affected ?? []).entries()) {
      const pkg = affected.package;
      if (!pkg) {
        unindexed++;
        continue;
      }
      const key = packageKeyString(pkg.ecosystem, pkg.name);
      const entry: IndexEntry = { advisory, affected, affectedIndex, exactName: pkg.name };
      const list = map.get(key);
      if (list) list.push(entry);
      else map.set(key, [entry]);
    }
  }
  const cache: ParseCache = new Map();
  return {
    compiled: (entry) => {
      entry.compiled ??= compileAffected(entry.affected, cache);
      return entry.compiled;
    },
    lookup: (pkg) => {
      const entries = map.get(pkg.key) ?? [];
      // prefer exact-case names where the ecosystem is case-sensitive but keys are folded (npm)
      let mixed = false;
      for (let i = 1; i < entries.length; i++)
        if ((entries[i] as IndexEntry).exactName !== entries[0]?.exactName) mixed = true;
      if (mixed) {
        const exact = entries.filter((e) => e.exactName === pkg.name);
        if (exact.length > 0) return exact;
      }
      return entries;
    },
    packages: map.size,
    advisories: count,
    withdrawn,
    unindexed,
    problems,
  };
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
    const pkg = purlToPackage(parsed, component.name);
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
    const parsedBy = new Map<VersionOrdering, unknown>();
    // entries of one advisory are adjacent in the index only by chance; track decided ids explicitly
    let hitIds: Set<string> | undefined;
    let pending: Map<string, string[]> | undefined;
    for (const entry of entries) {
      const id = entry.advisory.record.id;
      if (hitIds?.has(id)) continue;
      if (version === undefined) {
        pending ??= new Map();
        pending.set(id, ["component has no version; ranges not evaluated"]);
        continue;
      }
      const r = evaluateCompiled(index.compiled(entry), version, parsedBy);
      if (r.affected) {
        hitIds ??= new Set();
        hitIds.add(id);
        pending?.delete(id);
        matches.push({
          component,
          advisory: entry.advisory.record,
          source: entry.advisory.source,
          package: pkg,
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
        if (!hitIds?.has(advisoryId)) unevaluated.push({ component, advisoryId, notes: [...new Set(notes)] });
  }
  return { matches, notMatchable, unevaluated, checked };
}
