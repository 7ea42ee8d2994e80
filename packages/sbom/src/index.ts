/**
 * `@qmskit/sbom`: see the package README.
 *
 * @packageDocumentation
 */

export type {
  Component,
  ComponentInit,
  Dependency,
  Hash,
  Identifier,
  KnownUnknown,
  License,
  Party,
  Property,
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
  LicenseSchema,
  PartySchema,
  PropertySchema,
  SbomEncodingSchema,
  SbomFormatSchema,
  SbomMetadataSchema,
  SbomSchema,
  SkippedSchema,
  sbomComponent,
  sbomOf,
  ToolSchema,
} from "./model.js";
