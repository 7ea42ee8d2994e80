/**
 * The outbox port: deadline notifications leave the library as messages the host delivers (mail, chat,
 * task queue). Messages are keyed by the id of the event that caused them, so enqueueing is idempotent.
 *
 * @packageDocumentation
 */
import type { JsonObject } from "./json.js";

/** A message for the host to deliver. */
export interface OutboxMessage {
  /** The id of the stored event that caused the message; enqueueing the same id twice keeps one message. */
  readonly id: string;
  /** The event type, e.g. `workflow.deadline-overdue`. */
  readonly type: string;
  readonly recordId: string;
  /** When the event was recorded (ISO 8601). */
  readonly occurredAt: string;
  /** The event data. */
  readonly payload: JsonObject;
}

/**
 * Where the workflow service puts messages. Implementations must deduplicate by `id` (at-least-once
 * enqueueing, exactly-one message).
 */
export interface Outbox {
  /** Add messages; returns the ids that were new. */
  enqueue(messages: readonly OutboxMessage[]): Promise<readonly string[]>;
  /** Messages not yet acknowledged, oldest first. */
  pending(limit?: number): Promise<readonly OutboxMessage[]>;
  /** Mark messages delivered. */
  acknowledge(ids: readonly string[]): Promise<void>;
}

/**
 * An {@link Outbox} in memory (tests, examples, single-process hosts).
 *
 * @example
 * ```ts
 * const outbox = new InMemoryOutbox();
 * await service.tick();
 * for (const m of await outbox.pending()) { await notify(m); await outbox.acknowledge([m.id]); }
 * ```
 */
export class InMemoryOutbox implements Outbox {
  readonly #messages = new Map<string, { message: OutboxMessage; done: boolean }>();

  async enqueue(messages: readonly OutboxMessage[]): Promise<readonly string[]> {
    const added: string[] = [];
    for (const message of messages) {
      if (this.#messages.has(message.id)) continue;
      this.#messages.set(message.id, { message, done: false });
      added.push(message.id);
    }
    return added;
  }

  async pending(limit = Number.POSITIVE_INFINITY): Promise<readonly OutboxMessage[]> {
    const out: OutboxMessage[] = [];
    for (const { message, done } of this.#messages.values()) {
      if (out.length >= limit) break;
      if (!done) out.push(message);
    }
    return out;
  }

  async acknowledge(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      const entry = this.#messages.get(id);
      if (entry) entry.done = true;
    }
  }

  /** Every message ever enqueued (delivered or not). */
  all(): readonly OutboxMessage[] {
    return [...this.#messages.values()].map((e) => e.message);
  }
}
