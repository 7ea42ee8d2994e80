import type { EventLog, StoredEvent } from "@qmskit/core";
import {
  type ChangeOrderState,
  type DocumentState,
  evolveChangeOrder,
  evolveDocument,
} from "./document-state.js";
import { type DocumentEventData, DocumentEvents } from "./events.js";

/** What point of use receives: the one effective revision of a document at an instant. */
export interface EffectiveRevision {
  readonly docId: string;
  readonly revisionId: string;
  readonly label: string;
  readonly contentHash: string;
  /** First instant it is effective (UTC ISO). */
  readonly effectiveAt: string;
  /** The calendar date it became effective, in the site zone. */
  readonly effectiveDate: string;
  readonly changeOrderId: string;
}

interface Timeline {
  /** Effective-from instants (ms), ascending. */
  readonly from: number[];
  /** Effective-until instants (ms, exclusive); `Infinity` while still effective. */
  readonly to: number[];
  readonly revisions: EffectiveRevision[];
}

const DOC_PREFIX = "document:";
const CO_PREFIX = "change-order:";

/**
 * Read model of all documents and change orders, built from the event log (`readAll`) and kept current
 * with {@link DocumentProjection.catchUp}. Holds, per document, the timeline of effective intervals that
 * {@link DocumentProjection.getEffective} searches.
 */
export class DocumentProjection {
  /** Global position of the last applied event. */
  position = 0;
  readonly documents = new Map<string, DocumentState>();
  readonly changeOrders = new Map<string, ChangeOrderState>();
  readonly #timelines = new Map<string, Timeline>();

  /** Apply one stored event (events of other record types are skipped). */
  apply(e: StoredEvent): void {
    if (e.position > this.position) this.position = e.position;
    const sid = e.streamId;
    if (sid.startsWith(DOC_PREFIX)) {
      const docId = sid.slice(DOC_PREFIX.length);
      if (docId.includes(":")) return; // rejection stream
      const doc = evolveDocument(this.documents.get(docId), e);
      if (!doc) return;
      if (e.type === DocumentEvents.registered) this.documents.set(docId, doc);
      else if (e.type === DocumentEvents.effective) this.#onEffective(doc, e);
      else if (e.type === DocumentEvents.obsoleted) this.#onObsolete(docId, e);
    } else if (sid.startsWith(CO_PREFIX)) {
      const id = sid.slice(CO_PREFIX.length);
      if (id.includes(":")) return;
      const co = evolveChangeOrder(this.changeOrders.get(id), e);
      if (co) this.changeOrders.set(id, co);
    }
  }

  #onEffective(doc: DocumentState, e: StoredEvent): void {
    const d = e.data as DocumentEventData["document.revision-effective"];
    const rev = doc.revisions.find((r) => r.revisionId === d.revisionId);
    let tl = this.#timelines.get(doc.docId);
    if (!tl) {
      tl = { from: [], to: [], revisions: [] };
      this.#timelines.set(doc.docId, tl);
    }
    const at = Date.parse(d.effectiveAt);
    const last = tl.to.length - 1;
    if (last >= 0 && tl.to[last] === Number.POSITIVE_INFINITY) tl.to[last] = at;
    tl.from.push(at);
    tl.to.push(Number.POSITIVE_INFINITY);
    tl.revisions.push({
      docId: doc.docId,
      revisionId: d.revisionId,
      label: rev?.label ?? "",
      contentHash: rev?.content.hash ?? "",
      effectiveAt: d.effectiveAt,
      effectiveDate: d.effectiveDate,
      changeOrderId: d.changeOrderId,
    });
  }

  #onObsolete(docId: string, e: StoredEvent): void {
    const d = e.data as DocumentEventData["document.revision-obsoleted"];
    const tl = this.#timelines.get(docId);
    const last = tl ? tl.to.length - 1 : -1;
    if (tl && last >= 0 && tl.to[last] === Number.POSITIVE_INFINITY) tl.to[last] = Date.parse(d.at);
  }

  /** Read and apply every event after {@link DocumentProjection.position}. */
  async catchUp(log: EventLog, pageSize = 10_000): Promise<this> {
    for (;;) {
      const page = await log.readAll({ fromPosition: this.position + 1, limit: pageSize });
      for (const e of page) this.apply(e);
      if (page.length < pageSize) return this;
    }
  }

  /**
   * The revision of `docId` effective at instant `at`, or undefined. Only revisions recorded as effective
   * are ever returned: never a draft, one in review, one approved but pending its effective date, nor one
   * at an instant after it was superseded or made obsolete.
   *
   * @requirement DOC-06
   * @requirement DOC-07
   * @requirement DOC-14
   */
  getEffective(docId: string, at: Date | number): EffectiveRevision | undefined {
    const tl = this.#timelines.get(docId);
    if (!tl) return undefined;
    const t = typeof at === "number" ? at : at.getTime();
    const { from } = tl;
    let lo = 0;
    let hi = from.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (from[mid]! <= t) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0 || t >= tl.to[found]!) return undefined;
    return tl.revisions[found];
  }

  /** Every effective interval of a document, oldest first (`until` undefined while still effective). */
  effectiveTimeline(docId: string): { revision: EffectiveRevision; from: string; until?: string }[] {
    const tl = this.#timelines.get(docId);
    if (!tl) return [];
    return tl.revisions.map((revision, i) => {
      const to = tl.to[i]!;
      return Number.isFinite(to)
        ? { revision, from: revision.effectiveAt, until: new Date(to).toISOString() }
        : { revision, from: revision.effectiveAt };
    });
  }
}
