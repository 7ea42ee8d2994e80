import {
  type Actor,
  createSignature,
  type EventLog,
  InMemoryEventLog,
  isQmsError,
  QmsError,
  sequentialIds,
  TestClock,
  verifyChain,
} from "@qmskit/core";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  createBusinessCalendar,
  defineWorkflow,
  InMemoryOutbox,
  replay,
  signedRecordOf,
  WorkflowEventType,
  WorkflowRegistry,
  WorkflowService,
  type WorkflowState,
} from "../src/index.js";
import { author, mini, outsider, qa } from "./fixtures.js";

const us = createBusinessCalendar({
  id: "us",
  version: "2026.1",
  zone: "America/New_York",
  holidays: { country: "US" },
});

function setup(options: { log?: EventLog; registry?: WorkflowRegistry } = {}) {
  const clock = new TestClock("2026-03-02T15:00:00Z");
  const log = options.log ?? new InMemoryEventLog({ clock });
  const outbox = new InMemoryOutbox();
  const service = new WorkflowService({
    log,
    clock,
    registry: options.registry ?? new WorkflowRegistry([mini]),
    ids: sequentialIds("capa"),
    calendars: [us],
    outbox,
    predicates: { criteriaSetInAdvance: ({ state }) => state?.fields.summary === undefined },
  });
  return { clock, log, outbox, service };
}

const sig = (actor: Actor, state: WorkflowState, clock: TestClock, meaning = "approval") =>
  createSignature(actor, meaning, signedRecordOf(state), { clock });

async function toPlanning(service: WorkflowService): Promise<string> {
  const opened = await service.create(
    { id: "mini-capa", version: 1 },
    "open",
    { title: "Seal leak", owner: author.id },
    { actor: author },
  );
  if (!opened.ok) throw new Error(opened.rejection.message);
  const id = opened.recordId;
  for (const [cmd, payload] of [
    ["startInvestigation", undefined],
    ["recordRootCause", { rootCause: "Worn die" }],
    ["completeInvestigation", undefined],
    ["addAction", { action: { id: "a1", owner: "u-eng2", text: "Replace die" } }],
  ] as const) {
    const r = await service.execute(id, cmd, payload, { actor: author });
    if (!r.ok) throw new Error(`${cmd}: ${r.rejection.message}`);
  }
  return id;
}

describe("WorkflowService", () => {
  it("runs commands, appends with expectedVersion, and the log replays to the same state (CAPA-09)", async () => {
    const { service, log, clock } = setup();
    const id = await toPlanning(service);
    const state = (await service.get(id))!;
    expect(state).toMatchObject({
      status: "planning",
      version: 5,
      workflow: { id: "mini-capa", version: 1 },
    });
    const approved = await service.execute(
      id,
      "approvePlan",
      {},
      { actor: qa, signatures: [sig(qa, state, clock)] },
    );
    expect(approved.ok).toBe(true);
    const events = await log.read(id);
    expect(events.map((e) => e.type)).toEqual(Array(6).fill(WorkflowEventType.commandExecuted));
    expect(events[5]!.signatures?.[0]?.meaning).toBe("approval");
    expect(replay(events)).toEqual(approved.ok ? approved.state : undefined);
    expect(verifyChain(await log.readAll()).ok).toBe(true);
  });

  it("P11-07: a refused command is logged on the record's stream and leaves the record unchanged", async () => {
    const { service, log } = setup();
    const id = await toPlanning(service);
    const before = (await service.get(id))!;
    const r = await service.execute(id, "completeImplementation", undefined, { actor: author });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.rejection).toMatchObject({ code: "INVALID_STATE", requirement: "P11-07" });
    expect(r.logged.type).toBe(WorkflowEventType.commandRejected);
    expect(r.logged.streamId).toBe(id);
    expect(r.logged.data).toMatchObject({
      command: "completeImplementation",
      status: "planning",
      rejection: r.rejection,
    });
    const after = (await service.get(id))!;
    expect(after.status).toBe(before.status);
    expect(after.fields).toEqual(before.fields);
    expect(after.rejections).toBe(1);
    expect((await log.read(id)).at(-1)!.type).toBe(WorkflowEventType.commandRejected);
  });

  it("P11-08: a failed authority check is rejected and logged with the actor", async () => {
    const { service, log } = setup();
    const opened = await service.create("mini-capa", "open", { title: "t", owner: "o" }, { actor: author });
    const r = await service.execute(opened.recordId, "startInvestigation", undefined, { actor: outsider });
    expect(r).toMatchObject({ ok: false, rejection: { code: "ROLE", requirement: "P11-08" } });
    const last = (await log.read(opened.recordId)).at(-1)!;
    expect(last.actor.id).toBe(outsider.id);
    expect(last.type).toBe(WorkflowEventType.commandRejected);
  });

  it("refusals for records that do not exist go to the rejection stream, not to a new record stream", async () => {
    const { service, log } = setup();
    const r = await service.execute("capa-nope", "startInvestigation", undefined, { actor: author });
    expect(r).toMatchObject({ ok: false, rejection: { code: "NOT_FOUND" }, state: undefined });
    expect(await log.streamVersion("capa-nope")).toBe(0);
    const logged = await log.read("workflow-rejections");
    expect(logged).toHaveLength(1);
    expect(logged[0]!.metadata).toMatchObject({ recordId: "capa-nope" });
    const bad = await service.execute(
      "capa-x",
      "open",
      { title: 5 },
      { actor: author, workflow: "mini-capa" },
    );
    expect(bad).toMatchObject({ ok: false, rejection: { code: "INVALID_PAYLOAD" } });
    expect(await log.streamVersion("capa-x")).toBe(0);
  });

  it("resolves linked records through the host lookup (default: records in the same log)", async () => {
    const changeOrder = defineWorkflow({
      id: "change-order",
      version: 1,
      states: ["draft", "effective"],
      terminal: ["effective"],
      commands: {
        create: { creates: true, to: "draft" },
        makeEffective: { from: ["draft"], to: "effective" },
      },
    });
    const { service, clock } = setup({ registry: new WorkflowRegistry([mini, changeOrder]) });
    await service.execute("co-1", "create", undefined, { actor: author, workflow: "change-order" });
    const id = await toPlanning(service);
    const s = (await service.get(id))!;
    await service.execute(
      id,
      "approvePlan",
      { changeOrders: ["co-1"] },
      { actor: qa, signatures: [sig(qa, s, clock)] },
    );
    const refused = await service.execute(id, "completeImplementation", undefined, { actor: author });
    expect(refused).toMatchObject({
      ok: false,
      rejection: { code: "LINKED_RECORD", details: { id: "co-1" } },
    });
    await service.execute("co-1", "makeEffective", undefined, { actor: author });
    const done = await service.execute(id, "completeImplementation", undefined, { actor: author });
    expect(done.ok).toBe(true);
    if (done.ok) expect(done.events[0]!.data).toMatchObject({ linked: { "co-1": "effective" } });
  });

  it("retries on a concurrent write and decides again on the new state", async () => {
    const clock = new TestClock("2026-03-02T15:00:00Z");
    const inner = new InMemoryEventLog({ clock });
    let raced = false;
    const racing: EventLog = {
      append: async (streamId, events, options) => {
        if (!raced && streamId === "capa-r" && options.expectedVersion === 1) {
          raced = true;
          // Another writer gets in first.
          await inner.append(streamId, [{ type: "note.added", data: {}, actor: author }], {
            expectedVersion: 1,
          });
        }
        return inner.append(streamId, events, options);
      },
      appendAtomic: (r) => inner.appendAtomic(r),
      read: (s, o) => inner.read(s, o),
      readAll: (o) => inner.readAll(o),
      streamVersion: (s) => inner.streamVersion(s),
      head: () => inner.head(),
      close: () => inner.close(),
    };
    const { service } = setup({ log: racing });
    await service.execute(
      "capa-r",
      "open",
      { title: "t", owner: "o" },
      { actor: author, workflow: "mini-capa" },
    );
    const r = await service.execute("capa-r", "startInvestigation", undefined, { actor: author });
    expect(raced).toBe(true);
    expect(r).toMatchObject({ ok: true, state: { status: "investigation", version: 3 } });
  });

  it("rejects malformed calls with a VALIDATION error, never a crash", async () => {
    const { service } = setup();
    await expect(service.execute("", "open", {}, { actor: author })).rejects.toSatisfy((e) =>
      isQmsError(e, "VALIDATION"),
    );
    await expect(
      service.execute("capa-1", "open", {}, { actor: { id: 1 } as unknown as Actor, workflow: "mini-capa" }),
    ).rejects.toSatisfy((e) => isQmsError(e, "VALIDATION"));
    const weird = await service.execute(
      "capa-1",
      "constructor",
      { a: 1n },
      { actor: author, workflow: "mini-capa" },
    );
    expect(weird).toMatchObject({ ok: false, rejection: { code: "UNKNOWN_COMMAND" } });
  });

  describe("versioned definitions and migration", () => {
    const { recordEffectiveness: _dropped, ...kept } = mini.commands;
    const v2 = defineWorkflow({
      ...mini,
      version: 2,
      states: mini.states.filter((s) => s !== "effectiveness"),
      terminal: ["closed", "cancelled"],
      commands: {
        ...kept,
        completeImplementation: { ...mini.commands.completeImplementation, to: "closed" },
      },
    });

    it("instances keep their pinned version when a new version is registered", async () => {
      const registry = new WorkflowRegistry([mini]);
      const { service } = setup({ registry });
      const opened = await service.create("mini-capa", "open", { title: "t", owner: "o" }, { actor: author });
      registry.register(v2);
      const s = (await service.get(opened.recordId))!;
      expect(s.workflow).toEqual({ id: "mini-capa", version: 1 });
      const next = await service.execute(opened.recordId, "startInvestigation", undefined, { actor: author });
      expect(next).toMatchObject({ ok: true, state: { workflow: { version: 1 } } });
      const fresh = await service.create("mini-capa", "open", { title: "t", owner: "o" }, { actor: author });
      expect(fresh).toMatchObject({ ok: true, state: { workflow: { version: 2 } } });
    });

    it("P11-07: migration is an explicit audited event, refused when the state does not exist in the new version", async () => {
      const registry = new WorkflowRegistry([mini, v2]);
      const { service, log, clock } = setup({ registry });
      const id = await toPlanning(service);
      const moved = await service.migrate(id, 2, { actor: qa, reason: "CC-12: effectiveness step merged" });
      expect(moved).toMatchObject({ ok: true, state: { workflow: { version: 2 }, status: "planning" } });
      const last = (await log.read(id)).at(-1)!;
      expect(last).toMatchObject({
        type: WorkflowEventType.migrated,
        reason: "CC-12: effectiveness step merged",
      });

      const other = await toPlanning(service);
      let s = (await service.get(other))!;
      await service.execute(other, "approvePlan", {}, { actor: qa, signatures: [sig(qa, s, clock)] });
      await service.execute(other, "completeImplementation", undefined, { actor: author });
      s = (await service.get(other))!;
      expect(s.status).toBe("effectiveness");
      const refused = await service.migrate(other, 2, { actor: qa, reason: "try" });
      expect(refused).toMatchObject({ ok: false, rejection: { code: "MIGRATION", requirement: "P11-07" } });
      expect((await service.get(other))!.workflow.version).toBe(1);
      expect((await log.read(other)).at(-1)!.type).toBe(WorkflowEventType.commandRejected);
      await expect(service.migrate(other, 9, { actor: qa, reason: "x" })).rejects.toSatisfy((e) =>
        isQmsError(e, "NOT_FOUND"),
      );
    });
  });

  it("registry refuses a different definition under a taken id and version", () => {
    const registry = new WorkflowRegistry([mini]);
    expect(() => registry.register({ ...mini })).toThrow(QmsError);
    expect(registry.register(mini).latest("mini-capa")).toBe(mini);
  });

  it("predicate inputs see the record as it would be after the command", async () => {
    const { service } = setup();
    const seen: unknown[] = [];
    const wf = defineWorkflow({
      id: "p",
      version: 1,
      states: ["a", "b"],
      terminal: ["b"],
      commands: {
        c: { creates: true, to: "a", payload: z.object({ n: z.number() }), assign: "payload" },
        go: {
          from: ["a"],
          to: "b",
          payload: z.object({ m: z.number() }),
          assign: "payload",
          requires: [{ kind: "predicate", name: "p", params: { limit: 3 } }],
        },
      },
    });
    const s2 = new WorkflowService({
      log: new InMemoryEventLog(),
      clock: new TestClock(),
      registry: new WorkflowRegistry([wf]),
      predicates: {
        p: ({ fields, params }) => {
          seen.push(fields, params);
          return (fields.m as number) < (params?.limit as number);
        },
      },
    });
    void service;
    await s2.execute("r", "c", { n: 1 }, { actor: author, workflow: "p" });
    expect(await s2.execute("r", "go", { m: 5 }, { actor: author })).toMatchObject({ ok: false });
    expect(seen[0]).toEqual({ n: 1, m: 5 });
    expect(await s2.execute("r", "go", { m: 2 }, { actor: author })).toMatchObject({ ok: true });
  });
});
