import { checkDefinition } from "@qmskit/workflow";
import { describe, expect, it } from "vitest";
import { nonconformanceDefinition } from "../src/index.js";
import { approver, harness, ok, refused } from "./support.js";

const operator = { id: "u-otto", name: "Otto Operator", roles: ["operator"] };
const qa = { id: "u-quinn", name: "Quinn QA", roles: ["qa"] };

const identification = {
  product: "IS-200 infusion set",
  lotOrSerial: "4411",
  quantity: 1200,
  detectedAt: "2026-03-02",
  detectedBy: "u-otto",
  location: "Final inspection, line 3",
  description: "Luer seal torque below specification on 6 of 50 samples",
};

describe("nonconformance definition", () => {
  it("passes the engine's static checks", () => {
    expect(checkDefinition(nonconformanceDefinition)).toEqual([]);
  });

  it("CAPA-17: an NC is identified and documented at report time", async () => {
    const h = harness();
    const { quantity: _q, ...noQuantity } = identification;
    const r = await h.run("NC-0", "report", { identification: noQuantity }, operator, {
      workflow: "nonconformance",
    });
    expect(r.ok ? "" : r.rejection.code).toBe("INVALID_PAYLOAD");
    const s = ok(await h.run("NC-1", "report", { identification }, operator, { workflow: "nonconformance" }));
    expect(s.fields.identification).toEqual(identification);
  });

  it("CAPA-17: evaluation needs the segregation status first", async () => {
    const h = harness();
    ok(await h.run("NC-1", "report", { identification }, operator, { workflow: "nonconformance" }));
    const evaluation = {
      investigationNeeded: false,
      externalNotificationNeeded: false,
      rationale: "Contained in house",
    };
    refused(await h.run("NC-1", "evaluate", { evaluation }, qa), "CAPA-17");
    ok(
      await h.run(
        "NC-1",
        "recordSegregation",
        { segregation: { status: "segregated", location: "MRB cage 2" } },
        operator,
      ),
    );
    expect(ok(await h.run("NC-1", "evaluate", { evaluation }, qa)).status).toBe("evaluation");
  });

  it("CAPA-17: the disposition carries its rationale, a concession its authorisation, and is signed", async () => {
    const h = harness();
    ok(
      await h.run(
        "NC-1",
        "report",
        { identification, segregation: { status: "segregated", location: "MRB cage 2" } },
        operator,
        { workflow: "nonconformance" },
      ),
    );
    const evaluation = {
      investigationNeeded: false,
      externalNotificationNeeded: false,
      rationale: "In-house only",
    };
    ok(await h.run("NC-1", "evaluate", { evaluation }, qa));
    const concessionWithoutAuth = {
      disposition: { kind: "concession", rationale: "Within clinical margin" },
    };
    const r = await h.run("NC-1", "decideDisposition", concessionWithoutAuth, approver, { sign: "approval" });
    expect(r.ok ? "" : r.rejection.code).toBe("INVALID_PAYLOAD");
    const rework = { disposition: { kind: "rework", rationale: "Re-torque and re-test 100%" } };
    refused(await h.run("NC-1", "decideDisposition", rework, approver), "CAPA-17");
    ok(await h.run("NC-1", "decideDisposition", rework, approver, { sign: "approval" }));
    const s = ok(
      await h.run(
        "NC-1",
        "close",
        { dispositionCompleted: { date: "2026-03-05", evidence: "Rework record RW-9" } },
        qa,
      ),
    );
    expect(s.status).toBe("closed");
  });

  it("CAPA-17: closing needs the external notifications and the investigation the evaluation asked for", async () => {
    const h = harness();
    ok(
      await h.run(
        "NC-1",
        "report",
        {
          identification,
          segregation: { status: "notSegregated", rationale: "Already shipped to distributor" },
        },
        operator,
        { workflow: "nonconformance" },
      ),
    );
    const noParties = {
      evaluation: {
        investigationNeeded: true,
        externalNotificationNeeded: true,
        rationale: "Shipped product",
      },
    };
    expect((await h.run("NC-1", "evaluate", noParties, qa)).ok).toBe(false);
    const evaluation = {
      evaluation: {
        investigationNeeded: true,
        externalNotificationNeeded: true,
        externalParties: ["Distributor Acme Med"],
        rationale: "Shipped product may be affected",
      },
    };
    ok(await h.run("NC-1", "evaluate", evaluation, qa));
    ok(
      await h.run(
        "NC-1",
        "decideDisposition",
        { disposition: { kind: "returnToSupplier", rationale: "Supplier seal defect" } },
        approver,
        { sign: "approval" },
      ),
    );
    const done = { dispositionCompleted: { date: "2026-03-09", evidence: "RMA-55" } };
    refused(await h.run("NC-1", "close", done, qa), "CAPA-17");
    ok(
      await h.run(
        "NC-1",
        "recordNotification",
        { notification: { party: "Distributor Acme Med", date: "2026-03-03", reference: "LTR-7" } },
        qa,
      ),
    );
    refused(await h.run("NC-1", "close", done, qa), "CAPA-17");
    ok(await h.run("NC-1", "linkInvestigation", { investigationRef: "CAPA-1" }, qa));
    expect(ok(await h.run("NC-1", "close", done, qa)).status).toBe("closed");
  });
});
