/**
 * The FDA known-vulnerability table (premarket guidance §V.A.4 / §V.A.6: component, vulnerability
 * and aliases, how it was found, KEV, CVSS, status and justification, risk, controls) as JSON,
 * Markdown and CSV.
 *
 * @requirement SEC-07 the table shows CVSS, exploitability, clinical impact and compensating controls per finding
 * @requirement SOUP-03 components that could not be checked are listed as known unknowns
 */
import type { FindingCvss, VulnFinding } from "./finding.js";
import type { VexStatus } from "./vex/model.js";

/** A warning or error gathered during a scan, for the summary. */
export interface ScanWarning {
  readonly code: string;
  readonly severity: "error" | "warning";
  readonly file?: string;
  readonly message: string;
}

/** The summary block of a report. */
export interface VulnSummary {
  readonly components: number;
  readonly componentsChecked: number;
  /** Components that could not be matched (known unknowns). */
  readonly notMatchable: readonly {
    readonly bomRef: string;
    readonly name: string;
    readonly reason: string;
    readonly detail: string;
  }[];
  /** Component/advisory pairs whose ranges could not be evaluated. */
  readonly unevaluated: readonly {
    readonly bomRef: string;
    readonly advisory: string;
    readonly notes: readonly string[];
  }[];
  readonly advisories: {
    readonly loaded: number;
    readonly indexed: number;
    readonly withdrawn: number;
    readonly packages: number;
  };
  readonly vex: { readonly documents: number; readonly statements: number; readonly applied: number };
  readonly findings: number;
  readonly byStatus: Readonly<Record<VexStatus, number>>;
  readonly kev?: number;
  /** SOUP-03: findings without an analysis (VEX statement) newer than the advisory's last update. */
  readonly analysisGaps: number;
  readonly warnings: readonly ScanWarning[];
}

/** The JSON contract of `qmskit vuln match`. */
export interface VulnReport {
  readonly findings: readonly ReportFinding[];
  readonly summary: VulnSummary;
}

/** One finding in the JSON contract. */
export interface ReportFinding {
  readonly component: {
    readonly purl: string | null;
    readonly name: string;
    readonly version: string | null;
    readonly bomRef: string;
  };
  readonly advisory: { readonly id: string; readonly aliases: readonly string[] };
  readonly status: VexStatus;
  readonly vex?: VulnFinding["vex"];
  readonly cvss?: readonly FindingCvss[];
  readonly kev?: boolean;
  readonly epss?: number;
  readonly risk?: VulnFinding["risk"];
}

/** The JSON contract form of a finding (stable keys; optional keys only when known). */
export function reportFinding(f: VulnFinding): ReportFinding {
  return {
    component: {
      purl: f.component.purl ?? null,
      name: f.component.name,
      version: f.component.version ?? null,
      bomRef: f.component.bomRef,
    },
    advisory: { id: f.advisory.id, aliases: [...f.advisory.aliases] },
    status: f.status,
    ...(f.vex ? { vex: f.vex } : {}),
    ...(f.cvss && f.cvss.length > 0 ? { cvss: f.cvss } : {}),
    ...(f.kev !== undefined ? { kev: f.kev } : {}),
    ...(f.epss !== undefined ? { epss: f.epss } : {}),
    ...(f.risk ? { risk: f.risk } : {}),
  };
}

/** Count findings per status. */
export function countByStatus(findings: readonly Pick<VulnFinding, "status">[]): Record<VexStatus, number> {
  const by: Record<VexStatus, number> = { affected: 0, not_affected: 0, fixed: 0, under_investigation: 0 };
  for (const f of findings) by[f.status]++;
  return by;
}

/** Column headers of the FDA known-vulnerability table. */
export const FDA_TABLE_HEADERS = [
  "Component",
  "Version",
  "Vulnerability",
  "Aliases",
  "How found",
  "KEV",
  "CVSS",
  "EPSS",
  "Status",
  "Justification / impact",
  "Stated by",
  "Risk",
  "Controls",
] as const;

const cvssText = (c: readonly FindingCvss[] | undefined) =>
  (c ?? [])
    .map((x) =>
      x.baseScore === undefined
        ? `${x.version} ${x.vector} (unscored)`
        : `${x.version}: ${x.baseScore} ${x.baseSeverity ?? ""} ${x.vector}`.replace(/\s+/g, " "),
    )
    .join("; ");

/** The table rows (strings), one per finding, in the order of {@link FDA_TABLE_HEADERS}. */
export function fdaTableRows(findings: readonly VulnFinding[]): string[][] {
  return findings.map((f) => [
    f.component.purl ?? f.component.name,
    f.component.version ?? "",
    f.advisory.id,
    f.advisory.aliases.join(", "),
    f.howFound,
    f.kev === undefined
      ? "not checked"
      : f.kev
        ? `yes${f.kevDetail?.dateAdded ? ` (added ${f.kevDetail.dateAdded})` : ""}`
        : "no",
    cvssText(f.cvss),
    f.epss === undefined
      ? ""
      : `${f.epss}${f.epssPercentile !== undefined ? ` (p${Math.round(f.epssPercentile * 100)})` : ""}`,
    f.status,
    [f.vex?.justification, f.vex?.impactStatement, f.vex?.actionStatement, f.vex?.statusNotes]
      .filter(Boolean)
      .join(" — "),
    f.vex
      ? `${f.vex.author ?? "unknown"}${f.vex.timestamp ? ` @ ${f.vex.timestamp}` : ""} (${f.vex.format})`
      : "",
    f.risk
      ? `${f.risk.assessment} (exploitability ${f.risk.exploitability}, harm ${f.risk.harmSeverity})`
      : "",
    f.risk?.controls.join("; ") ?? "",
  ]);
}

/** Render as pretty JSON (the CLI contract), with a trailing newline. */
export function renderJson(report: VulnReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

const mdCell = (c: string) => c.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

/** Render the FDA known-vulnerability table and the summary as GitHub-flavoured Markdown. */
export function renderMarkdown(findings: readonly VulnFinding[], summary: VulnSummary): string {
  const lines: string[] = ["## Known vulnerabilities", ""];
  const s = summary.byStatus;
  lines.push(
    `${summary.findings} finding(s) in ${summary.components} component(s) (${summary.componentsChecked} checked against ${summary.advisories.indexed} advisories): ` +
      `${s.affected} affected, ${s.not_affected} not affected, ${s.fixed} fixed, ${s.under_investigation} under investigation.`,
    "",
  );
  const row = (cells: readonly string[]) => `| ${cells.map(mdCell).join(" | ")} |`;
  lines.push(row(FDA_TABLE_HEADERS), row(FDA_TABLE_HEADERS.map(() => "---")));
  for (const r of fdaTableRows(findings)) lines.push(row(r));
  if (summary.notMatchable.length > 0) {
    lines.push("", "### Known unknowns: components that could not be checked", "");
    for (const n of summary.notMatchable)
      lines.push(`- ${mdCell(n.name)} (\`${mdCell(n.bomRef)}\`): ${mdCell(n.detail)}`);
  }
  if (summary.unevaluated.length > 0) {
    lines.push("", "### Advisories whose ranges could not be evaluated", "");
    for (const u of summary.unevaluated)
      lines.push(`- \`${mdCell(u.bomRef)}\` × ${u.advisory}: ${mdCell(u.notes.join("; "))}`);
  }
  if (summary.warnings.length > 0) {
    lines.push("", `### Warnings (${summary.warnings.length})`, "");
    for (const w of summary.warnings.slice(0, 200))
      lines.push(`- ${w.severity} ${w.code}: ${mdCell(w.message)}`);
    if (summary.warnings.length > 200) lines.push(`- … ${summary.warnings.length - 200} more`);
  }
  return `${lines.join("\n")}\n`;
}

/** Render the FDA known-vulnerability table as RFC 4180 CSV (CRLF line ends). */
export function renderCsv(findings: readonly VulnFinding[]): string {
  const cell = (c: string) => {
    // neutralise spreadsheet formulas from advisory text (CSV injection)
    const safe = /^[=+\-@\t\r]/.test(c) ? `'${c}` : c;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return `${[[...FDA_TABLE_HEADERS], ...fdaTableRows(findings)].map((r) => r.map(cell).join(",")).join("\r\n")}\r\n`;
}
