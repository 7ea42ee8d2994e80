/**
 * The normalised SBOM model: one typed shape for CycloneDX (JSON 1.2–1.7, XML 1.4–1.7),
 * SPDX 2.2/2.3 (JSON, tag-value) and SPDX 3.0 (JSON-LD). Readers produce it, the minimum-element
 * checker, support status, diff, merge and export consume it.
 *
 * The zod schemas are the source of truth; the TypeScript types are inferred from them.
 *
 * @requirement SEC-04 traceability from the SBOM to risks and tests needs one stable component model
 * @requirement SOUP-01 every third-party component in the shipped build's SBOM is identifiable
 */
import { z } from "zod";

/** A person or organisation (supplier, manufacturer, author). At least one field is usually set. */
export const PartySchema = z.object({
  name: z.string().optional(),
  email: z.string().optional(),
  url: z.string().optional(),
});
export type Party = z.infer<typeof PartySchema>;

/** A tool that produced the SBOM (CISA 2025 draft "tool name"). */
export const ToolSchema = z.object({
  name: z.string(),
  version: z.string().optional(),
  vendor: z.string().optional(),
});
export type Tool = z.infer<typeof ToolSchema>;

/**
 * Which licensing statement a licence is: `declared` (what the authors state, SPDX `licenseDeclared`,
 * SPDX 3.0 `hasDeclaredLicense`) or `concluded` (what an analysis of the component found, SPDX
 * `licenseConcluded`, SPDX 3.0 `hasConcludedLicense`). CycloneDX 1.6+ has the same field,
 * `licenses[].license.acknowledgement` and the expression's `acknowledgement`. Absent when the source does
 * not say (CycloneDX before 1.6, or a 1.6+ licence without it).
 */
export const LicenseAcknowledgementSchema = z.enum(["concluded", "declared"]);
export type LicenseAcknowledgement = z.infer<typeof LicenseAcknowledgementSchema>;

/**
 * A component licence.
 * - `expression`: an SPDX licence expression (a single id is an expression too); `parsed` holds the
 *   spdx-expression-parse AST when the expression parses.
 * - `name`: a free-text licence name that is not an SPDX expression.
 * - `none` / `noassertion`: SPDX `NONE` / `NOASSERTION` (explicitly no licence / explicitly unknown).
 *
 * Every variant may carry an `acknowledgement` ({@link LicenseAcknowledgementSchema}). An SPDX package
 * whose concluded and declared licences are the same expression has two entries, one of each.
 */
export const LicenseSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("expression"),
    expression: z.string(),
    parsed: z.unknown().optional(),
    acknowledgement: LicenseAcknowledgementSchema.optional(),
  }),
  z.object({
    kind: z.literal("name"),
    name: z.string(),
    acknowledgement: LicenseAcknowledgementSchema.optional(),
  }),
  z.object({
    kind: z.enum(["none", "noassertion"]),
    acknowledgement: LicenseAcknowledgementSchema.optional(),
  }),
]);
export type License = z.infer<typeof LicenseSchema>;

/** A hash of the component's content (CISA 2025 draft "component hash"). `alg` as written by the source, e.g. `SHA-256`. */
export const HashSchema = z.object({ alg: z.string(), content: z.string() });
export type Hash = z.infer<typeof HashSchema>;

/** A name/value property (CycloneDX `properties`, incl. `cdx:fda:*` support-status properties). */
export const PropertySchema = z.object({ name: z.string(), value: z.string() });
export type Property = z.infer<typeof PropertySchema>;

/** A software identifier other than purl and CPE: `swid`, `omniborId`, `swhid`, `spdx-ref`, … */
export const IdentifierSchema = z.object({ type: z.string(), value: z.string() });
export type Identifier = z.infer<typeof IdentifierSchema>;

/** One component of the SBOM. `ref` is unique within the document (CycloneDX `bom-ref`, SPDX `SPDXID`). */
export const ComponentSchema = z.object({
  ref: z.string(),
  /** CycloneDX component type (`library`, `application`, …); SPDX `primaryPackagePurpose` lower-cased, `file` for SPDX files. */
  type: z.string(),
  name: z.string(),
  group: z.string().optional(),
  version: z.string().optional(),
  description: z.string().optional(),
  supplier: PartySchema.optional(),
  manufacturer: PartySchema.optional(),
  publisher: z.string().optional(),
  authors: z.array(PartySchema),
  purl: z.string().optional(),
  cpe: z.string().optional(),
  /**
   * Other identifiers also carry the SPDX element id as `{ type: "spdxid" }` for SPDX documents, so that a
   * package without `SPDXID` (NTIA "unique identifier" missing) is visible: its `ref` is then generated.
   */
  otherIdentifiers: z.array(IdentifierSchema),
  hashes: z.array(HashSchema),
  licenses: z.array(LicenseSchema),
  properties: z.array(PropertySchema),
  /** Hierarchy: the `ref` of the containing component (CycloneDX nested components, SPDX `CONTAINS`/`CONTAINED_BY`). */
  parentRef: z.string().optional(),
  /** CycloneDX `scope` (`required`, `optional`, `excluded`). */
  scope: z.string().optional(),
  /** SPDX `validUntilDate` (end of support as stated by the SBOM). */
  validUntil: z.string().optional(),
  /** SPDX `originator` / CycloneDX has no direct equivalent. */
  originator: PartySchema.optional(),
  /** Where the component came from (SPDX `downloadLocation`, CycloneDX distribution external reference). */
  downloadLocation: z.string().optional(),
  /** SPDX copyright text / CycloneDX `copyright`. */
  copyright: z.string().optional(),
});
export type Component = z.infer<typeof ComponentSchema>;

/** A dependency edge list: `ref` depends on each of `dependsOn`. */
export const DependencySchema = z.object({ ref: z.string(), dependsOn: z.array(z.string()) });
export type Dependency = z.infer<typeof DependencySchema>;

/**
 * A known unknown (NTIA practice; CISA 2025 draft distinguishes unknown, redacted, not applicable).
 * `scope` names what it is about (`document`, a component ref, or `dependencies:<ref>`); `element` the
 * SBOM element (`dependencies`, `assemblies`, `supplier`, `license`, `version`, …).
 */
export const KnownUnknownSchema = z.object({
  kind: z.enum(["unknown", "redacted", "not-applicable"]),
  scope: z.string(),
  element: z.string(),
  detail: z.string().optional(),
});
export type KnownUnknown = z.infer<typeof KnownUnknownSchema>;

/**
 * A typed relationship as the source states it (SPDX `relationships`, `documentDescribes`, `hasFiles`;
 * SPDX 3.0 `Relationship`), kept besides the derived {@link Dependency} graph and `parentRef` hierarchy.
 * Types are the SPDX 2 names (`DEPENDS_ON`, `CONTAINS`, `DESCRIBES`, …); `to` may be `NONE` / `NOASSERTION`.
 */
export const RelationshipSchema = z.object({ from: z.string(), to: z.string(), type: z.string() });
export type Relationship = z.infer<typeof RelationshipSchema>;

/** Something the tolerant reader could not use: its JSON pointer and why. */
export const SkippedSchema = z.object({ path: z.string(), reason: z.string() });
export type Skipped = z.infer<typeof SkippedSchema>;

/** Document-level metadata. */
export const SbomMetadataSchema = z.object({
  name: z.string().optional(),
  version: z.string().optional(),
  serialNumber: z.string().optional(),
  documentNamespace: z.string().optional(),
  /** ISO 8601 creation time as written by the source (NTIA "timestamp"). */
  timestamp: z.string().optional(),
  /** Authors of the SBOM data (NTIA "author"). */
  authors: z.array(PartySchema),
  tools: z.array(ToolSchema),
  /** Generation context (CISA 2025 draft): CycloneDX lifecycle phases, SPDX 3.0 `software_sbomType`. */
  lifecycles: z.array(z.string()),
  supplier: PartySchema.optional(),
  manufacturer: PartySchema.optional(),
  /** The component the SBOM describes (CycloneDX `metadata.component`, SPDX `DESCRIBES`). */
  rootRef: z.string().optional(),
  /** Document-level licence (CycloneDX `metadata.licenses`, SPDX `dataLicense`). */
  dataLicense: z.string().optional(),
});
export type SbomMetadata = z.infer<typeof SbomMetadataSchema>;

export const SbomFormatSchema = z.enum(["cyclonedx", "spdx"]);
export type SbomFormat = z.infer<typeof SbomFormatSchema>;
export const SbomEncodingSchema = z.enum(["json", "xml", "tag-value", "json-ld"]);
export type SbomEncoding = z.infer<typeof SbomEncodingSchema>;

/** The normalised SBOM. */
export const SbomSchema = z.object({
  format: SbomFormatSchema,
  /** Spec version without prefix: `1.6`, `2.3`, `3.0`. */
  specVersion: z.string(),
  encoding: SbomEncodingSchema,
  metadata: SbomMetadataSchema,
  components: z.array(ComponentSchema),
  dependencies: z.array(DependencySchema),
  knownUnknowns: z.array(KnownUnknownSchema),
  skipped: z.array(SkippedSchema),
  /** SPDX only: relationships as written (CycloneDX has just `dependencies` and nesting). */
  relationships: z.array(RelationshipSchema).optional(),
});
export type Sbom = z.infer<typeof SbomSchema>;

/** Input accepted by {@link sbomComponent}: only `name` is required. */
export type ComponentInit = Partial<Component> & Pick<Component, "name">;

/** Input accepted by {@link sbomOf}. */
export interface SbomInit {
  format?: SbomFormat;
  specVersion?: string;
  encoding?: SbomEncoding;
  metadata?: Partial<SbomMetadata>;
  components?: ComponentInit[];
  dependencies?: Dependency[];
  knownUnknowns?: KnownUnknown[];
  skipped?: Skipped[];
}

/**
 * Builds one {@link Component} with empty arrays filled in. `ref` defaults to the purl, else `name@version`.
 *
 * @example
 * ```ts
 * sbomComponent({ name: "lodash", version: "4.17.21", purl: "pkg:npm/lodash@4.17.21" });
 * ```
 */
export function sbomComponent(init: ComponentInit): Component {
  const ref =
    init.ref ?? init.purl ?? (init.version === undefined ? init.name : `${init.name}@${init.version}`);
  return {
    type: "library",
    authors: [],
    otherIdentifiers: [],
    hashes: [],
    licenses: [],
    properties: [],
    ...init,
    ref,
  };
}

/**
 * Builds a normalised {@link Sbom} from a partial description (tests, hosts building SBOMs in code).
 * Defaults: CycloneDX 1.6 JSON, empty metadata and lists. The result is checked with {@link SbomSchema}.
 *
 * @example
 * ```ts
 * const sbom = sbomOf({ components: [{ name: "zlib", version: "1.3.1" }] });
 * ```
 */
export function sbomOf(init: SbomInit = {}): Sbom {
  const sbom: Sbom = {
    format: init.format ?? "cyclonedx",
    specVersion: init.specVersion ?? "1.6",
    encoding: init.encoding ?? "json",
    metadata: { authors: [], tools: [], lifecycles: [], ...init.metadata },
    components: (init.components ?? []).map(sbomComponent),
    dependencies: init.dependencies ?? [],
    knownUnknowns: init.knownUnknowns ?? [],
    skipped: init.skipped ?? [],
  };
  return SbomSchema.parse(sbom);
}
