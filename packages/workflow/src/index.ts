/**
 * `@qmskit/workflow`: workflows as data for regulated records. Typed definitions with per-command
 * requirements, a pure decider and fold, a service over the event log that logs refusals, versioned
 * definitions with audited migration, business calendars and stored deadlines, and Mermaid export.
 *
 * @packageDocumentation
 */
export type { BusinessCalendar, BusinessCalendarOptions, LocalDate } from "./calendar.js";
export {
  BusinessCalendarOptionsSchema,
  createBusinessCalendar,
  HolidayTypeSchema,
  isValidTimeZone,
} from "./calendar.js";
export type { ComputedDue, DeadlineComputation, DeadlinePolicy } from "./deadline.js";
export {
  computeDue,
  DeadlinePolicySchema,
  DeadlineUnitSchema,
  parseDeadlinePolicy,
  recomputeDue,
} from "./deadline.js";
export { deadlineNotices, nextNoticeAt } from "./deadline-notices.js";
export type {
  DecideContext,
  Decision,
  LinkedRecord,
  LinkedRecordRef,
  PredicateInput,
  WorkflowPredicate,
} from "./decide.js";
export { decide, decideCommand, linkedRecordRefs, rejectionEvent, signedRecordOf } from "./decide.js";
export type {
  AnyWorkflowDefinition,
  CommandMap,
  CommandName,
  CommandSpec,
  ConditionalTarget,
  DeadlineStartSpec,
  ParseWorkflowOptions,
  PayloadOf,
  SafeParseWorkflowResult,
  StateName,
  WorkflowDefinition,
  WorkflowDefinitionJson,
  WorkflowExtension,
  WorkflowSpec,
} from "./definition.js";
export {
  checkDefinition,
  defineWorkflow,
  extendWorkflow,
  FieldNameSchema,
  FieldPathSchema,
  NameSchema,
  parseWorkflowDefinition,
  safeParseWorkflowDefinition,
  WorkflowDefinitionSchema,
} from "./definition.js";
export type { JsonObject, JsonValue } from "./json.js";
export type { MermaidOptions } from "./mermaid.js";
export { toMermaid } from "./mermaid.js";
export type { MigrationContext } from "./migration.js";
export { decideMigration } from "./migration.js";
export type { Outbox, OutboxMessage } from "./outbox.js";
export { InMemoryOutbox } from "./outbox.js";
export { WorkflowRegistry } from "./registry.js";
export type {
  FieldsRequirement,
  LinkedRequirement,
  PredicateRequirement,
  Requirement,
  RequirementBase,
  RequirementKind,
  RoleRequirement,
  SeparationRequirement,
  SignatureRequirement,
} from "./requirements.js";
export { DEFAULT_REQUIREMENT_IDS } from "./requirements.js";
export type {
  ExecuteOptions,
  ExecuteResult,
  LinkedRecordLookup,
  TickResult,
  WorkflowServiceOptions,
} from "./service.js";
export { WorkflowService } from "./service.js";
export type {
  CommandExecutedData,
  CommandRejectedData,
  DeadlineNotice,
  DeadlineNoticeData,
  DeadlineState,
  FieldChange,
  MigratedData,
  Rejection,
  RejectionCode,
  WorkflowEventLike,
  WorkflowEventTypeName,
  WorkflowPin,
  WorkflowState,
} from "./state.js";
export { evolve, replay, replayAll, WorkflowEventType } from "./state.js";
