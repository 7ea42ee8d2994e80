/**
 * Electronic signatures (21 CFR Part 11 §11.50, §11.70): a signature binds signer, meaning, server time and
 * the content hash of one record version; an optional Ed25519 seal (node:crypto, host key) protects the
 * signature itself.
 *
 * @packageDocumentation
 */
import {
  createPrivateKey,
  createPublicKey,
  sign as edSign,
  verify as edVerify,
  type KeyObject,
} from "node:crypto";
import { z } from "zod";
import { canonicalJson } from "./canonical-json.js";
import { QmsError, ValidationError } from "./errors.js";
import { contentHash } from "./hashing.js";
import type { Actor, Clock, Signature } from "./ports.js";
import { signatureSchema } from "./schemas.js";

/** Common signature meanings (hosts may use others). */
export const SIGNATURE_MEANINGS = [
  "authorship",
  "review",
  "approval",
  "responsibility",
  "verification",
] as const;

/** One of {@link SIGNATURE_MEANINGS}. */
export type SignatureMeaning = (typeof SIGNATURE_MEANINGS)[number];

/** The record version a signature is about. */
export interface SignedRecord {
  /** Record (stream) id. */
  readonly recordId: string;
  /** Record version. */
  readonly recordVersion: number;
  /** The record content at that version (any JSON value); its canonical hash is what is signed. */
  readonly content: unknown;
}

/** Schema of {@link SignedRecord}. */
export const signedRecordSchema = z.object({
  recordId: z.string().min(1).max(512),
  recordVersion: z.int().min(0),
  content: z.unknown(),
});

/** A host key for sealing signatures. */
export interface SealKey {
  /** Id under which verifiers find the public key. */
  readonly keyId: string;
  /** Ed25519 private key (KeyObject or PEM). */
  readonly privateKey: KeyObject | string;
}

/** Options of {@link createSignature}. */
export interface CreateSignatureOptions {
  /** Trusted server time of the signing. */
  readonly clock: Clock;
  /** Seal the signature with this Ed25519 key. */
  readonly seal?: SealKey;
}

function privateKeyOf(k: KeyObject | string): KeyObject {
  const key = typeof k === "string" ? createPrivateKey(k) : k;
  if (key.asymmetricKeyType !== "ed25519") {
    throw new ValidationError(`Seal key must be an Ed25519 key, got ${String(key.asymmetricKeyType)}`);
  }
  return key;
}

/** The exact text an Ed25519 seal signs: the canonical JSON of the signature without its seal. */
export function signatureSealPayload(signature: Signature): string {
  const { seal: _seal, ...unsealed } = signature;
  return canonicalJson(unsealed);
}

/**
 * Creates a signature over one record version: signer, printed name, meaning, server time, record id,
 * version and the SHA-256 of the record's canonical content, optionally sealed with Ed25519.
 *
 * Hosts normally use {@link SigningService}, which checks the signer's credentials first.
 *
 * @requirement P11-10
 * @requirement P11-11
 * @example
 * ```ts
 * const sig = createSignature(actor, "approval", { recordId: "doc-7", recordVersion: 3, content }, { clock: systemClock });
 * verifySignature(sig, { recordId: "doc-7", recordVersion: 3, content }).ok; // true
 * ```
 */
export function createSignature(
  signer: Actor,
  meaning: string,
  record: SignedRecord,
  options: CreateSignatureOptions,
): Signature {
  const rec = signedRecordSchema.safeParse(record);
  if (!rec.success)
    throw new ValidationError(`Signed record is malformed: ${rec.error.issues[0]?.message ?? ""}`);
  if (typeof meaning !== "string" || meaning.trim() === "")
    throw new ValidationError("A signature needs a meaning");
  const base: Signature = {
    signerId: signer.id,
    printedName: signer.name,
    meaning,
    signedAt: options.clock.now().toISOString(),
    recordId: record.recordId,
    recordVersion: record.recordVersion,
    contentHash: contentHash(record.content),
  };
  const parsed = signatureSchema.safeParse(base);
  if (!parsed.success) {
    throw new ValidationError(
      `Signature is malformed: ${parsed.error.issues[0]?.path.join(".")} ${parsed.error.issues[0]?.message}`,
    );
  }
  if (!options.seal) return Object.freeze(base);
  const value = edSign(
    null,
    Buffer.from(signatureSealPayload(base), "utf8"),
    privateKeyOf(options.seal.privateKey),
  ).toString("base64");
  return Object.freeze({
    ...base,
    seal: Object.freeze({ alg: "Ed25519" as const, keyId: options.seal.keyId, value }),
  });
}

/** Why a signature does not verify. */
export type SignatureFailure =
  | "malformed"
  | "wrong-record"
  | "wrong-version"
  | "content-changed"
  | "seal-missing"
  | "seal-unknown-key"
  | "seal-invalid";

/** Result of {@link verifySignature}. */
export type SignatureVerification =
  | { readonly ok: true; readonly sealed: boolean }
  | { readonly ok: false; readonly reason: SignatureFailure; readonly message: string };

/** Options of {@link verifySignature}. */
export interface VerifySignatureOptions {
  /** Finds the Ed25519 public key (KeyObject or PEM) of a seal's key id. Needed to check seals. */
  readonly publicKey?: (keyId: string) => KeyObject | string | undefined;
  /** Fail signatures without a seal (default false). */
  readonly requireSeal?: boolean;
}

/**
 * Verifies that a signature belongs to this record version and that the record content is unchanged; when
 * the signature is sealed and a key lookup is given, also checks the Ed25519 seal. Never throws.
 *
 * @requirement P11-11
 * @example
 * ```ts
 * const r = verifySignature(sig, { recordId: "doc-7", recordVersion: 3, content: changed });
 * // { ok: false, reason: "content-changed", message: "…" }
 * ```
 */
export function verifySignature(
  signature: Signature,
  record: SignedRecord,
  options: VerifySignatureOptions = {},
): SignatureVerification {
  const fail = (reason: SignatureFailure, message: string): SignatureVerification => ({
    ok: false,
    reason,
    message,
  });
  const sig = signatureSchema.safeParse(signature);
  if (!sig.success) return fail("malformed", `Signature is malformed: ${sig.error.issues[0]?.message ?? ""}`);
  const s = sig.data as Signature;
  if (typeof record !== "object" || record === null) return fail("malformed", "No record to verify against");
  if (s.recordId !== record.recordId) {
    return fail(
      "wrong-record",
      `Signature belongs to record "${s.recordId}", not "${String(record.recordId)}"`,
    );
  }
  if (s.recordVersion !== record.recordVersion) {
    return fail(
      "wrong-version",
      `Signature belongs to version ${s.recordVersion}, not ${String(record.recordVersion)}`,
    );
  }
  let hash: string;
  try {
    hash = contentHash(record.content);
  } catch (e) {
    return fail("malformed", `Record content is not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (hash !== s.contentHash)
    return fail("content-changed", "The record content changed after it was signed");
  if (!s.seal) {
    return options.requireSeal
      ? fail("seal-missing", "The signature has no seal")
      : { ok: true, sealed: false };
  }
  if (!options.publicKey) {
    return options.requireSeal
      ? fail("seal-unknown-key", "No public key lookup was given to check the seal")
      : { ok: true, sealed: false };
  }
  try {
    const k = options.publicKey(s.seal.keyId);
    if (k === undefined) return fail("seal-unknown-key", `No public key for key id "${s.seal.keyId}"`);
    const key = typeof k === "string" ? createPublicKey(k) : k;
    const good = edVerify(
      null,
      Buffer.from(signatureSealPayload(s), "utf8"),
      key,
      Buffer.from(s.seal.value, "base64"),
    );
    return good
      ? { ok: true, sealed: true }
      : fail("seal-invalid", "The seal does not match the signature (the signature was altered)");
  } catch (e) {
    return fail(
      "seal-invalid",
      `The seal cannot be checked: ${e instanceof QmsError || e instanceof Error ? e.message : String(e)}`,
    );
  }
}

/** Options of {@link signatureManifestation}. */
export interface ManifestationOptions {
  /** IANA time zone to show the signing time in (default `UTC`). */
  readonly timeZone?: string;
}

/**
 * The human-readable manifestation of a signature: printed name, date and time with zone, and meaning,
 * e.g. `Ada Quality (user-1), approval, 2026-03-01 09:00:00 UTC`.
 *
 * @requirement P11-10
 */
export function signatureManifestation(signature: Signature, options: ManifestationOptions = {}): string {
  const timeZone = options.timeZone ?? "UTC";
  const d = new Date(signature.signedAt);
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
    timeZoneName: timeZone === "UTC" ? undefined : "shortOffset",
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  const zone = timeZone === "UTC" ? "UTC" : `${get("timeZoneName")} (${timeZone})`;
  const when = `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}:${get("second")} ${zone}`;
  return `${signature.printedName} (${signature.signerId}), ${signature.meaning}, ${when}`;
}
