import { createSignature, InMemoryEventLog, sequentialIds, TestClock } from "@qmskit/core";
import { describe, expect, it } from "vitest";
import {
  createBusinessCalendar,
  deadlineNotices,
  InMemoryOutbox,
  signedRecordOf,
  WorkflowEventType,
  WorkflowRegistry,
  WorkflowService,
} from "../src/index.js";
import { author, mini, qa } from "./fixtures.js";

const us = createBusinessCalendar({
  id: "us",
  version: "2026.1",
  zone: "America/New_York",
  holidays: { country: "US" },
});

async function setup() {
  const clock = new TestClock("2026-03-02T15:00:00Z");
  const log = new InMemoryEventLog({ clock });
  const outbox = new InMemoryOutbox();
  const make = (o = outbox) =>
    new WorkflowService({
      log,
      clock,
      registry: new WorkflowRegistry([mini]),
      ids: sequentialIds("capa"),
      calendars: [us],
      outbox: o,
    });
  const service = make();
  const opened = await service.create(
    "mini-capa",
    "open",
    { title: "t", owner: author.id },
    { actor: author },
  );
  const id = opened.recordId;
  await service.execute(id, "startInvestigation", undefined, { actor: author });
  await service.execute(id, "recordRootCause", { rootCause: "c" }, { actor: author });
  await service.execute(id, "completeInvestigation", undefined, { actor: author });
  const state = (await service.get(id))!;
  const sig = createSignature(qa, "approval", signedRecordOf(state), { clock });
  const approved = await service.execute(id, "approvePlan", {}, { actor: qa, signatures: [sig] });
  if (!approved.ok) throw new Error(approved.rejection.message);
  return { clock, log, outbox, service, id, make };
}

describe("tick and the outbox", () => {
  it("CAPA-10: emits due, overdue and escalation notices once each, through the outbox, without timers", async () => {
    const { clock, outbox, service, id } = await setup();
    const dl = (await service.get(id))!.deadlines.implementation!;
    expect(dl).toMatchObject({
      dueDate: "2026-04-01",
      dueFrom: "2026-04-01T04:00:00.000Z",
      dueAt: "2026-04-02T03:59:59.999Z",
    });
    expect(dl.escalation).toMatchObject({ dueDate: "2026-04-08", roles: ["qa"] });

    expect((await service.tick(new Date("2026-03-31T12:00:00Z"))).events).toEqual([]);

    clock.set("2026-04-01T12:00:00Z");
    const due = await service.tick();
    expect(due.events.map((e) => e.type)).toEqual([WorkflowEventType.deadlineDue]);
    expect(due.messages.map((m) => m.type)).toEqual([WorkflowEventType.deadlineDue]);
    expect(due.messages[0]).toMatchObject({ recordId: id, id: due.events[0]!.id });

    // Idempotent: the same tick again appends and enqueues nothing.
    expect(await service.tick()).toEqual({ events: [], messages: [] });

    // Late tick after everything is past: overdue and escalation together, in order.
    const late = await service.tick(new Date("2026-04-20T00:00:00Z"));
    expect(late.events.map((e) => e.type)).toEqual([
      WorkflowEventType.deadlineOverdue,
      WorkflowEventType.deadlineEscalated,
    ]);
    expect(late.events[1]!.data).toMatchObject({
      name: "implementation",
      notice: "escalated",
      roles: ["qa"],
    });
    expect(late.events[1]!.actor.id).toBe("system:workflow-scheduler");
    expect((await outbox.pending()).map((m) => m.type)).toEqual([
      WorkflowEventType.deadlineDue,
      WorkflowEventType.deadlineOverdue,
      WorkflowEventType.deadlineEscalated,
    ]);
    await outbox.acknowledge((await outbox.pending()).map((m) => m.id));
    expect(await outbox.pending()).toEqual([]);
    expect(await service.tick(new Date("2026-05-01T00:00:00Z"))).toEqual({ events: [], messages: [] });
    expect((await service.get(id))!.deadlines.implementation!.notified).toEqual([
      "due",
      "overdue",
      "escalated",
    ]);
  });

  it("a stopped deadline emits nothing", async () => {
    const { service, id } = await setup();
    await service.execute(id, "completeImplementation", undefined, { actor: author });
    expect((await service.get(id))!.deadlines.implementation!.status).toBe("stopped");
    expect((await service.tick(new Date("2026-06-01T00:00:00Z"))).events).toEqual([]);
  });

  it("a fresh service (after a restart) finds stored deadlines and relays notices another process appended", async () => {
    const { service, id, make } = await setup();
    const first = await service.tick(new Date("2026-04-01T12:00:00Z"));
    expect(first.events).toHaveLength(1);
    // A restarted process with an empty outbox replays the log: it relays the stored notice (idempotent by
    // event id) and emits only what is still owed.
    const outbox2 = new InMemoryOutbox();
    const restarted = make(outbox2);
    const r = await restarted.tick(new Date("2026-04-03T12:00:00Z"));
    expect(r.events.map((e) => e.type)).toEqual([WorkflowEventType.deadlineOverdue]);
    expect(outbox2.all().map((m) => m.type)).toEqual([
      WorkflowEventType.deadlineDue,
      WorkflowEventType.deadlineOverdue,
    ]);
    expect((await service.get(id))!.deadlines.implementation!.notified).toEqual(["due", "overdue"]);
  });

  it("deadlineNotices is pure and owes nothing before the due day", async () => {
    const { service, id } = await setup();
    const state = (await service.get(id))!;
    expect(deadlineNotices(state, new Date("2026-03-31T00:00:00Z"), author)).toEqual([]);
    const owed = deadlineNotices(state, new Date("2026-04-02T04:00:00Z"), author);
    expect(owed.map((e) => (e.data as { notice: string }).notice)).toEqual(["due", "overdue"]);
    expect(deadlineNotices(state, new Date("2026-04-02T04:00:00Z"), author)).toEqual(owed);
  });

  it("refuses an invalid tick time", async () => {
    const { service } = await setup();
    await expect(service.tick(new Date(Number.NaN))).rejects.toThrow(/valid Date/);
  });
});
