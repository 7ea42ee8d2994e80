/**
 * Support status per component (FDA premarket guidance §V.A.4(b)): level of support
 * (actively maintained / no longer maintained / abandoned), end-of-support date, and a justification
 * where either is unavailable.
 *
 * Sources, highest precedence first, per field:
 * 1. the host-maintained support catalog (keyed by purl, see `support-catalog.ts`);
 * 2. the proposed CycloneDX taxonomy `cdx:fda:level-of-support`, `cdx:fda:end-of-support-date`,
 *    `cdx:fda:justification`, `cdx:fda:update-or-replace-plan`, `cdx:fda:support-assessed-date`;
 * 3. the lifecycle milestone `cdx:lifecycle:milestone:endOfSupport` (then `…:endOfLife`);
 * 4. free-text keys written by hand, e.g. `Level of Support` / `End-of-Support` (medical-device SBOMs);
 * 5. SPDX `validUntilDate` (model `validUntil`) for the end of support.
 *
 * Free text is normalised to {@link SupportLevel}; the original text is always kept.
 *
 * @requirement SOUP-01 each SBOM component's support status is identified (FDA §V.A.4(b) elements
 *   `fda.level-of-support`, `fda.end-of-support`)
 * @requirement SEC-04 the support table is the SBOM attachment the traceability chain points to
 */
import type { Component, Property, Sbom } from "./model.js";
import { lookupSupportCatalog, type SupportCatalog } from "./support-catalog.js";

/** The FDA levels of support plus `unknown`. */
export const SUPPORT_LEVELS = [
  "actively-maintained",
  "no-longer-maintained",
  "abandoned",
  "unknown",
] as const;
export type SupportLevel = (typeof SUPPORT_LEVELS)[number];

/**
 * What the end-of-support value says:
 * - `date`: a calendar date (normalised to `YYYY-MM-DD`);
 * - `ended`: support has already ended, no date given ("No longer supported", "EOL");
 * - `conditional`: tied to an event, not a date ("Until hardware support ends");
 * - `unknown`: missing or says nothing about the date ("Unknown", "Open source").
 */
export type EndOfSupportKind = "date" | "ended" | "conditional" | "unknown";

/** Where a value came from. */
export type SupportSource = "catalog" | "cdx:fda" | "cdx:lifecycle" | "free-text" | "spdx:validUntilDate";

/** The support status of one component. */
export interface SupportStatus {
  readonly ref: string;
  readonly name: string;
  readonly version?: string;
  readonly purl?: string;
  readonly supplier?: string;
  readonly level: SupportLevel;
  /** The level as written in the source, e.g. "Inactive". */
  readonly levelText?: string;
  readonly levelSource?: SupportSource;
  readonly endOfSupportKind: EndOfSupportKind;
  /** `YYYY-MM-DD` when {@link endOfSupportKind} is `date`. */
  readonly endOfSupport?: string;
  /** The end of support as written in the source, e.g. "Until hardware support ends". */
  readonly endOfSupportText?: string;
  readonly endOfSupportSource?: SupportSource;
  readonly justification?: string;
  readonly updateOrReplacePlan?: string;
  readonly assessedDate?: string;
  /** True when the end-of-support date is before `asOf`, or the level says support has ended. */
  readonly pastEndOfSupport: boolean;
  /** True when the level or the end-of-support date is unavailable and no justification is recorded. */
  readonly needsJustification: boolean;
  /** Why a justification (or action) is needed, in words a reviewer can act on. */
  readonly findings: readonly string[];
}

/** Options of {@link supportStatus} / {@link supportTable}. */
export interface SupportOptions {
  /** Host-maintained support catalog (wins over what the SBOM states). */
  readonly catalog?: SupportCatalog;
  /** Reference date for {@link SupportStatus.pastEndOfSupport}, `YYYY-MM-DD` (default: today, UTC). */
  readonly asOf?: string;
}

/** Memoise a string function (property names and support values repeat across thousands of components). */
function memo<T>(fn: (s: string) => T, max = 20_000): (s: string) => T {
  const cache = new Map<string, T>();
  return (s) => {
    let v = cache.get(s);
    if (v === undefined) {
      v = fn(s);
      if (cache.size >= max) cache.clear();
      if (s.length <= 256) cache.set(s, v);
    }
    return v;
  };
}

const key = memo((name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, ""));

/** Property keys (normalised with {@link key}) per field and source, in precedence order. */
const LEVEL_KEYS: readonly [string, SupportSource][] = [
  ["cdxfdalevelofsupport", "cdx:fda"],
  ["levelofsupport", "free-text"],
  ["supportlevel", "free-text"],
  ["supportstatus", "free-text"],
];
const EOS_KEYS: readonly [string, SupportSource][] = [
  ["cdxfdaendofsupportdate", "cdx:fda"],
  ["cdxfdaendofsupport", "cdx:fda"],
  ["cdxlifecyclemilestoneendofsupport", "cdx:lifecycle"],
  ["cdxlifecyclemilestoneendoflife", "cdx:lifecycle"],
  ["endofsupport", "free-text"],
  ["endofsupportdate", "free-text"],
  ["eos", "free-text"],
  ["endoflife", "free-text"],
  ["eol", "free-text"],
];
const JUSTIFICATION_KEYS = ["cdxfdajustification", "justification", "supportjustification"];
const PLAN_KEYS = ["cdxfdaupdateorreplaceplan", "updateorreplaceplan"];
const ASSESSED_KEYS = ["cdxfdasupportassesseddate", "supportassesseddate"];

/** Normalised property name → first non-empty value, computed once per component. */
function indexProperties(props: readonly Property[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const p of props) {
    const v = p.value.trim();
    if (v === "") continue;
    const k = key(p.name);
    if (!m.has(k)) m.set(k, v);
  }
  return m;
}

function findProperty(props: Map<string, string>, keys: readonly string[]): string | undefined {
  for (const k of keys) {
    const v = props.get(k);
    if (v !== undefined) return v;
  }
  return undefined;
}

function findSourced(
  props: Map<string, string>,
  keys: readonly (readonly [string, SupportSource])[],
): { text: string; source: SupportSource } | undefined {
  for (const [k, source] of keys) {
    const v = props.get(k);
    if (v !== undefined) return { text: v, source };
  }
  return undefined;
}

/** Free-text level phrases (normalised with {@link key}) and the level they mean. */
const LEVEL_WORDS: readonly [RegExp, SupportLevel][] = [
  [/^(unknown|unk|na|none|notknown|tbd|noassertion|opensource|unspecified)$/, "unknown"],
  [/abandon|archived|unmaintained|dead|orphan/, "abandoned"],
  [
    /nolonger|inactive|deprecated|endoflife|eol|endofsupport|unsupported|notsupported|notmaintained|discontinued|obsolete|retired|legacy|frozen/,
    "no-longer-maintained",
  ],
  [
    /^(activelymaintained|active|maintained|supported|activelysupported|current|ongoing|lts)$|actively|activelymaint/,
    "actively-maintained",
  ],
];

/**
 * Normalise a free-text level of support to the FDA enum.
 *
 * @example
 * ```ts
 * normaliseSupportLevel("Actively maintained"); // "actively-maintained"
 * normaliseSupportLevel("Inactive");            // "no-longer-maintained"
 * normaliseSupportLevel("Open source");         // "unknown"
 * ```
 */
export function normaliseSupportLevel(text: string | undefined): SupportLevel {
  if (text === undefined) return "unknown";
  return levelOf(text);
}

const levelOf = memo((text: string): SupportLevel => {
  const k = key(text.slice(0, 200));
  if (k === "") return "unknown";
  if ((SUPPORT_LEVELS as readonly string[]).includes(text.trim().toLowerCase()))
    return text.trim().toLowerCase() as SupportLevel;
  for (const [re, level] of LEVEL_WORDS) if (re.test(k)) return level;
  return "unknown";
});

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const YEAR_MONTH = /^(\d{4})-(\d{2})$/;

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

/**
 * Normalise an end-of-support value. Accepts ISO 8601 dates and date-times (`2027-12-31`,
 * `2027-12-31T00:00:00Z`) and year-months (`2027-12`, read as the last day of that month).
 *
 * @example
 * ```ts
 * normaliseEndOfSupport("Until hardware support ends"); // { kind: "conditional" }
 * normaliseEndOfSupport("2030-06-30T00:00:00Z");        // { kind: "date", date: "2030-06-30" }
 * ```
 */
export function normaliseEndOfSupport(text: string | undefined): { kind: EndOfSupportKind; date?: string } {
  if (text === undefined) return { kind: "unknown" };
  return { ...endOfSupportOf(text) };
}

const endOfSupportOf = memo((text: string): { kind: EndOfSupportKind; date?: string } => {
  const t = text.trim().slice(0, 200);
  const m = ISO_DATE.exec(t);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (validDate(y, mo, d)) return { kind: "date", date: `${m[1]}-${m[2]}-${m[3]}` };
    return { kind: "unknown" };
  }
  const ym = YEAR_MONTH.exec(t);
  if (ym) {
    const [y, mo] = [Number(ym[1]), Number(ym[2])];
    if (mo >= 1 && mo <= 12) {
      const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
      return { kind: "date", date: `${ym[1]}-${ym[2]}-${String(last).padStart(2, "0")}` };
    }
    return { kind: "unknown" };
  }
  const k = key(t);
  if (
    /^(until|while|aslongas|for(the)?lifeof|tiedto|dependson|followsthe|whenthe)/.test(k) ||
    /until|aslongas/.test(k)
  )
    return { kind: "conditional" };
  if (
    /nolonger|ended|expired|endoflife|^eol$|unsupported|notsupported|discontinued|deprecated|obsolete/.test(k)
  )
    return { kind: "ended" };
  return { kind: "unknown" };
});

/**
 * Just the normalised level and end of support of a component as the SBOM states it (no catalog), for
 * comparisons: `endOfSupport` is the `YYYY-MM-DD` date, else the text as written, else "".
 */
export function supportFacts(component: Component): { level: SupportLevel; endOfSupport: string } {
  if (component.properties.length === 0 && component.validUntil === undefined)
    return { level: "unknown", endOfSupport: "" };
  // one pass, no intermediate map: remember the best (lowest precedence index) hit per field
  let levelAt = LEVEL_KEYS.length;
  let levelText: string | undefined;
  let eosAt = EOS_KEYS.length;
  let eosText: string | undefined;
  for (const p of component.properties) {
    const k = key(p.name);
    const li = LEVEL_KEYS.findIndex(([x]) => x === k);
    const ei = li >= 0 ? -1 : EOS_KEYS.findIndex(([x]) => x === k);
    if (li < 0 && ei < 0) continue;
    const v = p.value.trim();
    if (v === "") continue;
    if (li >= 0 && li < levelAt) [levelAt, levelText] = [li, v];
    if (ei >= 0 && ei < eosAt) [eosAt, eosText] = [ei, v];
  }
  const level = normaliseSupportLevel(levelText);
  const text =
    eosText ??
    (component.validUntil !== undefined && component.validUntil.trim() !== ""
      ? component.validUntil.trim()
      : undefined);
  return { level, endOfSupport: text === undefined ? "" : (endOfSupportOf(text).date ?? text) };
}

function partyName(c: Component): string | undefined {
  return c.supplier?.name ?? c.manufacturer?.name ?? c.originator?.name ?? c.publisher;
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * The support status of one component, from the catalog, its properties and `validUntil`.
 *
 * @example
 * ```ts
 * const s = supportStatus(component, { asOf: "2026-01-01" });
 * if (s.needsJustification) console.log(s.findings.join("; "));
 * ```
 */
export function supportStatus(component: Component, options: SupportOptions = {}): SupportStatus {
  const props = indexProperties(component.properties);
  const entry = lookupSupportCatalog(options.catalog, component.purl);
  const asOf = options.asOf ?? today();

  const levelFound =
    entry?.level !== undefined && entry.level !== ""
      ? { text: entry.level, source: "catalog" as const }
      : findSourced(props, LEVEL_KEYS);
  const eosFound =
    entry?.endOfSupport !== undefined && entry.endOfSupport !== ""
      ? { text: entry.endOfSupport, source: "catalog" as const }
      : (findSourced(props, EOS_KEYS) ??
        (component.validUntil !== undefined && component.validUntil.trim() !== ""
          ? { text: component.validUntil.trim(), source: "spdx:validUntilDate" as const }
          : undefined));
  const justification = entry?.justification ?? findProperty(props, JUSTIFICATION_KEYS);
  const plan = entry?.updateOrReplacePlan ?? findProperty(props, PLAN_KEYS);
  const assessed = entry?.assessedDate ?? findProperty(props, ASSESSED_KEYS);

  const level = normaliseSupportLevel(levelFound?.text);
  const eos = normaliseEndOfSupport(eosFound?.text);

  const findings: string[] = [];
  if (levelFound === undefined) findings.push("no level of support stated");
  else if (level === "unknown")
    findings.push(`level of support "${levelFound.text}" is not a level (unknown)`);
  if (eosFound === undefined) findings.push("no end-of-support date stated");
  else if (eos.kind !== "date")
    findings.push(`end of support "${eosFound.text}" is not a date (${eos.kind})`);
  const missing = level === "unknown" || eos.kind !== "date";
  const ended = level === "no-longer-maintained" || level === "abandoned" || eos.kind === "ended";
  const pastEndOfSupport = ended || (eos.date !== undefined && eos.date < asOf);
  if (pastEndOfSupport && plan === undefined)
    findings.push("support has ended: record an update-or-replace plan (FDA §V.A.4(b))");
  if (missing && justification === undefined)
    findings.push("a justification is required where the level or the end-of-support date is unavailable");

  const supplier = partyName(component);
  return {
    ref: component.ref,
    name: component.group ? `${component.group}/${component.name}` : component.name,
    ...(component.version !== undefined && component.version !== "" ? { version: component.version } : {}),
    ...(component.purl !== undefined ? { purl: component.purl } : {}),
    ...(supplier !== undefined ? { supplier } : {}),
    level,
    ...(levelFound ? { levelText: levelFound.text, levelSource: levelFound.source } : {}),
    endOfSupportKind: eos.kind,
    ...(eos.date !== undefined ? { endOfSupport: eos.date } : {}),
    ...(eosFound ? { endOfSupportText: eosFound.text, endOfSupportSource: eosFound.source } : {}),
    ...(justification !== undefined ? { justification } : {}),
    ...(plan !== undefined ? { updateOrReplacePlan: plan } : {}),
    ...(assessed !== undefined ? { assessedDate: assessed } : {}),
    pastEndOfSupport,
    needsJustification: missing && justification === undefined,
    findings,
  };
}

/**
 * The FDA support table: one row per component (SPDX files excluded), in document order.
 *
 * @example
 * ```ts
 * const rows = supportTable(sbom, { catalog, asOf: "2026-11-28" });
 * writeFileSync("support.md", supportTableToMarkdown(rows));
 * ```
 */
export function supportTable(sbom: Sbom, options: SupportOptions = {}): SupportStatus[] {
  return sbom.components.filter((c) => c.type !== "file").map((c) => supportStatus(c, options));
}

/** Summary counts of a support table. */
export function supportSummary(rows: readonly SupportStatus[]): Record<SupportLevel, number> & {
  components: number;
  withDate: number;
  needsJustification: number;
  pastEndOfSupport: number;
} {
  const s = {
    components: rows.length,
    "actively-maintained": 0,
    "no-longer-maintained": 0,
    abandoned: 0,
    unknown: 0,
    withDate: 0,
    needsJustification: 0,
    pastEndOfSupport: 0,
  };
  for (const r of rows) {
    s[r.level]++;
    if (r.endOfSupportKind === "date") s.withDate++;
    if (r.needsJustification) s.needsJustification++;
    if (r.pastEndOfSupport) s.pastEndOfSupport++;
  }
  return s;
}

/** Column headers of the FDA support table (Markdown and CSV). */
export const SUPPORT_TABLE_HEADERS = [
  "Component",
  "Version",
  "Supplier",
  "purl",
  "Level of support",
  "Level (as stated)",
  "End of support",
  "End of support (as stated)",
  "Justification",
  "Update/replace plan",
  "Findings",
] as const;

/** The table as rows of strings, in {@link SUPPORT_TABLE_HEADERS} order. */
export function supportTableRows(rows: readonly SupportStatus[]): string[][] {
  return rows.map((r) => [
    r.name,
    r.version ?? "",
    r.supplier ?? "",
    r.purl ?? "",
    r.level,
    r.levelText ?? "",
    r.endOfSupport ?? (r.endOfSupportKind === "unknown" ? "" : r.endOfSupportKind),
    r.endOfSupportText ?? "",
    r.justification ?? (r.needsJustification ? "REQUIRED" : ""),
    r.updateOrReplacePlan ?? "",
    r.findings.join("; "),
  ]);
}

/** Escape text for one GitHub-flavoured Markdown table cell (backslashes, pipes, line breaks). */
export const markdownCell = (c: string): string =>
  c.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

/** The FDA support table as GitHub-flavoured Markdown. */
export function supportTableToMarkdown(rows: readonly SupportStatus[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(markdownCell).join(" | ")} |`;
  return `${[
    line(SUPPORT_TABLE_HEADERS),
    line(SUPPORT_TABLE_HEADERS.map(() => "---")),
    ...supportTableRows(rows).map(line),
  ].join("\n")}\n`;
}

/** The FDA support table as RFC 4180 CSV (CRLF line ends, quoted where needed). */
export function supportTableToCsv(rows: readonly SupportStatus[]): string {
  const cell = (c: string) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  return `${[[...SUPPORT_TABLE_HEADERS], ...supportTableRows(rows)].map((r) => r.map(cell).join(",")).join("\r\n")}\r\n`;
}

/**
 * Write the normalised support status back as properties: `cdx:fda:level-of-support`,
 * `cdx:fda:end-of-support-date` and `cdx:lifecycle:milestone:endOfSupport` (dates only),
 * `cdx:fda:justification`, `cdx:fda:update-or-replace-plan`. Existing properties of those names are
 * replaced; free-text originals are kept. Returns a new SBOM.
 */
export function withSupportProperties(sbom: Sbom, options: SupportOptions = {}): Sbom {
  const owned = new Set([
    "cdx:fda:level-of-support",
    "cdx:fda:end-of-support-date",
    "cdx:lifecycle:milestone:endOfSupport",
    "cdx:fda:justification",
    "cdx:fda:update-or-replace-plan",
  ]);
  return {
    ...sbom,
    components: sbom.components.map((c) => {
      if (c.type === "file") return c;
      const s = supportStatus(c, options);
      const props = c.properties.filter((p) => !owned.has(p.name));
      props.push({ name: "cdx:fda:level-of-support", value: s.level });
      if (s.endOfSupport !== undefined) {
        props.push({ name: "cdx:fda:end-of-support-date", value: s.endOfSupport });
        props.push({ name: "cdx:lifecycle:milestone:endOfSupport", value: s.endOfSupport });
      }
      if (s.justification !== undefined)
        props.push({ name: "cdx:fda:justification", value: s.justification });
      if (s.updateOrReplacePlan !== undefined)
        props.push({ name: "cdx:fda:update-or-replace-plan", value: s.updateOrReplacePlan });
      return { ...c, properties: props };
    }),
  };
}
