/**
 * CVSS v3.1: parsing and the base, temporal and environmental equations of the FIRST CVSS v3.1
 * specification (§7.1–7.4, Appendix A for the integer-based Roundup). Written from the specification;
 * no code of the FIRST calculator is used.
 */
import {
  ABSENT,
  type CvssParseOptions,
  type CvssSeverity,
  compileTable,
  cvssSeverity,
  formatVector,
  type MetricDef,
  metricRecord,
  readVector,
} from "./common.js";

const m = (key: string, values: string[], mandatory = false): MetricDef => ({ key, values, mandatory });

/** CVSS v3.1 metrics in the order of the specification's Table 15 (base, temporal, environmental). */
const V31 = compileTable("CVSS:3.1", [
  m("AV", ["N", "A", "L", "P"], true),
  m("AC", ["L", "H"], true),
  m("PR", ["N", "L", "H"], true),
  m("UI", ["N", "R"], true),
  m("S", ["U", "C"], true),
  m("C", ["H", "L", "N"], true),
  m("I", ["H", "L", "N"], true),
  m("A", ["H", "L", "N"], true),
  m("E", ["X", "U", "P", "F", "H"]),
  m("RL", ["X", "O", "T", "W", "U"]),
  m("RC", ["X", "U", "R", "C"]),
  m("CR", ["X", "L", "M", "H"]),
  m("IR", ["X", "L", "M", "H"]),
  m("AR", ["X", "L", "M", "H"]),
  // Modified metrics list "X" first and then the base metric's values in the base order, so that
  // code - 1 is the base code.
  m("MAV", ["X", "N", "A", "L", "P"]),
  m("MAC", ["X", "L", "H"]),
  m("MPR", ["X", "N", "L", "H"]),
  m("MUI", ["X", "N", "R"]),
  m("MS", ["X", "U", "C"]),
  m("MC", ["X", "H", "L", "N"]),
  m("MI", ["X", "H", "L", "N"]),
  m("MA", ["X", "H", "L", "N"]),
]);

// Metric weights from the specification (§7.4), indexed by code.
const AV_W = [0.85, 0.62, 0.55, 0.2];
const AC_W = [0.77, 0.44];
const PR_W_UNCHANGED = [0.85, 0.62, 0.27];
const PR_W_CHANGED = [0.85, 0.68, 0.5];
const UI_W = [0.85, 0.62];
const CIA_W = [0.56, 0.22, 0];
const E_W = [1, 0.91, 0.94, 0.97, 1];
const RL_W = [1, 0.95, 0.96, 0.97, 1];
const RC_W = [1, 0.92, 0.96, 1];
const REQ_W = [1, 0.5, 1, 1.5];

/**
 * Roundup of the v3.1 specification, Appendix A: the smallest number with one decimal that is equal to or
 * higher than the input, computed on integers so that floating-point noise (e.g. 4.000000000000001) does
 * not push a score up.
 */
function roundUp(value: number): number {
  const int = Math.round(value * 100000);
  return int % 10000 === 0 ? int / 100000 : (Math.floor(int / 10000) + 1) / 10;
}

/** A parsed CVSS v3.1 vector. */
export interface Cvss31Vector {
  readonly version: "3.1";
  /** The vector in canonical (specification) order. */
  readonly vector: string;
  /** Metric abbreviation → value, as given (including explicit `X`). */
  readonly metrics: Readonly<Record<string, string>>;
  /** True when the vector names any temporal metric (E, RL, RC). */
  readonly hasTemporal: boolean;
  /** True when the vector names any environmental metric (CR … MA). */
  readonly hasEnvironmental: boolean;
}

/** Scores of a CVSS v3.1 vector. */
export interface Cvss31Score {
  readonly version: "3.1";
  readonly vector: string;
  readonly baseScore: number;
  readonly baseSeverity: CvssSeverity;
  /** The temporal score (equal to the base score when no temporal metric is set). */
  readonly temporalScore: number;
  readonly temporalSeverity: CvssSeverity;
  /** The environmental score (equal to the temporal score when no environmental metric is set). */
  readonly environmentalScore: number;
  readonly environmentalSeverity: CvssSeverity;
  readonly hasTemporal: boolean;
  readonly hasEnvironmental: boolean;
}

/** Intermediate values of the v3.1 equations, for {@link explainCvss31}. */
export interface Cvss31Trace {
  iss: number;
  impact: number;
  exploitability: number;
  baseScore: number;
  temporalMultiplier: number;
  temporalScore: number;
  miss: number;
  modifiedImpact: number;
  modifiedExploitability: number;
  environmentalScore: number;
  scopeChanged: boolean;
  modifiedScopeChanged: boolean;
}

/** @internal */
export function readV31(vector: unknown, options?: CvssParseOptions): Uint8Array {
  return readVector(vector, V31, options?.mode ?? "strict");
}

const present = (c: Uint8Array, from: number, to: number): boolean => {
  for (let i = from; i <= to; i++) if (c[i] !== ABSENT) return true;
  return false;
};

/** Base (or modified-base) code: the modified value when set and not X, else the base value. */
const eff = (c: Uint8Array, base: number, modified: number): number => {
  const v = c[modified]!;
  return v === ABSENT || v === 0 ? c[base]! : v - 1;
};
const w = (table: readonly number[], code: number): number => (code === ABSENT ? table[0]! : table[code]!);

/** @internal The three v3.1 scores from parsed codes; fills `trace` when given. */
export function computeV31(c: Uint8Array, trace?: Cvss31Trace): [number, number, number] {
  const scopeChanged = c[4] === 1;
  const iss = 1 - (1 - CIA_W[c[5]!]!) * (1 - CIA_W[c[6]!]!) * (1 - CIA_W[c[7]!]!);
  const impact = scopeChanged ? 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15 : 6.42 * iss;
  const pr = (scopeChanged ? PR_W_CHANGED : PR_W_UNCHANGED)[c[2]!]!;
  const exploitability = 8.22 * AV_W[c[0]!]! * AC_W[c[1]!]! * pr * UI_W[c[3]!]!;
  const base =
    impact <= 0
      ? 0
      : scopeChanged
        ? roundUp(Math.min(1.08 * (impact + exploitability), 10))
        : roundUp(Math.min(impact + exploitability, 10));
  const tm = w(E_W, c[8]!) * w(RL_W, c[9]!) * w(RC_W, c[10]!);
  const temporal = roundUp(base * tm);

  const ms = eff(c, 4, 18) === 1;
  const miss = Math.min(
    1 -
      (1 - w(REQ_W, c[11]!) * CIA_W[eff(c, 5, 19)]!) *
        (1 - w(REQ_W, c[12]!) * CIA_W[eff(c, 6, 20)]!) *
        (1 - w(REQ_W, c[13]!) * CIA_W[eff(c, 7, 21)]!),
    0.915,
  );
  const mImpact = ms ? 7.52 * (miss - 0.029) - 3.25 * (miss * 0.9731 - 0.02) ** 13 : 6.42 * miss;
  const mpr = (ms ? PR_W_CHANGED : PR_W_UNCHANGED)[eff(c, 2, 16)]!;
  const mExpl = 8.22 * AV_W[eff(c, 0, 14)]! * AC_W[eff(c, 1, 15)]! * mpr * UI_W[eff(c, 3, 17)]!;
  const env =
    mImpact <= 0
      ? 0
      : ms
        ? roundUp(roundUp(Math.min(1.08 * (mImpact + mExpl), 10)) * tm)
        : roundUp(roundUp(Math.min(mImpact + mExpl, 10)) * tm);
  if (trace) {
    Object.assign(trace, {
      iss,
      impact,
      exploitability,
      baseScore: base,
      temporalMultiplier: tm,
      temporalScore: temporal,
      miss,
      modifiedImpact: mImpact,
      modifiedExploitability: mExpl,
      environmentalScore: env,
      scopeChanged,
      modifiedScopeChanged: ms,
    });
  }
  return [base, temporal, env];
}

/** @internal */
export function v31Flags(c: Uint8Array): { hasTemporal: boolean; hasEnvironmental: boolean } {
  return { hasTemporal: present(c, 8, 10), hasEnvironmental: present(c, 11, 21) };
}

/**
 * Parse a CVSS v3.1 vector string. Throws a `VALIDATION` `QmsError` whose `details.metric` names the
 * offending metric and `details.reason` says what is wrong.
 *
 * @example
 * ```ts
 * parseCvss31("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").metrics.AV; // "N"
 * ```
 */
export function parseCvss31(vector: string, options?: CvssParseOptions): Cvss31Vector {
  const c = readV31(vector, options);
  return { version: "3.1", vector: formatVector(c, V31), metrics: metricRecord(c, V31), ...v31Flags(c) };
}

/** @internal */
export function scoreCodesV31(c: Uint8Array, canonical?: string): Cvss31Score {
  const [b, t, e] = computeV31(c);
  return {
    version: "3.1",
    vector: canonical ?? formatVector(c, V31),
    baseScore: b,
    baseSeverity: cvssSeverity(b),
    temporalScore: t,
    temporalSeverity: cvssSeverity(t),
    environmentalScore: e,
    environmentalSeverity: cvssSeverity(e),
    ...v31Flags(c),
  };
}

/**
 * Score a CVSS v3.1 vector: base, temporal and environmental scores with their severities.
 *
 * @requirement SEC-07
 *
 * @example
 * ```ts
 * scoreCvss31("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P").temporalScore; // 9.1
 * ```
 */
export function scoreCvss31(vector: string, options?: CvssParseOptions): Cvss31Score {
  return scoreCodesV31(readV31(vector, options), options?.mode === "lenient" ? undefined : vector);
}

/** @internal The steps of the v3.1 calculation as readable lines. */
export function explainCodesV31(c: Uint8Array): { score: Cvss31Score; trace: Cvss31Trace; lines: string[] } {
  const trace = {} as Cvss31Trace;
  computeV31(c, trace);
  const score = scoreCodesV31(c);
  const f = (x: number) => (Math.round(x * 10000) / 10000).toString();
  const lines = [
    `CVSS 3.1 ${score.vector}`,
    `Scope ${trace.scopeChanged ? "changed" : "unchanged"}`,
    `ISS = 1 - (1-C)(1-I)(1-A) = ${f(trace.iss)}`,
    `Impact = ${trace.scopeChanged ? "7.52×(ISS−0.029) − 3.25×(ISS−0.02)^15" : "6.42×ISS"} = ${f(trace.impact)}`,
    `Exploitability = 8.22×AV×AC×PR×UI = ${f(trace.exploitability)}`,
    trace.impact <= 0
      ? "Impact ≤ 0, so the base score is 0.0"
      : `Base = Roundup(min(${trace.scopeChanged ? "1.08×(Impact+Exploitability)" : "Impact+Exploitability"}, 10)) = ${score.baseScore.toFixed(1)} (${score.baseSeverity})`,
    `Temporal = Roundup(Base × E×RL×RC = ${f(trace.temporalMultiplier)}) = ${score.temporalScore.toFixed(1)} (${score.temporalSeverity})`,
    `MISS = min(1 − (1−CR×MC)(1−IR×MI)(1−AR×MA), 0.915) = ${f(trace.miss)}`,
    `Modified impact (scope ${trace.modifiedScopeChanged ? "changed" : "unchanged"}) = ${f(trace.modifiedImpact)}; modified exploitability = ${f(trace.modifiedExploitability)}`,
    `Environmental = ${score.environmentalScore.toFixed(1)} (${score.environmentalSeverity})`,
  ];
  return { score, trace, lines };
}
