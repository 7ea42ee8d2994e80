import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { scoreCvss } from "../src/index.js";

const shared = fileURLToPath(new URL("../../../../shared/", import.meta.url));
const dir = `${shared}conformance/cvss/`;

const V31_FILES = ["upstream-redhat-cvss/vectors_simple31", "generated/ref_random31_10k.txt"];
const V40_FILES = [
  "upstream-redhat-cvss/vectors_simple4",
  "upstream-redhat-cvss/vectors_threat4",
  "upstream-redhat-cvss/vectors_security4",
  "upstream-redhat-cvss/vectors_supplemental4",
  "generated/ref_random40_10k.txt",
  "generated/ref_allbase40.txt",
];

/** `VECTOR - (b, t, e)`, `VECTOR - (s,)` or `VECTOR - s`. */
function readVectors(file: string): { vector: string; expected: number[] }[] {
  const out: { vector: string; expected: number[] }[] = [];
  for (const line of readFileSync(dir + file, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    const sep = line.indexOf(" - ");
    const expected = line
      .slice(sep + 3)
      .replace(/[()\s]/g, "")
      .split(",")
      .filter((x) => x !== "")
      .map(Number);
    out.push({ vector: line.slice(0, sep), expected });
  }
  return out;
}

function readMacroScores(): { vector: string; expected: number[] }[] {
  return readFileSync(`${dir}upstream-first-cvss-resources/macro-scores`, "utf8")
    .split("\n")
    .flatMap((line) => {
      const m = /'vector': '([^']+)', 'score': ([\d.]+)/.exec(line);
      return m ? [{ vector: m[1]!, expected: [Number(m[2])] }] : [];
    });
}

describe("CVSS reference vectors", () => {
  let v31: { vector: string; expected: number[] }[] = [];
  let v40: { vector: string; expected: number[] }[] = [];
  beforeAll(() => {
    v31 = V31_FILES.flatMap(readVectors);
    v40 = [...V40_FILES.flatMap(readVectors), ...readMacroScores()];
  });

  it("SEC-07: every CVSS v3.1 reference vector scores exactly its base, temporal and environmental score", () => {
    expect(v31).toHaveLength(12_592);
    const mismatches: string[] = [];
    for (const { vector, expected } of v31) {
      const s = scoreCvss(vector);
      if (s.version !== "3.1") throw new Error(`wrong version for ${vector}`);
      const got = [s.baseScore, s.temporalScore, s.environmentalScore];
      if (expected.length !== 3 || got.some((g, i) => g !== expected[i]))
        mismatches.push(`${vector}: got ${got.join(",")} expected ${expected.join(",")}`);
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
    expect(mismatches).toHaveLength(0);
  });

  it("SEC-07: every CVSS v4.0 reference vector scores exactly its single score (epsilon rounding of 2024-11)", () => {
    expect(v40).toHaveLength(116_940);
    const mismatches: string[] = [];
    for (const { vector, expected } of v40) {
      const s = scoreCvss(vector);
      if (s.version !== "4.0") throw new Error(`wrong version for ${vector}`);
      if (expected.length !== 1 || s.score !== expected[0])
        mismatches.push(`${vector}: got ${s.score} expected ${expected.join(",")}`);
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
    expect(mismatches).toHaveLength(0);
  });

  it("SEC-07: supplemental metrics never change a v4.0 score", () => {
    const rows = readVectors("upstream-redhat-cvss/vectors_supplemental4");
    for (const { vector } of rows.slice(0, 50)) {
      const stripped = vector.replace(/\/(S|AU|R|V|RE|U):[A-Za-z]+/g, "");
      const a = scoreCvss(vector);
      const b = scoreCvss(stripped);
      expect(a.version === "4.0" && b.version === "4.0" && a.score === b.score).toBe(true);
    }
  });
});
