/**
 * Metrics and checks computed from findings.
 *
 * @requirement SEC-08 TPLC metrics (time from vulnerability identification to patch) come from the vulnerability records
 * @requirement SOUP-03 every matched vulnerability has an analysis newer than the advisory's last update
 */
import type { VulnFinding } from "./finding.js";

const DAY = 86_400_000;

/** Time from an advisory's publication to the fix statement, per fixed finding, and their median. */
export interface TimeToFix {
  readonly findings: readonly { readonly bomRef: string; readonly advisory: string; readonly days: number }[];
  /** Median days, `undefined` when no finding has both dates. */
  readonly medianDays?: number;
}

/**
 * Days from the advisory's `published` time (else `modified`) to the VEX statement that set the finding
 * to `fixed`. Findings without both times are left out.
 *
 * @example
 * ```ts
 * timeToFix(findings).medianDays; // 12
 * ```
 */
export function timeToFix(findings: readonly VulnFinding[]): TimeToFix {
  const rows: { bomRef: string; advisory: string; days: number }[] = [];
  for (const f of findings) {
    if (f.status !== "fixed" || !f.vex?.timestamp) continue;
    const from = Date.parse(f.advisory.published ?? f.advisory.modified);
    const to = Date.parse(f.vex.timestamp);
    if (Number.isNaN(from) || Number.isNaN(to)) continue;
    rows.push({ bomRef: f.component.bomRef, advisory: f.advisory.id, days: Math.max(0, (to - from) / DAY) });
  }
  const sorted = rows.map((r) => r.days).sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length === 0
      ? undefined
      : sorted.length % 2 === 1
        ? (sorted[mid] as number)
        : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { findings: rows, ...(median === undefined ? {} : { medianDays: median }) };
}

/** A finding whose analysis is missing or older than the advisory's last update. */
export interface AnalysisGap {
  readonly bomRef: string;
  readonly advisory: string;
  readonly reason: "no-analysis" | "analysis-older-than-advisory";
  readonly advisoryModified: string;
  readonly analysedAt?: string;
}

/**
 * SOUP-03 check: findings without a VEX statement, or whose statement is older than the advisory's
 * `modified` time (the advisory changed after it was analysed).
 */
export function analysisGaps(findings: readonly VulnFinding[]): AnalysisGap[] {
  const gaps: AnalysisGap[] = [];
  for (const f of findings) {
    const base = {
      bomRef: f.component.bomRef,
      advisory: f.advisory.id,
      advisoryModified: f.advisory.modified,
    };
    if (!f.vex) {
      gaps.push({ ...base, reason: "no-analysis" });
      continue;
    }
    const at = f.vex.timestamp ? Date.parse(f.vex.timestamp) : Number.NaN;
    const mod = Date.parse(f.advisory.modified);
    if (Number.isNaN(at) || (!Number.isNaN(mod) && at < mod))
      gaps.push({
        ...base,
        reason: "analysis-older-than-advisory",
        ...(f.vex.timestamp ? { analysedAt: f.vex.timestamp } : {}),
      });
  }
  return gaps;
}
