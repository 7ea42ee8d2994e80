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
export type { FindingCvss, FindingRisk, FindingVex, HarmSeverity, VulnFinding } from "./finding.js";
export { findingsFromMatches } from "./finding.js";
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
export type { AnalysisGap, TimeToFix } from "./metrics.js";
export { analysisGaps, timeToFix } from "./metrics.js";
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
export type { ReportFinding, ScanWarning, VulnReport, VulnSummary } from "./report.js";
export {
  countByStatus,
  FDA_TABLE_HEADERS,
  fdaTableRows,
  renderCsv,
  renderJson,
  renderMarkdown,
  reportFinding,
} from "./report.js";
export type { RiskInputs } from "./risk.js";
export { assessPostmarket, cvssOf, DEFAULT_EXPLOITABILITY_RULES, enrichFindings } from "./risk.js";
export type { ScanInput, ScanResult } from "./scan.js";
export { scan } from "./scan.js";
export type { VexApplication } from "./vex/apply.js";
export { applyVex } from "./vex/apply.js";
export { isCsaf, parseCsafVex } from "./vex/csaf.js";
export { isCycloneDxVex, parseCycloneDxVex } from "./vex/cyclonedx.js";
export type { VexLoad, VexProblem, VexProduct, VexStatement, VexStatus } from "./vex/model.js";
export { VexProductSchema, VexStatementSchema, VexStatusSchema } from "./vex/model.js";
export { isOpenVex, parseOpenVex } from "./vex/openvex.js";
export { parseVex, parseVexText, readVex } from "./vex/read.js";
