/**
 * OSV range evaluation, exactly as the OSV schema's "Evaluation" pseudo-code defines it
 * (https://ossf.github.io/osv-schema/#evaluation):
 *
 * - a version is affected when it is in the entry's `versions` list, or in any range;
 * - a range first requires `v < limit` for some `limit` event (no limit events = `limit: "*"`);
 * - then its events are sorted by version (`introduced: "0"` sorts first) and walked in order:
 *   `introduced` with `v >= introduced` sets vulnerable, `fixed` with `v >= fixed` clears it,
 *   `last_affected` with `v > last_affected` clears it;
 * - `SEMVER` ranges use SemVer 2.0 precedence, `ECOSYSTEM` ranges the ecosystem's own order;
 * - `GIT` ranges need the repository's commit graph and are reported as unsupported.
 *
 * @requirement SOUP-03 anomaly lists are evaluated against the SOUP version actually used
 */
import { orderingFor, semverOrderingFor } from "./ecosystems/index.js";
import type { VersionOrdering } from "./ecosystems/ordering.js";
import type { OsvAffected, OsvRange } from "./osv.js";

const EVENT_KINDS = ["introduced", "fixed", "last_affected", "limit"] as const;
type EventKind = (typeof EVENT_KINDS)[number];

interface CompiledEvent {
  readonly kind: EventKind;
  readonly raw: string;
  /** Parsed version; `undefined` for `introduced: "0"` (before everything) and `limit: "*"` (after everything). */
  readonly parsed: unknown;
}

interface CompiledRange {
  readonly index: number;
  readonly type: string;
  readonly ordering: VersionOrdering;
  readonly timeline: readonly CompiledEvent[];
  readonly limits: readonly CompiledEvent[];
}

/** An `affected` entry prepared for evaluation (events parsed and sorted once). */
export interface CompiledAffected {
  readonly ecosystem: string;
  readonly versions: ReadonlySet<string>;
  readonly ranges: readonly CompiledRange[];
  /** Why some ranges could not be used (GIT, unknown type or event, unparseable versions, no ordering). */
  readonly notes: readonly string[];
}

/** The result of evaluating one version against one `affected` entry. */
export interface RangeEvaluation {
  readonly affected: boolean;
  /** How it was decided: an exact `versions` entry, or the index of the range. */
  readonly via?: "versions" | `ranges[${number}]`;
  /** Problems that may have changed the answer (unsupported ranges, unparseable versions). */
  readonly notes: readonly string[];
}

function compileRange(
  range: OsvRange,
  index: number,
  ecosystem: string,
  notes: string[],
): CompiledRange | undefined {
  const where = `ranges[${index}]`;
  if (range.type === "GIT") {
    notes.push(
      `${where}: GIT range${range.repo ? ` on ${range.repo}` : ""} is not supported (needs the commit graph)`,
    );
    return undefined;
  }
  let ordering: VersionOrdering | undefined;
  if (range.type === "SEMVER") ordering = semverOrderingFor(ecosystem);
  else if (range.type === "ECOSYSTEM") ordering = orderingFor(ecosystem);
  else {
    notes.push(`${where}: unknown range type "${range.type}"; range not evaluated`);
    return undefined;
  }
  if (!ordering) {
    notes.push(`${where}: no version ordering for ecosystem "${ecosystem}"; ECOSYSTEM range not evaluated`);
    return undefined;
  }
  const events: CompiledEvent[] = [];
  for (const [ei, event] of range.events.entries()) {
    const keys = Object.keys(event);
    const kind = EVENT_KINDS.find((k) => keys.includes(k));
    const raw = kind === undefined ? undefined : (event as Record<string, unknown>)[kind];
    if (kind === undefined || keys.length !== 1 || typeof raw !== "string") {
      notes.push(
        `${where}.events[${ei}]: not one of introduced/fixed/last_affected/limit (${JSON.stringify(keys)}); range not evaluated`,
      );
      return undefined;
    }
    if ((kind === "introduced" && raw === "0") || (kind === "limit" && raw.includes("*"))) {
      events.push({ kind, raw, parsed: undefined });
      continue;
    }
    const parsed = ordering.parse(raw);
    if (parsed === undefined) {
      notes.push(
        `${where}.events[${ei}]: "${raw}" is not a valid ${range.type === "SEMVER" ? "SemVer" : ecosystem} version; range not evaluated`,
      );
      return undefined;
    }
    events.push({ kind, raw, parsed });
  }
  const timeline = events
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => e.kind !== "limit")
    .sort((a, b) => {
      // introduced "0" sorts before every version; ties keep the written order (stable)
      if (a.e.parsed === undefined || b.e.parsed === undefined)
        return a.e.parsed === b.e.parsed ? a.i - b.i : a.e.parsed === undefined ? -1 : 1;
      return ordering.compare(a.e.parsed, b.e.parsed) || a.i - b.i;
    })
    .map(({ e }) => e);
  if (!timeline.some((e) => e.kind === "introduced"))
    notes.push(`${where}: no "introduced" event, so the range affects no version`);
  return { index, type: range.type, ordering, timeline, limits: events.filter((e) => e.kind === "limit") };
}

/**
 * Prepare an `affected` entry: parse and sort each range's events once.
 *
 * @example
 * ```ts
 * const c = compileAffected({ package: { ecosystem: "npm", name: "x" }, ranges: [{ type: "SEMVER", events: [{ introduced: "0" }, { fixed: "1.0.2" }] }] });
 * evaluateCompiled(c, "1.0.1").affected; // true
 * ```
 */
export function compileAffected(affected: OsvAffected): CompiledAffected {
  const ecosystem = affected.package?.ecosystem ?? "";
  const notes: string[] = [];
  const ranges: CompiledRange[] = [];
  for (const [i, range] of (affected.ranges ?? []).entries()) {
    const compiled = compileRange(range, i, ecosystem, notes);
    if (compiled) ranges.push(compiled);
  }
  return { ecosystem, versions: new Set(affected.versions ?? []), ranges, notes };
}

function inRange(range: CompiledRange, v: unknown): boolean {
  const { ordering } = range;
  if (
    range.limits.length > 0 &&
    !range.limits.some((l) => l.parsed === undefined || ordering.compare(v, l.parsed) < 0)
  )
    return false;
  let vulnerable = false;
  for (const evt of range.timeline) {
    if (evt.kind === "introduced") {
      if (evt.parsed === undefined || ordering.compare(v, evt.parsed) >= 0) vulnerable = true;
    } else if (evt.kind === "fixed") {
      if (ordering.compare(v, evt.parsed) >= 0) vulnerable = false;
    } else if (evt.kind === "last_affected") {
      if (ordering.compare(v, evt.parsed) > 0) vulnerable = false;
    }
  }
  return vulnerable;
}

/** Evaluate a version against a compiled `affected` entry (see the module comment for the algorithm). */
export function evaluateCompiled(compiled: CompiledAffected, version: string): RangeEvaluation {
  if (compiled.versions.has(version)) return { affected: true, via: "versions", notes: compiled.notes };
  const notes = [...compiled.notes];
  const parsedBy = new Map<VersionOrdering, unknown>();
  for (const range of compiled.ranges) {
    let v = parsedBy.get(range.ordering);
    if (v === undefined && !parsedBy.has(range.ordering)) {
      v = range.ordering.parse(version);
      parsedBy.set(range.ordering, v);
      if (v === undefined)
        notes.push(
          `version "${version}" is not a valid ${range.type === "SEMVER" ? "SemVer" : compiled.ecosystem} version; ${range.type} ranges not evaluated`,
        );
    }
    if (v === undefined) continue;
    if (inRange(range, v)) return { affected: true, via: `ranges[${range.index}]`, notes };
  }
  return { affected: false, notes };
}

/**
 * Is `version` affected by this OSV `affected` entry? Implements the OSV evaluation algorithm.
 *
 * @example
 * ```ts
 * isAffected({ package: { ecosystem: "PyPI", name: "requests" }, ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "2.3.0" }, { fixed: "2.31.0" }] }] }, "2.30.0").affected; // true
 * ```
 */
export function isAffected(affected: OsvAffected, version: string): RangeEvaluation {
  return evaluateCompiled(compileAffected(affected), version);
}
