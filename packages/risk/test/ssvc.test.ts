import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { isQmsError } from "@qmskit/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  getSsvcTable,
  parseSsvcTable,
  SSVC_TABLE_NAMES,
  safeParseSsvcTable,
  suggestSsvcValues,
} from "../src/index.js";

const shared = fileURLToPath(new URL("../../../../shared/conformance/ssvc/", import.meta.url));
const upstream = (name: string) => JSON.parse(readFileSync(`${shared}decision_tables/${name}.json`, "utf8"));

describe("SSVC decision tables", () => {
  it("loads and validates every shipped table, identical to the CERT/CC data", () => {
    expect(SSVC_TABLE_NAMES).toHaveLength(9);
    for (const name of SSVC_TABLE_NAMES) {
      const t = getSsvcTable(name);
      const raw = upstream(name);
      expect(t.id).toBe(`${raw.namespace}:${raw.key}:${raw.version}`);
      // every row of the upstream mapping evaluates to its outcome
      for (const row of raw.mapping as Record<string, string>[]) {
        const selection = Object.fromEntries(t.inputs.map((dp) => [dp.id, row[dp.id]!]));
        expect(t.evaluate(selection).outcome.key).toBe(row[raw.outcome]);
      }
    }
  });

  it("evaluates the CISA coordinator table by keys, names and value names", () => {
    const t = getSsvcTable("cisa_coordinator_2_0_3");
    expect(t.evaluate({ E: "A", A: "Y", TI: "T", MWI: "H" }).outcome.name).toBe("Act");
    expect(
      t.evaluate({ Exploitation: "none", Automatable: "no", "Technical Impact": "partial", MWI: "low" })
        .outcome.name,
    ).toBe("Track");
  });

  it("handles partial knowledge by returning every possible outcome and the most urgent", () => {
    const d = getSsvcTable("cisa_coordinator_2_0_3").evaluate({ E: ["N", "A"], A: "Y", TI: "T", MWI: "H" });
    expect(d.possibleOutcomes.length).toBeGreaterThan(1);
    expect(d.outcome.key).toBe(d.possibleOutcomes.at(-1));
  });

  it("rejects unknown decision points, bad values and missing points with VALIDATION", () => {
    const t = getSsvcTable("supplier_patch_development_priority_1_0_0");
    const err = (sel: Record<string, string>) => {
      try {
        t.evaluate(sel);
      } catch (e) {
        expect(isQmsError(e, "VALIDATION")).toBe(true);
        return (e as Error).message;
      }
      throw new Error("expected a rejection");
    };
    expect(err({ E: "A", U: "S", TI: "T", PSI: "S", XX: "1" })).toMatch(/Unknown decision point/);
    expect(err({ E: "Q", U: "S", TI: "T", PSI: "S" })).toMatch(
      /Invalid value "Q" for SSVC decision point Exploitation/,
    );
    expect(err({ E: "A" })).toMatch(/Missing SSVC decision point/);
    expect(() => getSsvcTable("__proto__" as never)).toThrow(/Unknown SSVC table/);
  });

  it("accepts a host table and rejects incomplete, duplicate or inconsistent ones", () => {
    const raw = upstream("utility_1_0_0");
    expect(parseSsvcTable(raw).name).toBe(raw.name);
    const missingRow = { ...raw, mapping: raw.mapping.slice(1) };
    expect(safeParseSsvcTable(missingRow).success).toBe(false);
    const dup = { ...raw, mapping: [...raw.mapping.slice(1), raw.mapping[1]] };
    expect(safeParseSsvcTable(dup).success).toBe(false);
    const badValue = structuredClone(raw);
    const firstKey = Object.keys(badValue.mapping[0])[0]!;
    badValue.mapping[0][firstKey] = "??";
    const r = safeParseSsvcTable(badValue);
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.message).toMatch(/unknown value/);
    expect(safeParseSsvcTable({ ...raw, outcome: "nope" }).success).toBe(false);
  });

  it("never crashes on arbitrary tables or selections", () => {
    const t = getSsvcTable("human_impact_1_0_0");
    fc.assert(
      fc.property(
        fc.anything(),
        fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.array(fc.string()))),
        (x, sel) => {
          expect(safeParseSsvcTable(x).success).toBe(false);
          try {
            t.evaluate(sel);
          } catch (e) {
            expect(isQmsError(e, "VALIDATION")).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("SSVC suggestions from evidence", () => {
  it("suggests Exploitation from KEV or a public exploit and Automatable from CVSS v4.0 AU", () => {
    const v = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/AU:Y";
    const s = suggestSsvcValues({ inKev: true, cvssVector: v });
    expect(s.map((x) => [x.decisionPoint, x.value])).toEqual([
      ["Exploitation", "active"],
      ["Automatable", "yes"],
    ]);
    expect(s.every((x) => x.suggestion)).toBe(true);
    // the suggested values are accepted by the shipped table
    const d = getSsvcTable("cisa_coordinator_2_0_3").evaluate({
      Exploitation: s[0]!.value,
      Automatable: s[1]!.value,
      TI: "T",
      MWI: "H",
    });
    expect(d.outcome.name).toBe("Act");
    const poc = suggestSsvcValues({ publicExploit: true })[0]!.value;
    expect(
      getSsvcTable("cisa_coordinator_2_0_3").evaluate({ E: poc, A: "N", TI: "P", MWI: "L" }).inputs[0]!
        .values,
    ).toEqual(["P"]);
    expect(suggestSsvcValues({ cvssVector: v.replace("/AU:Y", "") })).toEqual([]);
    expect(() => suggestSsvcValues({ cvssVector: "CVSS:4.0/AV:N" })).toThrow(/missing/i);
  });
});
