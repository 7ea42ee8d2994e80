/**
 * `@qmskit/risk`: risk scoring a device maker can defend in an audit: CVSS 3.1 and 4.0, ISO 14971 risk
 * matrices, security risk and the FDA postmarket controlled/uncontrolled assessment, SSVC, EPSS and KEV
 * inputs, and an event-sourced risk register. See the package README.
 *
 * @packageDocumentation
 */
export {
  type CvssErrorReason,
  type CvssParseMode,
  type CvssParseOptions,
  type CvssSeverity,
  cvssSeverity,
  MAX_VECTOR_LENGTH,
} from "./cvss/common.js";
export {
  type CvssExplanation,
  type CvssResult,
  type CvssScore,
  type CvssVector,
  explainCvss,
  parseCvss,
  safeParseCvss,
  safeScoreCvss,
  scoreCvss,
} from "./cvss/cvss.js";
export { type CvssJson, toCvssJson } from "./cvss/json.js";
export {
  type Cvss31Score,
  type Cvss31Trace,
  type Cvss31Vector,
  parseCvss31,
  scoreCvss31,
} from "./cvss/v31.js";
export {
  type Cvss40Nomenclature,
  type Cvss40Score,
  type Cvss40Trace,
  type Cvss40Vector,
  parseCvss40,
  scoreCvss40,
} from "./cvss/v40.js";
export { type EpssDataset, type EpssScore, MAX_EPSS_BYTES, parseEpssCsv, readEpssFile } from "./epss.js";
export {
  type KevCatalog,
  KevCatalogSchema,
  type KevEntry,
  KevEntrySchema,
  type KevMatch,
  parseKevCatalog,
  readKevFile,
} from "./kev.js";
export {
  type BenefitRiskRecord,
  BenefitRiskRecordSchema,
  type ControlTraceGap,
  controlTraceGaps,
  createRiskMatrix,
  EXAMPLE_RISK_POLICY_5X5,
  EXAMPLE_SEVERITY_SCALE,
  type OverallResidualRisk,
  parseBenefitRiskRecord,
  parseRiskPolicy,
  type ResidualRiskItem,
  type ResidualRiskResult,
  type RiskControl,
  type RiskControlInput,
  RiskControlSchema,
  type RiskEvaluation,
  RiskKeySchema,
  type RiskMatrix,
  type RiskPolicy,
  type RiskPolicyInput,
  RiskPolicySchema,
  type RiskRegion,
  RiskRegionSchema,
  type ScaleLevel,
  ScaleLevelSchema,
  safeParseRiskPolicy,
} from "./matrix.js";
export {
  CYBER_STREAM_PREFIX,
  type CyberRiskState,
  HAZARD_STREAM_PREFIX,
  type HarmState,
  type HazardState,
  type RegisterGap,
  RiskRegister,
  type RiskRegisterOptions,
  type SituationState,
} from "./register.js";
export {
  assessFdaPostmarket,
  assessSecurityRisk,
  DateInputSchema,
  EXAMPLE_SECURITY_POLICY,
  type ExploitabilityRule,
  ExploitabilityRuleSchema,
  FDA_POSTMARKET_DEADLINE_DAYS,
  type FdaObligation,
  type FdaPostmarketAssessment,
  type FdaPostmarketInput,
  FdaPostmarketInputSchema,
  type ObligationStatus,
  type SecurityRiskAssessment,
  type SecurityRiskInput,
  SecurityRiskInputSchema,
  suggestExploitability,
} from "./security.js";
export {
  getSsvcTable,
  parseSsvcTable,
  SSVC_TABLE_NAMES,
  type SsvcDecision,
  type SsvcDecisionPoint,
  SsvcDecisionPointSchema,
  SsvcDecisionTableSchema,
  type SsvcEvidence,
  type SsvcInput,
  type SsvcSuggestion,
  type SsvcTable,
  type SsvcTableName,
  SsvcValueSchema,
  safeParseSsvcTable,
  suggestSsvcValues,
} from "./ssvc.js";
export type { SafeResult } from "./validation.js";
