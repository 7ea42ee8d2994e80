/**
 * `@qmskit/capa`: CAPA, complaint handling and nonconformance workflows on the `@qmskit/workflow` engine,
 * and management-review metrics computed from their events.
 *
 * @packageDocumentation
 */

export * from "./calendar.js";
export * from "./capa-definition.js";
export * from "./capa-facts.js";
export * from "./capa-records.js";
export * from "./complaint-definition.js";
export * from "./complaint-records.js";
export * from "./metrics.js";
export * from "./nonconformance-definition.js";
export * from "./nonconformance-records.js";
export * from "./sources.js";
export * from "./trends.js";
