import { type EventLog, QmsError, type StoredEvent } from "@qmskit/core";
import { createTwoFilesPatch, diffLines } from "diff";
import type { BlobStore } from "./blob-store.js";
import {
  type ChangeOrderState,
  type DocumentState,
  findRevision,
  foldChangeOrder,
  foldDocument,
  type RevisionState,
} from "./document-state.js";
import {
  COMMAND_REJECTED,
  changeOrderStreamId,
  type DocumentEventData,
  DocumentEvents,
  documentStreamId,
} from "./events.js";
import { REJECTIONS_STREAM, type Rejection } from "./rejection.js";
import { localDateTime } from "./site-time.js";

/** One approval as an auditor reads it (DOC-02, P11-10). */
export interface HistoryApproval {
  readonly slot: string;
  readonly role: string;
  readonly signerId: string;
  readonly printedName: string;
  readonly meaning: string;
  readonly signedAt: string;
  /** Signing time in the site zone with its offset. */
  readonly signedAtLocal: string;
  readonly contentHash: string;
}

/** The change history of one document: JSON form of the auditor's report. */
export interface HistoryReport {
  readonly docId: string;
  readonly title: string;
  readonly docType: string;
  readonly origin: DocumentState["origin"];
  readonly distribution: readonly string[];
  readonly current: {
    readonly revisionId: string;
    readonly label: string;
    readonly effectiveAt: string;
  } | null;
  readonly nextReviewDue: string | null;
  readonly revisions: readonly {
    readonly revisionId: string;
    readonly label: string;
    readonly status: RevisionState["status"];
    readonly contentSha256: string;
    readonly size: number;
    readonly createdAt: string;
    readonly createdBy: string;
    readonly basedOn: string | null;
    readonly approvals: readonly HistoryApproval[];
    readonly approvedAt: string | null;
    readonly changeOrderId: string | null;
    readonly effectiveDate: string | null;
    readonly effectiveAt: string | null;
    readonly retiredAt: string | null;
    readonly purged: boolean;
  }[];
  readonly changeOrders: readonly {
    readonly changeOrderId: string;
    readonly kind: string;
    readonly title: string;
    readonly description: string;
    readonly status: string;
    readonly approvalDate: string | null;
    readonly effectiveDate: string | null;
    readonly approvals: readonly HistoryApproval[];
  }[];
  readonly periodicReviews: readonly {
    readonly verdict: string;
    readonly comment: string;
    readonly signedBy: string;
    readonly signedAtLocal: string;
    readonly nextReviewDue: string | null;
  }[];
  readonly tasks: readonly DocumentState["tasks"][number][];
  readonly rejections: readonly (Rejection & { readonly at: string; readonly actorId: string })[];
  /** Every event of the document in order: the audit trail. */
  readonly trail: readonly {
    readonly position: number;
    readonly version: number;
    readonly recordedAt: string;
    readonly actorId: string;
    readonly actorName: string;
    readonly type: string;
    readonly summary: string;
    readonly reason: string | null;
  }[];
}

function approvalsOf(
  list: readonly {
    slotId: string;
    role: string;
    timeZone: string;
    signature: {
      signerId: string;
      printedName: string;
      meaning: string;
      signedAt: string;
      contentHash: string;
    };
  }[],
): HistoryApproval[] {
  return list.map((a) => ({
    slot: a.slotId,
    role: a.role,
    signerId: a.signature.signerId,
    printedName: a.signature.printedName,
    meaning: a.signature.meaning,
    signedAt: a.signature.signedAt,
    signedAtLocal: safeLocal(a.signature.signedAt, a.timeZone),
    contentHash: a.signature.contentHash,
  }));
}

function safeLocal(at: string, zone: string): string {
  try {
    return localDateTime(at, zone);
  } catch {
    return at;
  }
}

function describe(e: StoredEvent, doc: DocumentState): string {
  const d = e.data as Record<string, unknown>;
  const label = (id: unknown) => doc.revisions.find((r) => r.revisionId === id)?.label ?? String(id);
  switch (e.type) {
    case DocumentEvents.registered:
      return `Registered "${String(d.title)}" (${String(d.docType)})`;
    case DocumentEvents.revisionDrafted:
      return `Drafted ${String(d.label)}${d.basedOn ? ` from ${label(d.basedOn)}` : ""}`;
    case DocumentEvents.draftEdited:
      return `Edited draft, now ${String(d.label)} (content ${String((d.content as { hash?: string })?.hash).slice(0, 12)}…)`;
    case DocumentEvents.submitted:
      return `Submitted ${label(d.revisionId)} for review`;
    case DocumentEvents.returned:
      return `Returned ${label(d.revisionId)} to draft`;
    case DocumentEvents.approvalSigned: {
      const s = d.signature as { printedName?: string; meaning?: string };
      return `${s?.printedName} signed "${s?.meaning}" for slot ${String(d.slotId)} as ${String(d.role)}`;
    }
    case DocumentEvents.approved:
      return `Approved as ${String(d.label)}`;
    case DocumentEvents.scheduled:
      return `${label(d.revisionId)} approved, pending effective on ${String(d.effectiveDate)} (${String(d.changeOrderId)})`;
    case DocumentEvents.effective:
      return `${label(d.revisionId)} effective on ${String(d.effectiveDate)} through ${String(d.changeOrderId)}${
        d.supersededRevisionId ? `; ${label(d.supersededRevisionId)} superseded` : ""
      }`;
    case DocumentEvents.obsoleted:
      return `${label(d.revisionId)} made obsolete${d.changeOrderId ? ` through ${String(d.changeOrderId)}` : ""}`;
    case DocumentEvents.taskCreated:
      return `${String(d.kind)} task for ${String(d.role)} due ${String(d.dueAt)}`;
    case DocumentEvents.reviewDue:
      return `Periodic review due ${String(d.dueAt)}`;
    case DocumentEvents.reviewed:
      return `Periodic review: ${String(d.verdict)}`;
    case DocumentEvents.approversDesignated:
      return `Approvers of changes designated: ${(d.roles as string[] | undefined)?.join(", ")}`;
    case DocumentEvents.recordLinked:
      return `Record ${String(d.recordId)} produced under ${label(d.revisionId)}, kept until ${String(d.retainUntil)}`;
    case DocumentEvents.purged:
      return `${label(d.revisionId)} purged after retention`;
    default:
      return e.type;
  }
}

/**
 * The change history of a document, read from the event log alone (no configuration needed, so the CLI can
 * print it from a database file): revisions with approvals (signer, printed name, local time with zone,
 * meaning), change orders with description and dates, periodic reviews, tasks, refused attempts, and the
 * full audit trail.
 *
 * @requirement DOC-02
 * @requirement P11-06
 */
export async function documentHistory(log: EventLog, docId: string): Promise<HistoryReport> {
  const events = await log.read(documentStreamId(docId));
  const doc = foldDocument(events);
  if (!doc) throw new QmsError("NOT_FOUND", `Document ${docId} does not exist`);
  const coIds = new Set<string>();
  for (const r of doc.revisions) if (r.changeOrderId) coIds.add(r.changeOrderId);
  for (const e of events)
    if (e.type === DocumentEvents.obsoleted) {
      const id = (e.data as DocumentEventData["document.revision-obsoleted"]).changeOrderId;
      if (id) coIds.add(id);
    }
  const changeOrders: ChangeOrderState[] = [];
  for (const id of coIds) {
    const co = foldChangeOrder(await log.read(changeOrderStreamId(id)));
    if (co) changeOrders.push(co);
  }
  const recordId = documentStreamId(docId);
  const rejections = (await log.read(REJECTIONS_STREAM))
    .filter((e) => e.type === COMMAND_REJECTED && (e.data as Rejection).recordId === recordId)
    .map((e) => ({ ...(e.data as Rejection), at: e.recordedAt, actorId: e.actor.id }));
  const current = doc.revisions.find((r) => r.status === "effective");
  return {
    docId: doc.docId,
    title: doc.title,
    docType: doc.docType,
    origin: doc.origin,
    distribution: doc.distribution,
    current: current
      ? { revisionId: current.revisionId, label: current.label, effectiveAt: current.effectiveAt ?? "" }
      : null,
    nextReviewDue: doc.nextReviewDue,
    revisions: doc.revisions.map((r) => ({
      revisionId: r.revisionId,
      label: r.label,
      status: r.status,
      contentSha256: r.content.hash,
      size: r.content.size,
      createdAt: r.createdAt,
      createdBy: r.createdBy,
      basedOn: r.basedOn,
      approvals: approvalsOf(r.approvals),
      approvedAt: r.approvedAt,
      changeOrderId: r.changeOrderId,
      effectiveDate: r.effectiveDate,
      effectiveAt: r.effectiveAt,
      retiredAt: r.retiredAt,
      purged: r.purged,
    })),
    changeOrders: changeOrders.map((co) => ({
      changeOrderId: co.changeOrderId,
      kind: co.kind,
      title: co.title,
      description: co.description,
      status: co.status,
      approvalDate: co.approvalDate,
      effectiveDate: co.effectiveDate,
      approvals: approvalsOf(co.approvals),
    })),
    periodicReviews: doc.reviews.map((r) => ({
      verdict: r.verdict,
      comment: r.comment,
      signedBy: r.signature.printedName,
      signedAtLocal: safeLocal(r.signature.signedAt, r.timeZone),
      nextReviewDue: r.nextReviewDue,
    })),
    tasks: doc.tasks.map((t) => ({ ...t })),
    rejections,
    trail: events.map((e) => ({
      position: e.position,
      version: e.version,
      recordedAt: e.recordedAt,
      actorId: e.actor.id,
      actorName: e.actor.name,
      type: e.type,
      summary: describe(e, doc),
      reason: e.reason ?? null,
    })),
  };
}

const cell = (s: unknown) =>
  String(s ?? "")
    .replace(/\|/g, "\\|")
    .replace(/\r?\n/g, " ");

function table(headers: string[], rows: unknown[][]): string {
  return [
    `| ${headers.join(" | ")} |`,
    `| ${headers.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`),
  ].join("\n");
}

/**
 * Render a {@link HistoryReport} as Markdown an auditor can read.
 *
 * @requirement P11-06
 * @requirement P11-10
 */
export function renderHistoryMarkdown(report: HistoryReport): string {
  const out: string[] = [];
  out.push(`# Change history: ${cell(report.docId)} ${cell(report.title)}`, "");
  out.push(
    `- Document type: ${cell(report.docType)}`,
    `- Origin: ${report.origin.kind === "external" ? `external (${cell(report.origin.source)}, version ${cell(report.origin.sourceVersion)})` : "internal"}`,
    `- Distribution: ${report.distribution.length ? report.distribution.map(cell).join(", ") : "all users"}`,
    `- Current effective revision: ${report.current ? `${cell(report.current.label)} since ${report.current.effectiveAt}` : "none"}`,
    `- Next periodic review due: ${report.nextReviewDue ?? "not scheduled"}`,
    "",
    "## Revisions",
    "",
    table(
      [
        "Revision",
        "Status",
        "Created",
        "Approved",
        "Effective",
        "Retired",
        "Change order",
        "Content SHA-256",
      ],
      report.revisions.map((r) => [
        r.label,
        r.status + (r.purged ? " (purged)" : ""),
        `${r.createdAt} by ${r.createdBy}`,
        r.approvedAt ?? "",
        r.effectiveDate ?? "",
        r.retiredAt ?? "",
        r.changeOrderId ?? "",
        r.contentSha256,
      ]),
    ),
    "",
  );
  for (const r of report.revisions) {
    if (r.approvals.length === 0) continue;
    out.push(`### Approvals of revision ${cell(r.label)}`, "");
    out.push(
      table(
        ["Slot", "Printed name", "User id", "Role", "Meaning", "Signed (site time)", "Signed (UTC)"],
        r.approvals.map((a) => [
          a.slot,
          a.printedName,
          a.signerId,
          a.role,
          a.meaning,
          a.signedAtLocal,
          a.signedAt,
        ]),
      ),
      "",
    );
  }
  if (report.changeOrders.length) {
    out.push("## Change orders", "");
    for (const co of report.changeOrders) {
      out.push(
        `### ${cell(co.kind)} ${cell(co.changeOrderId)}: ${cell(co.title)}`,
        "",
        `- Status: ${co.status}`,
        `- Description: ${cell(co.description)}`,
        `- Approval date: ${co.approvalDate ?? "not approved"}`,
        `- Effective date: ${co.effectiveDate ?? "not set"}`,
        "",
      );
      if (co.approvals.length)
        out.push(
          table(
            ["Printed name", "User id", "Role", "Meaning", "Signed (site time)"],
            co.approvals.map((a) => [a.printedName, a.signerId, a.role, a.meaning, a.signedAtLocal]),
          ),
          "",
        );
    }
  }
  if (report.periodicReviews.length) {
    out.push("## Periodic reviews", "");
    out.push(
      table(
        ["Verdict", "Signed by", "Signed (site time)", "Comment", "Next review due"],
        report.periodicReviews.map((r) => [
          r.verdict,
          r.signedBy,
          r.signedAtLocal,
          r.comment,
          r.nextReviewDue ?? "",
        ]),
      ),
      "",
    );
  }
  if (report.tasks.length) {
    out.push("## Training and notification tasks", "");
    out.push(
      table(
        ["Kind", "Role", "Due", "Open"],
        report.tasks.map((t) => [t.kind, t.role, t.dueAt, t.open ? "yes" : "no"]),
      ),
      "",
    );
  }
  if (report.rejections.length) {
    out.push("## Refused attempts", "");
    out.push(
      table(
        ["When", "User id", "Command", "Rule", "Message"],
        report.rejections.map((r) => [r.at, r.actorId, r.command, r.requirement, r.message]),
      ),
      "",
    );
  }
  out.push("## Audit trail", "");
  out.push(
    table(
      ["#", "Recorded (UTC)", "User", "Event", "Reason"],
      report.trail.map((t) => [
        t.version,
        t.recordedAt,
        `${t.actorName} (${t.actorId})`,
        t.summary,
        t.reason ?? "",
      ]),
    ),
    "",
  );
  return out.join("\n");
}

/** The line diff between two revisions. */
export interface RevisionDiff {
  readonly docId: string;
  readonly from: { readonly revisionId: string; readonly label: string; readonly contentSha256: string };
  readonly to: { readonly revisionId: string; readonly label: string; readonly contentSha256: string };
  /** Unified diff text. */
  readonly patch: string;
  readonly added: number;
  readonly removed: number;
  readonly changes: readonly { readonly added: boolean; readonly removed: boolean; readonly value: string }[];
}

const DIFF_TIMEOUT_MS = 5_000;

/**
 * Text diff between any two revisions (by id or label) of a document, on content verified against its hash.
 * Pathological inputs are bounded: a diff that exceeds the time limit fails with `LIMIT_EXCEEDED`.
 *
 * @requirement DOC-12
 */
export async function diffRevisions(
  log: EventLog,
  blobs: BlobStore,
  docId: string,
  refA: string,
  refB: string,
): Promise<RevisionDiff> {
  const doc = foldDocument(await log.read(documentStreamId(docId)));
  if (!doc) throw new QmsError("NOT_FOUND", `Document ${docId} does not exist`);
  const a = findRevision(doc, refA);
  const b = findRevision(doc, refB);
  if (!a || !b)
    throw new QmsError("NOT_FOUND", `Document ${docId} has no revision "${!a ? refA : refB}"`, {
      details: { revisions: doc.revisions.map((r) => r.label) },
    });
  for (const r of [a, b])
    if (r.purged)
      throw new QmsError("NOT_FOUND", `${docId} ${r.label} was purged after its retention period`);
  const decoder = new TextDecoder("utf-8");
  const textA = decoder.decode(await blobs.get(a.content.hash));
  const textB = decoder.decode(await blobs.get(b.content.hash));
  const changes = diffLines(textA, textB, { timeout: DIFF_TIMEOUT_MS });
  const patch = createTwoFilesPatch(
    `${docId} ${a.label}`,
    `${docId} ${b.label}`,
    textA,
    textB,
    a.content.hash,
    b.content.hash,
    {
      timeout: DIFF_TIMEOUT_MS,
    },
  );
  if (changes === undefined || patch === undefined)
    throw new QmsError("LIMIT_EXCEEDED", `The diff of ${docId} ${a.label}..${b.label} took too long`);
  let added = 0;
  let removed = 0;
  for (const c of changes) {
    if (c.added) added += c.count ?? 0;
    if (c.removed) removed += c.count ?? 0;
  }
  return {
    docId,
    from: { revisionId: a.revisionId, label: a.label, contentSha256: a.content.hash },
    to: { revisionId: b.revisionId, label: b.label, contentSha256: b.content.hash },
    patch,
    added,
    removed,
    changes: changes.map((c) => ({ added: c.added, removed: c.removed, value: c.value })),
  };
}
