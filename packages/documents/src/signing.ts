import { type Actor, contentHash, type Signature } from "@qmskit/core";

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

/** Build the signature of `actor` with `meaning` over `content` (its canonical-JSON SHA-256). */
export function signContent(
  actor: Actor,
  meaning: string,
  recordId: string,
  recordVersion: number,
  content: unknown,
  at: Date,
): Signature {
  return {
    signerId: actor.id,
    printedName: actor.name,
    meaning,
    signedAt: at.toISOString(),
    recordId,
    recordVersion,
    contentHash: contentHash(content),
  };
}

/** True when `signature` is bound to exactly this content and record. */
export function signatureMatches(signature: Signature, recordId: string, content: unknown): boolean {
  return signature.recordId === recordId && signature.contentHash === contentHash(content);
}
