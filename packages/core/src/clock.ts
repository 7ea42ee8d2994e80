/**
 * Clocks: the trusted server time source of audit entries (P11-02).
 *
 * @packageDocumentation
 */
import { ValidationError } from "./errors.js";
import type { Clock } from "./ports.js";

/**
 * The system clock (`new Date()`), the default in production.
 *
 * @requirement P11-02
 */
export const systemClock: Clock = Object.freeze({ now: () => new Date() });

function toDate(value: Date | string | number): Date {
  const d = new Date(value instanceof Date ? value.getTime() : value);
  if (Number.isNaN(d.getTime())) throw new ValidationError(`Not a valid instant: ${String(value)}`);
  return d;
}

/**
 * A clock that always returns the same instant (each call returns a fresh `Date` copy).
 *
 * @example
 * ```ts
 * const clock = fixedClock("2026-01-01T00:00:00Z");
 * clock.now().toISOString(); // "2026-01-01T00:00:00.000Z"
 * ```
 */
export function fixedClock(instant: Date | string | number): Clock {
  const ms = toDate(instant).getTime();
  return Object.freeze({ now: () => new Date(ms) });
}

/**
 * A settable clock for tests: starts at an instant, can be set or advanced, and optionally moves
 * forward by `stepMs` after every reading (so consecutive events get distinct times).
 *
 * @example
 * ```ts
 * const clock = new TestClock("2026-01-01T00:00:00Z");
 * clock.advance({ minutes: 16 });
 * clock.now().toISOString(); // "2026-01-01T00:16:00.000Z"
 * ```
 */
export class TestClock implements Clock {
  #ms: number;
  readonly #stepMs: number;

  constructor(start: Date | string | number = "2026-01-01T00:00:00.000Z", options: { stepMs?: number } = {}) {
    this.#ms = toDate(start).getTime();
    this.#stepMs = options.stepMs ?? 0;
  }

  /** The current instant (then advances by `stepMs`). */
  now(): Date {
    const d = new Date(this.#ms);
    this.#ms += this.#stepMs;
    return d;
  }

  /** Sets the current instant. */
  set(instant: Date | string | number): void {
    this.#ms = toDate(instant).getTime();
  }

  /** Moves the clock forward (or back, with negative amounts). */
  advance(
    by: number | { days?: number; hours?: number; minutes?: number; seconds?: number; ms?: number },
  ): void {
    if (typeof by === "number") {
      this.#ms += by;
      return;
    }
    this.#ms +=
      (by.days ?? 0) * 86_400_000 +
      (by.hours ?? 0) * 3_600_000 +
      (by.minutes ?? 0) * 60_000 +
      (by.seconds ?? 0) * 1000 +
      (by.ms ?? 0);
  }
}
