import { describe, expect, it } from "vitest";
import {
  assessFdaPostmarket,
  assessSecurityRisk,
  createRiskMatrix,
  EXAMPLE_RISK_POLICY_5X5,
  EXAMPLE_SECURITY_POLICY,
  suggestExploitability,
} from "../src/index.js";

const security = createRiskMatrix(EXAMPLE_SECURITY_POLICY);
const base = { knownSeriousAdverseEvents: false, isaoParticipant: true, awarenessDate: "2026-03-02" };

describe("security risk (TIR57/SW96 style)", () => {
  it("SEC-02: scores pre- and post-mitigation risk on exploitability, not probability, with acceptance", () => {
    const a = assessSecurityRisk(
      security,
      {
        id: "CR-1",
        asset: "pump firmware",
        threat: "unsigned update",
        exploitability: "high",
        severity: "critical",
        hazardIds: ["HAZ-1"],
      },
      [
        {
          id: "SC-1",
          description: "Signed firmware",
          option: "inherent-safety-by-design",
          requirementIds: ["SEC-REQ-4"],
          verificationIds: ["PT-7"],
          probabilityAfter: "low",
        },
      ],
    );
    expect(a.pre).toMatchObject({ probability: "high", region: "uncontrolled", acceptable: false });
    expect(a.post).toMatchObject({ probability: "low", region: "controlled", acceptable: true });
    expect(a.acceptable).toBe(true);
    expect(() =>
      assessSecurityRisk(createRiskMatrix(EXAMPLE_RISK_POLICY_5X5), {
        id: "x",
        asset: "a",
        threat: "t",
        exploitability: "high",
        severity: "minor",
      }),
    ).toThrow(/security policy/);
    expect(() => security.evaluate("minor", "remote")).toThrow(/Unknown exploitability level/);
  });

  it("SEC-03: flags a cyber risk with safety impact that links no hazard", () => {
    const r = assessSecurityRisk(security, {
      id: "CR-2",
      asset: "a",
      threat: "t",
      exploitability: "low",
      severity: "serious",
    });
    expect(r).toMatchObject({ safetyImpact: true, hazardLinkMissing: true });
    const none = assessSecurityRisk(security, {
      id: "CR-3",
      asset: "a",
      threat: "t",
      exploitability: "low",
      severity: "negligible",
    });
    expect(none).toMatchObject({ safetyImpact: false, hazardLinkMissing: false });
  });

  it("suggests exploitability from KEV, EPSS and CVSS, marked as a suggestion", () => {
    const rules = [
      { level: "high", inKev: true },
      { level: "high", epssAtLeast: 0.2 },
      { level: "medium", cvssAtLeast: 7 },
      { level: "low" },
    ];
    expect(suggestExploitability({ inKev: true }, rules)).toEqual({
      level: "high",
      suggestion: true,
      rule: 0,
    });
    expect(suggestExploitability({ inKev: false, epss: 0.5 }, rules)?.rule).toBe(1);
    expect(suggestExploitability({ cvssScore: 7.5, epss: 0.01 }, rules)?.level).toBe("medium");
    expect(suggestExploitability({ epss: 0.01 }, rules)?.level).toBe("low");
    expect(() => suggestExploitability({ epss: 2 }, rules)).toThrow();
  });
});

describe("FDA postmarket controlled / uncontrolled", () => {
  it("SEC-09: a controlled risk has no Part 806 report and no deadlines", () => {
    const a = assessFdaPostmarket(security, { ...base, exploitability: "low", severity: "critical" });
    expect(a).toMatchObject({ status: "controlled", obligations: [], part806Report: "not-required" });
  });

  it("SEC-09: computes the 30- and 60-day deadlines from awareness for an uncontrolled risk", () => {
    const a = assessFdaPostmarket(security, {
      ...base,
      exploitability: "high",
      severity: "critical",
      asOf: "2026-03-10",
    });
    expect(a.status).toBe("uncontrolled");
    const [comm, fix, isao, sae] = a.obligations;
    expect(comm).toMatchObject({ id: "customer-communication", status: "pending" });
    expect(comm!.dueDate!.toISOString()).toBe("2026-04-01T00:00:00.000Z");
    expect(fix!.dueDate!.toISOString()).toBe("2026-05-01T00:00:00.000Z");
    expect(isao).toMatchObject({ status: "met" });
    expect(sae).toMatchObject({ status: "met" });
    expect(a.part806Report).toBe("not-required-if-conditions-met");
  });

  it("SEC-09: counts the deadlines in UTC calendar days across a leap day", () => {
    const a = assessFdaPostmarket(security, {
      ...base,
      awarenessDate: "2028-02-10T15:30:00Z",
      exploitability: "high",
      severity: "catastrophic",
      asOf: "2028-02-11",
    });
    expect(a.obligations[0]!.dueDate!.toISOString()).toBe("2028-03-11T15:30:00.000Z");
    expect(a.obligations[1]!.dueDate!.toISOString()).toBe("2028-04-10T15:30:00.000Z");
  });

  it("SEC-09: all conditions met means no Part 806 report; a missed deadline or no ISAO requires one", () => {
    const met = assessFdaPostmarket(security, {
      ...base,
      exploitability: "high",
      severity: "critical",
      customerCommunicationDate: "2026-03-20",
      remediationDate: "2026-05-01",
    });
    expect(met.part806Report).toBe("not-required");
    const late = assessFdaPostmarket(security, {
      ...base,
      exploitability: "high",
      severity: "critical",
      asOf: "2026-04-02",
    });
    expect(late.obligations[0]!.status).toBe("overdue");
    expect(late.part806Report).toBe("required");
    const noIsao = assessFdaPostmarket(security, {
      ...base,
      isaoParticipant: false,
      exploitability: "high",
      severity: "critical",
      asOf: "2026-03-03",
    });
    expect(noIsao.part806Report).toBe("required");
    const sae = assessFdaPostmarket(security, {
      ...base,
      knownSeriousAdverseEvents: true,
      exploitability: "high",
      severity: "critical",
      asOf: "2026-03-03",
    });
    expect(sae.rationale.join(" ")).toMatch(/Part 803/);
    const lateFix = assessFdaPostmarket(security, {
      ...base,
      exploitability: "high",
      severity: "critical",
      customerCommunicationDate: "2026-03-05",
      remediationDate: "2026-05-02",
    });
    expect(lateFix.obligations[1]!.status).toBe("missed");
  });

  it("SEC-09: essential clinical performance compromised is uncontrolled even in a controlled cell", () => {
    const a = assessFdaPostmarket(security, {
      ...base,
      exploitability: "low",
      severity: "minor",
      essentialClinicalPerformanceCompromised: true,
      asOf: "2026-03-03",
    });
    expect(a.status).toBe("uncontrolled");
    expect(() =>
      assessFdaPostmarket(security, {
        ...base,
        awarenessDate: "not a date",
        exploitability: "low",
        severity: "minor",
      }),
    ).toThrow(/awarenessDate/);
  });
});
