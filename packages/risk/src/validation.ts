/** Shared boundary validation: zod parsing that throws or returns a typed `VALIDATION` {@link QmsError}. */
import { isQmsError, QmsError } from "@qmskit/core";
import type { z } from "zod";

/** The result of a `safeParseX` function. */
export type SafeResult<T> = { success: true; data: T } | { success: false; error: QmsError };

/** @internal Turns zod issues into a `VALIDATION` error that names the paths. */
export function validationError(what: string, error: z.ZodError): QmsError {
  const issues = error.issues
    .slice(0, 20)
    .map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
  const first = issues[0];
  const where = first ? ` at ${first.path || "(root)"}: ${first.message}` : "";
  return new QmsError("VALIDATION", `Invalid ${what}${where}`, { details: { issues } });
}

/** @internal Parse or throw a `VALIDATION` error. */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw validationError(what, r.error);
  return r.data;
}

/** @internal Run `fn`, returning its value or the `QmsError` it threw. */
export function safely<T>(fn: () => T): SafeResult<T> {
  try {
    return { success: true, data: fn() };
  } catch (error) {
    if (isQmsError(error)) return { success: false, error };
    return {
      success: false,
      error: new QmsError("VALIDATION", error instanceof Error ? error.message : String(error), {
        cause: error,
      }),
    };
  }
}

/** @internal A `VALIDATION` error with details. */
export function invalid(message: string, details: Record<string, unknown> = {}): QmsError {
  return new QmsError("VALIDATION", message, { details });
}
