import { type Actor, createSignature, type Signature, verifySignature } from "@qmskit/core";

/**
 * The signed content of a revision: what an approval signature is bound to (P11-11). It names the document,
 * the immutable revision id and the SHA-256 of the content bytes, so a signature cannot be moved to another
 * revision and fails verification after any byte of the content changes.
 */
export interface RevisionManifest {
  readonly docId: string;
  readonly revisionId: string;
  readonly contentSha256: string;
  readonly mediaType: string;
}

/** Record id under which a revision is signed: `<docId>@<revisionId>`. */
export function revisionRecordId(docId: string, revisionId: string): string {
  return `${docId}@${revisionId}`;
}

/**
 * Core's e-signature of `actor` with `meaning` over one version of a record's content (its canonical-JSON
 * SHA-256), at the trusted server time `at`.
 *
 * @requirement P11-10
 * @requirement P11-11
 */
export function signContent(
  actor: Actor,
  meaning: string,
  recordId: string,
  recordVersion: number,
  content: unknown,
  at: Date,
): Signature {
  return createSignature(actor, meaning, { recordId, recordVersion, content }, { clock: { now: () => at } });
}

/**
 * True when `signature` verifies (core's `verifySignature`) against exactly this record version and content.
 *
 * @requirement P11-11
 */
export function signatureMatches(
  signature: Signature,
  recordId: string,
  recordVersion: number,
  content: unknown,
): boolean {
  return verifySignature(signature, { recordId, recordVersion, content }).ok;
}
