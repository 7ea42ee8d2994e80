/**
 * The signing service: checks signature components under the Part 11 §11.200 re-entry rules, records failed
 * attempts in the audit trail and raises a security event after repeated failures.
 *
 * @packageDocumentation
 */
import { z } from "zod";
import { systemClock } from "./clock.js";
import { ValidationError } from "./errors.js";
import type { IdentityRegistry } from "./identity-registry.js";
import type { Actor, Authenticator, Clock, EventLog, SecurityEventSink, Signature } from "./ports.js";
import { actorSchema } from "./schemas.js";
import { createSignature, type SealKey, type SignedRecord, signedRecordSchema } from "./signatures.js";

/** Whether a host check answers `true`; a check that throws, or answers anything else, does not confirm. */
async function confirmed(check: () => boolean | Promise<boolean>): Promise<boolean> {
  try {
    return (await check()) === true;
  } catch {
    return false;
  }
}

/** Options of {@link SigningService}. */
export interface SigningServiceOptions {
  /** The host's credential check. */
  readonly authenticator: Authenticator;
  /** Where failed attempts are recorded as audit events. */
  readonly log: EventLog;
  /** Receives a security event after repeated failures. */
  readonly securitySink: SecurityEventSink;
  /** Trusted time source (default: the system clock). */
  readonly clock?: Clock;
  /**
   * Idle time after which a signing session ends and both components are needed again (default 15 min).
   * @requirement P11-13
   */
  readonly sessionTimeoutMs?: number;
  /** Consecutive failures for one user that raise a security event (default 3). */
  readonly failureThreshold?: number;
  /** Stream that receives the failed-attempt audit events (default `security.signing`). */
  readonly auditStream?: string;
  /** Seal signatures with this Ed25519 host key. */
  readonly seal?: SealKey;
  /**
   * The register of signing identities: when given, only an active identity issued to the signer (same id,
   * same printed name) signs.
   * @requirement P11-12
   */
  readonly identities?: Pick<IdentityRegistry, "check">;
  /**
   * The host's training or qualification check (e.g. its LMS): when given, a signer it does not confirm for
   * the signature's meaning is refused.
   * @requirement P11-16
   */
  readonly qualified?: (signer: Actor, meaning: string) => boolean | Promise<boolean>;
}

/** A signing request. `sessionId` is the host's login session; a login token alone never signs. */
export interface SignRequest {
  /** The host's authenticated session (the "continuous controlled session" of §11.200). */
  readonly sessionId: string;
  /** The logged-in person who signs. */
  readonly signer: Actor;
  /** User id as typed by the signer (required on the first signing of a session). */
  readonly userId?: string;
  /** The secret component (password, PIN), re-entered for every signing. */
  readonly secret: string;
  /** Meaning of the signature (authorship, review, approval, responsibility, …). */
  readonly meaning: string;
  /** The record version being signed. */
  readonly record: SignedRecord;
}

/** Schema of {@link SignRequest}. */
export const signRequestSchema = z.object({
  sessionId: z.string().min(1).max(512),
  signer: actorSchema,
  userId: z.string().max(256).optional(),
  secret: z.string().max(4096),
  meaning: z.string().min(1).max(256),
  record: signedRecordSchema,
});

/** Why a signing attempt was refused. */
export type SignRefusal =
  | "both-components-required"
  | "secret-required"
  | "user-mismatch"
  | "unknown-identity"
  | "identity-deactivated"
  | "identity-mismatch"
  | "not-qualified"
  | "bad-credentials";

/** Result of {@link SigningService.sign}: a signature, or a refusal (which was recorded in the audit trail). */
export type SignResult =
  | { readonly ok: true; readonly signature: Signature }
  | { readonly ok: false; readonly reason: SignRefusal; readonly message: string };

interface SessionState {
  readonly userId: string;
  lastSignedAt: number;
}

/** Type of the audit event recorded for a refused signing attempt. */
export const SIGNING_FAILED_EVENT = "signature.attempt-failed";
/** Type of the audit event recorded when repeated failures raise a security event. */
export const SECURITY_ALERT_EVENT = "security.repeated-signature-failures";

/**
 * Executes electronic signatures under the Part 11 rules:
 *
 * - the first signing in a session needs both components (user id and secret); later signings in the same
 *   session need at least the secret; after `endSession` (logout, re-login) or an idle timeout, both again;
 * - the secret is verified through the host's {@link Authenticator} at every signing; a session alone never
 *   signs;
 * - a signer signs only as themself (the typed user id must be the logged-in actor's id);
 * - each refused attempt is an audit event, and `failureThreshold` consecutive failures for a user raise a
 *   security event to the sink immediately (and are recorded too).
 *
 * @requirement P11-09
 * @requirement P11-12
 * @requirement P11-13
 * @requirement P11-14
 * @example
 * ```ts
 * const signing = new SigningService({ authenticator, log, securitySink });
 * const r = await signing.sign({ sessionId, signer: actor, userId: "u-1", secret, meaning: "approval", record });
 * if (r.ok) await log.append(record.recordId, [{ type: "doc.approved", data: {}, actor, signatures: [r.signature] }], { expectedVersion: record.recordVersion });
 * ```
 */
export class SigningService {
  readonly #auth: Authenticator;
  readonly #log: EventLog;
  readonly #sink: SecurityEventSink;
  readonly #clock: Clock;
  readonly #timeout: number;
  readonly #threshold: number;
  readonly #stream: string;
  readonly #seal: SealKey | undefined;
  readonly #identities: Pick<IdentityRegistry, "check"> | undefined;
  readonly #qualified: SigningServiceOptions["qualified"];
  readonly #sessions = new Map<string, SessionState>();
  readonly #failures = new Map<string, number>();

  constructor(options: SigningServiceOptions) {
    this.#auth = options.authenticator;
    this.#log = options.log;
    this.#sink = options.securitySink;
    this.#clock = options.clock ?? systemClock;
    this.#timeout = options.sessionTimeoutMs ?? 15 * 60_000;
    this.#threshold = options.failureThreshold ?? 3;
    this.#stream = options.auditStream ?? "security.signing";
    this.#seal = options.seal;
    this.#identities = options.identities;
    this.#qualified = options.qualified;
    if (!(this.#timeout > 0) || !Number.isInteger(this.#threshold) || this.#threshold < 1) {
      throw new ValidationError("sessionTimeoutMs must be positive and failureThreshold a positive integer");
    }
  }

  /** Ends a signing session (logout, re-login, lock): the next signing needs both components again. */
  endSession(sessionId: string): void {
    this.#sessions.delete(sessionId);
  }

  /**
   * True when the next signing in this session needs both components (first signing, after timeout or
   * after the session ended).
   */
  needsBothComponents(sessionId: string): boolean {
    const s = this.#sessions.get(sessionId);
    return s === undefined || this.#clock.now().getTime() - s.lastSignedAt > this.#timeout;
  }

  /**
   * Checks the components and returns a signature, or a refusal that has been recorded as an audit event.
   * Throws only for malformed requests (`VALIDATION`).
   */
  async sign(request: SignRequest): Promise<SignResult> {
    const parsed = signRequestSchema.safeParse(request);
    if (!parsed.success) {
      throw new ValidationError(
        `Signing request is malformed: ${parsed.error.issues[0]?.path.join(".")} ${parsed.error.issues[0]?.message}`,
      );
    }
    const { sessionId, signer, secret, meaning, record } = request;
    const userId = request.userId?.trim() ?? "";
    const both = this.needsBothComponents(sessionId);
    const session = this.#sessions.get(sessionId);
    if (session && session.userId !== signer.id) {
      // a session belongs to one person; another person in it starts over with both components
      this.#sessions.delete(sessionId);
      return this.#refuse(request, "user-mismatch", "This session belongs to another user: sign in again");
    }
    if (both) this.#sessions.delete(sessionId);
    if (secret === "") {
      return this.#refuse(
        request,
        both ? "both-components-required" : "secret-required",
        both ? "Enter your user id and password to sign" : "Enter your password to sign",
      );
    }
    if (both && userId === "") {
      return this.#refuse(
        request,
        "both-components-required",
        "First signing in this session: enter your user id and password",
      );
    }
    if (userId !== "" && userId !== signer.id) {
      return this.#refuse(request, "user-mismatch", "You can only sign with your own user id");
    }
    if (this.#identities) {
      const identity = await this.#identities.check(signer);
      if (!identity.ok) return this.#refuse(request, identity.reason, identity.message);
    }
    const qualified = this.#qualified;
    if (qualified) {
      if (!(await confirmed(() => qualified(signer, meaning)))) {
        return this.#refuse(
          request,
          "not-qualified",
          `Your training record does not qualify you to sign for ${meaning}`,
        );
      }
    }
    if (!(await confirmed(() => this.#auth.verify(signer.id, secret))))
      return this.#refuse(request, "bad-credentials", "User id or password is wrong");
    const now = this.#clock.now().getTime();
    this.#sessions.set(sessionId, { userId: signer.id, lastSignedAt: now });
    this.#failures.delete(signer.id);
    const signature = createSignature(signer, meaning, record, {
      clock: this.#clock,
      ...(this.#seal ? { seal: this.#seal } : {}),
    });
    return { ok: true, signature };
  }

  async #refuse(request: SignRequest, reason: SignRefusal, message: string): Promise<SignResult> {
    const { signer, sessionId, meaning, record } = request;
    const failures = (this.#failures.get(signer.id) ?? 0) + 1;
    this.#failures.set(signer.id, failures);
    // The audit event never holds the secret.
    await this.#log.append(
      this.#stream,
      [
        {
          type: SIGNING_FAILED_EVENT,
          data: {
            userId: signer.id,
            typedUserId: request.userId ?? null,
            sessionId,
            reason,
            meaning,
            recordId: record.recordId,
            recordVersion: record.recordVersion,
            consecutiveFailures: failures,
          },
          actor: signer,
          reason: message,
        },
      ],
      { expectedVersion: "any" },
    );
    if (failures >= this.#threshold) {
      const at = this.#clock.now().toISOString();
      await this.#sink.raise({ type: SECURITY_ALERT_EVENT, userId: signer.id, at, failures, sessionId });
      await this.#log.append(
        this.#stream,
        [{ type: SECURITY_ALERT_EVENT, data: { userId: signer.id, failures, sessionId }, actor: signer }],
        { expectedVersion: "any" },
      );
    }
    return { ok: false, reason, message };
  }
}
