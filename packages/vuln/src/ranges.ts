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

type EventKind = "introduced" | "fixed" | "last_affected" | "limit";

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

/** A cache of parsed versions per ordering, shared by the entries of one index (advisories repeat versions). */
export type ParseCache = Map<VersionOrdering, Map<string, unknown>>;

function cacheFor(ordering: VersionOrdering, cache: ParseCache): Map<string, unknown> {
  let byString = cache.get(ordering);
  if (!byString) {
    byString = new Map();
    cache.set(ordering, byString);
  }
  return byString;
}

function cachedParse(ordering: VersionOrdering, raw: string, cache: ParseCache | undefined): unknown {
  if (!cache) return ordering.parse(raw);
  return parseWith(ordering, raw, cacheFor(ordering, cache));
}

function parseWith(ordering: VersionOrdering, raw: string, byString: Map<string, unknown>): unknown {
  const hit = byString.get(raw);
  if (hit !== undefined || byString.has(raw)) return hit;
  const parsed = ordering.parse(raw);
  if (byString.size < 1_000_000) byString.set(raw, parsed);
  return parsed;
}

/** True when `a` sorts strictly after `b` (introduced "0", parsed as undefined, sorts first). */
function eventAfter(a: CompiledEvent, b: CompiledEvent, ordering: VersionOrdering): boolean {
  if (a.parsed === undefined) return false;
  if (b.parsed === undefined) return true;
  return ordering.compare(a.parsed, b.parsed) > 0;
}

const isEventKind = (k: string | undefined): k is EventKind =>
  k === "introduced" || k === "fixed" || k === "last_affected" || k === "limit";

function compileRange(
  range: OsvRange,
  index: number,
  ecosystem: string,
  notes: string[],
  cache: ParseCache | undefined,
): CompiledRange | undefined {
  if (range.type === "GIT") {
    notes.push(
      `ranges[${index}]: GIT range${range.repo ? ` on ${range.repo}` : ""} is not supported (needs the commit graph)`,
    );
    return undefined;
  }
  let ordering: VersionOrdering | undefined;
  if (range.type === "SEMVER") ordering = semverOrderingFor(ecosystem);
  else if (range.type === "ECOSYSTEM") ordering = orderingFor(ecosystem);
  else {
    notes.push(`ranges[${index}]: unknown range type "${range.type}"; range not evaluated`);
    return undefined;
  }
  if (!ordering) {
    notes.push(
      `ranges[${index}]: no version ordering for ecosystem "${ecosystem}"; ECOSYSTEM range not evaluated`,
    );
    return undefined;
  }
  const events: CompiledEvent[] = [];
  const limits: CompiledEvent[] = [];
  for (let ei = 0; ei < range.events.length; ei++) {
    const event = range.events[ei] as Record<string, unknown>;
    // exactly one known event key (unknown extra keys are allowed by the schema and ignored)
    let kind: string | undefined;
    let count = 0;
    for (const k in event)
      if (Object.hasOwn(event, k) && isEventKind(k)) {
        kind = k;
        count++;
      }
    const raw = count === 1 && isEventKind(kind) ? event[kind] : undefined;
    if (!isEventKind(kind) || typeof raw !== "string") {
      notes.push(
        `ranges[${index}].events[${ei}]: not one of introduced/fixed/last_affected/limit (${JSON.stringify(Object.keys(event))}); range not evaluated`,
      );
      return undefined;
    }
    const target = kind === "limit" ? limits : events;
    if ((kind === "introduced" && raw === "0") || (kind === "limit" && raw.includes("*"))) {
      target.push({ kind, raw, parsed: undefined });
      continue;
    }
    const parsed = cachedParse(ordering, raw, cache);
    if (parsed === undefined) {
      notes.push(
        `ranges[${index}].events[${ei}]: "${raw}" is not a valid ${range.type === "SEMVER" ? "SemVer" : ecosystem} version; range not evaluated`,
      );
      return undefined;
    }
    target.push({ kind, raw, parsed });
  }
  // Insertion sort (ranges have a handful of events): stable, so events at equal versions keep their
  // written order; introduced "0" (parsed undefined) sorts before every version.
  const timeline = events;
  for (let i = 1; i < timeline.length; i++) {
    const e = timeline[i] as CompiledEvent;
    let j = i - 1;
    while (j >= 0 && eventAfter(timeline[j] as CompiledEvent, e, ordering)) {
      timeline[j + 1] = timeline[j] as CompiledEvent;
      j--;
    }
    timeline[j + 1] = e;
  }
  let hasIntroduced = false;
  for (const e of timeline) if (e.kind === "introduced") hasIntroduced = true;
  if (!hasIntroduced) notes.push(`ranges[${index}]: no "introduced" event, so the range affects no version`);
  return { index, type: range.type, ordering, timeline, limits };
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
export function compileAffected(affected: OsvAffected, cache?: ParseCache): CompiledAffected {
  const ecosystem = affected.package?.ecosystem ?? "";
  const notes: string[] = [];
  const ranges: CompiledRange[] = [];
  const list = affected.ranges ?? [];
  for (let i = 0; i < list.length; i++) {
    const compiled = compileRange(list[i] as OsvRange, i, ecosystem, notes, cache);
    if (compiled) ranges.push(compiled);
  }
  const versions = affected.versions && affected.versions.length > 0 ? new Set(affected.versions) : EMPTY_SET;
  return { ecosystem, versions, ranges, notes: notes.length > 0 ? notes : NO_NOTES };
}

const EMPTY_SET: ReadonlySet<string> = new Set();
const NO_NOTES: readonly string[] = [];
const NOT_AFFECTED: RangeEvaluation = { affected: false, notes: NO_NOTES };

function belowSomeLimit(range: CompiledRange, v: unknown): boolean {
  for (const l of range.limits)
    if (l.parsed === undefined || range.ordering.compare(v, l.parsed) < 0) return true;
  return false;
}

function inRange(range: CompiledRange, v: unknown): boolean {
  const { ordering } = range;
  if (range.limits.length > 0 && !belowSomeLimit(range, v)) return false;
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

/**
 * Evaluate a version against a compiled `affected` entry (see the module comment for the algorithm).
 * `parsedBy` caches the parsed version per ordering when one version is evaluated against many entries.
 */
export function evaluateCompiled(
  compiled: CompiledAffected,
  version: string,
  parsedBy: Map<VersionOrdering, unknown> = new Map(),
): RangeEvaluation {
  if (compiled.versions.has(version)) return { affected: true, via: "versions", notes: compiled.notes };
  let notes: string[] | undefined;
  let invalid: VersionOrdering | undefined;
  for (const range of compiled.ranges) {
    let v: unknown;
    if (parsedBy.has(range.ordering)) v = parsedBy.get(range.ordering);
    else {
      v = range.ordering.parse(version);
      parsedBy.set(range.ordering, v);
    }
    if (v === undefined) {
      if (invalid !== range.ordering) {
        notes ??= [...compiled.notes];
        notes.push(
          `version "${version}" is not a valid ${range.type === "SEMVER" ? "SemVer" : compiled.ecosystem} version; ${range.type} ranges not evaluated`,
        );
      }
      invalid = range.ordering;
      continue;
    }
    if (inRange(range, v))
      return { affected: true, via: `ranges[${range.index}]`, notes: notes ?? compiled.notes };
  }
  if (notes) return { affected: false, notes };
  return compiled.notes.length === 0 ? NOT_AFFECTED : { affected: false, notes: compiled.notes };
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

const PLAIN_PART_LIMIT = 131072; // 2^17: three parts fit in one exact double (2^51)

/**
 * A plain `x.y.z` version (decimal parts without leading zeros, each below 2^17; with `allowV`, an
 * optional leading `v`) as one number that orders as the triple; -1 for any other string.
 *
 * @internal
 */
export function plainVersionKey(s: string, allowV: boolean): number {
  const n = s.length;
  let i = allowV && n > 0 && s.charCodeAt(0) === 118 /* v */ ? 1 : 0;
  let key = 0;
  for (let part = 0; part < 3; part++) {
    const start = i;
    let value = 0;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) break;
      value = value * 10 + (c - 48);
      if (++i - start > 6) return -1;
    }
    const len = i - start;
    if (len === 0 || (len > 1 && s.charCodeAt(start) === 48) || value >= PLAIN_PART_LIMIT) return -1;
    key = key * PLAIN_PART_LIMIT + value;
    if (part < 2) {
      if (i >= n || s.charCodeAt(i) !== 46 /* . */) return -1;
      i++;
    }
  }
  return i === n ? key : -1;
}

/** An OSV event as the quick walks ({@link plainRange}, {@link quickEvaluate}) read it. */
type QuickEvent = { introduced?: unknown; fixed?: unknown; last_affected?: unknown; limit?: unknown };

/**
 * The kind of an event for the quick walks: exactly one known event key with a string value and no
 * `limit` (unknown extra keys are allowed by the schema); `undefined` when the range needs a note.
 */
function quickEventKind(event: QuickEvent): "introduced" | "fixed" | "last_affected" | undefined {
  let kind: "introduced" | "fixed" | "last_affected" | undefined;
  let raw: unknown;
  let known = 0;
  if (event.introduced !== undefined) {
    kind = "introduced";
    raw = event.introduced;
    known++;
  }
  if (event.fixed !== undefined) {
    kind = "fixed";
    raw = event.fixed;
    known++;
  }
  if (event.last_affected !== undefined) {
    kind = "last_affected";
    raw = event.last_affected;
    known++;
  }
  if (known !== 1 || event.limit !== undefined || kind === undefined || typeof raw !== "string")
    return undefined;
  return kind;
}

/** The version string of an event {@link quickEventKind} accepted as `kind`. */
function quickEventVersion(event: QuickEvent, kind: "introduced" | "fixed" | "last_affected"): string {
  return (
    kind === "introduced" ? event.introduced : kind === "fixed" ? event.fixed : event.last_affected
  ) as string;
}

/** {@link plainRange}: a version or an event is not a plain triple; evaluate the range by parsing. */
const NOT_PLAIN = 2;

/**
 * One range of {@link quickEvaluate} when the version is a plain triple (`v`, its key): 1 affected,
 * 0 not, `undefined` when the range needs a note, {@link NOT_PLAIN} when an event version is not plain.
 * Same walk as the general loop, with numbers in place of parsed versions (introduced "0" is -1).
 */
function plainRange(
  events: readonly Record<string, unknown>[],
  v: number,
  allowV: boolean,
): 0 | 1 | typeof NOT_PLAIN | undefined {
  let bestKind: EventKind | undefined;
  let best = -1;
  let sawIntroduced = false;
  for (let ei = 0; ei < events.length; ei++) {
    const event = events[ei] as QuickEvent;
    const kind = quickEventKind(event);
    if (kind === undefined) return undefined;
    const raw = quickEventVersion(event, kind);
    let x: number;
    if (kind === "introduced") {
      sawIntroduced = true;
      x = raw === "0" ? -1 : plainVersionKey(raw, allowV);
      if (x === -1 && raw !== "0") return NOT_PLAIN;
    } else {
      x = plainVersionKey(raw, allowV);
      if (x === -1) return NOT_PLAIN;
    }
    const triggered = kind === "last_affected" ? v > x : v >= x;
    if (!triggered) continue;
    // the highest version wins; "0" (-1) sorts first; at equal versions the later event wins
    if (bestKind === undefined || x >= best) {
      bestKind = kind;
      best = x;
    }
  }
  if (!sawIntroduced) return undefined;
  return bestKind === "introduced" ? 1 : 0;
}

/** `ranges[i]` strings of the first ranges, shared by all results of {@link quickEvaluate}. */
const RANGE_VIA: readonly string[] = Array.from({ length: 16 }, (_, i) => `ranges[${i}]`);

/**
 * The same evaluation without compiling: one pass over the events, no sorting and no allocation.
 * Walking events sorted by version and applying each triggered event leaves the state set by the
 * last triggered event in that order, so it is enough to find the triggered event with the highest
 * version (later events win ties, as in a stable sort): `introduced` when `v >= introduced`, `fixed`
 * when `v >= fixed`, `last_affected` when `v > last_affected`; affected when that event is an
 * `introduced`. Returns `undefined` whenever anything needs a note (GIT or unknown ranges, unknown
 * events, `limit`, unparseable versions, a range without `introduced`): the caller then uses
 * {@link evaluateCompiled}, which reports it.
 *
 * @internal
 */
export function quickEvaluate(
  affected: OsvAffected,
  version: string,
  cache: ParseCache,
): false | string | undefined {
  const versions = affected.versions;
  if (versions) for (let i = 0; i < versions.length; i++) if (versions[i] === version) return "versions";
  const ranges = affected.ranges;
  if (!ranges) return false;
  const ecosystem = affected.package?.ecosystem ?? "";
  for (let ri = 0; ri < ranges.length; ri++) {
    const range = ranges[ri] as OsvRange;
    const ordering =
      range.type === "SEMVER"
        ? semverOrderingFor(ecosystem)
        : range.type === "ECOSYSTEM"
          ? orderingFor(ecosystem)
          : undefined;
    if (!ordering) return undefined;
    if (ordering.plainTriples !== undefined) {
      const allowV = ordering.plainTriples === "v";
      const pv = plainVersionKey(version, allowV);
      if (pv !== -1) {
        const r = plainRange(range.events, pv, allowV);
        if (r === undefined) return undefined;
        if (r === 1) return ri < RANGE_VIA.length ? (RANGE_VIA[ri] as string) : `ranges[${ri}]`;
        if (r === 0) continue;
      }
    }
    const byString = cacheFor(ordering, cache);
    const v = parseWith(ordering, version, byString);
    if (v === undefined) return undefined;
    let bestKind: EventKind | undefined;
    let bestParsed: unknown;
    let sawIntroduced = false;
    const events = range.events;
    for (let ei = 0; ei < events.length; ei++) {
      const event = events[ei] as QuickEvent;
      const kind = quickEventKind(event);
      if (kind === undefined) return undefined;
      const raw = quickEventVersion(event, kind);
      if (kind === "introduced") sawIntroduced = true;
      let x: unknown;
      if (kind === "introduced" && raw === "0") x = undefined;
      else {
        x = parseWith(ordering, raw, byString);
        if (x === undefined) return undefined;
      }
      const c = x === undefined ? 1 : ordering.compare(v, x);
      const triggered = kind === "last_affected" ? c > 0 : c >= 0;
      if (!triggered) continue;
      // the highest version wins; "0" sorts first; at equal versions the later event wins
      let wins: boolean;
      if (bestKind === undefined) wins = true;
      else if (x === undefined) wins = bestParsed === undefined;
      else wins = bestParsed === undefined || ordering.compare(x, bestParsed) >= 0;
      if (wins) {
        bestKind = kind;
        bestParsed = x;
      }
    }
    if (!sawIntroduced) return undefined;
    if (bestKind === "introduced") return ri < RANGE_VIA.length ? (RANGE_VIA[ri] as string) : `ranges[${ri}]`;
  }
  return false;
}
