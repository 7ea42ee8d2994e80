import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { isQmsError } from "@qmskit/core";
import ae from "ae-cvss-calculator";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { scoreCvss } from "../src/index.js";

const shared = fileURLToPath(new URL("../../../../shared/", import.meta.url));
const schemaPattern = (file: string): RegExp => {
  const schema = JSON.parse(readFileSync(`${shared}conformance/cvss/schemas/${file}`, "utf8"));
  return new RegExp(schema.properties.vectorString.pattern);
};
// Independent validity oracles: FIRST's JSON-schema regexes, plus (v3.1, whose regex allows any order and
// repeats) uniqueness, the eight base metrics and the specification order that strict mode requires.
const V40_RE = schemaPattern("cvss-v4.0.json");
const V31_RE = schemaPattern("cvss-v3.1.json");
const V31_ORDER = "AV AC PR UI S C I A E RL RC CR IR AR MAV MAC MPR MUI MS MC MI MA".split(" ");
function validStrict(v: string): boolean {
  if (v.startsWith("CVSS:4.0/")) return V40_RE.test(v);
  if (!V31_RE.test(v)) return false;
  const keys = v
    .split("/")
    .slice(1)
    .map((p) => p.split(":")[0]!);
  const idx = keys.map((k) => V31_ORDER.indexOf(k));
  const increasing = idx.every((x, i) => i === 0 || x > idx[i - 1]!);
  return increasing && V31_ORDER.slice(0, 8).every((k) => keys.includes(k));
}

const V31_VALUES: [string, string[], boolean][] = [
  ["AV", ["N", "A", "L", "P"], true],
  ["AC", ["L", "H"], true],
  ["PR", ["N", "L", "H"], true],
  ["UI", ["N", "R"], true],
  ["S", ["U", "C"], true],
  ["C", ["H", "L", "N"], true],
  ["I", ["H", "L", "N"], true],
  ["A", ["H", "L", "N"], true],
  ["E", ["X", "U", "P", "F", "H"], false],
  ["RL", ["X", "O", "T", "W", "U"], false],
  ["RC", ["X", "U", "R", "C"], false],
  ["CR", ["X", "L", "M", "H"], false],
  ["MAV", ["X", "N", "A", "L", "P"], false],
  ["MS", ["X", "U", "C"], false],
  ["MA", ["X", "H", "L", "N"], false],
];
const V40_VALUES: [string, string[], boolean][] = [
  ["AV", ["N", "A", "L", "P"], true],
  ["AC", ["L", "H"], true],
  ["AT", ["N", "P"], true],
  ["PR", ["N", "L", "H"], true],
  ["UI", ["N", "P", "A"], true],
  ["VC", ["H", "L", "N"], true],
  ["VI", ["H", "L", "N"], true],
  ["VA", ["H", "L", "N"], true],
  ["SC", ["H", "L", "N"], true],
  ["SI", ["H", "L", "N"], true],
  ["SA", ["H", "L", "N"], true],
  ["E", ["X", "A", "P", "U"], false],
  ["CR", ["X", "H", "M", "L"], false],
  ["MAV", ["X", "N", "A", "L", "P"], false],
  ["MSI", ["X", "S", "H", "L", "N"], false],
  ["MSA", ["X", "S", "H", "L", "N"], false],
  ["R", ["X", "A", "U", "I"], false],
  ["U", ["X", "Clear", "Green", "Amber", "Red"], false],
];

const vectorOf = (prefix: string, table: [string, string[], boolean][]) =>
  fc
    .tuple(
      ...table.map(([k, values, mandatory]) =>
        fc
          .option(fc.constantFrom(...values), { nil: mandatory ? "" : undefined })
          .map((v) => (v === undefined ? "" : `${k}:${v === "" ? values[0] : v}`)),
      ),
    )
    .map((parts) => [prefix, ...parts.filter((p) => p !== "")].join("/"));

const validVector = fc.oneof(vectorOf("CVSS:3.1", V31_VALUES), vectorOf("CVSS:4.0", V40_VALUES));

const mutated = fc
  .tuple(validVector, fc.nat(), fc.nat(), fc.string({ maxLength: 6 }), fc.integer({ min: 0, max: 6 }))
  .map(([v, a, b, junk, op]) => {
    const parts = v.split("/");
    const i = 1 + (a % (parts.length - 1));
    const j = 1 + (b % (parts.length - 1));
    switch (op) {
      case 0:
        parts.splice(i, 1); // drop a metric
        break;
      case 1:
        parts.splice(j, 0, parts[i]!); // duplicate a metric
        break;
      case 2:
        [parts[i], parts[j]] = [parts[j]!, parts[i]!]; // swap two metrics
        break;
      case 3:
        parts[i] = `${parts[i]!.split(":")[0]}:${junk}`; // replace a value
        break;
      case 4:
        parts[i] = `${junk}:${parts[i]!.split(":")[1]}`; // replace a metric name
        break;
      case 5:
        return `${v.slice(0, a % v.length)}${junk}${v.slice(a % v.length)}`; // insert garbage
      default:
        parts[i] = parts[i]!.toLowerCase();
    }
    return parts.join("/");
  });

function check(input: string, mode: "strict" | "lenient"): void {
  let scored = false;
  try {
    const s = scoreCvss(input, { mode });
    scored = true;
    const value = s.version === "3.1" ? s.environmentalScore : s.score;
    expect(value).toBeGreaterThanOrEqual(0);
    expect(value).toBeLessThanOrEqual(10);
  } catch (error) {
    if (!isQmsError(error, "VALIDATION")) throw error;
  }
  if (mode === "strict") expect(scored).toBe(validStrict(input));
}

describe("CVSS parser under hostile input", () => {
  it("SEC-07: arbitrary strings only ever give a VALIDATION error or, for a valid vector, a score", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: "binary", maxLength: 300 })),
        (s) => {
          check(s, "strict");
          check(s, "lenient");
          check(`CVSS:3.1/${s}`, "strict");
          check(`CVSS:4.0/${s}`, "strict");
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("SEC-07: every generated valid vector scores in strict mode", () => {
    fc.assert(
      fc.property(validVector, (v) => {
        expect(validStrict(v)).toBe(true);
        check(v, "strict");
      }),
      { numRuns: 3000 },
    );
  });

  it("SEC-07: mutated valid vectors never score unless still valid, and never throw anything but VALIDATION", () => {
    fc.assert(
      fc.property(mutated, (v) => {
        check(v, "strict");
        check(v, "lenient");
      }),
      { numRuns: 5000 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("SEC-07: agrees with ae-cvss-calculator (differential oracle) on random valid vectors", () => {
    const { Cvss3P1, Cvss4P0 } = ae as unknown as {
      Cvss3P1: new (
        v: string,
      ) => { calculateScores(): { base: number; temporal?: number; environmental?: number } };
      Cvss4P0: new (v: string) => { calculateScores(): { overall: number } };
    };
    fc.assert(
      fc.property(validVector, (v) => {
        const ours = scoreCvss(v);
        if (ours.version === "4.0") {
          expect(ours.score).toBe(new Cvss4P0(v).calculateScores().overall);
          return;
        }
        const peer = new Cvss3P1(v).calculateScores();
        expect(ours.baseScore).toBe(peer.base);
        if (peer.temporal !== undefined) expect(ours.temporalScore).toBe(peer.temporal);
        if (peer.environmental !== undefined) expect(ours.environmentalScore).toBe(peer.environmental);
      }),
      { numRuns: 2000 },
    );
  });
});
