/** Why a command was refused. */
export type RejectionCode =
  | "VALIDATION"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "INVALID_STATE"
  | "INTEGRITY";

/**
 * A refused command: returned to the caller and recorded as a `document.command-rejected` audit event.
 * `requirement` names the rule that refused it (e.g. `DOC-03`, `P11-07`).
 */
export interface Rejection {
  readonly code: RejectionCode;
  readonly requirement: string;
  readonly message: string;
  readonly command: string;
  /** The document or change order the command addressed. */
  readonly recordId: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Outcome of a command: its value, or a {@link Rejection}. */
export type CommandResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly rejection: Rejection };

/** Stream holding every refused document and change-order command. */
export const REJECTIONS_STREAM = "documents:rejections";
