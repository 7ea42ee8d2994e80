// The README's first examples, run as written (so the documentation cannot drift from the API).
import { type Actor, createSignature, InMemoryEventLog, TestClock, uuidV7Generator } from "@qmskit/core";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  decide,
  defineWorkflow,
  evolve,
  signedRecordOf,
  WorkflowRegistry,
  WorkflowService,
} from "../src/index.js";

const review = defineWorkflow({
  id: "review",
  version: 1,
  states: ["draft", "approved"],
  terminal: ["approved"],
  roles: ["author", "qa"],
  commands: {
    create: {
      creates: true,
      to: "draft",
      payload: z.object({ title: z.string(), owner: z.string() }),
      assign: "payload",
    },
    approve: {
      from: ["draft"],
      to: "approved",
      requires: [
        { kind: "role", anyOf: ["qa"] },
        { kind: "signature", meaning: "approval" },
        { kind: "separation", against: { field: "owner" } },
      ],
    },
  },
});
const author: Actor = { id: "u1", name: "Ada Author", roles: ["author"] };

describe("README examples", () => {
  it("P11-08: define, decide and fold", () => {
    const now = new Date();
    const created = decide(
      review,
      undefined,
      "create",
      { title: "SOP-12", owner: "u1" },
      { actor: author, now, recordId: "doc-1" },
    );
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const state = evolve(review, undefined, { ...created.events[0]!, version: 1 });
    const refused = decide(review, state, "approve", undefined, { actor: author, now, recordId: "doc-1" });
    expect(refused).toEqual({
      ok: false,
      rejection: {
        code: "ROLE",
        requirement: "P11-08",
        message: "This command needs one of the roles qa",
        details: { anyOf: ["qa"] },
      },
    });
  });

  it("P11-07: run commands on the event log, refusals logged, signed approval accepted", async () => {
    const clock = new TestClock();
    const service = new WorkflowService({
      log: new InMemoryEventLog({ clock }),
      clock,
      registry: new WorkflowRegistry([review]),
      ids: uuidV7Generator(),
    });
    const opened = await service.create(
      "review",
      "create",
      { title: "SOP-12", owner: "u1" },
      { actor: author },
    );
    const r = await service.execute(opened.recordId, "approve", undefined, { actor: author });
    expect(r.ok).toBe(false);
    const qa: Actor = { id: "u2", name: "Quinn QA", roles: ["qa"] };
    const state = (await service.get(opened.recordId))!;
    const signature = createSignature(qa, "approval", signedRecordOf(state), { clock });
    const ok = await service.execute(opened.recordId, "approve", undefined, {
      actor: qa,
      signatures: [signature],
    });
    expect(ok).toMatchObject({ ok: true, state: { status: "approved", rejections: 1 } });
  });
});
