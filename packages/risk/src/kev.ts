/**
 * CISA Known Exploited Vulnerabilities (KEV) catalog JSON: parse and look up by CVE. No network: the host
 * downloads `known_exploited_vulnerabilities.json`.
 */
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { invalid, parseWith } from "./validation.js";

const day = z.iso.date();

/** One KEV catalog entry (unknown fields are dropped). */
export const KevEntrySchema = z.object({
  cveID: z.string().regex(/^CVE-\d{4}-\d{4,}$/),
  vendorProject: z.string().max(1000).default(""),
  product: z.string().max(1000).default(""),
  vulnerabilityName: z.string().max(2000).default(""),
  dateAdded: day,
  shortDescription: z.string().max(20000).default(""),
  requiredAction: z.string().max(20000).default(""),
  dueDate: day,
  knownRansomwareCampaignUse: z.string().max(50).default("Unknown"),
  notes: z.string().max(20000).default(""),
  cwes: z.array(z.string().max(50)).max(100).default([]),
});
/** One KEV catalog entry. */
export type KevEntry = z.output<typeof KevEntrySchema>;

/** The KEV catalog (CC0). */
export const KevCatalogSchema = z.object({
  title: z.string().max(1000).default(""),
  catalogVersion: z.string().max(100),
  dateReleased: z.string().max(100),
  count: z.number().int().nonnegative(),
  vulnerabilities: z.array(KevEntrySchema).max(1_000_000),
});

/** The KEV facts of one CVE. */
export interface KevMatch {
  readonly cve: string;
  readonly dateAdded: string;
  readonly dueDate: string;
  /** True when CISA lists known use in ransomware campaigns. */
  readonly knownRansomwareCampaignUse: boolean;
  readonly entry: KevEntry;
}

/** A parsed KEV catalog. */
export interface KevCatalog {
  readonly catalogVersion: string;
  readonly dateReleased: string;
  readonly size: number;
  /** The KEV facts of a CVE, or undefined when it is not in the catalog. */
  lookup(cve: string): KevMatch | undefined;
  /** True when the CVE is in the catalog. */
  has(cve: string): boolean;
}

/**
 * Parse the CISA KEV catalog from its JSON text or an already parsed object. Throws a `VALIDATION`
 * `QmsError` naming the path of the first problem; checks that `count` matches the entries.
 *
 * @example
 * ```ts
 * const kev = parseKevCatalog(await (await fetch(url)).text()); // the host fetches; the library does not
 * kev.lookup("CVE-2021-44228")?.dueDate;
 * ```
 */
export function parseKevCatalog(input: string | unknown): KevCatalog {
  let json: unknown = input;
  if (typeof input === "string") {
    try {
      json = JSON.parse(input);
    } catch (error) {
      throw invalid(
        `KEV catalog is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  const catalog = parseWith(KevCatalogSchema, json, "KEV catalog");
  if (catalog.count !== catalog.vulnerabilities.length)
    throw invalid(
      `KEV catalog says count ${catalog.count} but lists ${catalog.vulnerabilities.length} entries`,
    );
  const byCve = new Map<string, KevMatch>();
  for (const entry of catalog.vulnerabilities) {
    byCve.set(entry.cveID.toUpperCase(), {
      cve: entry.cveID,
      dateAdded: entry.dateAdded,
      dueDate: entry.dueDate,
      knownRansomwareCampaignUse: entry.knownRansomwareCampaignUse.toLowerCase() === "known",
      entry,
    });
  }
  const lookup = (cve: string) => (typeof cve === "string" ? byCve.get(cve.trim().toUpperCase()) : undefined);
  return {
    catalogVersion: catalog.catalogVersion,
    dateReleased: catalog.dateReleased,
    size: byCve.size,
    lookup,
    has: (cve) => lookup(cve) !== undefined,
  };
}

/** Read and parse a KEV catalog file. */
export async function readKevFile(path: string): Promise<KevCatalog> {
  return parseKevCatalog(await readFile(path, "utf8"));
}
