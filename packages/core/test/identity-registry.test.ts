import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Actor,
  IdentityEvents,
  IdentityRegistry,
  InMemoryEventLog,
  isQmsError,
  SigningService,
  sequentialIds,
  TestClock,
  verifyChain,
} from "../src/index.js";

const admin: Actor = { id: "u-admin", name: "Ira Admin", roles: ["it-admin"] };
const ada = { userId: "u-ada", personKey: "EMP-0042", name: "Ada Quality" };

function setup() {
  const clock = new TestClock("2026-03-01T09:00:00Z", { stepMs: 1000 });
  const log = new InMemoryEventLog({ clock, ids: sequentialIds("e") });
  return { clock, log, identities: new IdentityRegistry({ log }) };
}

async function code(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return isQmsError(e) ? e.code : "not a QmsError";
  }
}

describe("IdentityRegistry", () => {
  it("P11-12: a user id is bound to one person once; it is never issued again, also after deactivation", async () => {
    const { identities, log } = setup();
    const rec = await identities.register(ada, admin);
    expect(rec).toMatchObject({
      userId: "u-ada",
      personKey: "EMP-0042",
      name: "Ada Quality",
      status: "active",
    });
    expect(rec.registeredBy).toBe("u-admin");
    // the same id for someone else, or again for the same person: refused
    expect(await code(identities.register({ ...ada, personKey: "EMP-0099", name: "Eve Other" }, admin))).toBe(
      "CONFLICT",
    );
    await identities.deactivate("u-ada", admin, "left the company");
    expect((await identities.get("u-ada"))?.status).toBe("deactivated");
    const again = identities.register({ ...ada, personKey: "EMP-0099", name: "Eve Other" }, admin);
    await expect(again).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/never issued again/),
    });
    expect(await code(identities.register(ada, admin))).toBe("CONFLICT");
    // every change is an audit event by the administrator, with its reason, in a verifiable chain
    const events = await log.read("identity:u-ada");
    expect(events.map((e) => e.type)).toEqual([IdentityEvents.registered, IdentityEvents.deactivated]);
    expect(events[1]).toMatchObject({ actor: { id: "u-admin" }, reason: "left the company" });
    expect(verifyChain(await log.readAll()).ok).toBe(true);
  });

  it("P11-12: a person holds at most one active signing identity; after deactivation a new id may be issued", async () => {
    const { identities } = setup();
    await identities.register(ada, admin);
    const second = identities.register({ ...ada, userId: "u-ada2" }, admin);
    await expect(second).rejects.toMatchObject({ code: "CONFLICT", details: { activeUserId: "u-ada" } });
    await identities.deactivate("u-ada", admin, "account compromised, new id issued");
    await expect(identities.register({ ...ada, userId: "u-ada2" }, admin)).resolves.toMatchObject({
      status: "active",
    });
    expect((await identities.get("u-ada"))?.status).toBe("deactivated");
  });

  it("P11-12: racing registrations of one user id (or one person) bind exactly one", async () => {
    const { identities } = setup();
    const sameId = await Promise.allSettled([
      identities.register(ada, admin),
      identities.register({ userId: "u-ada", personKey: "EMP-0099", name: "Eve Other" }, admin),
    ]);
    expect(sameId.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = sameId.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "CONFLICT" });
    const samePerson = await Promise.allSettled([
      identities.register({ userId: "u-bob", personKey: "EMP-7", name: "Bob Builder" }, admin),
      identities.register({ userId: "u-bob2", personKey: "EMP-7", name: "Bob Builder" }, admin),
    ]);
    expect(samePerson.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
  });

  it("P11-12: check() accepts only an active identity presented with its person's name; renames are recorded", async () => {
    const { identities } = setup();
    await identities.register(ada, admin);
    const actor: Actor = { id: "u-ada", name: "Ada Quality", roles: ["qa"] };
    expect(await identities.check(actor)).toMatchObject({ ok: true });
    expect(await identities.check({ ...actor, name: "Eve Other" })).toMatchObject({
      ok: false,
      reason: "identity-mismatch",
    });
    expect(await identities.check({ ...actor, id: "u-nobody" })).toMatchObject({
      ok: false,
      reason: "unknown-identity",
    });
    // ids are trimmed like every other text field, also when they name the identity to change
    await identities.rename(" u-ada ", "Ada Quality-Smith", admin, "name changed on marriage");
    expect(await identities.check({ ...actor, name: "Ada Quality-Smith" })).toMatchObject({ ok: true });
    expect(await identities.check(actor)).toMatchObject({ ok: false, reason: "identity-mismatch" });
    await identities.deactivate("u-ada", admin, "left");
    expect(await identities.check({ ...actor, name: "Ada Quality-Smith" })).toMatchObject({
      ok: false,
      reason: "identity-deactivated",
    });
  });

  it("rejects malformed input with VALIDATION and unknown ids with NOT_FOUND; a reason is required", async () => {
    const { identities } = setup();
    for (const bad of [
      { ...ada, userId: "" },
      { ...ada, name: "   " },
      { ...ada, personKey: "a\u0000b" },
      { ...ada, extra: 1 },
      null,
      "u-ada",
    ]) {
      expect(await code(identities.register(bad as typeof ada, admin))).toBe("VALIDATION");
    }
    expect(await code(identities.deactivate("u-ghost", admin, "gone"))).toBe("NOT_FOUND");
    await identities.register(ada, admin);
    expect(await code(identities.deactivate("u-ada", admin, " "))).toBe("VALIDATION");
    expect(await code(identities.rename("u-ada", "", admin, "typo"))).toBe("VALIDATION");
  });

  it("P11-12: for any sequence of registrations and deactivations, an id is bound at most once and a person has at most one active id (property)", async () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant("register" as const),
        id: fc.integer({ min: 0, max: 4 }),
        person: fc.integer({ min: 0, max: 2 }),
      }),
      fc.record({ kind: fc.constant("deactivate" as const), id: fc.integer({ min: 0, max: 4 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 25 }), async (ops) => {
        const { identities } = setup();
        const boundTo = new Map<string, string>();
        for (const o of ops) {
          const userId = `u-${o.id}`;
          if (o.kind === "register") {
            const personKey = `P-${o.person}`;
            const before = boundTo.has(userId);
            const r = await identities
              .register({ userId, personKey, name: `Person ${o.person}` }, admin)
              .then(
                () => "ok",
                (e) => (isQmsError(e) ? e.code : "crash"),
              );
            expect(r === "ok" || r === "CONFLICT").toBe(true);
            if (before) expect(r).toBe("CONFLICT");
            if (r === "ok") boundTo.set(userId, personKey);
          } else {
            const r = await identities.deactivate(userId, admin, "test").then(
              () => "ok",
              (e) => (isQmsError(e) ? e.code : "crash"),
            );
            expect(r).toBe(boundTo.has(userId) ? "ok" : "NOT_FOUND");
          }
        }
        const activeByPerson = new Map<string, number>();
        for (const [userId, personKey] of boundTo) {
          const rec = await identities.get(userId);
          expect(rec?.personKey).toBe(personKey);
          if (rec?.status === "active")
            activeByPerson.set(personKey, (activeByPerson.get(personKey) ?? 0) + 1);
        }
        for (const n of activeByPerson.values()) expect(n).toBe(1);
      }),
      { numRuns: 150 },
    );
  });
});

describe("SigningService with the identity register and a qualification hook", () => {
  function signing(qualified?: (a: Actor, meaning: string) => boolean | Promise<boolean>) {
    const { identities, log, clock } = setup();
    const service = new SigningService({
      authenticator: { verify: (_id, secret) => secret === "pw" },
      log,
      clock,
      securitySink: { raise: () => undefined },
      identities,
      ...(qualified ? { qualified } : {}),
    });
    const record = { recordId: "capa-1", recordVersion: 1, content: { plan: "x" } };
    const sign = (signer: Actor, meaning = "approval") =>
      service.sign({
        sessionId: `s-${signer.id}-${signer.name}`,
        signer,
        userId: signer.id,
        secret: "pw",
        meaning,
        record,
      });
    return { identities, log, sign };
  }

  it("P11-12: only an active identity issued to the signer signs; refusals are audit events", async () => {
    const { identities, log, sign } = signing();
    const actor: Actor = { id: "u-ada", name: "Ada Quality", roles: ["qa"] };
    expect(await sign(actor)).toMatchObject({ ok: false, reason: "unknown-identity" });
    await identities.register(ada, admin);
    expect(await sign(actor)).toMatchObject({ ok: true });
    expect(await sign({ ...actor, name: "Eve Other" })).toMatchObject({
      ok: false,
      reason: "identity-mismatch",
    });
    await identities.deactivate("u-ada", admin, "left");
    expect(await sign(actor)).toMatchObject({ ok: false, reason: "identity-deactivated" });
    const refused = (await log.read("security.signing")).map((e) => (e.data as { reason: string }).reason);
    expect(refused).toEqual(["unknown-identity", "identity-mismatch", "identity-deactivated"]);
  });

  it("P11-16: the host's qualification check is asked before each signing, and a refusal is recorded", async () => {
    const asked: [string, string][] = [];
    const { identities, log, sign } = signing(async (a, meaning) => {
      asked.push([a.id, meaning]);
      return meaning !== "release";
    });
    await identities.register(ada, admin);
    const actor: Actor = { id: "u-ada", name: "Ada Quality", roles: ["qa"] };
    expect(await sign(actor, "approval")).toMatchObject({ ok: true });
    expect(await sign(actor, "release")).toMatchObject({ ok: false, reason: "not-qualified" });
    expect(asked).toEqual([
      ["u-ada", "approval"],
      ["u-ada", "release"],
    ]);
    expect((await log.read("security.signing")).map((e) => (e.data as { reason: string }).reason)).toEqual([
      "not-qualified",
    ]);
  });

  it("P11-16: a qualification check that throws counts as not qualified", async () => {
    const { identities, sign } = signing(() => {
      throw new Error("LMS down");
    });
    await identities.register(ada, admin);
    expect(await sign({ id: "u-ada", name: "Ada Quality", roles: [] })).toMatchObject({
      ok: false,
      reason: "not-qualified",
    });
  });
});
