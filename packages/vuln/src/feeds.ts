/**
 * Exploit-likelihood feeds read from files: the CISA Known Exploited Vulnerabilities catalog (JSON)
 * and the FIRST EPSS bulk CSV. (`@qmskit/risk` is planned to own these parsers; until it exports
 * them, vuln reads the two documented formats itself.)
 *
 * @requirement SEC-07 exploitability inputs (KEV, EPSS) are recorded with each finding
 */
import { QmsError } from "@qmskit/core";
import { z } from "zod";

/** One KEV entry. */
export interface KevEntry {
  readonly cveID: string;
  readonly dateAdded?: string | undefined;
  readonly dueDate?: string | undefined;
  readonly knownRansomwareCampaignUse?: string | undefined;
}

/** A KEV catalog, looked up by CVE id. */
export interface KevCatalog {
  readonly catalogVersion?: string;
  readonly dateReleased?: string;
  readonly get: (cve: string) => KevEntry | undefined;
  readonly size: number;
}

const KevSchema = z.object({
  catalogVersion: z.string().optional(),
  dateReleased: z.string().optional(),
  vulnerabilities: z.array(
    z.object({
      cveID: z.string(),
      dateAdded: z.string().optional(),
      dueDate: z.string().optional(),
      knownRansomwareCampaignUse: z.string().optional(),
    }),
  ),
});

/**
 * Parse the CISA KEV catalog JSON (`known_exploited_vulnerabilities.json`).
 *
 * @throws QmsError `KEV_INVALID` naming the file and field
 * @example
 * ```ts
 * const kev = parseKev(JSON.parse(text), "kev.json"); kev.get("CVE-2021-44228")?.dateAdded;
 * ```
 */
export function parseKev(value: unknown, file = "<input>"): KevCatalog {
  const r = KevSchema.safeParse(value);
  if (!r.success) {
    const i = r.error.issues[0];
    const ptr = i ? `/${i.path.join("/")}` : "";
    throw new QmsError(
      "KEV_INVALID",
      `${file}: not a CISA KEV catalog: field "${ptr}" ${i?.message ?? "invalid"}`,
      {
        details: { file, pointer: ptr },
      },
    );
  }
  const map = new Map<string, KevEntry>();
  for (const v of r.data.vulnerabilities) map.set(v.cveID.toUpperCase(), v);
  return {
    ...(r.data.catalogVersion ? { catalogVersion: r.data.catalogVersion } : {}),
    ...(r.data.dateReleased ? { dateReleased: r.data.dateReleased } : {}),
    get: (cve) => map.get(cve.toUpperCase()),
    size: map.size,
  };
}

/** EPSS scores by CVE, with the model version (scores of different model versions are not comparable). */
export interface EpssScores {
  readonly modelVersion?: string;
  readonly scoreDate?: string;
  readonly get: (cve: string) => { readonly epss: number; readonly percentile: number } | undefined;
  readonly size: number;
}

/**
 * Parse the EPSS bulk CSV: an optional `#model_version:…,score_date:…` line, a `cve,epss,percentile`
 * header, then one row per CVE. Rows with values outside 0–1 are errors.
 *
 * @throws QmsError `EPSS_INVALID` naming the file and line
 */
export function parseEpssCsv(text: string, file = "<input>"): EpssScores {
  const lines = text.split(/\r?\n/);
  let modelVersion: string | undefined;
  let scoreDate: string | undefined;
  const map = new Map<string, { epss: number; percentile: number }>();
  let header = false;
  for (const [n, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === "") continue;
    if (line.startsWith("#")) {
      for (const part of line.slice(1).split(",")) {
        const [k, ...v] = part.split(":");
        if (k?.trim() === "model_version") modelVersion = v.join(":").trim();
        if (k?.trim() === "score_date") scoreDate = v.join(":").trim();
      }
      continue;
    }
    const cells = line.split(",").map((c) => c.trim());
    if (!header) {
      if (cells[0]?.toLowerCase() !== "cve" || cells[1]?.toLowerCase() !== "epss")
        throw new QmsError("EPSS_INVALID", `${file}:${n + 1}: expected the header "cve,epss,percentile"`, {
          details: { file, line: n + 1 },
        });
      header = true;
      continue;
    }
    const epss = Number(cells[1]);
    const percentile = Number(cells[2]);
    if (!cells[0] || !(epss >= 0 && epss <= 1) || !(percentile >= 0 && percentile <= 1))
      throw new QmsError(
        "EPSS_INVALID",
        `${file}:${n + 1}: "${line.slice(0, 80)}" is not a "cve,epss,percentile" row with values in 0–1`,
        {
          details: { file, line: n + 1 },
        },
      );
    map.set(cells[0].toUpperCase(), { epss, percentile });
  }
  if (!header)
    throw new QmsError("EPSS_INVALID", `${file}: no "cve,epss,percentile" header`, {
      details: { file, line: 0 },
    });
  return {
    ...(modelVersion ? { modelVersion } : {}),
    ...(scoreDate ? { scoreDate } : {}),
    get: (cve) => map.get(cve.toUpperCase()),
    size: map.size,
  };
}
