/**
 * Turning zod results into `VALIDATION` errors that name the offending path (internal to core).
 *
 * @packageDocumentation
 */
import type { z } from "zod";
import { ValidationError } from "./errors.js";

/** A zod error's issues as `{ path, message }`, each path prefixed with `prefix` (dot-joined). @internal */
export function zodIssues(error: z.ZodError, prefix: string): { path: string; message: string }[] {
  return error.issues.map((i) => ({
    path: [prefix, ...i.path.map((p) => String(p))].filter((p) => p !== "").join("."),
    message: i.message,
  }));
}

/** A `VALIDATION` error "`what`: first issue (and N more)", with every issue in its details. @internal */
export function invalid(what: string, issues: { path: string; message: string }[]): ValidationError {
  const first = issues[0];
  const summary = first ? `${first.path ? `${first.path}: ` : ""}${first.message}` : "invalid";
  return new ValidationError(
    `${what}: ${summary}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ""}`,
    {
      details: { issues },
    },
  );
}

/** `value` parsed by `schema`, or a `VALIDATION` error from {@link invalid}. @internal */
export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: string, prefix = ""): T {
  const r = schema.safeParse(value);
  if (!r.success) throw invalid(what, zodIssues(r.error, prefix));
  return r.data;
}
