/**
 * `@qmskit/core`: the kernel every qmskit module stands on.
 *
 * @packageDocumentation
 */

export type {
  AuditExportFormat,
  AuditExportOptions,
  AuditRow,
  ChangeDeriver,
  FieldChange,
  ParseResult,
} from "./audit-export.js";
export {
  auditCsvLines,
  auditExportFormatSchema,
  auditMarkdownLines,
  auditNdjsonLines,
  auditRows,
  exportAuditTrail,
  parseAuditNdjson,
  safeParseAuditNdjson,
  topLevelFieldChanges,
} from "./audit-export.js";
export type { CanonicalJsonOptions } from "./canonical-json.js";
export { canonicalJson } from "./canonical-json.js";
export type { Citation } from "./citations.js";
export {
  CITATIONS,
  citationSchema,
  citationSourceSchema,
  formatCitation,
  iso13485ViaQmsr,
  legacyQsr,
  part11,
} from "./citations.js";
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
  prepareAppend,
  sealAppend,
} from "./event-append.js";
export { deepFreeze } from "./freeze.js";
export type {
  ChainBreak,
  ChainBreakKind,
  ChainVerification,
  HashedEventFields,
  VerifyChainOptions,
} from "./hash-chain.js";
export {
  canonicalBytesOf,
  computeEventHash,
  EMPTY_HEAD,
  eventHashInput,
  GENESIS_HASH,
  storedEventFromCanonical,
  verifyChain,
} from "./hash-chain.js";
export { contentHash, isSha256Hex, sha256Hex } from "./hashing.js";
export type { IdentityCheck, IdentityRecord, IdentityRegistryOptions } from "./identity-registry.js";
export { IdentityEvents, IdentityRegistry } from "./identity-registry.js";
export type { Branded, EventId, StreamId, UserId, UuidV7Options } from "./ids.js";
export { asId, defaultIdGenerator, isUuidV7, sequentialIds, uuidV7, uuidV7Generator } from "./ids.js";
export type { EventLogOptions } from "./in-memory-event-log.js";
export { checkNonNegativeInt, InMemoryEventLog } from "./in-memory-event-log.js";
export type { VerifyEventLogOptions } from "./log-verification.js";
export { verifyEventLog } from "./log-verification.js";
export type {
  Actor,
  AppendRequest,
  Authenticator,
  ChainHead,
  Clock,
  EventLog,
  EventToAppend,
  ExpectedVersion,
  IdGenerator,
  SecurityEvent,
  SecurityEventSink,
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
export type {
  CreateSignatureOptions,
  ManifestationOptions,
  SealKey,
  SignatureFailure,
  SignatureMeaning,
  SignatureVerification,
  SignedRecord,
  VerifySignatureOptions,
} from "./signatures.js";
export {
  createSignature,
  SIGNATURE_MEANINGS,
  signatureManifestation,
  signatureSealPayload,
  signedRecordSchema,
  verifySignature,
} from "./signatures.js";
export type { SigningServiceOptions, SignRefusal, SignRequest, SignResult } from "./signing-service.js";
export {
  SECURITY_ALERT_EVENT,
  SIGNING_FAILED_EVENT,
  SigningService,
  signRequestSchema,
} from "./signing-service.js";
