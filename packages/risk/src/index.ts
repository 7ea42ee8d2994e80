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
  type CvssScore,
  type CvssVector,
  explainCvss,
  parseCvss,
  safeParseCvss,
  safeScoreCvss,
  scoreCvss,
} from "./cvss/cvss.js";
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
