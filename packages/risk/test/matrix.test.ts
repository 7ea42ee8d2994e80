import { isQmsError } from "@qmskit/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createRiskMatrix,
  EXAMPLE_RISK_POLICY_5X5,
  parseBenefitRiskRecord,
  type RiskPolicyInput,
  safeParseRiskPolicy,
} from "../src/index.js";

const matrix = createRiskMatrix(EXAMPLE_RISK_POLICY_5X5);
const benefitRisk = (conclusion: "benefits-outweigh-risk" | "risk-outweighs-benefits") =>
  parseBenefitRiskRecord({
    riskId: "HAZ-1/HARM-1",
    benefits: ["Life-sustaining therapy with no alternative"],
    rationale: "Clinical data show the benefit exceeds the residual risk.",
    conclusion,
    decidedBy: { id: "u-9", name: "Dr. Ada Chen" },
    decidedAt: "2026-05-01T10:00:00Z",
  });

describe("ISO 14971 risk policy", () => {
  it("validates the manufacturer's policy: complete, known regions, monotone", () => {
    expect(safeParseRiskPolicy(EXAMPLE_RISK_POLICY_5X5).success).toBe(true);
    const broken = structuredClone(EXAMPLE_RISK_POLICY_5X5) as { matrix: string[][] };
    broken.matrix[4]![4] = "acceptable";
    const r = safeParseRiskPolicy(broken);
    expect(r.success).toBe(false);
    if (!r.success) {
      expect(isQmsError(r.error, "VALIDATION")).toBe(true);
      expect(r.error.message).toMatch(/matrix\.4\.4.*monotone/);
    }
    const short = { ...EXAMPLE_RISK_POLICY_5X5, matrix: EXAMPLE_RISK_POLICY_5X5.matrix.slice(0, 3) };
    expect(safeParseRiskPolicy(short).success).toBe(false);
    const unknown = structuredClone(EXAMPLE_RISK_POLICY_5X5) as { matrix: string[][] };
    unknown.matrix[0]![0] = "green";
    expect(safeParseRiskPolicy(unknown).success).toBe(false);
    expect(safeParseRiskPolicy({ ...EXAMPLE_RISK_POLICY_5X5, extra: 1 }).success).toBe(false);
    expect(safeParseRiskPolicy(JSON.parse('{"__proto__":{"polluted":1}}')).success).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("never crashes on arbitrary input", () => {
    fc.assert(
      fc.property(fc.anything(), (x) => {
        const r = safeParseRiskPolicy(x);
        expect(r.success).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

describe("risk evaluation, controls and residual risk", () => {
  it("evaluates a cell to its region and acceptability", () => {
    expect(matrix.evaluate("serious", "remote")).toMatchObject({ region: "reduce", acceptable: true });
    expect(matrix.evaluate("catastrophic", "frequent")).toMatchObject({
      region: "unacceptable",
      acceptable: false,
    });
    expect(() => matrix.evaluate("deadly", "remote")).toThrow(/Unknown severity level "deadly".*negligible/);
  });

  it("DC-09: applies controls to reach the residual risk and reports controls without implementation or verification", () => {
    const r = matrix.residual({ severity: "critical", probability: "probable" }, [
      {
        id: "RC-1",
        description: "Hardware flow limiter",
        option: "inherent-safety-by-design",
        requirementIds: ["SRS-12"],
        verificationIds: ["VT-33"],
        probabilityAfter: "remote",
      },
      {
        id: "RC-2",
        description: "Occlusion alarm",
        option: "protective-measure",
        probabilityAfter: "occasional",
      },
    ]);
    expect(r.initial).toMatchObject({ region: "unacceptable" });
    expect(r.residual).toMatchObject({
      severity: "critical",
      probability: "remote",
      region: "reduce",
      acceptable: true,
    });
    expect(r.reduced).toBe(true);
    expect(r.benefitRiskRequired).toBe(false);
    expect(r.traceGaps).toEqual([{ controlId: "RC-2", missing: ["implementation", "verification"] }]);
  });

  it("rejects controls that raise a level or repeat an id", () => {
    const initial = { severity: "serious", probability: "remote" };
    const c = { id: "RC-1", description: "x", option: "protective-measure" as const };
    expect(() => matrix.residual(initial, [{ ...c, probabilityAfter: "frequent" }])).toThrow(/raises/);
    expect(() => matrix.residual(initial, [c, c])).toThrow(/twice/);
  });

  it("evaluates the overall residual risk with benefit-risk records", () => {
    const bad = matrix.evaluate("catastrophic", "remote");
    const ok = matrix.evaluate("minor", "remote");
    expect(
      matrix.overall([
        { id: "a", residual: ok },
        { id: "b", residual: bad },
      ]),
    ).toMatchObject({
      acceptable: false,
      openBenefitRisk: ["b"],
      worstRegion: "unacceptable",
      total: 2,
    });
    expect(
      matrix.overall([{ id: "b", residual: bad, benefitRisk: benefitRisk("benefits-outweigh-risk") }]),
    ).toMatchObject({
      acceptable: true,
      acceptedByBenefitRisk: ["b"],
    });
    expect(
      matrix.overall([{ id: "b", residual: bad, benefitRisk: benefitRisk("risk-outweighs-benefits") }])
        .acceptable,
    ).toBe(false);
    const other = createRiskMatrix({ ...EXAMPLE_RISK_POLICY_5X5, version: "2" } as RiskPolicyInput);
    expect(() => other.overall([{ id: "a", residual: ok }])).toThrow(/another policy/);
  });
});
