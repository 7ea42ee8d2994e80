import { readFile } from "node:fs/promises";
import { isQmsError } from "@qmskit/core";
import { type EpssDataset, type KevCatalog, parseEpssCsv, parseKevCatalog } from "@qmskit/risk";
import { readSbom } from "@qmskit/sbom";
import {
  FDA_TABLE_HEADERS,
  fdaTableRows,
  isCycloneDxVex,
  parseCycloneDxVex,
  parseVexText,
  readAdvisories,
  renderCsv,
  renderJson,
  renderMarkdown,
  scan,
  type VexLoad,
} from "@qmskit/vuln";
import type { Command } from "commander";
import { CliExit, ExitCode } from "../io.js";
import { renderTable, requireFormat } from "../output.js";
import type { CommandContext } from "../program.js";

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (e) {
    throw new CliExit(
      ExitCode.USAGE,
      `cannot read ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
    );
  }
}

function inputError(file: string, e: unknown): never {
  if (isQmsError(e)) throw new CliExit(ExitCode.USAGE, `${file}: ${e.message} [${e.code}]`);
  throw e;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/**
 * Registers `qmskit vuln match`: SBOM components against OSV advisories, with VEX, KEV and EPSS,
 * printing the FDA known-vulnerability table.
 *
 * @requirement SEC-07 each known vulnerability of the device's components gets its assessment inputs
 * @requirement SOUP-03 every SOUP component is checked against published anomaly lists
 */
export function registerVuln(program: Command, ctx: CommandContext): void {
  const vuln = program
    .command("vuln")
    .description("vulnerability management: match an SBOM against OSV advisories, apply VEX");
  vuln
    .command("match")
    .description("match SBOM components against OSV advisories and print the FDA known-vulnerability table")
    .requiredOption(
      "--sbom <file>",
      "SBOM (CycloneDX or SPDX; a CycloneDX BOM's own vulnerabilities are read as VEX)",
    )
    .requiredOption(
      "--advisories <path>",
      "OSV advisories: a directory, a JSON file (record or array) or a .zip",
    )
    .option(
      "--vex <file>",
      "VEX document (CycloneDX, OpenVEX, CSAF); repeatable, later files win ties",
      collect,
      [],
    )
    .option("--kev <file>", "CISA KEV catalog JSON")
    .option("--epss <file>", "EPSS bulk CSV")
    .action(
      async (opts: { sbom: string; advisories: string; vex: string[]; kev?: string; epss?: string }) => {
        const format = requireFormat(ctx.format(), ["text", "json", "markdown", "csv"]);
        const sbomText = await readText(opts.sbom, "SBOM");
        let components: {
          ref: string;
          name: string;
          version?: string | undefined;
          purl?: string | undefined;
        }[];
        const warnings: { code: string; severity: "error" | "warning"; file: string; message: string }[] = [];
        try {
          const r = readSbom(sbomText, { validate: false });
          components = r.sbom.components;
          for (const s of r.sbom.skipped)
            warnings.push({
              code: "SBOM_SKIPPED",
              severity: "warning",
              file: opts.sbom,
              message: `${opts.sbom}: ${s.path}: ${s.reason}`,
            });
        } catch (e) {
          inputError(opts.sbom, e);
        }
        const vex: VexLoad[] = [];
        try {
          const raw: unknown = JSON.parse(sbomText);
          if (isCycloneDxVex(raw)) vex.push(parseCycloneDxVex(raw, opts.sbom));
        } catch {
          // not JSON (XML, tag-value): no embedded VEX to read
        }
        for (const file of opts.vex) {
          const load = parseVexText(await readText(file, "VEX"), file);
          const fatal = load.problems.find((p) => p.code === "VEX_JSON" || p.code === "VEX_FORMAT");
          if (fatal) throw new CliExit(ExitCode.USAGE, fatal.message);
          vex.push(load);
        }
        let kev: KevCatalog | undefined;
        if (opts.kev) {
          const text = await readText(opts.kev, "KEV catalog");
          try {
            kev = parseKevCatalog(JSON.parse(text));
          } catch (e) {
            if (e instanceof SyntaxError)
              throw new CliExit(ExitCode.USAGE, `${opts.kev}: not valid JSON (${e.message})`);
            inputError(opts.kev, e);
          }
        }
        let epss: EpssDataset | undefined;
        if (opts.epss) {
          const text = await readText(opts.epss, "EPSS file");
          try {
            epss = parseEpssCsv(text);
          } catch (e) {
            inputError(opts.epss, e);
          }
        }
        const loaded = await readAdvisories(opts.advisories);
        const unreadable = loaded.problems.find((p) => p.code === "OSV_READ" && p.file === opts.advisories);
        if (unreadable) throw new CliExit(ExitCode.USAGE, unreadable.message);
        const result = scan({
          components,
          advisories: loaded.advisories,
          advisoryProblems: loaded.problems,
          vex,
          warnings,
          ...(kev ? { kev } : {}),
          ...(epss ? { epss } : {}),
        });
        if (format === "json") ctx.io.out(renderJson(result.report));
        else if (format === "markdown") ctx.io.out(renderMarkdown(result.findings, result.summary));
        else if (format === "csv") ctx.io.out(renderCsv(result.findings));
        else {
          const keep = [0, 1, 2, 5, 6, 8, 9];
          const headers = keep.map((i) => FDA_TABLE_HEADERS[i] as string);
          const rows = fdaTableRows(result.findings).map((r) => keep.map((i) => r[i] ?? ""));
          ctx.io.out(renderTable(headers, rows));
          const s = result.summary;
          ctx.io.out(
            `\n${s.findings} finding(s): ${s.byStatus.affected} affected, ${s.byStatus.not_affected} not affected, ${s.byStatus.fixed} fixed, ${s.byStatus.under_investigation} under investigation; ${s.notMatchable.length} component(s) not matchable; ${s.warnings.length} warning(s)\n`,
          );
        }
        if (format !== "json" && result.summary.warnings.some((w) => w.severity === "error"))
          ctx.io.err(
            `${result.summary.warnings.filter((w) => w.severity === "error").length} input problem(s); see the summary (--format json)\n`,
          );
      },
    );
}
