/**
 * `@qmskit/vuln`: OSV advisories, version ranges per ecosystem, matching of SBOM components, VEX in
 * three formats (CycloneDX, OpenVEX, CSAF) and the FDA known-vulnerability table.
 *
 * @packageDocumentation
 */

export { verrevcmp } from "./ecosystems/debian.js";
export { baseEcosystem, compareVersions, orderingFor, supportedEcosystems } from "./ecosystems/index.js";
export type { VersionOrdering } from "./ecosystems/ordering.js";
export { normalizePypiName } from "./ecosystems/pypi.js";
export { rpmvercmp } from "./ecosystems/rpm.js";
export type {
  AdvisoryIndex,
  IndexEntry,
  Match,
  MatchableComponent,
  MatchResult,
  UnevaluatedMatch,
  UnmatchableComponent,
} from "./match.js";
export { buildAdvisoryIndex, matchComponents } from "./match.js";
export type { NswgAdvisory } from "./nswg.js";
export { isNswgAdvisory, NswgAdvisorySchema, npmRangeToOsv, nswgToOsv } from "./nswg.js";
export type {
  Advisory,
  AdvisoryLoad,
  AdvisoryProblem,
  OsvAffected,
  OsvEvent,
  OsvPackage,
  OsvRange,
  OsvRecord,
  OsvSeverity,
  SafeParseOsvResult,
} from "./osv.js";
export {
  OsvAffectedSchema,
  OsvEventSchema,
  OsvPackageSchema,
  OsvRangeSchema,
  OsvRecordSchema,
  OsvSeveritySchema,
  parseAdvisoryText,
  parseOsv,
  safeParseOsv,
  validateOsvSchema,
} from "./osv.js";
export type { PackageKey, ParsedPurl } from "./purl.js";
export { packageKey, parsePurl, purlToPackage } from "./purl.js";
export type { CompiledAffected, RangeEvaluation } from "./ranges.js";
export { compileAffected, evaluateCompiled, isAffected } from "./ranges.js";
export type { ReadAdvisoriesOptions } from "./read.js";
export { parseAdvisoryZip, readAdvisories } from "./read.js";
