/**
 * zod schemas of the kernel's data types (public API, exported beside their types).
 *
 * @packageDocumentation
 */
import { z } from "zod";

/** 64 lower-case hex digits. */
export const sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/, "expected 64 lower-case hex digits");

/** An ISO 8601 UTC instant with milliseconds or seconds, e.g. `2026-01-01T00:00:00.000Z`. */
export const isoInstantSchema = z.iso.datetime({ offset: false });

/** Schema of {@link Actor}. */
export const actorSchema = z.strictObject({
  id: z.string().min(1).max(256),
  name: z.string().min(1).max(1024),
  roles: z.array(z.string().min(1).max(256)).max(1024),
});

/** Schema of {@link SignatureSeal}. */
export const signatureSealSchema = z.strictObject({
  alg: z.literal("Ed25519"),
  keyId: z.string().min(1).max(256),
  value: z.string().min(1).max(1024),
});

/** Schema of {@link Signature}. */
export const signatureSchema = z.strictObject({
  signerId: z.string().min(1).max(256),
  printedName: z.string().min(1).max(1024),
  meaning: z.string().min(1).max(256),
  signedAt: isoInstantSchema,
  recordId: z.string().min(1).max(512),
  recordVersion: z.int().min(0),
  contentHash: sha256HexSchema,
  seal: signatureSealSchema.optional(),
});

/** A stream (record) id: 1–512 characters without control characters. */
export const streamIdSchema = z
  .string()
  .min(1)
  .max(512)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  .regex(/^[^\u0000-\u001f\u007f]+$/, "must not contain control characters");

/** Schema of {@link EventToAppend} (the data is checked separately: it must be canonical-JSON serialisable). */
export const eventToAppendSchema = z.strictObject({
  type: z.string().min(1).max(256),
  data: z.unknown(),
  actor: actorSchema,
  reason: z.string().max(10_000).optional(),
  signatures: z.array(signatureSchema).max(64).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

/** Schema of {@link ExpectedVersion}. */
export const expectedVersionSchema = z.union([z.int().min(0), z.literal("any")]);

/** Schema of {@link AppendRequest}. */
export const appendRequestSchema = z.strictObject({
  streamId: streamIdSchema,
  events: z.array(z.unknown()),
  expectedVersion: expectedVersionSchema,
});

/** Schema of {@link StoredEvent}, e.g. for events read back from an NDJSON export. */
export const storedEventSchema = eventToAppendSchema.extend({
  id: z.string().min(1).max(256),
  position: z.int().min(1),
  streamId: streamIdSchema,
  version: z.int().min(1),
  recordedAt: isoInstantSchema,
  prevHash: sha256HexSchema,
  hash: sha256HexSchema,
});

/** Schema of {@link ChainHead}. */
export const chainHeadSchema = z.strictObject({ position: z.int().min(0), hash: sha256HexSchema });
