/**
 * `@qmskit/core`: the kernel every qmskit module stands on.
 *
 * @packageDocumentation
 */

export type { QmsErrorCode, QmsErrorOptions } from "./errors.js";
export { isQmsError, QmsError } from "./errors.js";
