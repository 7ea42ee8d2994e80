/**
 * `@qmskit/core`: the kernel every qmskit module stands on.
 *
 * @packageDocumentation
 */

export type { CanonicalJsonOptions } from "./canonical-json.js";
export { canonicalJson } from "./canonical-json.js";
export { fixedClock, systemClock, TestClock } from "./clock.js";
export type { QmsErrorCode, QmsErrorOptions, QmsSubclassOptions } from "./errors.js";
export {
  ConcurrencyError,
  ConflictError,
  ForbiddenError,
  IntegrityError,
  isQmsError,
  LimitExceededError,
  NotFoundError,
  QmsError,
  UnsupportedError,
  ValidationError,
} from "./errors.js";
export type { ChainState, PreparedEvent, PreparedRequest } from "./event-append.js";
export {
  checkStreamId,
  DEFAULT_MAX_EVENT_BYTES,
  deepFreeze,
  prepareAppend,
  sealAppend,
} from "./event-append.js";
export type {
  ChainBreak,
  ChainBreakKind,
  ChainVerification,
  HashedEventFields,
  VerifyChainOptions,
} from "./hash-chain.js";
export { computeEventHash, EMPTY_HEAD, eventHashInput, GENESIS_HASH, verifyChain } from "./hash-chain.js";
export { contentHash, isSha256Hex, sha256Hex } from "./hashing.js";
export type { Branded, EventId, StreamId, UserId, UuidV7Options } from "./ids.js";
export { asId, defaultIdGenerator, isUuidV7, sequentialIds, uuidV7, uuidV7Generator } from "./ids.js";
export type { EventLogOptions } from "./in-memory-event-log.js";
export { checkPositiveInt, InMemoryEventLog } from "./in-memory-event-log.js";
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
export {
  actorSchema,
  appendRequestSchema,
  chainHeadSchema,
  eventToAppendSchema,
  expectedVersionSchema,
  isoInstantSchema,
  sha256HexSchema,
  signatureSchema,
  signatureSealSchema,
  storedEventSchema,
  streamIdSchema,
} from "./schemas.js";
