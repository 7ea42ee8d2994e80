/**
 * CVSS v4.0: parsing and scoring by MacroVector interpolation (CVSS v4.0 specification §8), with the
 * reference calculator's rounding since 2024-11 (a 1e-6 epsilon before rounding half up, so that values one
 * float step below x.x5 round up). Written from the specification; the MacroVector scores and depths are
 * the calculator's published data (see `v40-tables.ts`).
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
import { MACROVECTOR_SCORES, MAX_COMPOSED, MAX_SEVERITY } from "./v40-tables.js";

const m = (key: string, values: string[], mandatory = false): MetricDef => ({ key, values, mandatory });

/** CVSS v4.0 metrics in the order of the specification (and of FIRST's JSON schema). */
const V40 = compileTable("CVSS:4.0", [
  m("AV", ["N", "A", "L", "P"], true), // 0
  m("AC", ["L", "H"], true), // 1
  m("AT", ["N", "P"], true), // 2
  m("PR", ["N", "L", "H"], true), // 3
  m("UI", ["N", "P", "A"], true), // 4
  m("VC", ["H", "L", "N"], true), // 5
  m("VI", ["H", "L", "N"], true), // 6
  m("VA", ["H", "L", "N"], true), // 7
  m("SC", ["H", "L", "N"], true), // 8
  m("SI", ["H", "L", "N"], true), // 9
  m("SA", ["H", "L", "N"], true), // 10
  m("E", ["X", "A", "P", "U"]), // 11
  m("CR", ["X", "H", "M", "L"]), // 12
  m("IR", ["X", "H", "M", "L"]), // 13
  m("AR", ["X", "H", "M", "L"]), // 14
  // Modified metrics: "X" first, then the base metric's values in the base order (code - 1 = base code).
  m("MAV", ["X", "N", "A", "L", "P"]), // 15
  m("MAC", ["X", "L", "H"]), // 16
  m("MAT", ["X", "N", "P"]), // 17
  m("MPR", ["X", "N", "L", "H"]), // 18
  m("MUI", ["X", "N", "P", "A"]), // 19
  m("MVC", ["X", "H", "L", "N"]), // 20
  m("MVI", ["X", "H", "L", "N"]), // 21
  m("MVA", ["X", "H", "L", "N"]), // 22
  m("MSC", ["X", "H", "L", "N"]), // 23
  m("MSI", ["X", "H", "L", "N", "S"]), // 24
  m("MSA", ["X", "H", "L", "N", "S"]), // 25
  m("S", ["X", "N", "P"]),
  m("AU", ["X", "N", "Y"]),
  m("R", ["X", "A", "U", "I"]),
  m("V", ["X", "D", "C"]),
  m("RE", ["X", "L", "M", "H"]),
  m("U", ["X", "Clear", "Green", "Amber", "Red"]),
]);

// Effective metric slots used by the equations, in the order the specification lists severity distances.
const AV = 0;
const PR = 1;
const UI = 2;
const AC = 3;
const AT = 4;
const VC = 5;
const VI = 6;
const VA = 7;
const SC = 8;
const SI = 9;
const SA = 10;
const CR = 11;
const IR = 12;
const AR = 13;
const E = 14;
const SLOTS = 15;
const SLOT_NAMES = ["AV", "PR", "UI", "AC", "AT", "VC", "VI", "VA", "SC", "SI", "SA", "CR", "IR", "AR", "E"];

/**
 * Severity level of each effective value, in tenths (specification §8.2, "severity distance"); codes per
 * slot: AV N/A/L/P, PR N/L/H, UI N/P/A, AC L/H, AT N/P, VC/VI/VA H/L/N, SC H/L/N, SI/SA S/H/L/N,
 * CR/IR/AR H/M/L, E A/P/U.
 */
const LEVELS: readonly (readonly number[])[] = [
  [0, 0.1, 0.2, 0.3],
  [0, 0.1, 0.2],
  [0, 0.1, 0.2],
  [0, 0.1],
  [0, 0.1],
  [0, 0.1, 0.2],
  [0, 0.1, 0.2],
  [0, 0.1, 0.2],
  [0.1, 0.2, 0.3],
  [0, 0.1, 0.2, 0.3],
  [0, 0.1, 0.2, 0.3],
  [0, 0.1, 0.2],
  [0, 0.1, 0.2],
  [0, 0.1, 0.2],
  [0, 0.1, 0.2],
];
const SLOT_VALUES = [
  ["N", "A", "L", "P"],
  ["N", "L", "H"],
  ["N", "P", "A"],
  ["L", "H"],
  ["N", "P"],
  ["H", "L", "N"],
  ["H", "L", "N"],
  ["H", "L", "N"],
  ["H", "L", "N"],
  ["S", "H", "L", "N"],
  ["S", "H", "L", "N"],
  ["H", "M", "L"],
  ["H", "M", "L"],
  ["H", "M", "L"],
  ["A", "P", "U"],
];

/** Effective values (modified metric over base; E, CR, IR, AR "X" → worst case) as slot codes. */
function effective(c: Uint8Array, out: Uint8Array, withModifiers: boolean): Uint8Array {
  const mod = (base: number, modified: number): number => {
    const v = withModifiers ? c[modified]! : ABSENT;
    return v === ABSENT || v === 0 ? c[base]! : v - 1;
  };
  out[AV] = mod(0, 15);
  out[AC] = mod(1, 16);
  out[AT] = mod(2, 17);
  out[PR] = mod(3, 18);
  out[UI] = mod(4, 19);
  out[VC] = mod(5, 20);
  out[VI] = mod(6, 21);
  out[VA] = mod(7, 22);
  out[SC] = mod(8, 23);
  // SI/SA slots are S/H/L/N: base H/L/N codes shift by one; modified S (code 4) maps to 0.
  const msi = withModifiers ? c[24]! : ABSENT;
  out[SI] = msi === ABSENT || msi === 0 ? c[9]! + 1 : msi === 4 ? 0 : msi;
  const msa = withModifiers ? c[25]! : ABSENT;
  out[SA] = msa === ABSENT || msa === 0 ? c[10]! + 1 : msa === 4 ? 0 : msa;
  const worst = (i: number): number => {
    const v = withModifiers ? c[i]! : ABSENT;
    return v === ABSENT || v === 0 ? 0 : v - 1;
  };
  out[E] = worst(11);
  out[CR] = worst(12);
  out[IR] = worst(13);
  out[AR] = worst(14);
  return out;
}

/** The six EQ levels (specification Table 24–29) of effective values. */
function eqLevels(v: Uint8Array): [number, number, number, number, number, number] {
  const eq1 =
    v[AV] === 0 && v[PR] === 0 && v[UI] === 0
      ? 0
      : (v[AV] === 0 || v[PR] === 0 || v[UI] === 0) && v[AV] !== 3
        ? 1
        : 2;
  const eq2 = v[AC] === 0 && v[AT] === 0 ? 0 : 1;
  const eq3 = v[VC] === 0 && v[VI] === 0 ? 0 : v[VC] === 0 || v[VI] === 0 || v[VA] === 0 ? 1 : 2;
  const eq4 = v[SI] === 0 || v[SA] === 0 ? 0 : v[SC] === 0 || v[SI] === 1 || v[SA] === 1 ? 1 : 2;
  const eq5 = v[E]!;
  const eq6 =
    (v[CR] === 0 && v[VC] === 0) || (v[IR] === 0 && v[VI] === 0) || (v[AR] === 0 && v[VA] === 0) ? 0 : 1;
  return [eq1, eq2, eq3, eq4, eq5, eq6];
}

const macroKey = (eq: readonly number[]): string => eq.join("");
const lookup = (eq: readonly number[]): number => MACROVECTOR_SCORES[macroKey(eq)] ?? Number.NaN;

/** Parse "AV:N/PR:N/UI:N"-style fragments of the highest-severity vectors into slot codes. */
function maxFragment(fragment: string, into: Int8Array): void {
  for (const part of fragment.split("/")) {
    const [k, val] = part.split(":") as [string, string];
    const slot = SLOT_NAMES.indexOf(k);
    into[slot] = SLOT_VALUES[slot]!.indexOf(val);
  }
}

/** Everything of a MacroVector that does not depend on the scored vector; computed once per MacroVector. */
interface MacroInfo {
  readonly key: string;
  readonly value: number;
  /** Candidate highest-severity vectors as slot codes, in the reference order. */
  readonly maxima: readonly Int8Array[];
  /** Maximal scoring difference to the next lower MacroVector per EQ (EQ1, EQ2, EQ3+EQ6, EQ4, EQ5); NaN if none. */
  readonly available: readonly number[];
  /** Depth × 0.1 per EQ (EQ1, EQ2, EQ3+EQ6, EQ4). */
  readonly depth: readonly number[];
}

const macroCache = new Map<number, MacroInfo>();

function macroInfo(eq: [number, number, number, number, number, number]): MacroInfo {
  const id = ((((eq[0] * 2 + eq[1]) * 3 + eq[2]) * 3 + eq[3]) * 3 + eq[4]) * 2 + eq[5];
  const cached = macroCache.get(id);
  if (cached) return cached;
  const [eq1, eq2, eq3, eq4, eq5, eq6] = eq;
  const value = lookup(eq);
  const lower1 = lookup([eq1 + 1, eq2, eq3, eq4, eq5, eq6]);
  const lower2 = lookup([eq1, eq2 + 1, eq3, eq4, eq5, eq6]);
  let lower36: number;
  if (eq3 === 0 && eq6 === 0)
    lower36 = Math.max(lookup([eq1, eq2, eq3, eq4, eq5, 1]), lookup([eq1, eq2, 1, eq4, eq5, eq6]));
  else if (eq3 === 1 && eq6 === 0) lower36 = lookup([eq1, eq2, eq3, eq4, eq5, 1]);
  else lower36 = lookup([eq1, eq2, eq3 + 1, eq4, eq5, eq6]);
  const lower4 = lookup([eq1, eq2, eq3, eq4 + 1, eq5, eq6]);
  const lower5 = lookup([eq1, eq2, eq3, eq4, eq5 + 1, eq6]);
  const maxima: Int8Array[] = [];
  for (const f1 of MAX_COMPOSED.eq1[eq1]!)
    for (const f2 of MAX_COMPOSED.eq2[eq2]!)
      for (const f3 of MAX_COMPOSED.eq3[eq3]![eq6]!)
        for (const f4 of MAX_COMPOSED.eq4[eq4]!)
          for (const f5 of MAX_COMPOSED.eq5[eq5]!) {
            const codes = new Int8Array(SLOTS);
            for (const f of [f1, f2, f3, f4, f5]) maxFragment(f, codes);
            maxima.push(codes);
          }
  const info: MacroInfo = {
    key: macroKey(eq),
    value,
    maxima,
    available: [value - lower1, value - lower2, value - lower36, value - lower4, value - lower5],
    depth: [
      MAX_SEVERITY.eq1[eq1]! * 0.1,
      MAX_SEVERITY.eq2[eq2]! * 0.1,
      MAX_SEVERITY.eq3eq6[eq3]![eq6]! * 0.1,
      MAX_SEVERITY.eq4[eq4]! * 0.1,
    ],
  };
  macroCache.set(id, info);
  return info;
}

/** Intermediate values of the v4.0 calculation, for {@link explainCvss40}. */
export interface Cvss40Trace {
  macroVector: string;
  eq: number[];
  macroVectorScore: number;
  maxVector: string;
  /** Severity distance of the vector from the highest-severity vector, per EQ (EQ1, EQ2, EQ3+EQ6, EQ4). */
  distance: number[];
  depth: number[];
  available: number[];
  meanDistance: number;
  noImpact: boolean;
}

const EPSILON = 1e-6;

/** @internal The v4.0 score of effective slot codes. */
function scoreEffective(v: Uint8Array, trace?: Cvss40Trace): number {
  if (v[VC] === 2 && v[VI] === 2 && v[VA] === 2 && v[SC] === 2 && v[SI] === 3 && v[SA] === 3) {
    if (trace) trace.noImpact = true;
    return 0;
  }
  const eq = eqLevels(v);
  const info = macroInfo(eq);
  let max = info.maxima[0]!;
  for (const candidate of info.maxima) {
    let ok = true;
    for (let s = 0; s < SLOTS; s++) {
      if (LEVELS[s]![v[s]!]! - LEVELS[s]![candidate[s]!]! < 0) {
        ok = false;
        break;
      }
    }
    if (ok) {
      max = candidate;
      break;
    }
  }
  const d = (s: number): number => LEVELS[s]![v[s]!]! - LEVELS[s]![max[s]!]!;
  const dist = [
    d(AV) + d(PR) + d(UI),
    d(AC) + d(AT),
    d(VC) + d(VI) + d(VA) + d(CR) + d(IR) + d(AR),
    d(SC) + d(SI) + d(SA),
  ];
  let n = 0;
  let sum = 0;
  for (let k = 0; k < 4; k++) {
    const a = info.available[k]!;
    if (!Number.isNaN(a)) {
      n++;
      sum += a * (dist[k]! / info.depth[k]!);
    }
  }
  if (!Number.isNaN(info.available[4]!)) n++; // EQ5 counts, with a proportion of 0 (specification §8.2)
  const mean = n === 0 ? 0 : sum / n;
  const raw = Math.max(0, Math.min(10, info.value - mean));
  if (trace)
    Object.assign(trace, {
      macroVector: info.key,
      eq,
      macroVectorScore: info.value,
      maxVector: SLOT_NAMES.map((name, s) => `${name}:${SLOT_VALUES[s]![max[s]!]}`).join("/"),
      distance: dist,
      depth: [...info.depth],
      available: [...info.available],
      meanDistance: mean,
      noImpact: false,
    });
  return Math.round((raw + EPSILON) * 10) / 10;
}

/** The v4.0 nomenclature: which metric groups contributed to the score (specification §1.3). */
export type Cvss40Nomenclature = "CVSS-B" | "CVSS-BT" | "CVSS-BE" | "CVSS-BTE";

/** A parsed CVSS v4.0 vector. */
export interface Cvss40Vector {
  readonly version: "4.0";
  /** The vector in canonical (specification) order. */
  readonly vector: string;
  /** Metric abbreviation → value, as given (including explicit `X`). */
  readonly metrics: Readonly<Record<string, string>>;
  readonly nomenclature: Cvss40Nomenclature;
}

/** The score of a CVSS v4.0 vector. */
export interface Cvss40Score {
  readonly version: "4.0";
  readonly vector: string;
  /** The single CVSS v4.0 score of the vector as given (CVSS-B, -BT, -BE or -BTE). */
  readonly score: number;
  readonly severity: CvssSeverity;
  readonly nomenclature: Cvss40Nomenclature;
  /** The CVSS-B score: the base metrics only, threat and environmental metrics ignored. */
  readonly baseScore: number;
  readonly baseSeverity: CvssSeverity;
  /** The MacroVector (EQ1…EQ6 levels) of the vector as given. */
  readonly macroVector: string;
}

/** @internal */
export function readV40(vector: unknown, options?: CvssParseOptions): Uint8Array {
  return readVector(vector, V40, options?.mode ?? "strict");
}

/** @internal */
export function nomenclatureOf(c: Uint8Array): Cvss40Nomenclature {
  const threat = c[11] !== ABSENT && c[11] !== 0;
  let env = false;
  for (let i = 12; i <= 25; i++) if (c[i] !== ABSENT && c[i] !== 0) env = true;
  return threat ? (env ? "CVSS-BTE" : "CVSS-BT") : env ? "CVSS-BE" : "CVSS-B";
}

const scratch = new Uint8Array(SLOTS);

/** @internal The single v4.0 score of parsed codes. */
export function computeV40(c: Uint8Array, trace?: Cvss40Trace): number {
  return scoreEffective(effective(c, scratch, true), trace);
}

/** @internal */
export function scoreCodesV40(c: Uint8Array, canonical?: string): Cvss40Score {
  const v = effective(c, new Uint8Array(SLOTS), true);
  const score = scoreEffective(v);
  const nomenclature = nomenclatureOf(c);
  const baseScore =
    nomenclature === "CVSS-B" ? score : scoreEffective(effective(c, new Uint8Array(SLOTS), false));
  return {
    version: "4.0",
    vector: canonical ?? formatVector(c, V40),
    score,
    severity: cvssSeverity(score),
    nomenclature,
    baseScore,
    baseSeverity: cvssSeverity(baseScore),
    macroVector: macroKey(eqLevels(v)),
  };
}

/**
 * Parse a CVSS v4.0 vector string. Throws a `VALIDATION` `QmsError` whose `details.metric` names the
 * offending metric and `details.reason` says what is wrong.
 *
 * @example
 * ```ts
 * parseCvss40("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:P").nomenclature; // "CVSS-BT"
 * ```
 */
export function parseCvss40(vector: string, options?: CvssParseOptions): Cvss40Vector {
  const c = readV40(vector, options);
  return {
    version: "4.0",
    vector: formatVector(c, V40),
    metrics: metricRecord(c, V40),
    nomenclature: nomenclatureOf(c),
  };
}

/**
 * Score a CVSS v4.0 vector: the single score of the vector as given, its severity and nomenclature, and
 * the base-only (CVSS-B) score.
 *
 * @requirement SEC-07
 *
 * @example
 * ```ts
 * scoreCvss40("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N").score; // 9.3
 * ```
 */
export function scoreCvss40(vector: string, options?: CvssParseOptions): Cvss40Score {
  return scoreCodesV40(readV40(vector, options), options?.mode === "lenient" ? undefined : vector);
}

const EQ_NAMES = ["EQ1 (AV/PR/UI)", "EQ2 (AC/AT)", "EQ3+EQ6 (VC/VI/VA with CR/IR/AR)", "EQ4 (SC/SI/SA)"];

/** @internal The steps of the v4.0 calculation as readable lines. */
export function explainCodesV40(c: Uint8Array): { score: Cvss40Score; trace: Cvss40Trace; lines: string[] } {
  const trace = { noImpact: false } as Cvss40Trace;
  computeV40(c, trace);
  const score = scoreCodesV40(c);
  const f = (x: number) => (Number.isNaN(x) ? "n/a" : (Math.round(x * 1000) / 1000).toString());
  const lines = [`CVSS 4.0 ${score.vector} (${score.nomenclature})`];
  if (trace.noImpact) {
    lines.push(
      "No impact on the vulnerable or subsequent system (all of VC/VI/VA/SC/SI/SA are N): score 0.0",
    );
  } else {
    lines.push(
      `MacroVector ${trace.macroVector} (EQ1..EQ6 = ${trace.eq.join(", ")}), MacroVector score ${trace.macroVectorScore}`,
      `Highest-severity vector used: ${trace.maxVector}`,
    );
    for (let k = 0; k < 4; k++) {
      lines.push(
        `${EQ_NAMES[k]}: severity distance ${f(trace.distance[k]!)} of at most ${f(trace.depth[k]!)} (depth ${Math.round(trace.depth[k]! * 10)}), ` +
          `score drop to the next lower MacroVector ${f(trace.available[k]!)}`,
      );
    }
    lines.push(
      `Mean proportional distance ${f(trace.meanDistance)}; ${trace.macroVectorScore} − ${f(trace.meanDistance)}, rounded to one decimal (with the 1e-6 epsilon)`,
    );
  }
  lines.push(
    `Score ${score.score.toFixed(1)} (${score.severity}); CVSS-B score ${score.baseScore.toFixed(1)}`,
  );
  return { score, trace, lines };
}
