/**
 * EPSS (Exploit Prediction Scoring System, FIRST) bulk CSV: parse, keep the model version and score date,
 * look up by CVE. No network: the host downloads the file (`epss_scores-YYYY-MM-DD.csv.gz`).
 */
import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { z } from "zod";
import { invalid, parseWith } from "./validation.js";

/** An EPSS score of one CVE. */
export interface EpssScore {
  readonly cve: string;
  /** Probability of exploitation activity in the next 30 days, 0–1. */
  readonly epss: number;
  /** Percentile of the score among all scored CVEs, 0–1. */
  readonly percentile: number;
}

/** A parsed EPSS file. Scores of different model versions are not comparable. */
export interface EpssDataset {
  readonly modelVersion: string | undefined;
  readonly scoreDate: string | undefined;
  readonly size: number;
  /** The score of a CVE (case-insensitive id), or undefined when the file does not score it. */
  lookup(cve: string): EpssScore | undefined;
  /** Every score, in file order. */
  entries(): IterableIterator<EpssScore>;
}

/** Largest EPSS text accepted (the full daily file is about 10 MB uncompressed). */
export const MAX_EPSS_BYTES = 256 * 1024 * 1024;
const CVE = /^CVE-\d{4}-\d{4,}$/;

/**
 * Parse the EPSS bulk CSV: an optional `#model_version:…,score_date:…` line, the header
 * `cve,epss,percentile`, then one row per CVE. The fields never hold quotes or commas, so splitting on `,`
 * is exact and a CSV library would add a dependency for nothing; rows are checked by hand rather than
 * with zod because the file has about 300,000 rows. Every error names its line.
 *
 * @example
 * ```ts
 * const epss = parseEpssCsv("#model_version:v2025.03.14,score_date:2025-03-14T00:00:00+0000\ncve,epss,percentile\nCVE-2024-3400,0.94,0.99\n");
 * epss.lookup("CVE-2024-3400")?.epss; // 0.94
 * ```
 */
export function parseEpssCsv(csv: string): EpssDataset {
  const text = parseWith(z.string().max(MAX_EPSS_BYTES), csv, "EPSS CSV");
  const lines = text.split(/\r?\n/);
  let i = 0;
  let modelVersion: string | undefined;
  let scoreDate: string | undefined;
  if (lines[0]?.startsWith("#")) {
    for (const part of lines[0].slice(1).split(",")) {
      const colon = part.indexOf(":");
      const key = part.slice(0, colon).trim();
      const value = part.slice(colon + 1).trim();
      if (key === "model_version") modelVersion = value;
      if (key === "score_date") scoreDate = value;
    }
    i = 1;
  }
  const header = (lines[i] ?? "").trim().toLowerCase();
  if (header !== "cve,epss,percentile")
    throw invalid(
      `EPSS CSV line ${i + 1}: expected the header "cve,epss,percentile", found ${JSON.stringify(header.slice(0, 60))}`,
      {
        line: i + 1,
      },
    );
  const scores = new Map<string, EpssScore>();
  for (let n = i + 1; n < lines.length; n++) {
    const line = lines[n]!;
    if (line.trim() === "") continue;
    const cells = line.split(",");
    const cve = (cells[0] ?? "").trim().toUpperCase();
    const epss = Number(cells[1]);
    const percentile = Number(cells[2]);
    if (cells.length !== 3 || !CVE.test(cve))
      throw invalid(
        `EPSS CSV line ${n + 1}: expected "CVE-YYYY-NNNN,epss,percentile", found ${JSON.stringify(line.slice(0, 60))}`,
        {
          line: n + 1,
        },
      );
    if (
      !(epss >= 0 && epss <= 1) ||
      !(percentile >= 0 && percentile <= 1) ||
      cells[1]!.trim() === "" ||
      cells[2]!.trim() === ""
    )
      throw invalid(`EPSS CSV line ${n + 1}: epss and percentile must be numbers from 0 to 1`, {
        line: n + 1,
      });
    if (scores.has(cve)) throw invalid(`EPSS CSV line ${n + 1}: ${cve} appears twice`, { line: n + 1 });
    scores.set(cve, { cve, epss, percentile });
  }
  return {
    modelVersion,
    scoreDate,
    size: scores.size,
    lookup: (cve) => (typeof cve === "string" ? scores.get(cve.trim().toUpperCase()) : undefined),
    entries: () => scores.values(),
  };
}

/**
 * Read an EPSS CSV file (plain or gzip-compressed, as FIRST publishes it) and parse it.
 *
 * @example
 * ```ts
 * const epss = await readEpssFile("epss_scores-2026-11-27.csv.gz");
 * ```
 */
export async function readEpssFile(path: string): Promise<EpssDataset> {
  const bytes = await readFile(path);
  const raw =
    bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes, { maxOutputLength: MAX_EPSS_BYTES }) : bytes;
  return parseEpssCsv(raw.toString("utf8"));
}
