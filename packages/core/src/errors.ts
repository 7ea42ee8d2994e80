/**
 * Error family of qmskit. Every error thrown by a qmskit package extends {@link QmsError}
 * and carries a stable string `code` that callers can switch on.
 *
 * Check errors with {@link isQmsError} (or by `code`), never with `instanceof` across packages:
 * the ESM and CJS builds of a package hold distinct classes (the dual-package hazard).
 *
 * @packageDocumentation
 */

/** Stable error codes shared by all qmskit packages. Packages may add their own codes. */
export type QmsErrorCode =
  | "VALIDATION"
  | "CONCURRENCY"
  | "NOT_FOUND"
  | "FORBIDDEN"
  | "INTEGRITY"
  | "CONFLICT"
  | "UNSUPPORTED"
  | "LIMIT_EXCEEDED"
  | "INTERNAL"
  | (string & {});

/** Brand placed on every {@link QmsError} so the guard works across module copies. */
const BRAND = Symbol.for("qmskit.QmsError");

/** Options accepted by {@link QmsError}. */
export interface QmsErrorOptions {
  /** Structured, JSON-serialisable detail for programs (e.g. the offending path or metric). */
  readonly details?: Readonly<Record<string, unknown>>;
  /** The underlying cause, when wrapping another error. */
  readonly cause?: unknown;
}

/**
 * Base class of all qmskit errors.
 *
 * @example
 * ```ts
 * throw new QmsError("VALIDATION", "Vector is missing the AV metric", { details: { metric: "AV" } });
 * ```
 */
export class QmsError extends Error {
  /** Stable, machine-readable error code. */
  readonly code: QmsErrorCode;
  /** Structured detail for programs. */
  readonly details: Readonly<Record<string, unknown>>;
  /** Marks the object as a qmskit error (see {@link isQmsError}). */
  readonly [BRAND] = true;

  constructor(code: QmsErrorCode, message: string, options: QmsErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "QmsError";
    this.code = code;
    this.details = options.details ?? {};
  }

  /** A plain JSON form: `{ name, code, message, details }`. */
  toJSON(): { name: string; code: string; message: string; details: Readonly<Record<string, unknown>> } {
    return { name: this.name, code: this.code, message: this.message, details: this.details };
  }
}

/**
 * True when `value` is a qmskit error from any copy of the package (ESM or CJS).
 * Pass `code` to also check the error code.
 *
 * @example
 * ```ts
 * try { parseVector(v); } catch (e) { if (isQmsError(e, "VALIDATION")) console.error(e.message); }
 * ```
 */
export function isQmsError(value: unknown, code?: QmsErrorCode): value is QmsError {
  if (typeof value !== "object" || value === null) return false;
  if ((value as Record<symbol, unknown>)[BRAND] !== true) return false;
  return code === undefined || (value as QmsError).code === code;
}

/** Options of the typed subclasses (the code is fixed by the class). */
export type QmsSubclassOptions = QmsErrorOptions;

/** Input failed validation (`VALIDATION`). `details.issues` lists the problems when there are several. */
export class ValidationError extends QmsError {
  constructor(message: string, options: QmsErrorOptions = {}) {
    super("VALIDATION", message, options);
    this.name = "ValidationError";
  }
}

/** A stale `expectedVersion` or another optimistic-concurrency conflict (`CONCURRENCY`). */
export class ConcurrencyError extends QmsError {
  constructor(message: string, options: QmsErrorOptions = {}) {
    super("CONCURRENCY", message, options);
    this.name = "ConcurrencyError";
  }
}

/** A record, stream or other addressed thing does not exist (`NOT_FOUND`). */
export class NotFoundError extends QmsError {
  constructor(message: string, options: QmsErrorOptions = {}) {
    super("NOT_FOUND", message, options);
    this.name = "NotFoundError";
  }
}

/** The actor may not do this, or authentication failed (`FORBIDDEN`). */
export class ForbiddenError extends QmsError {
  constructor(message: string, options: QmsErrorOptions = {}) {
    super("FORBIDDEN", message, options);
    this.name = "ForbiddenError";
  }
}

/** Stored data fails an integrity check: a broken hash chain, a signature that does not verify (`INTEGRITY`). */
export class IntegrityError extends QmsError {
  constructor(message: string, options: QmsErrorOptions = {}) {
    super("INTEGRITY", message, options);
    this.name = "IntegrityError";
  }
}

/** The operation conflicts with the current state of a record (`CONFLICT`). */
export class ConflictError extends QmsError {
  constructor(message: string, options: QmsErrorOptions = {}) {
    super("CONFLICT", message, options);
    this.name = "ConflictError";
  }
}

/** A configured limit (size, depth, count) was exceeded (`LIMIT_EXCEEDED`). */
export class LimitExceededError extends QmsError {
  constructor(message: string, options: QmsErrorOptions = {}) {
    super("LIMIT_EXCEEDED", message, options);
    this.name = "LimitExceededError";
  }
}

/** The input uses a feature or version this package does not support (`UNSUPPORTED`). */
export class UnsupportedError extends QmsError {
  constructor(message: string, options: QmsErrorOptions = {}) {
    super("UNSUPPORTED", message, options);
    this.name = "UnsupportedError";
  }
}
