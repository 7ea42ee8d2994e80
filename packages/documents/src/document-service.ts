import {
  type Actor,
  type AppendRequest,
  type Clock,
  type EventLog,
  type EventToAppend,
  type IdGenerator,
  isQmsError,
  QmsError,
  type Signature,
  type SigningService,
} from "@qmskit/core";
import type { z } from "zod";
import type { BlobStore } from "./blob-store.js";
import {
  type ApprovalSlot,
  type DocumentsConfig,
  type DocumentsConfigInput,
  type DocumentType,
  parseDocumentsConfig,
} from "./config.js";
import {
  type ChangeOrderState,
  type DocumentState,
  type DocumentTask,
  effectiveRevision,
  findRevision,
  foldChangeOrder,
  foldDocument,
  lastReleased,
  type RevisionState,
} from "./document-state.js";
import {
  type AffectedDocument,
  type ApprovalRecord,
  ChangeOrderEvents,
  COMMAND_REJECTED,
  type ContentRef,
  changeOrderStreamId,
  DocumentEvents,
  documentStreamId,
} from "./events.js";
import { diffRevisions, documentHistory, type HistoryReport, type RevisionDiff } from "./history.js";
import {
  ActorSchema,
  type ApproveChangeOrderInput,
  ApproveChangeOrderInputSchema,
  type ApproveRevisionInput,
  ApproveRevisionInputSchema,
  type CancelChangeOrderInput,
  CancelChangeOrderInputSchema,
  type CreateDocumentInput,
  CreateDocumentInputSchema,
  type DesignateApproversInput,
  DesignateApproversInputSchema,
  type EditDraftInput,
  EditDraftInputSchema,
  type LinkRecordInput,
  LinkRecordInputSchema,
  type OpenChangeOrderInput,
  OpenChangeOrderInputSchema,
  type PeriodicReviewInput,
  PeriodicReviewInputSchema,
  type PurgeRevisionInput,
  PurgeRevisionInputSchema,
  type ReturnToDraftInput,
  ReturnToDraftInputSchema,
  type ReviseDocumentInput,
  ReviseDocumentInputSchema,
  type RevisionCommandInput,
  RevisionCommandInputSchema,
  type SigningCredentials,
} from "./inputs.js";
import {
  type ChangeOrderCommand,
  checkChangeOrderCommand,
  checkCommand,
  type LifecycleCommand,
} from "./lifecycle.js";
import { DocumentProjection, type EffectiveRevision } from "./projection.js";
import { type CommandResult, REJECTIONS_STREAM, type Rejection, type RejectionCode } from "./rejection.js";
import { letterRevisions, numericRevisions, type RevisionScheme } from "./revision-scheme.js";
import { type RevisionManifest, revisionRecordId, signatureMatches, signContent } from "./signing.js";
import { addInZone, localDate, startOfLocalDay } from "./site-time.js";

/** Ports and configuration of a {@link DocumentService}. */
export interface DocumentServiceOptions {
  readonly log: EventLog;
  readonly blobs: BlobStore;
  /** Trusted server time (P11-02). */
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly config: DocumentsConfigInput;
  /** Host-defined revision schemes by name (see `customRevisions`), besides the built-in ones. */
  readonly revisionSchemes?: Readonly<Record<string, RevisionScheme>>;
  /**
   * Core's `SigningService` (or anything with its `sign`): when given, every e-signature (approvals, change
   * orders, periodic reviews) re-verifies the signer's credentials passed in the command's `credentials`
   * (P11-13, P11-14). Without it the service signs for the actor the host has already authenticated.
   */
  readonly signing?: Pick<SigningService, "sign">;
}

/** Result of {@link DocumentService.tick}. */
export interface TickResult {
  /** Change orders whose effective date was reached and that were implemented now. */
  readonly implemented: string[];
  /** Documents whose periodic review fell due (a review task was created). */
  readonly reviewsDue: string[];
  /** Work another process did first (a concurrent tick): skipped, not an error. */
  readonly skipped: number;
}

/** A revision's content as read back: verified against its hash (DOC-12), with its status marker (DOC-08). */
export interface RevisionContent {
  readonly docId: string;
  readonly revisionId: string;
  readonly label: string;
  readonly status: RevisionState["status"];
  /** `OBSOLETE` / `SUPERSEDED` on retired revisions, `UNCONTROLLED DRAFT` on unapproved ones, else null. */
  readonly marker: "OBSOLETE" | "SUPERSEDED" | "UNCONTROLLED DRAFT" | null;
  readonly content: ContentRef;
  readonly bytes: Uint8Array;
  /** The content decoded as UTF-8. */
  readonly text: string;
}

const BUILTIN_SCHEMES: Record<string, RevisionScheme> = {
  letters: letterRevisions(),
  numeric: numericRevisions({ drafts: "zero" }),
  "numeric-suffix": numericRevisions({ drafts: "suffix" }),
};

const utf8 = new TextDecoder("utf-8");

class Refusal {
  constructor(
    readonly code: RejectionCode,
    readonly requirement: string,
    readonly message: string,
    readonly details?: Record<string, unknown>,
  ) {}
}

const refuse = (
  code: RejectionCode,
  requirement: string,
  message: string,
  details?: Record<string, unknown>,
): never => {
  throw new Refusal(code, requirement, message, details);
};

function hasAnyRole(actor: Actor, roles: readonly string[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}

/**
 * Document control over an event log: controlled documents with immutable ids and revisions, approvals by
 * designated roles with e-signatures bound to the content hash, change orders that make revisions effective
 * atomically, point-of-use lookup, periodic review, retention and integrity checks.
 *
 * Every command validates its input, returns a {@link CommandResult}, and records a refused command as a
 * `document.command-rejected` audit event. A stale concurrent write throws core's `CONCURRENCY` error.
 *
 * @example
 * ```ts
 * const docs = new DocumentService({ log, blobs, clock, ids, config });
 * const created = await docs.createDocument(author, { docId: "SOP-001", title: "Cleaning", docType: "SOP", content: "…" });
 * ```
 */
export class DocumentService {
  readonly config: DocumentsConfig;
  /** Read model; call {@link DocumentService.refresh} (or any query) to bring it up to date. */
  readonly projection = new DocumentProjection();
  readonly #log: EventLog;
  readonly #blobs: BlobStore;
  readonly #clock: Clock;
  readonly #ids: IdGenerator;
  readonly #schemes: Record<string, RevisionScheme>;
  readonly #signing: Pick<SigningService, "sign"> | undefined;

  constructor(options: DocumentServiceOptions) {
    this.config = parseDocumentsConfig(options.config);
    this.#log = options.log;
    this.#blobs = options.blobs;
    this.#clock = options.clock;
    this.#ids = options.ids;
    this.#schemes = { ...BUILTIN_SCHEMES, ...(options.revisionSchemes ?? {}) };
    this.#signing = options.signing;
    for (const t of this.config.documentTypes)
      if (!this.#schemes[t.revisionScheme])
        throw new QmsError(
          "VALIDATION",
          `Document type ${t.id} uses revision scheme "${t.revisionScheme}", which is not registered`,
        );
  }

  // ---------------------------------------------------------------- plumbing

  /** Run a command: parse input, decide, append; turn refusals into audited rejections. */
  async #run<S extends z.ZodType, T>(
    command: string,
    actor: unknown,
    schema: S,
    input: unknown,
    recordOf: (input: unknown) => string,
    body: (actor: Actor, input: z.output<S>) => Promise<T>,
  ): Promise<CommandResult<T>> {
    const recordId = recordOf(input);
    try {
      const a = ActorSchema.safeParse(actor);
      if (!a.success) refuse("VALIDATION", "P11-08", "The acting user is missing or malformed");
      const p = schema.safeParse(input);
      if (!p.success)
        refuse(
          "VALIDATION",
          "P11-08",
          `Invalid ${command} input: ${p.error.issues.map(issueText).join("; ")}`,
        );
      return { ok: true, value: await body(a.data as Actor, p.data as z.output<S>) };
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      const rejection: Rejection = {
        code: error.code,
        requirement: error.requirement,
        message: error.message,
        command,
        recordId,
        ...(error.details ? { details: error.details } : {}),
      };
      await this.#audit(actor, rejection);
      return { ok: false, rejection };
    }
  }

  async #audit(actor: unknown, rejection: Rejection): Promise<void> {
    const a = ActorSchema.safeParse(actor);
    const who: Actor = a.success ? a.data : { id: "unknown", name: "unidentified caller", roles: [] };
    await this.#log.append(
      REJECTIONS_STREAM,
      [{ type: COMMAND_REJECTED, data: { ...rejection, at: this.#clock.now().toISOString() }, actor: who }],
      { expectedVersion: "any" },
    );
  }

  #docType(id: string): DocumentType {
    const t = this.config.documentTypes.find((x) => x.id === id);
    if (!t) refuse("VALIDATION", "DOC-03", `Unknown document type "${id}"`);
    return t as DocumentType;
  }

  #scheme(doc: DocumentState): RevisionScheme {
    const s = this.#schemes[doc.revisionScheme];
    if (!s)
      throw new QmsError(
        "VALIDATION",
        `Revision scheme "${doc.revisionScheme}" of ${doc.docId} is not registered`,
      );
    return s;
  }

  async #loadDoc(docId: string): Promise<DocumentState> {
    const doc = foldDocument(await this.#log.read(documentStreamId(docId)));
    if (!doc) refuse("NOT_FOUND", "DOC-06", `Document ${docId} does not exist`);
    return doc as DocumentState;
  }

  #checkCo(command: ChangeOrderCommand, co: ChangeOrderState): void {
    const problem = checkChangeOrderCommand(command, co.status, co.changeOrderId);
    if (problem)
      refuse("INVALID_STATE", problem.requirement, `Change order ${co.changeOrderId}: ${problem.message}`, {
        status: co.status,
      });
  }

  async #loadCo(id: string): Promise<ChangeOrderState> {
    const co = foldChangeOrder(await this.#log.read(changeOrderStreamId(id)));
    if (!co) refuse("NOT_FOUND", "DOC-05", `Change order ${id} does not exist`);
    return co as ChangeOrderState;
  }

  #revision(doc: DocumentState, ref: string): RevisionState {
    const r = findRevision(doc, ref);
    if (!r) refuse("NOT_FOUND", "DOC-06", `Document ${doc.docId} has no revision "${ref}"`);
    return r as RevisionState;
  }

  #check(command: LifecycleCommand, rev: RevisionState, doc: DocumentState): void {
    const problem = checkCommand(command, rev.status, revisionRecordId(doc.docId, rev.revisionId));
    if (problem)
      refuse("INVALID_STATE", problem.requirement, `${doc.docId} revision ${rev.label}: ${problem.message}`, {
        status: rev.status,
      });
  }

  async #storeContent(content: string | Uint8Array, mediaType: string): Promise<ContentRef> {
    const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
    if (bytes.byteLength > this.config.maxContentBytes)
      refuse(
        "VALIDATION",
        "DOC-12",
        `Content of ${bytes.byteLength} bytes exceeds ${this.config.maxContentBytes}`,
      );
    const hash = await this.#blobs.put(bytes);
    return { hash, size: bytes.byteLength, mediaType };
  }

  #event<T>(type: string, data: T, actor: Actor, reason?: string, signatures?: Signature[]): EventToAppend {
    return {
      type,
      data,
      actor,
      ...(reason === undefined ? {} : { reason }),
      ...(signatures === undefined ? {} : { signatures }),
    };
  }

  static #manifest(doc: DocumentState, rev: RevisionState): RevisionManifest {
    return {
      docId: doc.docId,
      revisionId: rev.revisionId,
      contentSha256: rev.content.hash,
      mediaType: rev.content.mediaType,
    };
  }

  #sign(
    actor: Actor,
    meaning: string,
    doc: DocumentState,
    rev: RevisionState,
    credentials: SigningCredentials | undefined,
  ): Promise<Signature> {
    return this.#signRecord(
      actor,
      meaning,
      revisionRecordId(doc.docId, rev.revisionId),
      rev.draftNo,
      DocumentService.#manifest(doc, rev),
      credentials,
    );
  }

  /**
   * An e-signature of `actor` over one record version: through the configured signing service, which
   * re-verifies the credentials (refusals are audited there and here), or directly.
   *
   * @requirement P11-14
   */
  async #signRecord(
    actor: Actor,
    meaning: string,
    recordId: string,
    recordVersion: number,
    content: unknown,
    credentials: SigningCredentials | undefined,
  ): Promise<Signature> {
    if (!this.#signing)
      return signContent(actor, meaning, recordId, recordVersion, content, this.#clock.now());
    if (!credentials)
      refuse("FORBIDDEN", "P11-14", "Signing needs your credentials: re-enter your password to sign");
    const result = await this.#signing.sign({
      sessionId: credentials!.sessionId,
      signer: actor,
      secret: credentials!.secret,
      ...(credentials!.userId === undefined ? {} : { userId: credentials!.userId }),
      meaning,
      record: { recordId, recordVersion, content: content as never },
    });
    if (!result.ok) refuse("FORBIDDEN", "P11-14", result.message, { reason: result.reason });
    return (result as { signature: Signature }).signature;
  }

  // ---------------------------------------------------------------- documents

  /**
   * Register a controlled document with its first draft revision. The document id and the revision id are
   * immutable (DOC-06); content is stored by hash (DOC-12); external documents carry source and version (DOC-11).
   *
   * @requirement DOC-06
   * @requirement DOC-11
   * @requirement DOC-12
   */
  createDocument(
    actor: Actor,
    input: CreateDocumentInput,
  ): Promise<CommandResult<{ docId: string; revisionId: string; label: string }>> {
    return this.#run("createDocument", actor, CreateDocumentInputSchema, input, docRecord, async (a, i) => {
      const type = this.#docType(i.docType);
      if (!hasAnyRole(a, type.authorRoles))
        refuse("FORBIDDEN", "P11-08", `Only ${type.authorRoles.join(", ")} may create ${type.id} documents`);
      if ((await this.#log.streamVersion(documentStreamId(i.docId))) > 0)
        refuse("CONFLICT", "DOC-06", `Document ${i.docId} already exists; document ids are never reused`);
      const content = await this.#storeContent(i.content, i.mediaType);
      const scheme = this.#schemes[type.revisionScheme]!;
      const revisionId = this.#ids.next();
      const label = scheme.draftLabel(undefined, 1, "major");
      await this.#log.append(
        documentStreamId(i.docId),
        [
          this.#event(
            DocumentEvents.registered,
            {
              docId: i.docId,
              title: i.title,
              docType: type.id,
              revisionScheme: type.revisionScheme,
              origin: i.origin,
              distribution: i.distribution,
            },
            a,
          ),
          this.#event(
            DocumentEvents.revisionDrafted,
            { revisionId, label, draftNo: 1, change: "major", basedOn: null, content },
            a,
          ),
        ],
        { expectedVersion: 0 },
      );
      return { docId: i.docId, revisionId, label };
    });
  }

  /**
   * Replace the content of a draft. Approved content is immutable: editing an approved, effective or retired
   * revision is refused; create a new draft with {@link DocumentService.reviseDocument} instead (DOC-15).
   *
   * @requirement DOC-15
   */
  editDraft(
    actor: Actor,
    input: EditDraftInput,
  ): Promise<CommandResult<{ revisionId: string; label: string }>> {
    return this.#run("editDraft", actor, EditDraftInputSchema, input, docRecord, async (a, i) => {
      const doc = await this.#loadDoc(i.docId);
      const rev = this.#revision(doc, i.revisionId);
      this.#check("edit", rev, doc);
      const type = this.#docType(doc.docType);
      if (!hasAnyRole(a, type.authorRoles))
        refuse("FORBIDDEN", "P11-08", `Only ${type.authorRoles.join(", ")} may edit ${type.id} drafts`);
      const content = await this.#storeContent(i.content, rev.content.mediaType);
      const draftNo = rev.draftNo + 1;
      const label = this.#scheme(doc).draftLabel(lastReleased(doc)?.label, draftNo, rev.change);
      await this.#log.append(
        documentStreamId(doc.docId),
        [
          this.#event(
            DocumentEvents.draftEdited,
            { revisionId: rev.revisionId, label, draftNo, content },
            a,
            i.reason,
          ),
        ],
        { expectedVersion: doc.version },
      );
      return { revisionId: rev.revisionId, label };
    });
  }

  /**
   * Start a new revision from the latest released one (the only way to change approved content, DOC-15).
   * A document has at most one revision in progress.
   *
   * @requirement DOC-15
   */
  reviseDocument(
    actor: Actor,
    input: ReviseDocumentInput,
  ): Promise<CommandResult<{ revisionId: string; label: string }>> {
    return this.#run("reviseDocument", actor, ReviseDocumentInputSchema, input, docRecord, async (a, i) => {
      const doc = await this.#loadDoc(i.docId);
      const type = this.#docType(doc.docType);
      if (!hasAnyRole(a, type.authorRoles))
        refuse("FORBIDDEN", "P11-08", `Only ${type.authorRoles.join(", ")} may revise ${type.id} documents`);
      const inProgress = doc.revisions.find((r) =>
        ["draft", "in-review", "approved", "approved-pending-effective"].includes(r.status),
      );
      if (inProgress)
        refuse(
          "CONFLICT",
          "DOC-06",
          `${doc.docId} already has revision ${inProgress.label} in progress (${inProgress.status})`,
        );
      const base = lastReleased(doc);
      if (!base || doc.revisions.some((r) => r.status === "obsolete"))
        refuse("INVALID_STATE", "P11-07", `${doc.docId} has no released revision to revise, or is obsolete`);
      const content = await this.#storeContent(i.content, base!.content.mediaType);
      const revisionId = this.#ids.next();
      const label = this.#scheme(doc).draftLabel(base!.label, 1, i.change);
      await this.#log.append(
        documentStreamId(doc.docId),
        [
          this.#event(
            DocumentEvents.revisionDrafted,
            { revisionId, label, draftNo: 1, change: i.change, basedOn: base!.revisionId, content },
            a,
            i.reason,
          ),
        ],
        { expectedVersion: doc.version },
      );
      return { revisionId, label };
    });
  }

  /** Send a draft for review and approval. */
  submitForReview(actor: Actor, input: RevisionCommandInput): Promise<CommandResult<{ revisionId: string }>> {
    return this.#run("submitForReview", actor, RevisionCommandInputSchema, input, docRecord, async (a, i) => {
      const doc = await this.#loadDoc(i.docId);
      const rev = this.#revision(doc, i.revisionId);
      this.#check("submit", rev, doc);
      const type = this.#docType(doc.docType);
      if (!hasAnyRole(a, type.authorRoles))
        refuse("FORBIDDEN", "P11-08", `Only ${type.authorRoles.join(", ")} may submit ${type.id} drafts`);
      await this.#log.append(
        documentStreamId(doc.docId),
        [this.#event(DocumentEvents.submitted, { revisionId: rev.revisionId }, a)],
        { expectedVersion: doc.version },
      );
      return { revisionId: rev.revisionId };
    });
  }

  /** A reviewer sends a revision in review back to draft, with a reason; its approvals are cleared. */
  returnToDraft(actor: Actor, input: ReturnToDraftInput): Promise<CommandResult<{ revisionId: string }>> {
    return this.#run("returnToDraft", actor, ReturnToDraftInputSchema, input, docRecord, async (a, i) => {
      const doc = await this.#loadDoc(i.docId);
      const rev = this.#revision(doc, i.revisionId);
      this.#check("return", rev, doc);
      const type = this.#docType(doc.docType);
      const approverRoles = type.approvalSlots.flatMap((s) => s.roles);
      if (!hasAnyRole(a, approverRoles))
        refuse(
          "FORBIDDEN",
          "DOC-03",
          `Only designated approvers (${approverRoles.join(", ")}) may return a draft`,
        );
      await this.#log.append(
        documentStreamId(doc.docId),
        [this.#event(DocumentEvents.returned, { revisionId: rev.revisionId }, a, i.reason)],
        { expectedVersion: doc.version },
      );
      return { revisionId: rev.revisionId };
    });
  }

  /**
   * Fill one approval slot of a revision in review with an e-signature bound to its content hash. Only a
   * holder of a designated role of the slot may sign (DOC-03); one person fills at most one slot. When the last
   * slot is filled the revision becomes Approved and gets its release label; for a change, the approvers'
   * roles must include the roles that approved the original (or a designation must allow otherwise, DOC-04).
   * A concurrent second approval of the same revision loses with core's `CONCURRENCY` error.
   *
   * @requirement DOC-01
   * @requirement DOC-02
   * @requirement DOC-03
   * @requirement DOC-04
   */
  approveRevision(
    actor: Actor,
    input: ApproveRevisionInput,
  ): Promise<CommandResult<{ revisionId: string; approved: boolean; label: string; signature: Signature }>> {
    return this.#run("approveRevision", actor, ApproveRevisionInputSchema, input, docRecord, async (a, i) => {
      const doc = await this.#loadDoc(i.docId);
      const rev = this.#revision(doc, i.revisionId);
      this.#check("sign", rev, doc);
      const type = this.#docType(doc.docType);
      const slot = type.approvalSlots.find((s) => s.id === i.slotId);
      if (!slot)
        refuse("VALIDATION", "DOC-01", `Document type ${type.id} has no approval slot "${i.slotId}"`);
      const role = designatedRole(a, slot!);
      if (rev.approvals.some((x) => x.slotId === slot!.id))
        refuse("CONFLICT", "DOC-01", `Slot ${slot!.id} of ${doc.docId} ${rev.label} is already signed`);
      if (rev.approvals.some((x) => x.signature.signerId === a.id))
        refuse("CONFLICT", "DOC-01", `${a.name} already signed another slot of this revision`);
      const signature = await this.#sign(a, slot!.meaning, doc, rev, i.credentials);
      const approval: ApprovalRecord = { slotId: slot!.id, role, timeZone: this.config.timeZone, signature };
      const approvals = [...rev.approvals, approval];
      const complete = type.approvalSlots.every((s) => approvals.some((x) => x.slotId === s.id));
      const events = [
        this.#event(
          DocumentEvents.approvalSigned,
          { ...approval, revisionId: rev.revisionId },
          a,
          undefined,
          [signature],
        ),
      ];
      let label = rev.label;
      if (complete) {
        this.#check("approve", rev, doc);
        checkSameFunction(doc, rev, approvals);
        label = this.#scheme(doc).releaseLabel(lastReleased(doc)?.label, rev.change);
        if (doc.revisions.some((r) => r !== rev && r.label === label))
          refuse("CONFLICT", "DOC-06", `Revision label ${label} is already used in ${doc.docId}`);
        events.push(
          this.#event(
            DocumentEvents.approved,
            { revisionId: rev.revisionId, label, approvedAt: signature.signedAt },
            a,
          ),
        );
      }
      await this.#log.append(documentStreamId(doc.docId), events, { expectedVersion: doc.version });
      return { revisionId: rev.revisionId, approved: complete, label, signature };
    });
  }

  /**
   * Record that changes of a document may be approved by other roles than the original approvers
   * (the explicit designation DOC-04 allows). Document control only.
   *
   * @requirement DOC-04
   */
  designateApprovers(
    actor: Actor,
    input: DesignateApproversInput,
  ): Promise<CommandResult<{ roles: string[] }>> {
    return this.#run(
      "designateApprovers",
      actor,
      DesignateApproversInputSchema,
      input,
      docRecord,
      async (a, i) => {
        if (!hasAnyRole(a, this.config.documentControlRoles))
          refuse("FORBIDDEN", "DOC-04", "Only document control may designate approvers of changes");
        const doc = await this.#loadDoc(i.docId);
        await this.#log.append(
          documentStreamId(doc.docId),
          [
            this.#event(
              DocumentEvents.approversDesignated,
              { roles: i.roles, justification: i.justification },
              a,
              i.justification,
            ),
          ],
          { expectedVersion: doc.version },
        );
        return { roles: i.roles };
      },
    );
  }

  // ---------------------------------------------------------------- change orders

  /**
   * Open a change order (DCO/ECO) over one or more documents: revisions to release and documents to make
   * obsolete. Needs a description and at least one affected document (DOC-05).
   *
   * @requirement DOC-05
   */
  openChangeOrder(
    actor: Actor,
    input: OpenChangeOrderInput,
  ): Promise<CommandResult<{ changeOrderId: string }>> {
    return this.#run("openChangeOrder", actor, OpenChangeOrderInputSchema, input, coRecord, async (a, i) => {
      if (!hasAnyRole(a, this.config.changeOrders.originatorRoles))
        refuse(
          "FORBIDDEN",
          "P11-08",
          `Only ${this.config.changeOrders.originatorRoles.join(", ")} may open change orders`,
        );
      checkChangeContent(i.description, i.affected);
      const id = i.changeOrderId ?? `CO-${this.#ids.next()}`;
      const affected: AffectedDocument[] = [];
      const seen = new Set<string>();
      for (const item of i.affected) {
        if (seen.has(item.docId)) refuse("VALIDATION", "DOC-05", `${item.docId} is listed twice`);
        seen.add(item.docId);
        const doc = await this.#loadDoc(item.docId);
        if (item.action === "release") {
          const rev = this.#revision(doc, item.revisionId);
          if (!["draft", "in-review", "approved"].includes(rev.status))
            refuse(
              "INVALID_STATE",
              "P11-07",
              `${doc.docId} ${rev.label} is ${rev.status}; it cannot be released`,
            );
          affected.push({ docId: doc.docId, action: "release", revisionId: rev.revisionId });
        } else {
          if (!effectiveRevision(doc))
            refuse("INVALID_STATE", "P11-07", `${doc.docId} has no effective revision to make obsolete`);
          affected.push({ docId: doc.docId, action: "obsolete" });
        }
      }
      await this.#log.append(
        changeOrderStreamId(id),
        [
          this.#event(
            ChangeOrderEvents.opened,
            {
              changeOrderId: id,
              kind: i.kind,
              title: i.title,
              description: i.description,
              affected,
              effectiveDate: i.effectiveDate ?? null,
            },
            a,
          ),
        ],
        { expectedVersion: 0 },
      );
      return { changeOrderId: id };
    });
  }

  /**
   * Sign one approval slot of a change order. On the last slot the change order is validated (DOC-05: effective
   * date not before the approval date), every revision it releases must be Approved with all its slots signed
   * (DOC-01), and then, in one atomic append over the change order and every affected document, the revisions
   * become Effective (predecessors Superseded, training tasks created) or, with a future effective date,
   * Approved-pending-effective until {@link DocumentService.tick} (DOC-08, DOC-09, DOC-14).
   *
   * @requirement DOC-01
   * @requirement DOC-05
   * @requirement DOC-08
   * @requirement DOC-09
   * @requirement DOC-14
   */
  approveChangeOrder(
    actor: Actor,
    input: ApproveChangeOrderInput,
  ): Promise<
    CommandResult<{ changeOrderId: string; status: ChangeOrderState["status"]; signature: Signature }>
  > {
    return this.#run(
      "approveChangeOrder",
      actor,
      ApproveChangeOrderInputSchema,
      input,
      coRecord,
      async (a, i) => {
        const co = await this.#loadCo(i.changeOrderId);
        this.#checkCo("sign", co);
        const slot = this.config.changeOrders.approvalSlots.find((s) => s.id === i.slotId);
        if (!slot) refuse("VALIDATION", "DOC-05", `Change orders have no approval slot "${i.slotId}"`);
        const role = designatedRole(a, slot!);
        if (co.approvals.some((x) => x.slotId === slot!.id))
          refuse("CONFLICT", "DOC-05", `Slot ${slot!.id} of ${co.changeOrderId} is already signed`);
        if (co.approvals.some((x) => x.signature.signerId === a.id))
          refuse("CONFLICT", "DOC-05", `${a.name} already signed another slot of this change order`);
        const docs = new Map<string, DocumentState>();
        for (const item of co.affected) docs.set(item.docId, await this.#loadDoc(item.docId));
        const now = this.#clock.now();
        const manifest = {
          changeOrderId: co.changeOrderId,
          description: co.description,
          affected: co.affected.map((item) => ({
            ...item,
            ...(item.action === "release"
              ? { contentSha256: findRevision(docs.get(item.docId)!, item.revisionId)?.content.hash ?? null }
              : {}),
          })),
        };
        const signature = await this.#signRecord(
          a,
          slot!.meaning,
          co.changeOrderId,
          co.version,
          manifest,
          i.credentials,
        );
        const approval: ApprovalRecord = {
          slotId: slot!.id,
          role,
          timeZone: this.config.timeZone,
          signature,
        };
        const coEvents = [this.#event(ChangeOrderEvents.approvalSigned, approval, a, undefined, [signature])];
        const complete = this.config.changeOrders.approvalSlots.every(
          (s) => s.id === slot!.id || co.approvals.some((x) => x.slotId === s.id),
        );
        const requests: AppendRequest[] = [];
        let status: ChangeOrderState["status"] = "open";
        if (complete) {
          const approvalDate = localDate(now, this.config.timeZone);
          const effectiveDate = i.effectiveDate ?? co.effectiveDate ?? approvalDate;
          checkChangeRecord(co, [...co.approvals, approval], approvalDate, effectiveDate);
          // an effective date of today takes effect at approval, never retroactively before it
          const effectiveAt = new Date(
            Math.max(startOfLocalDay(effectiveDate, this.config.timeZone).getTime(), now.getTime()),
          );
          for (const item of co.affected) {
            const doc = docs.get(item.docId)!;
            if (item.action === "release")
              this.#checkReleasable(doc, this.#revision(doc, item.revisionId), co);
            else if (!effectiveRevision(doc))
              refuse("INVALID_STATE", "P11-07", `${doc.docId} has no effective revision to make obsolete`);
          }
          coEvents.push(
            this.#event(
              ChangeOrderEvents.approved,
              {
                approvalDate,
                approvedAt: now.toISOString(),
                effectiveDate,
                effectiveAt: effectiveAt.toISOString(),
              },
              a,
            ),
          );
          if (effectiveAt.getTime() <= now.getTime()) {
            this.#checkCo("approveAndImplement", co);
            coEvents.push(
              this.#event(ChangeOrderEvents.implemented, { effectiveAt: effectiveAt.toISOString() }, a),
            );
            requests.push(...this.#implementation(co, docs, effectiveDate, effectiveAt, a));
            status = "implemented";
          } else {
            this.#checkCo("approve", co);
            for (const item of co.affected) {
              if (item.action !== "release") continue;
              const doc = docs.get(item.docId)!;
              this.#check("schedule", this.#revision(doc, item.revisionId), doc);
              requests.push({
                streamId: documentStreamId(doc.docId),
                expectedVersion: doc.version,
                events: [
                  this.#event(
                    DocumentEvents.scheduled,
                    {
                      revisionId: item.revisionId,
                      changeOrderId: co.changeOrderId,
                      effectiveDate,
                      effectiveAt: effectiveAt.toISOString(),
                    },
                    a,
                  ),
                ],
              });
            }
            status = "approved";
          }
        }
        await this.#log.appendAtomic([
          { streamId: changeOrderStreamId(co.changeOrderId), expectedVersion: co.version, events: coEvents },
          ...requests,
        ]);
        return { changeOrderId: co.changeOrderId, status, signature };
      },
    );
  }

  /** Cancel an open change order (its revisions stay as they are). */
  cancelChangeOrder(
    actor: Actor,
    input: CancelChangeOrderInput,
  ): Promise<CommandResult<{ changeOrderId: string }>> {
    return this.#run(
      "cancelChangeOrder",
      actor,
      CancelChangeOrderInputSchema,
      input,
      coRecord,
      async (a, i) => {
        if (
          !hasAnyRole(a, [...this.config.changeOrders.originatorRoles, ...this.config.documentControlRoles])
        )
          refuse("FORBIDDEN", "P11-08", "Only change-order originators or document control may cancel");
        const co = await this.#loadCo(i.changeOrderId);
        this.#checkCo("cancel", co);
        await this.#log.append(
          changeOrderStreamId(co.changeOrderId),
          [this.#event(ChangeOrderEvents.cancelled, {}, a, i.reason)],
          { expectedVersion: co.version },
        );
        return { changeOrderId: co.changeOrderId };
      },
    );
  }

  /** DOC-01: every slot signed, each signature still bound to the current content. */
  #checkReleasable(doc: DocumentState, rev: RevisionState, co: ChangeOrderState): void {
    const type = this.#docType(doc.docType);
    const missing = type.approvalSlots.filter((s) => !rev.approvals.some((x) => x.slotId === s.id));
    if (rev.status !== "approved" || missing.length > 0)
      refuse(
        "INVALID_STATE",
        "DOC-01",
        `${doc.docId} ${rev.label} is ${rev.status}; missing approvals: ${missing.map((s) => s.title).join(", ") || "none"}`,
        { missingSlots: missing.map((s) => s.id) },
      );
    const recordId = revisionRecordId(doc.docId, rev.revisionId);
    const manifest = DocumentService.#manifest(doc, rev);
    if (!rev.approvals.every((x) => signatureMatches(x.signature, recordId, rev.draftNo, manifest)))
      refuse(
        "INTEGRITY",
        "P11-11",
        `${doc.docId} ${rev.label}: an approval signature does not match its content`,
      );
    const other = doc.revisions.find(
      (r) => r !== rev && r.status === "approved-pending-effective" && r.changeOrderId !== co.changeOrderId,
    );
    if (other)
      refuse(
        "CONFLICT",
        "DOC-08",
        `${doc.docId} ${other.label} is already pending effective through ${other.changeOrderId}`,
      );
  }

  /** The document-side events that implement a change order (DOC-08, DOC-09, DOC-10). */
  #implementation(
    co: ChangeOrderState,
    docs: Map<string, DocumentState>,
    effectiveDate: string,
    effectiveAt: Date,
    actor: Actor,
  ): AppendRequest[] {
    const zone = this.config.timeZone;
    return co.affected.map((item) => {
      const doc = docs.get(item.docId)!;
      const current = effectiveRevision(doc);
      const events: EventToAppend[] = [];
      if (current) this.#check(item.action === "obsolete" ? "obsolete" : "supersede", current, doc);
      if (item.action === "obsolete") {
        if (current)
          events.push(
            this.#event(
              DocumentEvents.obsoleted,
              {
                revisionId: current.revisionId,
                at: effectiveAt.toISOString(),
                changeOrderId: co.changeOrderId,
              },
              actor,
            ),
          );
      } else {
        const type = this.#docType(doc.docType);
        const released = this.#revision(doc, item.revisionId);
        this.#check("makeEffective", released, doc);
        events.push(
          this.#event(
            DocumentEvents.effective,
            {
              docId: doc.docId,
              revisionId: item.revisionId,
              label: released.label,
              contentHash: released.content.hash,
              changeOrderId: co.changeOrderId,
              effectiveDate,
              effectiveAt: effectiveAt.toISOString(),
              supersededRevisionId: current?.revisionId ?? null,
              nextReviewDue: addInZone(effectiveAt, zone, {
                months: type.reviewIntervalMonths,
              }).toISOString(),
            },
            actor,
          ),
        );
        for (const rule of type.training)
          events.push(
            this.#event(
              DocumentEvents.taskCreated,
              {
                taskId: this.#ids.next(),
                revisionId: item.revisionId,
                kind: rule.kind,
                role: rule.role,
                dueAt: addInZone(effectiveAt, zone, { days: rule.dueInDays }).toISOString(),
              },
              actor,
            ),
          );
      }
      return { streamId: documentStreamId(doc.docId), expectedVersion: doc.version, events };
    });
  }

  /**
   * Apply what is due at `now` without any timer: implement approved change orders whose effective date has
   * come (atomically, DOC-08/DOC-14), and create periodic-review tasks for documents whose review is due
   * (DOC-10). Idempotent; safe to run from several processes (a lost race is skipped).
   *
   * @requirement DOC-10
   * @requirement DOC-14
   */
  async tick(now: Date = this.#clock.now()): Promise<TickResult> {
    await this.refresh();
    const system: Actor = { id: "system:documents-tick", name: "qmskit scheduler", roles: [] };
    const implemented: string[] = [];
    const reviewsDue: string[] = [];
    let skipped = 0;
    const due = [...this.projection.changeOrders.values()].filter(
      (co) =>
        co.status === "approved" && co.effectiveAt !== null && Date.parse(co.effectiveAt) <= now.getTime(),
    );
    for (const stale of due) {
      try {
        const co = await this.#loadCo(stale.changeOrderId);
        if (co.status !== "approved" || co.effectiveAt === null || co.effectiveDate === null) continue;
        this.#checkCo("implement", co);
        const docs = new Map<string, DocumentState>();
        for (const item of co.affected) docs.set(item.docId, await this.#loadDoc(item.docId));
        await this.#log.appendAtomic([
          {
            streamId: changeOrderStreamId(co.changeOrderId),
            expectedVersion: co.version,
            events: [this.#event(ChangeOrderEvents.implemented, { effectiveAt: co.effectiveAt }, system)],
          },
          ...this.#implementation(co, docs, co.effectiveDate, new Date(co.effectiveAt), system),
        ]);
        implemented.push(co.changeOrderId);
      } catch (error) {
        if (isQmsError(error, "CONCURRENCY")) skipped++;
        else throw error;
      }
    }
    for (const cached of this.projection.documents.values()) {
      if (cached.nextReviewDue === null || Date.parse(cached.nextReviewDue) > now.getTime()) continue;
      if (cached.tasks.some((t) => t.kind === "periodic-review" && t.open)) continue;
      const doc = await this.#loadDoc(cached.docId);
      const current = effectiveRevision(doc);
      if (
        !current ||
        doc.nextReviewDue === null ||
        doc.tasks.some((t) => t.kind === "periodic-review" && t.open)
      )
        continue;
      try {
        await this.#log.append(
          documentStreamId(doc.docId),
          [
            this.#event(
              DocumentEvents.reviewDue,
              { taskId: this.#ids.next(), revisionId: current.revisionId, dueAt: doc.nextReviewDue },
              system,
            ),
          ],
          { expectedVersion: doc.version },
        );
        reviewsDue.push(doc.docId);
      } catch (error) {
        if (isQmsError(error, "CONCURRENCY")) skipped++;
        else throw error;
      }
    }
    await this.refresh();
    return { implemented, reviewsDue, skipped };
  }

  // ---------------------------------------------------------------- periodic review, records, retention

  /**
   * Record the e-signed verdict of a periodic review of the effective revision: keep it effective, mark it as
   * needing revision (both reset `nextReviewDue`), or make it obsolete now.
   *
   * @requirement DOC-10
   */
  recordPeriodicReview(
    actor: Actor,
    input: PeriodicReviewInput,
  ): Promise<CommandResult<{ nextReviewDue: string | null; signature: Signature }>> {
    return this.#run(
      "recordPeriodicReview",
      actor,
      PeriodicReviewInputSchema,
      input,
      docRecord,
      async (a, i) => {
        if (!hasAnyRole(a, this.config.reviewerRoles))
          refuse(
            "FORBIDDEN",
            "DOC-10",
            `Only ${this.config.reviewerRoles.join(", ")} may sign periodic reviews`,
          );
        const doc = await this.#loadDoc(i.docId);
        const current = effectiveRevision(doc);
        if (!current) refuse("INVALID_STATE", "DOC-10", `${doc.docId} has no effective revision to review`);
        if (i.verdict === "makeObsolete") this.#check("obsolete", current!, doc);
        const type = this.#docType(doc.docType);
        const now = this.#clock.now();
        const signature = await this.#sign(a, "periodic review", doc, current!, i.credentials);
        const nextReviewDue =
          i.verdict === "makeObsolete"
            ? null
            : addInZone(now, this.config.timeZone, { months: type.reviewIntervalMonths }).toISOString();
        const events = [
          this.#event(
            DocumentEvents.reviewed,
            {
              revisionId: current!.revisionId,
              verdict: i.verdict,
              comment: i.comment,
              signature,
              timeZone: this.config.timeZone,
              nextReviewDue,
            },
            a,
            i.comment,
            [signature],
          ),
        ];
        if (i.verdict === "makeObsolete")
          events.push(
            this.#event(
              DocumentEvents.obsoleted,
              { revisionId: current!.revisionId, at: now.toISOString(), changeOrderId: null },
              a,
            ),
          );
        await this.#log.append(documentStreamId(doc.docId), events, { expectedVersion: doc.version });
        return { nextReviewDue, signature };
      },
    );
  }

  /**
   * Note a record produced under a revision and how long it is kept: the revision is then retained at least
   * that long (DOC-13).
   *
   * @requirement DOC-13
   */
  linkRecord(actor: Actor, input: LinkRecordInput): Promise<CommandResult<{ retainUntil: string }>> {
    return this.#run("linkRecord", actor, LinkRecordInputSchema, input, docRecord, async (a, i) => {
      const doc = await this.#loadDoc(i.docId);
      const rev = this.#revision(doc, i.revisionId);
      if (rev.effectiveAt === null)
        refuse(
          "INVALID_STATE",
          "DOC-13",
          `${doc.docId} ${rev.label} was never effective; no record can be produced under it`,
        );
      const retainUntil = new Date(i.retainUntil).toISOString();
      await this.#log.append(
        documentStreamId(doc.docId),
        [
          this.#event(
            DocumentEvents.recordLinked,
            { revisionId: rev.revisionId, recordId: i.recordId, retainUntil },
            a,
          ),
        ],
        { expectedVersion: doc.version },
      );
      return { retainUntil };
    });
  }

  /**
   * The earliest instant a revision may be purged, or null while it is not retired: the latest of retirement +
   * device lifetime, retirement + the minimum years (≥ 2, REC-01), and the retention end of every record
   * produced under it.
   *
   * @requirement DOC-13
   */
  static retainUntil(doc: DocumentState, rev: RevisionState, type: DocumentType, zone: string): Date | null {
    if (rev.retiredAt === null) return null;
    const retired = new Date(rev.retiredAt);
    const candidates = [
      addInZone(retired, zone, { months: Math.round(type.retention.deviceLifetimeYears * 12) }),
      addInZone(retired, zone, { months: Math.round(type.retention.minimumYears * 12) }),
      ...doc.linkedRecords.filter((l) => l.revisionId === rev.revisionId).map((l) => new Date(l.retainUntil)),
    ];
    return new Date(Math.max(...candidates.map((d) => d.getTime())));
  }

  /**
   * Purge a retired revision's content after its retention ended: a tombstone event is written (the history
   * stays), and the blob is deleted when the store supports it and no other revision uses it. Refused while
   * the revision is current or its retention runs (DOC-13).
   *
   * @requirement DOC-13
   */
  purgeRevision(
    actor: Actor,
    input: PurgeRevisionInput,
  ): Promise<CommandResult<{ revisionId: string; contentDeleted: boolean }>> {
    return this.#run("purgeRevision", actor, PurgeRevisionInputSchema, input, docRecord, async (a, i) => {
      if (!hasAnyRole(a, this.config.documentControlRoles))
        refuse("FORBIDDEN", "DOC-13", "Only document control may purge retired revisions");
      const doc = await this.#loadDoc(i.docId);
      const rev = this.#revision(doc, i.revisionId);
      if (rev.purged) refuse("CONFLICT", "DOC-13", `${doc.docId} ${rev.label} is already purged`);
      if (rev.status !== "superseded" && rev.status !== "obsolete")
        refuse(
          "INVALID_STATE",
          "DOC-13",
          `${doc.docId} ${rev.label} is ${rev.status}; only retired revisions can be purged`,
        );
      const until = DocumentService.retainUntil(doc, rev, this.#docType(doc.docType), this.config.timeZone)!;
      const now = this.#clock.now();
      if (now.getTime() < until.getTime())
        refuse(
          "FORBIDDEN",
          "DOC-13",
          `${doc.docId} ${rev.label} must be retained until ${until.toISOString()}`,
          {
            retainUntil: until.toISOString(),
          },
        );
      const shared = doc.revisions.some((r) => r !== rev && !r.purged && r.content.hash === rev.content.hash);
      let contentDeleted = false;
      if (!shared) {
        try {
          await this.#blobs.delete(rev.content.hash);
          contentDeleted = true;
        } catch (error) {
          if (!isQmsError(error, "UNSUPPORTED")) throw error;
        }
      }
      await this.#log.append(
        documentStreamId(doc.docId),
        [
          this.#event(
            DocumentEvents.purged,
            { revisionId: rev.revisionId, contentHash: rev.content.hash, contentDeleted },
            a,
            i.reason,
          ),
        ],
        { expectedVersion: doc.version },
      );
      return { revisionId: rev.revisionId, contentDeleted };
    });
  }

  // ---------------------------------------------------------------- queries

  /** Bring the read model up to date with the log. */
  async refresh(): Promise<void> {
    await this.projection.catchUp(this.#log);
  }

  /**
   * Point of use: the revision of `docId` effective at `at` (default: now), or undefined. Never a draft, in
   * review, pending, superseded or obsolete revision.
   *
   * @requirement DOC-07
   * @requirement DOC-14
   */
  async getEffective(docId: string, at: Date = this.#clock.now()): Promise<EffectiveRevision | undefined> {
    await this.refresh();
    return this.projection.getEffective(docId, at);
  }

  /**
   * Open the effective revision for use: checks the reader is in the document's distribution (DOC-11;
   * refusals are audited) and returns the verified content (DOC-12).
   *
   * @requirement DOC-11
   */
  openForUse(actor: Actor, docId: string, at?: Date): Promise<CommandResult<RevisionContent>> {
    return this.#run(
      "openForUse",
      actor,
      RevisionCommandInputSchema.pick({ docId: true }),
      { docId },
      docRecord,
      async (a, i) => {
        const doc = await this.#loadDoc(i.docId);
        if (doc.distribution.length > 0 && !hasAnyRole(a, doc.distribution))
          refuse("FORBIDDEN", "DOC-11", `${doc.docId} is distributed to ${doc.distribution.join(", ")} only`);
        const eff = await this.getEffective(doc.docId, at ?? this.#clock.now());
        if (!eff) refuse("NOT_FOUND", "DOC-07", `${doc.docId} has no effective revision at that time`);
        return this.#content(doc, this.#revision(doc, eff!.revisionId));
      },
    );
  }

  async #content(doc: DocumentState, rev: RevisionState): Promise<RevisionContent> {
    if (rev.purged)
      throw new QmsError("NOT_FOUND", `${doc.docId} ${rev.label} was purged after its retention period`);
    const bytes = await this.#blobs.get(rev.content.hash);
    const marker =
      rev.status === "obsolete"
        ? "OBSOLETE"
        : rev.status === "superseded"
          ? "SUPERSEDED"
          : rev.status === "effective"
            ? null
            : "UNCONTROLLED DRAFT";
    return {
      docId: doc.docId,
      revisionId: rev.revisionId,
      label: rev.label,
      status: rev.status,
      marker,
      content: rev.content,
      bytes,
      text: utf8.decode(bytes),
    };
  }

  /**
   * Read any revision (by id or label) with its content verified against the stored hash (`INTEGRITY` error
   * on any byte change, DOC-12) and a status marker: a retrieved obsolete or superseded copy says so (DOC-08).
   *
   * @requirement DOC-08
   * @requirement DOC-12
   */
  async readRevision(docId: string, ref: string): Promise<RevisionContent> {
    const doc = await this.getDocument(docId);
    const rev = findRevision(doc, ref);
    if (!rev) throw new QmsError("NOT_FOUND", `Document ${docId} has no revision "${ref}"`);
    return this.#content(doc, rev);
  }

  /** The folded state of a document (`NOT_FOUND` when absent). */
  async getDocument(docId: string): Promise<DocumentState> {
    const doc = foldDocument(await this.#log.read(documentStreamId(docId)));
    if (!doc) throw new QmsError("NOT_FOUND", `Document ${docId} does not exist`);
    return doc;
  }

  /** The folded state of a change order (`NOT_FOUND` when absent). */
  async getChangeOrder(id: string): Promise<ChangeOrderState> {
    const co = foldChangeOrder(await this.#log.read(changeOrderStreamId(id)));
    if (!co) throw new QmsError("NOT_FOUND", `Change order ${id} does not exist`);
    return co;
  }

  /** The change history report of a document (render it with `renderHistoryMarkdown`). */
  history(docId: string): Promise<HistoryReport> {
    return documentHistory(this.#log, docId);
  }

  /** Line diff between two revisions (ids or labels) of a document. */
  diff(docId: string, refA: string, refB: string): Promise<RevisionDiff> {
    return diffRevisions(this.#log, this.#blobs, docId, refA, refB);
  }

  /**
   * Open training, notification and periodic-review tasks of all documents, each with its due date.
   *
   * @requirement DOC-09
   * @requirement DOC-10
   */
  async openTasks(): Promise<DocumentTask[]> {
    await this.refresh();
    return [...this.projection.documents.values()].flatMap((d) => d.tasks.filter((t) => t.open));
  }

  /**
   * Verify every stored revision of a document: content bytes against their hash (DOC-12) and each approval
   * signature against the content it signed (P11-11). Returns one line per problem; empty means intact.
   *
   * @requirement DOC-12
   */
  async verifyDocument(docId: string): Promise<{ revisionId: string; label: string; problem: string }[]> {
    const doc = await this.getDocument(docId);
    const problems: { revisionId: string; label: string; problem: string }[] = [];
    for (const rev of doc.revisions) {
      if (rev.purged) continue;
      try {
        await this.#blobs.get(rev.content.hash);
      } catch (error) {
        problems.push({
          revisionId: rev.revisionId,
          label: rev.label,
          problem: isQmsError(error) ? `${error.code}: ${error.message}` : String(error),
        });
      }
      const recordId = revisionRecordId(doc.docId, rev.revisionId);
      const manifest = DocumentService.#manifest(doc, rev);
      for (const ap of rev.approvals)
        if (!signatureMatches(ap.signature, recordId, rev.draftNo, manifest))
          problems.push({
            revisionId: rev.revisionId,
            label: rev.label,
            problem: `signature of ${ap.signature.printedName} (${ap.slotId}) does not match the content`,
          });
    }
    return problems;
  }
}

// ---------------------------------------------------------------- rules

function issueText(issue: z.core.$ZodIssue): string {
  return `${issue.path.length ? `${issue.path.map(String).join(".")}: ` : ""}${issue.message}`;
}

function docRecord(input: unknown): string {
  const id = (input as { docId?: unknown } | null | undefined)?.docId;
  return typeof id === "string" ? documentStreamId(id.slice(0, 64)) : "document:?";
}

function coRecord(input: unknown): string {
  const id = (input as { changeOrderId?: unknown } | null | undefined)?.changeOrderId;
  return typeof id === "string" ? changeOrderStreamId(id.slice(0, 64)) : "change-order:?";
}

/**
 * The designated role an actor fills a slot in, or a refusal (DOC-03).
 *
 * @requirement DOC-03
 */
function designatedRole(actor: Actor, slot: ApprovalSlot): string {
  const role = actor.roles.find((r) => slot.roles.includes(r));
  if (!role)
    refuse(
      "FORBIDDEN",
      "DOC-03",
      `${actor.name} does not hold a designated approver role for "${slot.title}" (${slot.roles.join(", ")})`,
      { slotId: slot.id, requiredRoles: slot.roles },
    );
  return role as string;
}

/**
 * Approvals of a change must come from the function that approved the original, unless a designation says
 * otherwise: the role set of the change approvers must include the original approvers' roles (or the
 * designated roles).
 *
 * @requirement DOC-04
 */
function checkSameFunction(
  doc: DocumentState,
  rev: RevisionState,
  approvals: readonly ApprovalRecord[],
): void {
  if (rev.basedOn === null) return;
  const original = doc.revisions.find((r) => r.approvedAt !== null && r.revisionId !== rev.revisionId);
  if (!original) return;
  const designation = doc.designations.at(-1);
  const required = designation ? designation.roles : [...new Set(original.approvals.map((x) => x.role))];
  const have = new Set(approvals.map((x) => x.role));
  const missing = required.filter((r) => !have.has(r));
  if (missing.length > 0)
    refuse(
      "FORBIDDEN",
      "DOC-04",
      `A change of ${doc.docId} must be approved by the same functions as ${designation ? "designated" : "the original approval"}; missing: ${missing.join(", ")}`,
      { missingRoles: missing },
    );
}

/** DOC-05 parts checked when a change order is opened. */
function checkChangeContent(description: string, affected: readonly unknown[]): void {
  if (description.trim().length === 0)
    refuse("VALIDATION", "DOC-05", "A change order needs a description of the change");
  if (affected.length === 0)
    refuse("VALIDATION", "DOC-05", "A change order needs at least one affected document");
}

/**
 * A change record is valid only with a description, at least one affected document, approver signatures, an
 * approval date, and an effective date not before the approval date.
 *
 * @requirement DOC-05
 */
function checkChangeRecord(
  co: ChangeOrderState,
  approvals: readonly ApprovalRecord[],
  approvalDate: string,
  effectiveDate: string,
): void {
  checkChangeContent(co.description, co.affected);
  if (approvals.length === 0) refuse("VALIDATION", "DOC-05", "A change order needs approver signatures");
  if (effectiveDate < approvalDate)
    refuse(
      "VALIDATION",
      "DOC-05",
      `Effective date ${effectiveDate} is before the approval date ${approvalDate}; it must be on or after it`,
      { approvalDate, effectiveDate },
    );
}
