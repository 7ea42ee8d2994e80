/**
 * The whole pipeline in one call: match SBOM components against advisories, apply VEX, add CVSS /
 * KEV / EPSS / the postmarket assessment, and produce the report.
 *
 * @requirement SEC-07 every matched vulnerability gets its security assessment inputs
 * @requirement SOUP-03 every component is checked, or listed as a known unknown
 */
import type { EpssDataset, KevCatalog } from "@qmskit/risk";
import { findingsFromMatches, type VulnFinding } from "./finding.js";
import { buildAdvisoryIndex, type MatchableComponent, matchComponents } from "./match.js";
import { analysisGaps } from "./metrics.js";
import type { Advisory, AdvisoryProblem, OsvRecord } from "./osv.js";
import {
  countByStatus,
  reportFinding,
  type ScanWarning,
  type VulnReport,
  type VulnSummary,
} from "./report.js";
import { enrichFindings, type RiskInputs } from "./risk.js";
import { applyVex } from "./vex/apply.js";
import type { VexLoad } from "./vex/model.js";

/** Inputs of {@link scan}. */
export interface ScanInput extends RiskInputs {
  /** SBOM components (`@qmskit/sbom`'s `Sbom.components` fits). */
  readonly components: readonly MatchableComponent[];
  readonly advisories: readonly Advisory[];
  /** Problems met while reading the advisories, carried into the summary. */
  readonly advisoryProblems?: readonly AdvisoryProblem[];
  /** VEX documents, in precedence order for equal timestamps (later wins). */
  readonly vex?: readonly VexLoad[];
  /** CISA KEV catalog parsed by `@qmskit/risk` (`parseKevCatalog`, `readKevFile`). */
  readonly kev?: KevCatalog;
  /** EPSS scores parsed by `@qmskit/risk` (`parseEpssCsv`, `readEpssFile`). */
  readonly epss?: EpssDataset;
  /** Extra warnings (e.g. from reading the SBOM). */
  readonly warnings?: readonly ScanWarning[];
}

/** Result of {@link scan}. */
export interface ScanResult {
  readonly findings: VulnFinding[];
  readonly summary: VulnSummary;
  /** The JSON contract (`{ findings, summary }`). */
  readonly report: VulnReport;
}

/**
 * Run the pipeline. Findings are sorted by component ref, then advisory id.
 *
 * @example
 * ```ts
 * const { sbom } = readSbom(readFileSync("bom.json"));
 * const { advisories, problems } = await readAdvisories("osv/");
 * const vex = [await readVex("vex.openvex.json")];
 * const { report } = scan({ components: sbom.components, advisories, advisoryProblems: problems, vex });
 * ```
 */
export function scan(input: ScanInput): ScanResult {
  const index = buildAdvisoryIndex(input.advisories);
  const matched = matchComponents(input.components, index);
  let findings = findingsFromMatches(matched.matches);
  const statements = (input.vex ?? []).flatMap((v) => v.statements);
  const applied = applyVex(findings, statements, input.components);
  findings = applied.findings;
  const byId = new Map<string, OsvRecord>();
  for (const a of input.advisories)
    if (!byId.has(a.record.id) || a.record.modified > (byId.get(a.record.id)?.modified ?? ""))
      byId.set(a.record.id, a.record);
  findings = enrichFindings(findings, byId, {
    ...(input.kev ? { kev: input.kev } : {}),
    ...(input.epss ? { epss: input.epss } : {}),
    ...(input.harmSeverity ? { harmSeverity: input.harmSeverity } : {}),
    ...(input.controls ? { controls: input.controls } : {}),
    ...(input.securityMatrix ? { securityMatrix: input.securityMatrix } : {}),
    ...(input.exploitabilityRules ? { exploitabilityRules: input.exploitabilityRules } : {}),
  });
  findings.sort((a, b) =>
    a.component.bomRef < b.component.bomRef
      ? -1
      : a.component.bomRef > b.component.bomRef
        ? 1
        : a.advisory.id < b.advisory.id
          ? -1
          : a.advisory.id > b.advisory.id
            ? 1
            : 0,
  );
  const warnings: ScanWarning[] = [
    ...(input.warnings ?? []),
    ...[...(input.advisoryProblems ?? []), ...index.problems].map((p) => ({
      code: p.code,
      severity: p.severity,
      file: p.file,
      message: p.message,
    })),
    ...(input.vex ?? []).flatMap((v) =>
      v.problems.map((p) => ({ code: p.code, severity: p.severity, file: p.file, message: p.message })),
    ),
    ...applied.problems.map((p) => ({
      code: p.code,
      severity: p.severity,
      file: p.file,
      message: p.message,
    })),
  ];
  const summary: VulnSummary = {
    components: input.components.length,
    componentsChecked: matched.checked,
    notMatchable: matched.notMatchable.map((n) => ({
      bomRef: n.component.ref,
      name: n.component.name,
      reason: n.reason,
      detail: n.detail,
    })),
    unevaluated: matched.unevaluated.map((u) => ({
      bomRef: u.component.ref,
      advisory: u.advisoryId,
      notes: u.notes,
    })),
    advisories: {
      loaded: input.advisories.length,
      indexed: index.advisories,
      withdrawn: index.withdrawn.length,
      packages: index.packages,
    },
    vex: { documents: input.vex?.length ?? 0, statements: statements.length, applied: applied.applied },
    findings: findings.length,
    byStatus: countByStatus(findings),
    ...(input.kev ? { kev: findings.filter((f) => f.kev === true).length } : {}),
    analysisGaps: analysisGaps(findings).length,
    warnings,
  };
  return { findings, summary, report: { findings: findings.map(reportFinding), summary } };
}
