/**
 * `@qmskit/sbom`: see the package README.
 *
 * @packageDocumentation
 */

export type { DetectedFormat, InputOptions } from "./detect.js";
export { DEFAULT_MAX_BYTES, detectFormat } from "./detect.js";
export type { ComponentChange, DiffComponent, DiffEdge, DiffOptions, FieldChange, SbomDiff } from "./diff.js";
export {
  compareVersions,
  componentKey,
  diffSboms,
  diffToMarkdown,
  hasComponentChanges,
  licenseKey,
} from "./diff.js";
export type { ExportTarget } from "./export.js";
export { EXPORT_TARGETS, exportSbom } from "./export.js";
export type { MergeOptions } from "./merge.js";
export { mergeSboms } from "./merge.js";
export type {
  ElementResult,
  MinimumElementsOptions,
  MinimumElementsProfile,
  MinimumElementsReport,
} from "./minimum-elements.js";
// analysis: minimum elements, support status, diff, merge
export {
  checkMinimumElements,
  DOCUMENT_REF,
  MINIMUM_ELEMENTS_PROFILES,
  MINIMUM_ELEMENTS_RULESET,
  MinimumElementsProfileSchema,
  minimumElementIds,
  minimumElementsToMarkdown,
  parseMinimumElementsProfile,
} from "./minimum-elements.js";
export type {
  Component,
  ComponentInit,
  Dependency,
  Hash,
  Identifier,
  KnownUnknown,
  License,
  LicenseAcknowledgement,
  Party,
  Property,
  Relationship,
  Sbom,
  SbomEncoding,
  SbomFormat,
  SbomInit,
  SbomMetadata,
  Skipped,
  Tool,
} from "./model.js";
export {
  ComponentSchema,
  DependencySchema,
  HashSchema,
  IdentifierSchema,
  KnownUnknownSchema,
  LicenseAcknowledgementSchema,
  LicenseSchema,
  PartySchema,
  PropertySchema,
  RelationshipSchema,
  SbomEncodingSchema,
  SbomFormatSchema,
  SbomMetadataSchema,
  SbomSchema,
  SkippedSchema,
  sbomComponent,
  sbomOf,
  ToolSchema,
} from "./model.js";
export type { ReadOptions, ReadResult, ValidatedWith, ValidationResult } from "./read.js";
export { parseSbom, readSbom, safeParseSbom, validateSbom } from "./read.js";
export type {
  EndOfSupportKind,
  SupportLevel,
  SupportOptions,
  SupportSource,
  SupportStatus,
} from "./support.js";
export {
  normaliseEndOfSupport,
  normaliseSupportLevel,
  SUPPORT_LEVELS,
  SUPPORT_TABLE_HEADERS,
  supportStatus,
  supportSummary,
  supportTable,
  supportTableRows,
  supportTableToCsv,
  supportTableToMarkdown,
  withSupportProperties,
} from "./support.js";
export type {
  SafeParseSupportCatalogResult,
  SupportCatalog,
  SupportCatalogEntry,
} from "./support-catalog.js";
export {
  lookupSupportCatalog,
  parseCsvRows,
  parseSupportCatalog,
  purlWithoutVersion,
  SupportCatalogEntrySchema,
  SupportCatalogSchema,
  safeParseSupportCatalog,
} from "./support-catalog.js";
export type { ValidationIssue } from "./validate.js";
