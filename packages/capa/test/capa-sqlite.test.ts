import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sequentialIds, TestClock, verifyChain } from "@qmskit/core";
import { SqliteEventLog } from "@qmskit/store-sqlite";
import { replay, WorkflowEventType } from "@qmskit/workflow";
import { afterEach, describe, expect, it } from "vitest";
import { capaDefinition, capaDueDates, capaMetricsFromLog } from "../src/index.js";
import {
  approver,
  dissemination,
  effectiveCheck,
  engineer,
  harness,
  ineffectiveCheck,
  initiator,
  ok,
  openPayload,
  owner,
  plan,
  refused,
} from "./support.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("CAPA lifecycle on the SQLite store", () => {
  it("CAPA-09: runs from opening to closure with a refusal and an ineffective loop, and survives reopening", async () => {
    const dir = mkdtempSync(join(tmpdir(), "qmskit-capa-"));
    dirs.push(dir);
    const file = join(dir, "qms.sqlite");
    const clock = new TestClock("2026-01-05T14:00:00Z");
    const log = SqliteEventLog.open(file, { clock, ids: sequentialIds("evt") });
    const h = harness({ log, clock });
    const id = "CAPA-2026-001";
    const day = () => clock.advance({ days: 1 });

    ok(await h.run(id, "open", openPayload, initiator, { workflow: "capa" }));
    day();
    ok(await h.run(id, "acceptHigh", {}, engineer));
    ok(
      await h.run(
        id,
        "recordRootCause",
        { rootCause: { code: "RC-TORQUE", description: "Torque low" } },
        owner,
      ),
    );
    ok(await h.run(id, "completeInvestigation", {}, owner));
    ok(await h.run(id, "submitPlan", plan, owner));
    // refused: the owner tries to approve the own plan without the approver role; the refusal is stored
    refused(await h.run(id, "approvePlan", {}, owner, { sign: "approval" }), "P11-08");
    ok(await h.run(id, "approvePlan", {}, approver, { sign: "approval" }));
    day();
    const completion = { actionId: "A1", evidence: ["WI-22 rev C"], completedOn: "2026-01-07" };
    ok(await h.run(id, "completeAction", { completion }, engineer));
    ok(await h.run(id, "completeImplementation", {}, owner));
    clock.advance({ days: 30 });
    // first check fails: back to investigation (CAPA-12)
    expect(ok(await h.run(id, "recordEffectivenessCheck", ineffectiveCheck, owner)).status).toBe(
      "investigation",
    );
    ok(
      await h.run(
        id,
        "recordRootCause",
        { rootCause: { code: "RC-SUPPLIER", description: "Seal lot variation" } },
        owner,
      ),
    );
    ok(await h.run(id, "completeInvestigation", {}, owner));
    ok(await h.run(id, "submitPlan", plan, owner));
    ok(await h.run(id, "approvePlan", {}, approver, { sign: "approval" }));
    ok(await h.run(id, "completeImplementation", {}, owner));
    clock.advance({ days: 30 });
    ok(await h.run(id, "recordEffectivenessCheck", effectiveCheck, owner));
    ok(await h.run(id, "recordDissemination", dissemination, owner));
    const closed = ok(await h.run(id, "close", {}, approver, { sign: "approval" }));
    expect(closed.status).toBe("closed");
    await log.close();

    // reopen the file: the record rebuilds from its events, and the hash chain is intact
    const reopened = SqliteEventLog.open(file, { clock });
    const events = await reopened.read(id);
    expect(replay(events, capaDefinition)).toEqual(closed);
    expect(events.filter((e) => e.type === WorkflowEventType.commandRejected)).toHaveLength(1);
    expect(verifyChain(await reopened.readAll()).ok).toBe(true);
    expect(capaDueDates(closed)).toMatchObject({ originalDueDate: "2026-02-05", extensionCount: 0 });

    const m = await capaMetricsFromLog(reopened, {
      from: "2026-01-01",
      to: "2026-04-01",
      zone: "America/New_York",
    });
    expect(m.openedInPeriod).toEqual([id]);
    expect(m.closedInPeriod).toEqual([id]);
    expect(m.medianDaysToClose).toBe(62);
    expect(m.firstTimeEffectiveness).toEqual({ checked: 1, passedFirstTime: 0, rate: 0 });
    expect(m.openAtEnd).toBe(0);
    await reopened.close();
  });
});
