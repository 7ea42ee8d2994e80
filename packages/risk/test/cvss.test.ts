import { isQmsError } from "@qmskit/core";
import { describe, expect, it } from "vitest";
import {
  cvssSeverity,
  explainCvss,
  parseCvss,
  parseCvss31,
  parseCvss40,
  safeScoreCvss,
  scoreCvss,
  scoreCvss31,
  scoreCvss40,
} from "../src/index.js";

const V31 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
const V40 = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";

function rejection(vector: string, mode: "strict" | "lenient" = "strict") {
  const r = safeScoreCvss(vector, { mode });
  if (r.success) throw new Error(`expected ${vector} to be rejected`);
  expect(isQmsError(r.error, "VALIDATION")).toBe(true);
  return { reason: r.error.details.reason, metric: r.error.details.metric, message: r.error.message };
}

describe("CVSS strict parser", () => {
  it("SEC-07: rejects a missing mandatory metric and names it", () => {
    expect(rejection("CVSS:3.1/AV:N/AC:L/UI:N/S:U/C:H/I:H/A:H")).toMatchObject({
      reason: "missing",
      metric: "PR",
    });
    expect(rejection("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N")).toMatchObject({
      reason: "missing",
      metric: "SA",
    });
  });

  it("SEC-07: rejects duplicates in both modes", () => {
    expect(rejection(`${V31}/AV:L`)).toMatchObject({ reason: "duplicate", metric: "AV" });
    expect(rejection(`${V40}/E:A/E:P`, "lenient")).toMatchObject({ reason: "duplicate", metric: "E" });
  });

  it("SEC-07: rejects metrics out of the specification's order in strict mode only", () => {
    const reordered = "CVSS:3.1/AC:L/AV:N/PR:N/UI:N/S:U/C:H/I:H/A:H";
    expect(rejection(reordered)).toMatchObject({ reason: "order", metric: "AV" });
    expect(scoreCvss(reordered, { mode: "lenient" })).toMatchObject({ baseScore: 9.8, vector: V31 });
    const v4 = `${V40}/CR:H/E:P`;
    expect(rejection(v4)).toMatchObject({ reason: "order", metric: "E" });
    expect(parseCvss(v4, { mode: "lenient" }).vector).toBe(`${V40}/E:P/CR:H`);
  });

  it("SEC-07: rejects unknown values, unknown metrics, bad syntax and the wrong version prefix", () => {
    expect(rejection("CVSS:3.1/AV:Z/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")).toMatchObject({
      reason: "value",
      metric: "AV",
    });
    expect(rejection(V40.replace("SI:N", "SI:S"))).toMatchObject({ reason: "value", metric: "SI" });
    expect(rejection(`${V31}/XX:N`)).toMatchObject({ reason: "unknown-metric", metric: "XX" });
    expect(rejection(`${V31}/__proto__:N`)).toMatchObject({ reason: "unknown-metric", metric: "__proto__" });
    expect(rejection(`${V31}//E:P`)).toMatchObject({ reason: "syntax" });
    expect(rejection(`${V31}/E`)).toMatchObject({ reason: "syntax" });
    expect(rejection(V31.replace("3.1", "3.0"))).toMatchObject({ reason: "prefix", metric: "CVSS" });
    expect(rejection(V31.slice(9))).toMatchObject({ reason: "prefix" });
    expect(rejection("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/C:H")).toMatchObject({
      reason: "unknown-metric",
      metric: "C",
    });
    expect(rejection(`CVSS:4.0/${V31.slice(9)}`)).toMatchObject({ reason: "value", metric: "S" });
    expect(rejection(`${V31}${"/E:P".repeat(3000)}`)).toMatchObject({ reason: "length" });
    expect(rejection(`${V31}/`)).toMatchObject({ reason: "syntax" });
    expect(rejection(` ${V31}`)).toMatchObject({ reason: "prefix" });
  });

  it("SEC-07: lenient mode accepts surrounding white space and a trailing slash", () => {
    expect(scoreCvss(`  ${V31}/ \n`, { mode: "lenient" })).toMatchObject({ baseScore: 9.8 });
    expect(() => parseCvss(null as unknown as string)).toThrow(/must be a string/);
  });

  it("parses metrics into a null-prototype record and reports the metric groups", () => {
    const p = parseCvss31(`${V31}/E:P/CR:H`);
    expect(p.metrics.AV).toBe("N");
    expect(Object.getPrototypeOf(p.metrics)).toBeNull();
    expect(p).toMatchObject({ hasTemporal: true, hasEnvironmental: true });
    expect(parseCvss40(V40).nomenclature).toBe("CVSS-B");
    expect(parseCvss40(`${V40}/E:U`).nomenclature).toBe("CVSS-BT");
    expect(parseCvss40(`${V40}/MAV:L`).nomenclature).toBe("CVSS-BE");
    expect(parseCvss40(`${V40}/E:U/CR:L`).nomenclature).toBe("CVSS-BTE");
    expect(parseCvss40(`${V40}/E:X/CR:X`).nomenclature).toBe("CVSS-B");
  });
});

describe("CVSS scores", () => {
  it("SEC-07: scores the FIRST examples for 3.1 base, temporal and environmental", () => {
    expect(scoreCvss31(V31)).toMatchObject({ baseScore: 9.8, baseSeverity: "Critical", temporalScore: 9.8 });
    expect(scoreCvss31(`${V31}/E:P/RL:O/RC:C`)).toMatchObject({
      temporalScore: 8.8,
      temporalSeverity: "High",
    });
    expect(scoreCvss31("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N")).toMatchObject({ baseScore: 0 });
  });

  it("SEC-07: gives the v4.0 score of the vector as given plus the base-only (CVSS-B) score", () => {
    expect(scoreCvss40(V40)).toMatchObject({ score: 9.3, severity: "Critical", macroVector: "000200" });
    const bt = scoreCvss40(`${V40}/E:U`);
    expect(bt).toMatchObject({ nomenclature: "CVSS-BT", baseScore: 9.3 });
    expect(bt.score).toBeLessThan(9.3);
  });

  it("SEC-07: maps scores to the qualitative severity scale", () => {
    expect([0, 0.1, 3.9, 4, 6.9, 7, 8.9, 9, 10].map(cvssSeverity)).toEqual([
      "None",
      "Low",
      "Low",
      "Medium",
      "Medium",
      "High",
      "High",
      "Critical",
      "Critical",
    ]);
    expect(() => cvssSeverity(11)).toThrow();
    expect(() => cvssSeverity(Number.NaN)).toThrow();
  });

  it("explains how a score was reached", () => {
    const e31 = explainCvss(`${V31}/E:P`);
    expect(e31.version).toBe("3.1");
    expect(e31.lines.join("\n")).toMatch(/ISS = .*0\.9148/);
    const e40 = explainCvss(V40);
    if (e40.version !== "4.0") throw new Error("version");
    expect(e40.trace.macroVector).toBe("000200");
    expect(e40.lines.join("\n")).toMatch(/MacroVector 000200/);
    expect(e40.lines.at(-1)).toMatch(/Score 9\.3 \(Critical\)/);
    const none = explainCvss("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N");
    expect(none.lines.join("\n")).toMatch(/No impact/);
  });
});
