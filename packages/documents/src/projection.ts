import type { EventLog, StoredEvent } from "@qmskit/core";
import {
  type ChangeOrderState,
  type DocumentState,
  evolveChangeOrder,
  evolveDocument,
} from "./document-state.js";
import { DocumentEvents } from "./events.js";

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
  /**
   * The effective events' data in order (frozen by the log; served as they are). Each revision is effective
   * from its `effectiveAt` until the next one's.
   */
  readonly revisions: EffectiveRevision[];
  /** Per revision: when it was made obsolete (ending its interval before any successor), else null. */
  readonly endedAt: (string | null)[];
  /** Epoch ms of each start and end, computed on the first lookup after a change (rebuilds parse nothing). */
  fromMs: number[] | null;
  endMs: number[] | null;
}

const DOC_PREFIX = "document:";
const CO_PREFIX = "change-order:";
const EFFECTIVE = DocumentEvents.effective;
const OBSOLETED = DocumentEvents.obsoleted;

/** Document id of a document stream, or undefined for any other stream. */
function docIdOf(streamId: string): string | undefined {
  if (!streamId.startsWith(DOC_PREFIX)) return undefined;
  const id = streamId.slice(DOC_PREFIX.length);
  return id.includes(":") ? undefined : id;
}

/** Epoch ms of an ISO instant; an unreadable one counts as the far future (never served). */
function toMs(iso: string | null): number {
  if (iso === null) return Number.POSITIVE_INFINITY;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
}

/**
 * The point-of-use projection: per document, the timeline of effective revisions, built only from
 * `document.revision-effective` and `document.revision-obsoleted` events (which carry everything it serves,
 * so a rebuild skips every other event, parses nothing and copies nothing). {@link EffectiveIndex.getEffective}
 * is a binary search in that timeline.
 */
export class EffectiveIndex {
  /** Global position of the last applied event. */
  position = 0;
  /** Timelines by stream id (the rebuild's key) and by document id (the lookup's key). */
  readonly #timelines = new Map<string, Timeline>();
  readonly #byDoc = new Map<string, Timeline>();

  /** Apply one stored event (all other event types are skipped). */
  apply(e: StoredEvent): void {
    if (e.position > this.position) this.position = e.position;
    const type = e.type;
    if (type === EFFECTIVE || type === OBSOLETED) this.#applyTimeline(e, type === EFFECTIVE);
  }

  /** Apply events in global order (e.g. a whole `readAll()`). */
  applyAll(events: readonly StoredEvent[]): this {
    const n = events.length;
    for (let i = 0; i < n; i++) {
      const e = events[i]!;
      const type = e.type;
      if (type === EFFECTIVE || type === OBSOLETED) this.#applyTimeline(e, type === EFFECTIVE);
    }
    if (n > 0) this.position = Math.max(this.position, events[n - 1]!.position);
    return this;
  }

  #applyTimeline(e: StoredEvent, effective: boolean): void {
    const key = e.streamId;
    let tl = this.#timelines.get(key);
    if (tl === undefined) {
      const docId = docIdOf(key);
      if (docId === undefined) return;
      tl = { revisions: [], endedAt: [], fromMs: null, endMs: null };
      this.#timelines.set(key, tl);
      this.#byDoc.set(docId, tl);
    }
    tl.fromMs = null;
    const last = tl.revisions.length - 1;
    const data = e.data as Partial<EffectiveRevision & { at: string }> | null;
    if (data === null || typeof data !== "object") return; // malformed: never served
    if (effective) {
      if (typeof data.effectiveAt !== "string" || typeof data.revisionId !== "string") return;
      tl.revisions.push(data as EffectiveRevision);
      tl.endedAt.push(null);
    } else if (last >= 0 && tl.endedAt[last] === null && typeof data.at === "string") {
      tl.endedAt[last] = data.at;
    }
  }

  /** Read and apply every event after {@link EffectiveIndex.position}. */
  async catchUp(log: EventLog, pageSize = 10_000): Promise<this> {
    for (;;) {
      const page = await log.readAll({ fromPosition: this.position + 1, limit: pageSize });
      this.applyAll(page);
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
    const tl = this.#byDoc.get(docId);
    if (!tl) return undefined;
    const t = typeof at === "number" ? at : at.getTime();
    let from = tl.fromMs;
    let end = tl.endMs;
    if (from === null || end === null) {
      from = tl.fromMs = tl.revisions.map((r) => toMs(r.effectiveAt));
      end = tl.endMs = tl.endedAt.map(toMs);
    }
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
    if (found < 0) return undefined;
    const next = found + 1 < from.length ? from[found + 1]! : Number.POSITIVE_INFINITY;
    return t < next && t < end[found]! ? tl.revisions[found] : undefined;
  }

  /** Every effective interval of a document, oldest first (`until` absent while still effective). */
  effectiveTimeline(docId: string): { revision: EffectiveRevision; from: string; until?: string }[] {
    const tl = this.#byDoc.get(docId);
    if (!tl) return [];
    return tl.revisions.map((revision, i) => {
      const until = tl.endedAt[i] ?? (i + 1 < tl.revisions.length ? tl.revisions[i + 1]!.effectiveAt : null);
      return until
        ? { revision, from: revision.effectiveAt, until }
        : { revision, from: revision.effectiveAt };
    });
  }
}

/**
 * Read model of all documents and change orders (what `tick` and task lists need), built from the event
 * log and kept current with {@link DocumentProjection.catchUp}; point of use is served by its
 * {@link EffectiveIndex}.
 */
export class DocumentProjection {
  /** Global position of the last applied event. */
  position = 0;
  readonly documents = new Map<string, DocumentState>();
  readonly changeOrders = new Map<string, ChangeOrderState>();
  readonly effective = new EffectiveIndex();

  /** Apply one stored event (events of other record types are skipped). */
  apply(e: StoredEvent): void {
    if (e.position > this.position) this.position = e.position;
    this.effective.apply(e);
    const sid = e.streamId;
    const docId = docIdOf(sid);
    if (docId !== undefined) {
      const doc = evolveDocument(this.documents.get(docId), e);
      if (doc && e.type === DocumentEvents.registered) this.documents.set(docId, doc);
    } else if (sid.startsWith(CO_PREFIX)) {
      const id = sid.slice(CO_PREFIX.length);
      if (id.includes(":")) return;
      const co = evolveChangeOrder(this.changeOrders.get(id), e);
      if (co) this.changeOrders.set(id, co);
    }
  }

  /** Read and apply every event after {@link DocumentProjection.position}. */
  async catchUp(log: EventLog, pageSize = 10_000): Promise<this> {
    for (;;) {
      const page = await log.readAll({ fromPosition: this.position + 1, limit: pageSize });
      for (const e of page) this.apply(e);
      if (page.length < pageSize) return this;
    }
  }

  /** See {@link EffectiveIndex.getEffective}. */
  getEffective(docId: string, at: Date | number): EffectiveRevision | undefined {
    return this.effective.getEffective(docId, at);
  }

  /** See {@link EffectiveIndex.effectiveTimeline}. */
  effectiveTimeline(docId: string): { revision: EffectiveRevision; from: string; until?: string }[] {
    return this.effective.effectiveTimeline(docId);
  }
}
