/**
 * The host-maintained support catalog: the manufacturer's own record of each component's level of
 * support and end of support, keyed by purl, kept as JSON or CSV next to the product's SBOMs.
 * It fills (and overrides) what the SBOM states, which is usually nothing (FDA premarket guidance
 * §V.A.4(b) asks for both per component).
 *
 * @requirement SOUP-01 support status recorded per SBOM component (FDA premarket §V.A.4(b): level of
 *   support, end-of-support date, justification; element ids `fda.level-of-support`, `fda.end-of-support`)
 */
import { QmsError } from "@qmskit/core";
import { z } from "zod";

/** One catalog entry. `purl` with a version matches that version only; without one, every version. */
export const SupportCatalogEntrySchema = z.object({
  purl: z
    .string()
    .trim()
    .min(5)
    .refine((p) => p.startsWith("pkg:"), { message: "purl must start with 'pkg:'" }),
  /** Level of support, free text or one of the enum values (normalised on use). */
  level: z.string().trim().optional(),
  /** End-of-support date (ISO 8601) or free text such as "Until hardware support ends". */
  endOfSupport: z.string().trim().optional(),
  /** Why the level or date is unavailable (FDA asks for it where either is missing). */
  justification: z.string().trim().optional(),
  /** The plan to update or replace the component at end of support. */
  updateOrReplacePlan: z.string().trim().optional(),
  /** When the support status was last assessed (ISO 8601 date). */
  assessedDate: z.string().trim().optional(),
});
export type SupportCatalogEntry = z.infer<typeof SupportCatalogEntrySchema>;

/** The catalog: entries in file order, unique by purl. */
export const SupportCatalogSchema = z
  .object({ entries: z.array(SupportCatalogEntrySchema).max(1_000_000) })
  .superRefine((cat, ctx) => {
    const seen = new Set<string>();
    cat.entries.forEach((e, i) => {
      if (seen.has(e.purl))
        ctx.addIssue({
          code: "custom",
          path: ["entries", i, "purl"],
          message: `duplicate purl ${e.purl}: each purl may appear once`,
        });
      seen.add(e.purl);
    });
  });
export type SupportCatalog = z.infer<typeof SupportCatalogSchema>;

/** Column names accepted in CSV headers (compared lower-case with spaces, `-` and `_` removed). */
const CSV_COLUMNS: Record<string, keyof SupportCatalogEntry> = {
  purl: "purl",
  packageurl: "purl",
  level: "level",
  levelofsupport: "level",
  supportlevel: "level",
  endofsupport: "endOfSupport",
  endofsupportdate: "endOfSupport",
  eos: "endOfSupport",
  justification: "justification",
  updateorreplaceplan: "updateOrReplacePlan",
  plan: "updateOrReplacePlan",
  assesseddate: "assessedDate",
  supportassesseddate: "assessedDate",
};

const columnKey = (h: string) => h.toLowerCase().replace(/[\s_\-:]/g, "");

/**
 * Parse RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF line ends) into rows of cells.
 * Throws a VALIDATION error on an unterminated quote.
 */
export function parseCsvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let i = 0;
  let quoted = false;
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  while (i < src.length) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      cell += ch;
      i++;
      continue;
    }
    if (ch === '"' && cell === "") {
      quoted = true;
      i++;
    } else if (ch === ",") {
      row.push(cell);
      cell = "";
      i++;
    } else if (ch === "\r" || ch === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i += ch === "\r" && src[i + 1] === "\n" ? 2 : 1;
    } else {
      cell += ch;
      i++;
    }
  }
  if (quoted)
    throw new QmsError("VALIDATION", "support catalog CSV: a quoted field is not closed before the end", {
      details: { line: rows.length + 1 },
    });
  if (cell !== "" || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ""));
}

function csvToCatalogInput(text: string): unknown {
  const rows = parseCsvRows(text);
  const header = rows[0];
  if (header === undefined)
    throw new QmsError(
      "VALIDATION",
      "support catalog CSV is empty: expected a header row with a purl column",
    );
  const keys = header.map((h) => CSV_COLUMNS[columnKey(h)]);
  if (!keys.includes("purl"))
    throw new QmsError(
      "VALIDATION",
      `support catalog CSV header has no purl column (found: ${header.join(", ")}); expected purl, level, endOfSupport, justification`,
    );
  const entries = rows.slice(1).map((r) => {
    const e: Record<string, string> = {};
    r.forEach((c, i) => {
      const k = keys[i];
      if (k !== undefined && c.trim() !== "") e[k] = c;
    });
    return e;
  });
  return { entries };
}

function jsonToCatalogInput(text: string): unknown {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw new QmsError("VALIDATION", `support catalog is not valid JSON: ${(cause as Error).message}`, {
      cause,
    });
  }
  if (Array.isArray(data)) return { entries: data };
  if (data !== null && typeof data === "object" && !Array.isArray((data as { entries?: unknown }).entries)) {
    // `{ "<purl>": { level, endOfSupport, … } }`
    return {
      entries: Object.entries(data as Record<string, unknown>).map(([purl, v]) =>
        v !== null && typeof v === "object" ? { ...(v as object), purl } : { purl, level: v },
      ),
    };
  }
  return data;
}

/** Result of {@link safeParseSupportCatalog}. */
export type SafeParseSupportCatalogResult =
  | { success: true; data: SupportCatalog }
  | { success: false; error: QmsError };

/**
 * Parse a support catalog from JSON (an array of entries, `{ entries: [...] }` or an object keyed by
 * purl) or CSV (header row with `purl`, `level`, `endOfSupport`, `justification`, … columns).
 * `format` defaults to JSON when the text starts with `[` or `{`, else CSV.
 * Throws `QmsError("VALIDATION")` naming the entry and field at fault.
 *
 * @example
 * ```ts
 * const catalog = parseSupportCatalog("purl,level,endOfSupport\npkg:npm/lodash,actively maintained,2027-12-31\n");
 * ```
 */
export function parseSupportCatalog(text: string, format?: "json" | "csv"): SupportCatalog {
  const fmt = format ?? (/^\s*[[{]/.test(text) ? "json" : "csv");
  const input = fmt === "json" ? jsonToCatalogInput(text) : csvToCatalogInput(text);
  const parsed = SupportCatalogSchema.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? first.path.join(".") : "";
    const row =
      fmt === "csv" && first && typeof first.path[1] === "number" ? ` (CSV line ${first.path[1] + 2})` : "";
    throw new QmsError("VALIDATION", `support catalog entry ${where}${row}: ${first?.message ?? "invalid"}`, {
      details: { issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) },
    });
  }
  return parsed.data;
}

/** Like {@link parseSupportCatalog} but returns `{ success, data | error }` instead of throwing. */
export function safeParseSupportCatalog(
  text: string,
  format?: "json" | "csv",
): SafeParseSupportCatalogResult {
  try {
    return { success: true, data: parseSupportCatalog(text, format) };
  } catch (error) {
    if (error instanceof QmsError) return { success: false, error };
    return { success: false, error: new QmsError("VALIDATION", String(error), { cause: error }) };
  }
}

/** Strip the version, qualifiers and subpath of a purl: `pkg:npm/a@1?x=y#p` → `pkg:npm/a`. */
export function purlWithoutVersion(purl: string): string {
  let end = purl.length;
  const hash = purl.indexOf("#");
  if (hash >= 0) end = hash;
  const q = purl.indexOf("?");
  if (q >= 0 && q < end) end = q;
  // the version separator is the last "@" after the type (scoped npm names are encoded as %40)
  const slash = purl.indexOf("/");
  const at = purl.lastIndexOf("@", end - 1);
  if (at > slash && slash >= 0) end = at;
  const p = end === purl.length ? purl : purl.slice(0, end);
  return /[A-Z]/.test(p) ? p.toLowerCase() : p;
}

/** Find the catalog entry for a purl: exact purl first, then the purl without version. */
export function lookupSupportCatalog(
  catalog: SupportCatalog | undefined,
  purl: string | undefined,
): SupportCatalogEntry | undefined {
  if (catalog === undefined || purl === undefined) return undefined;
  let index = catalogIndexes.get(catalog);
  if (index === undefined) {
    index = new Map();
    for (const e of catalog.entries) {
      index.set(e.purl, e);
      const base = purlWithoutVersion(e.purl);
      if (base === e.purl.toLowerCase() && !index.has(base)) index.set(base, e);
    }
    catalogIndexes.set(catalog, index);
  }
  return index.get(purl) ?? index.get(purlWithoutVersion(purl));
}

const catalogIndexes = new WeakMap<SupportCatalog, Map<string, SupportCatalogEntry>>();
