/**
 * `@qmskit/documents`: document control for medical-device quality systems (ISO 13485 4.2.4, legacy
 * 21 CFR 820.40): controlled documents and revisions, approvals with e-signatures, change orders, effective
 * dating, point of use, periodic review, retention, diff and change history.
 *
 * @packageDocumentation
 */
export * from "./blob-store.js";
export * from "./config.js";
export * from "./document-service.js";
export * from "./document-state.js";
export * from "./events.js";
export * from "./history.js";
export * from "./inputs.js";
export { changeOrderWorkflow, lifecycleDiagrams, revisionLifecycle } from "./lifecycle.js";
export * from "./projection.js";
export * from "./rejection.js";
export * from "./revision-scheme.js";
export * from "./signing.js";
export * from "./site-time.js";
