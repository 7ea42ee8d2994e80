import { contentHash, QmsError, type Signature } from "@qmskit/core";
import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import {
  createBusinessCalendar,
  type DecideContext,
  decide,
  decideCommand,
  defineWorkflow,
  evolve,
  replay,
  signedRecordOf,
  type WorkflowState,
} from "../src/index.js";
import { author, mini, outsider, qa, qa2 } from "./fixtures.js";

const us = createBusinessCalendar({
  id: "us",
  version: "2026.1",
  zone: "America/New_York",
  holidays: { country: "US" },
});
const now = new Date("2026-03-02T15:00:00Z");
const ctx = (actor = author, extra: Partial<DecideContext> = {}): DecideContext => ({
  actor,
  now,
  recordId: "capa-1",
  calendars: { us },
  predicates: {
    criteriaSetInAdvance: ({ state }) => state?.fields.criteria !== undefined || "Set criteria first",
  },
  ...extra,
});

/** Runs accepted commands and folds the events. */
function run(
  state: WorkflowState | undefined,
  command: string,
  payload: unknown,
  c: DecideContext,
): WorkflowState {
  const d = decideCommand(mini, state, command, payload, c);
  if (!d.ok) throw new Error(`${command} refused: ${d.rejection.message}`);
  let s = state;
  for (const e of d.events) s = evolve(mini, s, e);
  return s!;
}

function sign(actor: typeof qa, state: WorkflowState, meaning = "approval"): Signature {
  const signed = signedRecordOf(state);
  return {
    signerId: actor.id,
    printedName: actor.name,
    meaning,
    signedAt: now.toISOString(),
    recordId: signed.recordId,
    recordVersion: signed.recordVersion,
    contentHash: contentHash(signed.content),
  };
}

function toPlanning(): WorkflowState {
  let s = run(undefined, "open", { title: "Seal leak", owner: author.id }, ctx());
  s = run(s, "startInvestigation", undefined, ctx());
  s = run(s, "recordRootCause", { rootCause: "Worn die" }, ctx());
  s = run(s, "completeInvestigation", undefined, ctx());
  return run(s, "addAction", { action: { id: "a1", owner: "u-eng2", text: "Replace die" } }, ctx());
}

describe("decide", () => {
  it("type-checks payloads from the per-command zod schemas", () => {
    const s = toPlanning();
    // A well-typed call compiles; the next lines would not (kept as type assertions).
    decide(mini, s, "approvePlan", { comment: "fine" }, ctx(qa));
    expectTypeOf<Parameters<typeof decide<typeof mini, "open">>[3]>().toEqualTypeOf<{
      title: string;
      owner: string;
    }>();
    // @ts-expect-error: the payload of "open" needs a title
    decide(mini, undefined, "open", { owner: "x" }, ctx());
    // @ts-expect-error: unknown command
    decide(mini, s, "approvePlann", {}, ctx());
  });

  it("creates a record, assigns payload fields and records field changes with old and new values", () => {
    const d = decide(mini, undefined, "open", { title: "Seal leak", owner: author.id }, ctx());
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.events).toHaveLength(1);
    expect(d.events[0]!.data).toMatchObject({
      command: "open",
      from: null,
      to: "draft",
      changes: { title: { old: null, new: "Seal leak" }, owner: { old: null, new: author.id } },
    });
    const s = replay(d.events.map((e, i) => ({ ...e, version: i + 1 })));
    expect(s).toMatchObject({ recordId: "capa-1", status: "draft", version: 1, createdBy: author.id });
  });

  it("P11-07: rejects a command not permitted from the current state", () => {
    const s = run(undefined, "open", { title: "Seal leak", owner: author.id }, ctx());
    const d = decide(mini, s, "approvePlan", {}, ctx(qa));
    expect(d).toEqual({
      ok: false,
      rejection: expect.objectContaining({ code: "INVALID_STATE", requirement: "P11-07" }),
    });
  });

  it("P11-07: enforces sequencing (no command before the record exists, no second creation)", () => {
    expect(decide(mini, undefined, "startInvestigation", undefined, ctx())).toMatchObject({
      ok: false,
      rejection: { code: "NOT_FOUND", requirement: "P11-07" },
    });
    const s = run(undefined, "open", { title: "t", owner: "o" }, ctx());
    expect(decide(mini, s, "open", { title: "t", owner: "o" }, ctx())).toMatchObject({
      ok: false,
      rejection: { code: "ALREADY_EXISTS" },
    });
    expect(decideCommand(mini, s, "__proto__", {}, ctx())).toMatchObject({
      ok: false,
      rejection: { code: "UNKNOWN_COMMAND" },
    });
  });

  it("P11-08: rejects an actor without a required role", () => {
    const s = run(undefined, "open", { title: "t", owner: "o" }, ctx());
    expect(decide(mini, s, "startInvestigation", undefined, ctx(outsider))).toMatchObject({
      ok: false,
      rejection: { code: "ROLE", requirement: "P11-08" },
    });
  });

  it("P11-08: rejects an invalid payload with the zod issues", () => {
    const d = decideCommand(mini, undefined, "open", { title: "", owner: 7 }, ctx());
    expect(d.ok).toBe(false);
    if (d.ok) return;
    expect(d.rejection.code).toBe("INVALID_PAYLOAD");
    expect(JSON.stringify(d.rejection.details)).toContain("title");
  });

  it("CAPA-03 style fields requirement: leaving investigation needs a root cause, with the host's requirement ID", () => {
    let s = run(undefined, "open", { title: "t", owner: "o" }, ctx());
    s = run(s, "startInvestigation", undefined, ctx());
    expect(decide(mini, s, "completeInvestigation", undefined, ctx())).toMatchObject({
      ok: false,
      rejection: { code: "FIELDS", requirement: "CAPA-03", message: "Record at least one root cause first" },
    });
  });

  it("P11-08: plan approval needs an approval signature by the actor on the current version", () => {
    const s = toPlanning();
    expect(decide(mini, s, "approvePlan", {}, ctx(qa))).toMatchObject({
      ok: false,
      rejection: { code: "SIGNATURE", requirement: "P11-08" },
    });
    const good = sign(qa, s);
    expect(decide(mini, s, "approvePlan", {}, ctx(qa, { signatures: [good] })).ok).toBe(true);
    // Someone else's signature, an old version, or changed content are refused.
    expect(decide(mini, s, "approvePlan", {}, ctx(qa, { signatures: [sign(qa2, s)] })).ok).toBe(false);
    expect(
      decide(mini, s, "approvePlan", {}, ctx(qa, { signatures: [{ ...good, recordVersion: 1 }] })).ok,
    ).toBe(false);
    expect(
      decide(mini, s, "approvePlan", {}, ctx(qa, { signatures: [{ ...good, contentHash: "0".repeat(64) }] }))
        .ok,
    ).toBe(false);
    // The wrong meaning does not satisfy the requirement.
    expect(
      decide(mini, s, "approvePlan", {}, ctx(qa, { signatures: [sign(qa, s, "authorship")] })),
    ).toMatchObject({
      ok: false,
      rejection: { code: "SIGNATURE" },
    });
  });

  it("CAPA-13: the approver may not be the record owner, an action owner, or who opened the record", () => {
    const s = toPlanning();
    const qaOwner = { ...qa, id: author.id };
    expect(
      decide(mini, s, "approvePlan", {}, ctx(qaOwner, { signatures: [sign(qaOwner, s)] })),
    ).toMatchObject({
      ok: false,
      rejection: { code: "SEPARATION_OF_DUTIES", requirement: "CAPA-13" },
    });
    const actionOwner = { ...qa, id: "u-eng2" };
    expect(
      decide(mini, s, "approvePlan", {}, ctx(actionOwner, { signatures: [sign(actionOwner, s)] })),
    ).toMatchObject({
      ok: false,
      rejection: { code: "SEPARATION_OF_DUTIES", details: { against: { field: "actions.owner" } } },
    });
    // opened by qa, owned by someone else: separation from the "open" command applies
    let t = run(undefined, "open", { title: "t", owner: "u-x" }, ctx(qa));
    t = run(t, "startInvestigation", undefined, ctx());
    t = run(t, "recordRootCause", { rootCause: "c" }, ctx());
    t = run(t, "completeInvestigation", undefined, ctx());
    expect(decide(mini, t, "approvePlan", {}, ctx(qa, { signatures: [sign(qa, t)] }))).toMatchObject({
      ok: false,
      rejection: { code: "SEPARATION_OF_DUTIES", details: { against: { command: "open" } } },
    });
  });

  it("P11-08: linked records must be in the required state (resolved into the context)", () => {
    let s = toPlanning();
    s = run(s, "approvePlan", { changeOrders: ["co-1", "co-2"] }, ctx(qa, { signatures: [sign(qa, s)] }));
    const linked = (state: string) => ({
      "co-1": { id: "co-1", recordType: "change-order", state: "effective" },
      "co-2": { id: "co-2", recordType: "change-order", state },
    });
    expect(
      decide(mini, s, "completeImplementation", undefined, ctx(author, { linked: linked("approved") })),
    ).toMatchObject({
      ok: false,
      rejection: { code: "LINKED_RECORD", details: { id: "co-2", state: "approved" } },
    });
    expect(decide(mini, s, "completeImplementation", undefined, ctx(author, { linked: {} }))).toMatchObject({
      ok: false,
      rejection: { code: "LINKED_RECORD" },
    });
    const ok = decide(
      mini,
      s,
      "completeImplementation",
      undefined,
      ctx(author, { linked: linked("effective") }),
    );
    expect(ok.ok).toBe(true);
  });

  it("conditional targets: Effective closes, Ineffective returns to investigation, Inconclusive to planning", () => {
    let s = toPlanning();
    s = run(s, "approvePlan", {}, ctx(qa, { signatures: [sign(qa, s)] }));
    s = run(s, "completeImplementation", undefined, ctx());
    s = { ...s, fields: { ...s.fields, criteria: "no leaks in 30 days" } };
    const to = (result: string) => {
      const d = decideCommand(mini, s, "recordEffectiveness", { result, summary: "x" }, ctx());
      return d.ok ? (d.events[0]!.data as { to: string }).to : d.rejection.code;
    };
    expect(to("Effective")).toBe("closed");
    expect(to("Ineffective")).toBe("investigation");
    expect(to("Inconclusive")).toBe("planning");
    expect(to("Maybe")).toBe("INVALID_PAYLOAD");
  });

  it("named host predicates refuse with their message, and a missing predicate refuses", () => {
    let s = toPlanning();
    s = run(s, "approvePlan", {}, ctx(qa, { signatures: [sign(qa, s)] }));
    s = run(s, "completeImplementation", undefined, ctx());
    expect(
      decide(mini, s, "recordEffectiveness", { result: "Effective", summary: "x" }, ctx()),
    ).toMatchObject({
      ok: false,
      rejection: { code: "PREDICATE", requirement: "CAPA-05", message: "Set criteria first" },
    });
    expect(
      decide(
        mini,
        s,
        "recordEffectiveness",
        { result: "Effective", summary: "x" },
        { ...ctx(), predicates: {} },
      ),
    ).toMatchObject({ ok: false, rejection: { code: "PREDICATE" } });
    const throwing = ctx(author, {
      predicates: {
        criteriaSetInAdvance: () => {
          throw new Error("boom");
        },
      },
    });
    expect(
      decide(mini, s, "recordEffectiveness", { result: "Effective", summary: "x" }, throwing),
    ).toMatchObject({
      ok: false,
      rejection: { code: "PREDICATE" },
    });
  });

  it("a command that needs a reason is refused without one", () => {
    const s = run(undefined, "open", { title: "t", owner: "o" }, ctx());
    expect(decide(mini, s, "cancel", undefined, ctx(qa))).toMatchObject({
      ok: false,
      rejection: { code: "REASON_REQUIRED" },
    });
    const d = decide(mini, s, "cancel", undefined, ctx(qa, { reason: "duplicate of capa-0" }));
    expect(d.ok && d.events[0]!.reason).toBe("duplicate of capa-0");
  });

  it("starts deadlines as stored data (local date, zone, calendar version, UTC instant) and stops them", () => {
    let s = toPlanning();
    s = run(s, "approvePlan", {}, ctx(qa, { signatures: [sign(qa, s)] }));
    const dl = s.deadlines.implementation!;
    expect(dl).toMatchObject({
      status: "running",
      dueDate: "2026-04-01",
      dueAt: "2026-04-02T03:59:59.999Z",
      zone: "America/New_York",
      calendarId: "us",
      calendarVersion: "2026.1",
      anchorAt: now.toISOString(),
    });
    expect(dl.escalation).toMatchObject({ dueDate: "2026-04-08", roles: ["qa"] });
    s = run(s, "completeImplementation", undefined, ctx());
    expect(s.deadlines.implementation!.status).toBe("stopped");
  });

  it("hostile payload keys never reach a prototype", () => {
    const hostile = JSON.parse('{"title":"t","owner":"o","__proto__":{"polluted":true}}');
    const d = decideCommand(mini, undefined, "open", hostile, ctx());
    expect(d.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("decide context", () => {
  it("a malformed context is a VALIDATION error, not a crash", () => {
    const bad = [
      { ...ctx(), now: new Date(Number.NaN) },
      { ...ctx(), actor: { id: "x" } as never },
      { ...ctx(), recordId: "" },
      null as never,
    ];
    for (const c of bad)
      expect(() => decideCommand(mini, undefined, "open", { title: "t", owner: "o" }, c)).toThrow(QmsError);
  });
});

describe("hostile payloads", () => {
  it("P11-08: deeply nested input and throwing host schemas are refused, never thrown", () => {
    let deep: unknown = "x";
    for (let i = 0; i < 200_000; i++) deep = [deep];
    const wf = defineWorkflow({
      id: "deep",
      version: 1,
      states: ["a"],
      terminal: ["a"],
      commands: {
        make: { creates: true, to: "a", payload: z.object({ v: z.json() }) },
        boom: {
          creates: true,
          to: "a",
          payload: z.object({ v: z.string() }).refine(() => {
            throw new Error("host bug");
          }),
        },
      },
    });
    expect(decideCommand(wf, undefined, "make", { v: deep }, ctx())).toMatchObject({
      ok: false,
      rejection: { code: "INVALID_PAYLOAD" },
    });
    expect(decideCommand(wf, undefined, "boom", { v: "x" }, ctx())).toMatchObject({
      ok: false,
      rejection: { code: "INVALID_PAYLOAD" },
    });
  });
});
