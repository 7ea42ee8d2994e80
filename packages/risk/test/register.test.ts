import { type Actor, InMemoryEventLog, isQmsError, TestClock, verifyChain } from "@qmskit/core";
import { beforeEach, describe, expect, it } from "vitest";
import { EXAMPLE_RISK_POLICY_5X5, EXAMPLE_SECURITY_POLICY, RiskRegister } from "../src/index.js";

const ra: Actor = { id: "u-1", name: "Risk Analyst", roles: ["risk-manager"] };
const traced = {
  id: "RC-1",
  description: "Hardware flow limiter",
  option: "inherent-safety-by-design" as const,
  requirementIds: ["SRS-12"],
  verificationIds: ["VT-33"],
  probabilityAfter: "remote",
};

async function rejects(p: Promise<unknown>, code: string): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(isQmsError(e, code)).toBe(true);
    return (e as Error).message;
  }
  throw new Error(`expected ${code}`);
}

describe("risk register on the event log", () => {
  let log: InMemoryEventLog;
  let register: RiskRegister;
  beforeEach(async () => {
    log = new InMemoryEventLog({ clock: new TestClock() });
    register = new RiskRegister({
      log,
      policy: EXAMPLE_RISK_POLICY_5X5,
      securityPolicy: EXAMPLE_SECURITY_POLICY,
    });
    await register.identifyHazard(ra, { id: "HAZ-1", title: "Over-infusion of drug" });
    await register.addHazardousSituation(ra, "HAZ-1", {
      id: "HS-1",
      description: "Free flow when the door opens",
    });
    await register.addHarm(ra, "HAZ-1", { id: "H-1", situationId: "HS-1", description: "Overdose" });
  });

  it("DC-09: records hazard → situation → harm → initial risk → traced controls → residual risk as events", async () => {
    const initial = await register.estimateInitialRisk(ra, "HAZ-1", {
      harmId: "H-1",
      severity: "critical",
      probability: "probable",
      rationale: "field data",
    });
    expect(initial).toMatchObject({ region: "unacceptable" });
    await register.addRiskControl(ra, "HAZ-1", "H-1", traced);
    const result = await register.evaluateResidualRisk(ra, "HAZ-1", "H-1");
    expect(result.residual).toMatchObject({ severity: "critical", probability: "remote", acceptable: true });
    const h = await register.getHazard("HAZ-1");
    expect(h.harms[0]).toMatchObject({ initial: { region: "unacceptable" }, residual: { region: "reduce" } });
    expect(h.harms[0]!.controls[0]).toMatchObject({ requirementIds: ["SRS-12"], verificationIds: ["VT-33"] });
    expect(await register.traceGaps()).toEqual([]);
    const events = await log.readAll();
    expect(events.map((e) => e.type)).toEqual([
      "risk.hazard.identified",
      "risk.situation.added",
      "risk.harm.added",
      "risk.initial-risk.estimated",
      "risk.control.added",
      "risk.residual-risk.evaluated",
    ]);
    expect(events[3]!.reason).toBe("field data");
    expect(verifyChain(events, { head: await log.head() }).ok).toBe(true);
  });

  it("DC-09: reports controls without implementation or verification of effectiveness, and stale residuals", async () => {
    await register.estimateInitialRisk(ra, "HAZ-1", {
      harmId: "H-1",
      severity: "serious",
      probability: "occasional",
    });
    await register.addRiskControl(ra, "HAZ-1", "H-1", {
      id: "RC-9",
      description: "Label warning",
      option: "information-for-safety",
    });
    expect(await register.traceGaps()).toEqual([
      { kind: "residual-not-evaluated", hazardId: "HAZ-1", harmId: "H-1" },
      {
        kind: "control-trace",
        hazardId: "HAZ-1",
        harmId: "H-1",
        gap: { controlId: "RC-9", missing: ["implementation", "verification"] },
      },
    ]);
  });

  it("requires a benefit-risk record for an unacceptable residual risk before the overall residual risk is acceptable", async () => {
    await register.estimateInitialRisk(ra, "HAZ-1", {
      harmId: "H-1",
      severity: "catastrophic",
      probability: "occasional",
    });
    await register.evaluateResidualRisk(ra, "HAZ-1", "H-1");
    expect((await register.overallResidualRisk()).openBenefitRisk).toEqual(["HAZ-1/H-1"]);
    expect(await register.traceGaps()).toContainEqual({
      kind: "benefit-risk-missing",
      hazardId: "HAZ-1",
      harmId: "H-1",
    });
    await register.recordBenefitRisk(ra, "HAZ-1", "H-1", {
      riskId: "HAZ-1/H-1",
      benefits: ["Only available therapy"],
      rationale: "Clinical evaluation CER-4 shows benefit outweighs risk.",
      conclusion: "benefits-outweigh-risk",
      decidedBy: { id: "u-2", name: "Medical Director" },
      decidedAt: "2026-06-01T09:00:00Z",
    });
    expect(await register.overallResidualRisk()).toMatchObject({
      acceptable: true,
      acceptedByBenefitRisk: ["HAZ-1/H-1"],
    });
  });

  it("SEC-02 SEC-03: a cyber risk with safety impact must link or create a hazard, atomically", async () => {
    const cyber = {
      id: "CR-1",
      asset: "pump firmware",
      threat: "unsigned update",
      exploitability: "high",
      severity: "critical",
      cveIds: ["CVE-2024-3400"],
    };
    expect(await rejects(register.identifyCyberRisk(ra, cyber), "VALIDATION")).toMatch(
      /link an ISO 14971 hazard/,
    );
    await rejects(register.identifyCyberRisk(ra, { ...cyber, hazardIds: ["HAZ-404"] }), "NOT_FOUND");
    expect(await log.streamVersion("risk.cyber:CR-1")).toBe(0); // nothing stored by the rejected attempts
    const linked = await register.identifyCyberRisk(
      ra,
      { ...cyber, hazardIds: ["HAZ-1"] },
      { controls: [{ ...traced, probabilityAfter: "low" }] },
    );
    expect(linked.assessment.pre).toMatchObject({ region: "uncontrolled" });
    expect(linked.assessment.post).toMatchObject({ region: "controlled" });
    expect((await register.getHazard("HAZ-1")).cyberRiskIds).toEqual(["CR-1"]);
    const created = await register.identifyCyberRisk(
      ra,
      { ...cyber, id: "CR-2" },
      { createHazard: { id: "HAZ-2", title: "Therapy altered by attacker" } },
    );
    expect(created.hazardIds).toEqual(["HAZ-2"]);
    expect((await register.getHazard("HAZ-2")).cyberRiskIds).toEqual(["CR-2"]);
  });

  it("rejects duplicates, unknown records, bad levels and stale writers", async () => {
    await rejects(register.identifyHazard(ra, { id: "HAZ-1", title: "again" }), "CONFLICT");
    await rejects(register.getHazard("HAZ-9"), "NOT_FOUND");
    await rejects(
      register.addHarm(ra, "HAZ-1", { id: "H-2", situationId: "HS-9", description: "x" }),
      "NOT_FOUND",
    );
    await rejects(
      register.estimateInitialRisk(ra, "HAZ-1", { harmId: "H-1", severity: "deadly", probability: "remote" }),
      "VALIDATION",
    );
    await rejects(register.addRiskControl(ra, "HAZ-1", "H-1", traced), "CONFLICT"); // no initial risk yet
    await rejects(
      register.identifyHazard({ id: "", name: "x", roles: [] }, { id: "HAZ-3", title: "t" }),
      "VALIDATION",
    );
    await rejects(register.identifyHazard(ra, { id: "__proto__", title: "t" }), "VALIDATION");
    // Two writers read the same version; the second append is refused, never silently merged.
    const results = await Promise.allSettled([
      register.addHazardousSituation(ra, "HAZ-1", { id: "HS-2", description: "Writer A" }),
      register.addHazardousSituation(ra, "HAZ-1", { id: "HS-3", description: "Writer B" }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const failed = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(isQmsError(failed.reason, "CONCURRENCY")).toBe(true);
    expect((await register.getHazard("HAZ-1")).situations).toHaveLength(2);
  });

  it("finds every record when the log is longer than one read page", async () => {
    for (let i = 0; i < 1_050; i++)
      await log.append(
        `risk.hazard:BULK-${i}`,
        [
          {
            type: "risk.hazard.identified",
            data: { hazardId: `BULK-${i}`, title: `Hazard ${i}` },
            actor: ra,
          },
        ],
        { expectedVersion: 0 },
      );
    const all = await register.hazards();
    expect(all).toHaveLength(1_051);
    expect(all.at(-1)!.id).toBe("BULK-1049");
  });
});
