import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { capaDefinition, usFederalCalendar } from "@qmskit/capa";
import { type Actor, createSignature, sequentialIds, TestClock } from "@qmskit/core";
import { SqliteEventLog } from "@qmskit/store-sqlite";
import { signedRecordOf, WorkflowRegistry, WorkflowService } from "@qmskit/workflow";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers.js";

const owner: Actor = { id: "u-olga", name: "Olga Owner", roles: ["qa", "capaOwner"] };
const approver: Actor = { id: "u-ann", name: "Ann Approver", roles: ["qaApprover"] };

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

let db = "";
let emptyDb = "";

/** Two CAPAs in Q1 2026: one closed after a first Effective check, one still open and overdue. */
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "qmskit-capa-cli-"));
  db = join(dir, "qms.sqlite");
  emptyDb = join(dir, "empty.sqlite");
  const clock = new TestClock("2026-01-05T15:00:00Z");
  const log = SqliteEventLog.open(db, { clock, ids: sequentialIds("e") });
  const service = new WorkflowService({
    log,
    clock,
    registry: new WorkflowRegistry([capaDefinition]),
    calendars: [usFederalCalendar],
  });
  const run = async (id: string, command: string, payload: unknown, actor: Actor, sign?: string) => {
    const state = await service.get(id);
    const signatures =
      sign && state ? [createSignature(actor, sign, signedRecordOf(state), { clock })] : undefined;
    const r = await service.execute(id, command, payload, {
      actor,
      workflow: "capa",
      ...(signatures ? { signatures } : {}),
    });
    if (!r.ok) throw new Error(`${command}: ${r.rejection.message}`);
  };
  const open = {
    title: "t",
    problemStatement: "p",
    ownerId: owner.id,
    sources: [{ kind: "auditFinding", recordId: "AUD-1" }],
  };
  await run("CAPA-A", "open", open, owner);
  await run("CAPA-B", "open", { ...open, sources: [{ kind: "supplier", recordId: "SCAR-3" }] }, owner);
  await run("CAPA-A", "acceptHigh", {}, owner);
  await run("CAPA-B", "acceptCritical", {}, owner);
  await run("CAPA-A", "recordRootCause", { rootCause: { code: "RC-1", description: "d" } }, owner);
  await run("CAPA-A", "completeInvestigation", {}, owner);
  await run(
    "CAPA-A",
    "submitPlan",
    {
      actions: [
        {
          id: "A1",
          type: "corrective",
          description: "d",
          ownerId: owner.id,
          dueDate: "2026-02-01",
          acceptanceEvidence: "e",
        },
      ],
      effectivenessCriteria: [{ id: "EC1", description: "d", target: "t" }],
    },
    owner,
  );
  await run("CAPA-A", "approvePlan", {}, approver, "approval");
  await run(
    "CAPA-A",
    "completeAction",
    { completion: { actionId: "A1", evidence: ["x"], completedOn: "2026-01-10" } },
    owner,
  );
  await run("CAPA-A", "completeImplementation", {}, owner);
  clock.advance({ days: 20 });
  await run(
    "CAPA-A",
    "recordEffectivenessCheck",
    {
      result: "Effective",
      observations: [{ criterionId: "EC1", met: true, observation: "ok" }],
      noAdverseEffect: {
        device: true,
        regulatoryCompliance: true,
        safetyAndPerformance: true,
        rationale: "r",
      },
      summary: "s",
    },
    owner,
  );
  await run(
    "CAPA-A",
    "recordDissemination",
    { dissemination: { recipients: ["line"], date: "2026-01-26", contentRef: "c" } },
    owner,
  );
  await run("CAPA-A", "close", {}, approver, "approval");
  await log.close();
  SqliteEventLog.open(emptyDb).close();
});

describe("qmskit capa metrics", () => {
  it("MR-01: prints the management-review metrics as a table", async () => {
    const r = await runCli([
      "capa",
      "metrics",
      "--db",
      db,
      "--from",
      "2026-01-01",
      "--to",
      "2026-04-01",
      "--zone",
      "America/New_York",
    ]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/period\s+\[2026-01-01, 2026-04-01\) America\/New_York/);
    expect(r.out).toMatch(/opened in period\s+2/);
    expect(r.out).toMatch(/closed in period\s+1/);
    expect(r.out).toMatch(/overdue vs original due date\s+1/);
    expect(r.out).toMatch(/median days to close\s+20/);
    expect(r.out).toMatch(/first-time effectiveness pass rate\s+100\.0% \(1\/1\)/);
    expect(r.out).toMatch(/61-90\s+1/);
    expect(r.out).toMatch(/supplier\s+1\s+0\s+0\.0%/);
  });

  it("MR-01: --format json gives the same metrics, deterministically", async () => {
    const args = [
      "--format",
      "json",
      "capa",
      "metrics",
      "--db",
      db,
      "--from",
      "2026-01-01",
      "--to",
      "2026-04-01",
      "--zone",
      "America/New_York",
    ];
    const a = await runCli(args);
    const b = await runCli(args);
    expect(a.code, a.err).toBe(0);
    expect(a.out).toBe(b.out);
    const m = JSON.parse(a.out);
    expect(m.openedInPeriod).toEqual(["CAPA-A", "CAPA-B"]);
    expect(m.overdue).toMatchObject({ againstOriginalIds: ["CAPA-B"], againstExtendedIds: ["CAPA-B"] });
    expect(m.openAtEnd).toBe(1);
  });

  it("defaults the period to the days the log covers", async () => {
    const r = await runCli(["--format", "json", "capa", "metrics", "--db", db]);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).period).toMatchObject({ from: "2026-01-05", to: "2026-01-26", zone: "UTC" });
  });

  it("refuses a missing file, a bad zone or period, and a log without CAPAs, with exit code 2", async () => {
    expect((await runCli(["capa", "metrics", "--db", join(tmpdir(), "no-such-qmskit.sqlite")])).code).toBe(2);
    const zone = await runCli(["capa", "metrics", "--db", db, "--zone", "Mars/Base"]);
    expect(zone.code).toBe(2);
    expect(zone.err).toContain("time zone");
    const period = await runCli([
      "capa",
      "metrics",
      "--db",
      db,
      "--from",
      "2026-04-01",
      "--to",
      "2026-01-01",
    ]);
    expect(period.code).toBe(2);
    const empty = await runCli(["capa", "metrics", "--db", emptyDb]);
    expect(empty.code).toBe(2);
    expect(empty.err).toContain("no CAPA events");
    expect((await runCli(["capa", "metrics"])).code).toBe(2);
  });
});
