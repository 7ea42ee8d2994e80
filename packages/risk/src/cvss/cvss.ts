/**
 * Version dispatch for CVSS vectors: `parseCvss`, `scoreCvss`, `safeScoreCvss` and `explainCvss`
 * accept v3.1 and v4.0 vector strings and pick the version from the prefix.
 */
import type { QmsError } from "@qmskit/core";
import { type CvssParseOptions, cvssError } from "./common.js";
import {
  type Cvss31Score,
  type Cvss31Trace,
  type Cvss31Vector,
  explainCodesV31,
  parseCvss31,
  readV31,
  scoreCodesV31,
} from "./v31.js";
import {
  type Cvss40Score,
  type Cvss40Trace,
  type Cvss40Vector,
  explainCodesV40,
  parseCvss40,
  readV40,
  scoreCodesV40,
} from "./v40.js";

/** A parsed CVSS vector of either supported version. */
export type CvssVector = Cvss31Vector | Cvss40Vector;
/** The score of a CVSS vector of either supported version. */
export type CvssScore = Cvss31Score | Cvss40Score;

/** The result of a `safe…` CVSS function. */
export type CvssResult<T> = { success: true; data: T } | { success: false; error: QmsError };

/** Everything the CVSS functions throw is a `VALIDATION` `QmsError` (the fuzz tests hold them to it). */
function attempt<T>(fn: () => T): CvssResult<T> {
  try {
    return { success: true, data: fn() };
  } catch (error) {
    return { success: false, error: error as QmsError };
  }
}

/** How a score was reached: the result, the intermediate values and readable lines. */
export type CvssExplanation =
  | {
      readonly version: "3.1";
      readonly score: Cvss31Score;
      readonly trace: Cvss31Trace;
      readonly lines: readonly string[];
    }
  | {
      readonly version: "4.0";
      readonly score: Cvss40Score;
      readonly trace: Cvss40Trace;
      readonly lines: readonly string[];
    };

function versionOf(vector: unknown): "3.1" | "4.0" {
  if (typeof vector !== "string")
    throw cvssError("type", `A CVSS vector must be a string, got ${typeof vector}`);
  const head = vector.trimStart();
  if (head.startsWith("CVSS:3.1/")) return "3.1";
  if (head.startsWith("CVSS:4.0/")) return "4.0";
  if (head.startsWith("CVSS:3.0/"))
    throw cvssError(
      "prefix",
      "CVSS 3.0 vectors are not supported; rescore the vector as CVSS 3.1",
      "CVSS",
      vector,
    );
  throw cvssError(
    "prefix",
    `Not a CVSS v3.1 or v4.0 vector: it must start with "CVSS:3.1/" or "CVSS:4.0/"`,
    "CVSS",
    vector,
  );
}

/**
 * Parse a CVSS v3.1 or v4.0 vector (strict by default; see {@link CvssParseOptions}).
 * Throws a `VALIDATION` `QmsError` naming the offending metric in `details.metric`.
 *
 * @requirement SEC-07
 * @example
 * ```ts
 * parseCvss("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").version; // "3.1"
 * ```
 */
export function parseCvss(vector: string, options?: CvssParseOptions): CvssVector {
  return versionOf(vector) === "3.1" ? parseCvss31(vector, options) : parseCvss40(vector, options);
}

/**
 * Score a CVSS v3.1 vector (base, temporal, environmental) or v4.0 vector (the single score plus the
 * base-only score). Throws a `VALIDATION` `QmsError` for an invalid vector; never returns a score for one.
 *
 * @requirement SEC-07
 * @example
 * ```ts
 * const s = scoreCvss("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N");
 * s.version === "4.0" && s.score; // 9.3
 * ```
 */
export function scoreCvss(vector: string, options?: CvssParseOptions): CvssScore {
  // In strict mode the accepted input is already the canonical vector string.
  const canonical = options?.mode === "lenient" ? undefined : vector;
  return versionOf(vector) === "3.1"
    ? scoreCodesV31(readV31(vector, options), canonical)
    : scoreCodesV40(readV40(vector, options), canonical);
}

/**
 * Like {@link scoreCvss}, but returns `{ success: false, error }` instead of throwing.
 *
 * @example
 * ```ts
 * const r = safeScoreCvss("CVSS:3.1/AV:N");
 * if (!r.success) console.log(r.error.details.metric); // "AC"
 * ```
 */
export function safeScoreCvss(vector: string, options?: CvssParseOptions): CvssResult<CvssScore> {
  return attempt(() => scoreCvss(vector, options));
}

/**
 * Like {@link parseCvss}, but returns `{ success: false, error }` instead of throwing.
 */
export function safeParseCvss(vector: string, options?: CvssParseOptions): CvssResult<CvssVector> {
  return attempt(() => parseCvss(vector, options));
}

/**
 * Show how a CVSS score was reached. v3.1: ISS, impact, exploitability, the Roundup steps of the base,
 * temporal and environmental scores. v4.0: the MacroVector and its EQ levels, the highest-severity vector
 * used, the severity distance, depth and score drop per EQ, and the rounding.
 *
 * @example
 * ```ts
 * console.log(explainCvss("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N").lines.join("\n"));
 * ```
 */
export function explainCvss(vector: string, options?: CvssParseOptions): CvssExplanation {
  if (versionOf(vector) === "3.1") return { version: "3.1", ...explainCodesV31(readV31(vector, options)) };
  return { version: "4.0", ...explainCodesV40(readV40(vector, options)) };
}
