import { checkDefinition } from "@qmskit/workflow";
import { describe, expect, it } from "vitest";
import { complaintDefinition } from "../src/index.js";
import { approver, type Harness, harness, ok, refused } from "./support.js";

const handler = { id: "u-hal", name: "Hal Handler", roles: ["complaintHandler"] };
const qa = { id: "u-quinn", name: "Quinn QA", roles: ["qa"] };

const intake = {
  deviceName: "Infusion set IS-200",
  dateReceived: "2026-11-19",
  nature: "Leak at luer connection",
  details: "Nurse reports fluid at the connection during infusion; no patient harm",
};
const contact = {
  deviceIdentifier: { udi: "(01)00812345678905(10)4411" },
  complainant: {
    name: "St. Mary Hospital, Pharmacy",
    address: "1 Main St, Springfield",
    phone: "+1 555 0100",
  },
};

async function received(h: Harness, id = "CMP-1", payload: object = intake) {
  ok(await h.run(id, "receive", payload, handler, { workflow: "complaint" }));
  return id;
}

describe("complaint definition", () => {
  it("passes the engine's static checks", () => {
    expect(checkDefinition(complaintDefinition)).toEqual([]);
  });

  it("CAPA-14: an investigated complaint closes only with the full 820.35(a) content", async () => {
    const h = harness();
    const id = await received(h);
    ok(
      await h.run(
        id,
        "decideNotReportable",
        {
          mdrDecision: {
            reportable: false,
            rationale: "No death or serious injury; malfunction would not be likely to cause one",
          },
        },
        qa,
        { sign: "responsibility" },
      ),
    );
    ok(await h.run(id, "investigate", {}, qa));
    ok(
      await h.run(
        id,
        "completeInvestigation",
        { investigation: { findings: "Seal torque low in lot 4411", capaId: "CAPA-1" } },
        qa,
      ),
    );
    const r = refused(await h.run(id, "close", {}, qa, { sign: "approval" }), "CAPA-14");
    expect(r.code).toBe("FIELDS");
    ok(await h.run(id, "updateContact", contact, handler));
    refused(await h.run(id, "close", {}, qa, { sign: "approval" }), "CAPA-14");
    ok(
      await h.run(
        id,
        "recordCorrectiveAction",
        { correctiveAction: "CAPA-1 raised; lot 4411 quarantined" },
        handler,
      ),
    );
    refused(await h.run(id, "close", {}, qa, { sign: "approval" }), "CAPA-14");
    ok(
      await h.run(
        id,
        "recordReply",
        { reply: { date: "2026-11-25", summary: "Letter explaining the cause and the correction" } },
        handler,
      ),
    );
    expect(ok(await h.run(id, "close", {}, qa, { sign: "approval" })).status).toBe("closed");
  });

  it("CAPA-14: device identification needs a UDI, UPC or other id", async () => {
    const h = harness();
    const id = await received(h);
    const r = await h.run(id, "updateContact", { deviceIdentifier: {} }, handler);
    expect(r.ok ? "" : JSON.stringify(r.rejection.details)).toContain("UDI");
    ok(await h.run(id, "updateContact", { deviceIdentifier: { other: "Lot 4411 / SN 77" } }, handler));
  });

  it("CAPA-15: 'no investigation' needs a prior similar investigation or a justification record, signed", async () => {
    const h = harness();
    const id = await received(h);
    const bare = await h.run(
      id,
      "decideNoInvestigation",
      { noInvestigation: { reason: "Known issue" } },
      qa,
      { sign: "responsibility" },
    );
    expect(bare.ok ? "" : JSON.stringify(bare.rejection.details)).toContain("CAPA-15");
    const linked = { noInvestigation: { reason: "Same failure as CMP-0", priorInvestigationId: "CMP-0" } };
    refused(await h.run(id, "decideNoInvestigation", linked, qa), "CAPA-15");
    const s = ok(await h.run(id, "decideNoInvestigation", linked, qa, { sign: "responsibility" }));
    expect(s.status).toBe("resolution");
    // not investigated and not reportable: the intake content is enough once the decision is recorded
    refused(await h.run(id, "close", {}, qa, { sign: "approval" }), "CAPA-16");
    ok(
      await h.run(
        id,
        "decideNotReportable",
        { mdrDecision: { reportable: false, rationale: "Cosmetic" } },
        qa,
        { sign: "responsibility" },
      ),
    );
    expect(ok(await h.run(id, "close", {}, qa, { sign: "approval" })).status).toBe("closed");
  });

  it("CAPA-16: every complaint has one signed reportability decision with a rationale", async () => {
    const h = harness();
    const id = await received(h);
    refused(
      await h.run(
        id,
        "decideNotReportable",
        { mdrDecision: { reportable: false, rationale: "No harm" } },
        qa,
      ),
      "CAPA-16",
    );
    const noRationale = await h.run(id, "decideNotReportable", { mdrDecision: { reportable: false } }, qa, {
      sign: "responsibility",
    });
    expect(noRationale.ok ? "" : noRationale.rejection.code).toBe("INVALID_PAYLOAD");
    ok(
      await h.run(
        id,
        "decideNotReportable",
        { mdrDecision: { reportable: false, rationale: "No harm" } },
        qa,
        { sign: "responsibility" },
      ),
    );
    // a second decision is refused: the history keeps the first
    const again = {
      mdrDecision: {
        reportable: true,
        reportType: "30-day",
        rationale: "x",
        awareAt: "2026-11-20T15:00:00Z",
        awareBy: qa.id,
      },
    };
    refused(await h.run(id, "decideReportable30Day", again, qa, { sign: "responsibility" }), "CAPA-16");
    expect((await h.state(id)).fields.mdrDecision).toEqual({ reportable: false, rationale: "No harm" });
  });

  it("CAPA-16: a 30-day report is due 30 calendar days after the day of awareness", async () => {
    const h = harness();
    const id = await received(h);
    const decision = {
      mdrDecision: {
        reportable: true,
        reportType: "30-day",
        rationale: "Malfunction likely to cause serious injury if it recurred",
        awareAt: "2026-10-21T03:30:00Z", // Tue 2026-10-20 23:30 in New York
        awareBy: "u-hal",
      },
    };
    const s = ok(await h.run(id, "decideReportable30Day", decision, qa, { sign: "responsibility" }));
    expect(s.deadlines.mdrReport).toMatchObject({
      dueDate: "2026-11-19",
      dueAt: "2026-11-20T04:59:59.999Z",
      zone: "America/New_York",
    });
  });

  it("CAPA-16: a 5-day report is due in 5 work days, US federal holidays excluded", async () => {
    const h = harness();
    const id = await received(h);
    const decision = {
      mdrDecision: {
        reportable: true,
        reportType: "5-day",
        rationale: "Remedial action needed to prevent an unreasonable risk of substantial harm",
        awareAt: "2026-11-20T15:00:00Z", // Fri 2026-11-20; Thanksgiving Thu 2026-11-26
        awareBy: "u-manager",
      },
    };
    const s = ok(await h.run(id, "decideReportable5Day", decision, qa, { sign: "responsibility" }));
    expect(s.deadlines.mdrReport?.dueDate).toBe("2026-11-30");
    // a reportable complaint closes only after the report is submitted, which stops the clock
    ok(
      await h.run(
        id,
        "decideNoInvestigation",
        { noInvestigation: { reason: "Covered by CAPA-3", justificationRecordId: "JUST-9" } },
        qa,
        { sign: "responsibility" },
      ),
    );
    ok(await h.run(id, "updateContact", contact, handler));
    ok(await h.run(id, "recordCorrectiveAction", { correctiveAction: "Field action FA-2" }, handler));
    ok(await h.run(id, "recordReply", { reply: { date: "2026-11-27", summary: "Reply sent" } }, handler));
    refused(await h.run(id, "close", {}, qa, { sign: "approval" }), "CAPA-16");
    const r = ok(
      await h.run(
        id,
        "submitMdrReport",
        { mdrReport: { reportNumber: "3001234-2026-00017", submittedOn: "2026-11-24" } },
        qa,
      ),
    );
    expect(r.deadlines.mdrReport?.status).toBe("stopped");
    expect(ok(await h.run(id, "close", {}, approver, { sign: "approval" })).status).toBe("closed");
  });

  it("CAPA-16: only a reportable complaint has an MDR to submit", async () => {
    const h = harness();
    const id = await received(h);
    refused(
      await h.run(id, "submitMdrReport", { mdrReport: { reportNumber: "X", submittedOn: "2026-11-24" } }, qa),
      "CAPA-16",
    );
  });
});
