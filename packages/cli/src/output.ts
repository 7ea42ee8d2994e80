import type { OutputFormat } from "./io.js";
import { CliExit, ExitCode } from "./io.js";

/** Check that the user's `--format` is one the command supports, else exit 2. */
export function requireFormat<F extends OutputFormat>(format: string, allowed: readonly F[]): F {
  if ((allowed as readonly string[]).includes(format)) return format as F;
  throw new CliExit(
    ExitCode.USAGE,
    `--format ${format} is not supported here; use one of: ${allowed.join(", ")}`,
  );
}

/** Pretty JSON with a trailing newline. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * Render rows as an aligned plain-text table for a terminal.
 *
 * @example
 * ```ts
 * renderTable(["vector", "score"], [["CVSS:3.1/…", "9.8"]]);
 * ```
 */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return `${[line(headers), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n")}\n`;
}

/** Render rows as a GitHub-flavoured Markdown table (pipes in cells are escaped). */
export function renderMarkdownTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const esc = (c: string) => c.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
  const line = (cells: readonly string[]) => `| ${cells.map(esc).join(" | ")} |`;
  return `${[line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n")}\n`;
}

/** Render rows as RFC 4180 CSV. */
export function renderCsv(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (c: string) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  return `${[headers, ...rows].map((r) => r.map(cell).join(",")).join("\r\n")}\r\n`;
}

/**
 * A progress reporter for long work: draws a bar on stderr when it is a terminal, and stays silent
 * otherwise (so piped JSON output is never mixed with progress).
 */
export function progress(isTTY: boolean, write: (s: string) => void, label: string, total: number) {
  let last = -1;
  return {
    tick(done: number): void {
      if (!isTTY || total <= 0) return;
      const pct = Math.floor((done / total) * 100);
      if (pct === last) return;
      last = pct;
      const width = 30;
      const filled = Math.round((pct / 100) * width);
      write(`\r${label} [${"#".repeat(filled)}${" ".repeat(width - filled)}] ${pct}% (${done}/${total})`);
    },
    done(): void {
      if (isTTY && total > 0) write("\n");
    },
  };
}
