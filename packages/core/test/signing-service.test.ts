import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Actor,
  type Authenticator,
  InMemoryEventLog,
  SECURITY_ALERT_EVENT,
  type SecurityEvent,
  SIGNING_FAILED_EVENT,
  SigningService,
  sequentialIds,
  TestClock,
  verifySignature,
} from "../src/index.js";

const ada: Actor = { id: "u-1", name: "Ada Quality", roles: ["approver"] };
const bob: Actor = { id: "u-2", name: "Bob Builder", roles: ["engineer"] };
const record = { recordId: "capa-1", recordVersion: 2, content: { plan: "replace seal" } };
const passwords: Record<string, string> = { "u-1": "correct horse", "u-2": "hunter2" };

function setup(options: { timeoutMs?: number; threshold?: number } = {}) {
  const clock = new TestClock("2026-03-01T09:00:00Z");
  const log = new InMemoryEventLog({ clock, ids: sequentialIds("e") });
  const raised: SecurityEvent[] = [];
  const checked: [string, string][] = [];
  const authenticator: Authenticator = {
    verify(userId, secret) {
      checked.push([userId, secret]);
      return passwords[userId] === secret;
    },
  };
  const service = new SigningService({
    authenticator,
    log,
    clock,
    securitySink: { raise: (e) => void raised.push(e) },
    ...(options.timeoutMs ? { sessionTimeoutMs: options.timeoutMs } : {}),
    ...(options.threshold ? { failureThreshold: options.threshold } : {}),
  });
  return { clock, log, raised, checked, service };
}

const req = (over: Record<string, unknown> = {}) => ({
  sessionId: "sess-1",
  signer: ada,
  userId: "u-1",
  secret: "correct horse",
  meaning: "approval",
  record,
  ...over,
});

describe("SigningService (Part 11 §11.200)", () => {
  it("P11-13: the first signing in a session needs both components; later ones the secret", async () => {
    const { service } = setup();
    expect(service.needsBothComponents("sess-1")).toBe(true);
    const first = await service.sign(req({ userId: undefined }));
    expect(first).toMatchObject({ ok: false, reason: "both-components-required" });
    const ok = await service.sign(req());
    expect(ok.ok).toBe(true);
    if (ok.ok) expect(verifySignature(ok.signature, record).ok).toBe(true);
    expect(service.needsBothComponents("sess-1")).toBe(false);
    const second = await service.sign(req({ userId: undefined, meaning: "review" }));
    expect(second).toMatchObject({ ok: true, signature: { meaning: "review", signerId: "u-1" } });
  });

  it("P11-13: after the idle timeout or the end of the session, both components are needed again", async () => {
    const { service, clock } = setup({ timeoutMs: 60_000 });
    expect((await service.sign(req())).ok).toBe(true);
    clock.advance({ seconds: 59 });
    expect((await service.sign(req({ userId: undefined }))).ok).toBe(true);
    clock.advance({ seconds: 61 });
    expect(await service.sign(req({ userId: undefined }))).toMatchObject({
      ok: false,
      reason: "both-components-required",
    });
    expect((await service.sign(req())).ok).toBe(true);
    service.endSession("sess-1");
    expect(await service.sign(req({ userId: undefined }))).toMatchObject({
      ok: false,
      reason: "both-components-required",
    });
    // a new login session starts over as well
    expect(await service.sign(req({ sessionId: "sess-2", userId: undefined }))).toMatchObject({ ok: false });
  });

  it("P11-14: the secret is re-verified at every signing; a session alone never signs", async () => {
    const { service, checked } = setup();
    expect((await service.sign(req())).ok).toBe(true);
    expect(await service.sign(req({ userId: undefined, secret: "" }))).toMatchObject({
      ok: false,
      reason: "secret-required",
    });
    expect(await service.sign(req({ userId: undefined, secret: "wrong" }))).toMatchObject({
      ok: false,
      reason: "bad-credentials",
    });
    expect((await service.sign(req({ userId: undefined }))).ok).toBe(true);
    expect(checked).toEqual([
      ["u-1", "correct horse"],
      ["u-1", "wrong"],
      ["u-1", "correct horse"],
    ]);
  });

  it("P11-12: a signer can only sign with their own user id, and a session belongs to one person", async () => {
    const { service } = setup();
    expect(await service.sign(req({ userId: "u-2", secret: "hunter2" }))).toMatchObject({
      ok: false,
      reason: "user-mismatch",
    });
    expect((await service.sign(req())).ok).toBe(true);
    expect(await service.sign(req({ signer: bob, userId: undefined, secret: "hunter2" }))).toMatchObject({
      ok: false,
      reason: "user-mismatch",
    });
  });

  it("P11-09: failed attempts are audit events, and repeated failures raise a security event immediately", async () => {
    const { service, log, raised } = setup({ threshold: 3 });
    for (let i = 0; i < 2; i++) await service.sign(req({ secret: `guess-${i}` }));
    expect(raised).toEqual([]);
    await service.sign(req({ secret: "guess-2" }));
    expect(raised).toEqual([
      {
        type: SECURITY_ALERT_EVENT,
        userId: "u-1",
        at: "2026-03-01T09:00:00.000Z",
        failures: 3,
        sessionId: "sess-1",
      },
    ]);
    const trail = await log.read("security.signing");
    expect(trail.map((e) => e.type)).toEqual([
      SIGNING_FAILED_EVENT,
      SIGNING_FAILED_EVENT,
      SIGNING_FAILED_EVENT,
      SECURITY_ALERT_EVENT,
    ]);
    expect(trail[0]).toMatchObject({
      actor: ada,
      data: {
        userId: "u-1",
        reason: "bad-credentials",
        recordId: "capa-1",
        recordVersion: 2,
        consecutiveFailures: 1,
      },
    });
    // the secret is never written to the audit trail
    expect(JSON.stringify(trail)).not.toContain("guess-");
    // a success resets the count
    expect((await service.sign(req())).ok).toBe(true);
    await service.sign(req({ userId: undefined, secret: "nope" }));
    expect(raised).toHaveLength(1);
  });

  it("throws VALIDATION for malformed requests and treats a throwing authenticator as a failure", async () => {
    const { service } = setup();
    await expect(service.sign({ ...req(), signer: null } as never)).rejects.toMatchObject({
      code: "VALIDATION",
    });
    const clock = new TestClock();
    const failing = new SigningService({
      authenticator: {
        verify() {
          throw new Error("LDAP down");
        },
      },
      log: new InMemoryEventLog({ clock }),
      clock,
      securitySink: { raise() {} },
    });
    expect(await failing.sign(req())).toMatchObject({ ok: false, reason: "bad-credentials" });
  });
});

describe("SigningService state machine (property)", () => {
  it("P11-13: both components are required exactly on the first signing of a session, after a timeout and after the session ended", async () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant("sign" as const), withUserId: fc.boolean(), goodSecret: fc.boolean() }),
      fc.record({ kind: fc.constant("wait" as const), seconds: fc.integer({ min: 0, max: 200 }) }),
      fc.record({ kind: fc.constant("end" as const) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 25 }), async (steps) => {
        const { service, clock } = setup({ timeoutMs: 100_000, threshold: 1000 });
        // the model: when did the session last sign successfully?
        let lastSigned: number | undefined;
        let now = Date.parse("2026-03-01T09:00:00Z");
        for (const s of steps) {
          if (s.kind === "wait") {
            clock.advance({ seconds: s.seconds });
            now += s.seconds * 1000;
          } else if (s.kind === "end") {
            service.endSession("sess-1");
            lastSigned = undefined;
          } else {
            const needBoth = lastSigned === undefined || now - lastSigned > 100_000;
            expect(service.needsBothComponents("sess-1")).toBe(needBoth);
            const r = await service.sign(
              req({
                userId: s.withUserId ? "u-1" : undefined,
                secret: s.goodSecret ? "correct horse" : "bad",
              }),
            );
            const shouldSign = s.goodSecret && (s.withUserId || !needBoth);
            expect(r.ok).toBe(shouldSign);
            if (shouldSign) lastSigned = now;
            else if (needBoth) lastSigned = undefined;
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
