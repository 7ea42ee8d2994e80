/**
 * `@qmskit/core`: the kernel every qmskit module stands on.
 *
 * @packageDocumentation
 */
export { QmsError, isQmsError } from "./errors.js";
export type { QmsErrorCode, QmsErrorOptions } from "./errors.js";
export type {
  Actor,
  AppendRequest,
  ChainHead,
  Clock,
  EventLog,
  EventToAppend,
  ExpectedVersion,
  IdGenerator,
  Signature,
  SignatureSeal,
  StoredEvent,
} from "./ports.js";
