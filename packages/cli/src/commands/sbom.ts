import { readFile, writeFile } from "node:fs/promises";
import { isQmsError } from "@qmskit/core";
import {
  checkMinimumElements,
  diffSboms,
  diffToMarkdown,
  EXPORT_TARGETS,
  type ExportTarget,
  exportSbom,
  hasComponentChanges,
  MINIMUM_ELEMENTS_PROFILES,
  mergeSboms,
  minimumElementsToMarkdown,
  parseMinimumElementsProfile,
  parseSupportCatalog,
  readSbom,
  type Sbom,
  SUPPORT_TABLE_HEADERS,
  type SupportCatalog,
  supportSummary,
  supportTable,
  supportTableRows,
  supportTableToCsv,
  supportTableToMarkdown,
  validateSbom,
} from "@qmskit/sbom";
import type { Command } from "commander";
import { CliExit, ExitCode } from "../io.js";
import { progress, renderMarkdownTable, renderTable, requireFormat, toJson } from "../output.js";
import type { CommandContext } from "../program.js";

/** Read a file as bytes; an unreadable file is a usage/input error (exit 2). */
async function readBytes(file: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (e) {
    throw new CliExit(
      ExitCode.USAGE,
      `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
    );
  }
}

/** Read and normalise an SBOM file (tolerant: schema issues do not stop analysis). */
async function loadSbom(file: string): Promise<Sbom> {
  const bytes = await readBytes(file);
  try {
    return readSbom(bytes, { validate: false }).sbom;
  } catch (e) {
    if (isQmsError(e)) throw new CliExit(ExitCode.USAGE, `${file}: ${e.message} [${e.code}]`);
    throw e;
  }
}

async function loadCatalog(file: string | undefined): Promise<SupportCatalog | undefined> {
  if (file === undefined) return undefined;
  const text = Buffer.from(await readBytes(file)).toString("utf8");
  try {
    return parseSupportCatalog(text, file.toLowerCase().endsWith(".csv") ? "csv" : undefined);
  } catch (e) {
    if (isQmsError(e)) throw new CliExit(ExitCode.USAGE, `${file}: ${e.message}`);
    throw e;
  }
}

const AS_OF = /^\d{4}-\d{2}-\d{2}$/;
function asOfOption(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!AS_OF.test(value))
    throw new CliExit(ExitCode.USAGE, `--as-of must be a date YYYY-MM-DD, got "${value}"`);
  return value;
}

const FORMATS = ["text", "json", "markdown"] as const;

/**
 * Registers `qmskit sbom …`: validate, check (NTIA 2021 / CISA 2025 / FDA premarket), support (FDA
 * support table), diff, merge and convert.
 *
 * @requirement SEC-04 the SBOM evidence of a submission is produced and checked from the command line
 * @requirement SOUP-01 SOUP identification, support status and release-to-release changes
 */
export function registerSbom(program: Command, ctx: CommandContext): void {
  const sbom = program
    .command("sbom")
    .description("SBOMs: validate, check minimum elements, support table, diff, merge, convert");

  ctx.selfChecks.push(async () => {
    const probe = JSON.stringify({
      bomFormat: "CycloneDX",
      specVersion: "1.6",
      version: 1,
      components: [{ type: "library", name: "zlib", version: "1.3.1", purl: "pkg:generic/zlib@1.3.1" }],
    });
    const s = readSbom(probe).sbom;
    const ok = s.components.length === 1 && !hasComponentChanges(diffSboms(s, s));
    return {
      check: "sbom: read and diff a CycloneDX 1.6 document",
      ok,
      detail: `${s.components.length} component`,
    };
  });

  sbom
    .command("validate")
    .description(
      "validate SBOM files against the official schemas (exit 0 all valid, 1 any invalid, 2 unreadable)",
    )
    .argument("<file...>", "SBOM files (CycloneDX JSON/XML, SPDX JSON/tag-value/JSON-LD)")
    .action(async (files: string[]) => {
      const format = requireFormat(ctx.format(), FORMATS);
      const results: {
        file: string;
        valid: boolean;
        format: string | null;
        specVersion: string | null;
        issues: { path: string; message: string }[];
      }[] = [];
      let unreadable = false;
      const bar = progress(ctx.io.isTTY, ctx.io.err, "validating", files.length);
      for (const [i, file] of files.entries()) {
        try {
          const bytes = await readFile(file);
          const v = await validateSbom(bytes);
          results.push({
            file,
            valid: v.valid,
            format: v.format,
            specVersion: v.specVersion,
            issues: v.issues.map((x) => ({ path: x.path, message: x.message })),
          });
        } catch (e) {
          unreadable = true;
          const message = isQmsError(e)
            ? `${e.message} [${e.code}]`
            : `cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`;
          results.push({
            file,
            valid: false,
            format: null,
            specVersion: null,
            issues: [{ path: "", message }],
          });
        }
        bar.tick(i + 1);
      }
      bar.done();
      if (format === "json") ctx.io.out(toJson(results.length === 1 ? results[0] : results));
      else {
        const rows = results.map((r) => [
          r.file,
          r.valid ? "valid" : "INVALID",
          r.format ? `${r.format} ${r.specVersion}` : "unreadable",
          String(r.issues.length),
        ]);
        const headers = ["file", "result", "format", "issues"];
        ctx.io.out(format === "markdown" ? renderMarkdownTable(headers, rows) : renderTable(headers, rows));
        for (const r of results)
          for (const x of r.issues.slice(0, 20))
            ctx.io.out(
              `${format === "markdown" ? "- " : "  "}${r.file}: ${x.path || "(root)"}: ${x.message}\n`,
            );
      }
      if (unreadable) throw new CliExit(ExitCode.USAGE);
      if (results.some((r) => !r.valid)) throw new CliExit(ExitCode.CHECK_FAILED);
    });

  sbom
    .command("check")
    .description(
      "check minimum elements: ntia-2021, cisa-2025 (draft) or fda-premarket (exit 1 when it fails)",
    )
    .argument("<file>", "SBOM file")
    .requiredOption("--profile <profile>", `one of ${MINIMUM_ELEMENTS_PROFILES.join(", ")}`)
    .option("--support <catalog>", "host support catalog (JSON or CSV keyed by purl) for fda-premarket")
    .option("--as-of <date>", "reference date YYYY-MM-DD for end-of-support (default today)")
    .action(async (file: string, opts: { profile: string; support?: string; asOf?: string }) => {
      const format = requireFormat(ctx.format(), FORMATS);
      let profile: ReturnType<typeof parseMinimumElementsProfile>;
      try {
        profile = parseMinimumElementsProfile(opts.profile);
      } catch (e) {
        throw new CliExit(ExitCode.USAGE, (e as Error).message);
      }
      const catalog = await loadCatalog(opts.support);
      const asOf = asOfOption(opts.asOf);
      const s = await loadSbom(file);
      const report = checkMinimumElements(s, profile, {
        ...(catalog ? { catalog } : {}),
        ...(asOf ? { asOf } : {}),
      });
      if (format === "json") ctx.io.out(toJson(report));
      else if (format === "markdown") ctx.io.out(minimumElementsToMarkdown(report));
      else {
        ctx.io.out(
          `${file}: ${report.profile} ${report.pass ? "PASS" : "FAIL"} (rule set ${report.ruleSet.id} ${report.ruleSet.version}, ${report.componentsChecked} components)\n`,
        );
        ctx.io.out(
          renderTable(
            ["element", "result", "failing", "examples"],
            report.elements.map((e) => [
              e.id,
              e.pass ? "pass" : "FAIL",
              String(e.failing.length),
              e.failing.slice(0, 3).join(", ") + (e.failing.length > 3 ? ", …" : ""),
            ]),
          ),
        );
      }
      if (!report.pass) throw new CliExit(ExitCode.CHECK_FAILED);
    });

  sbom
    .command("support")
    .description("FDA support table: level of support and end of support per component")
    .argument("<file>", "SBOM file")
    .option("--support <catalog>", "host support catalog (JSON or CSV keyed by purl)")
    .option("--as-of <date>", "reference date YYYY-MM-DD for end-of-support (default today)")
    .action(async (file: string, opts: { support?: string; asOf?: string }) => {
      const format = requireFormat(ctx.format(), [...FORMATS, "csv"] as const);
      const catalog = await loadCatalog(opts.support);
      const asOf = asOfOption(opts.asOf);
      const rows = supportTable(await loadSbom(file), {
        ...(catalog ? { catalog } : {}),
        ...(asOf ? { asOf } : {}),
      });
      const summary = supportSummary(rows);
      if (format === "json") ctx.io.out(toJson({ summary, components: rows }));
      else if (format === "csv") ctx.io.out(supportTableToCsv(rows));
      else if (format === "markdown") ctx.io.out(supportTableToMarkdown(rows));
      else {
        const cols = [0, 1, 4, 5, 6, 7, 8];
        ctx.io.out(
          renderTable(
            cols.map((i) => SUPPORT_TABLE_HEADERS[i]!),
            supportTableRows(rows).map((r) => cols.map((i) => r[i] ?? "")),
          ),
        );
        ctx.io.out(
          `\n${summary.components} components: ${summary["actively-maintained"]} actively maintained, ${summary["no-longer-maintained"]} no longer maintained, ${summary.abandoned} abandoned, ${summary.unknown} unknown; ${summary.withDate} with an end-of-support date; ${summary.needsJustification} need a justification\n`,
        );
      }
    });

  sbom
    .command("diff")
    .description("compare two SBOMs (any formats): added, removed, changed components and dependency edges")
    .argument("<old>", "the earlier SBOM")
    .argument("<new>", "the later SBOM")
    .action(async (oldFile: string, newFile: string) => {
      const format = requireFormat(ctx.format(), FORMATS);
      const bar = progress(ctx.io.isTTY, ctx.io.err, "diff", 3);
      const a = await loadSbom(oldFile);
      bar.tick(1);
      const b = await loadSbom(newFile);
      bar.tick(2);
      const d = diffSboms(a, b);
      bar.tick(3);
      bar.done();
      if (format === "json") ctx.io.out(toJson(d));
      else if (format === "markdown") ctx.io.out(diffToMarkdown(d, { old: oldFile, new: newFile }));
      else {
        const rows: string[][] = [
          ...d.added.map((c) => ["added", c.name, "", c.version ?? "", ""]),
          ...d.removed.map((c) => ["removed", c.name, c.version ?? "", "", ""]),
          ...d.changed.map((c) => [
            c.versionChange === "same" ? "changed" : c.versionChange,
            c.name,
            c.from ?? "",
            c.to ?? "",
            c.changes
              .filter((x) => x.field !== "version")
              .map((x) => (x.flag ? `${x.field} ${x.flag.toUpperCase()}` : x.field))
              .join(", "),
          ]),
        ];
        if (rows.length > 0) ctx.io.out(renderTable(["change", "component", "from", "to", "also"], rows));
        const s = d.summary;
        ctx.io.out(
          `${s.added} added, ${s.removed} removed, ${s.upgraded} upgraded, ${s.downgraded} downgraded, ${s.versionChanged} other version changes, ${s.licenseChanged} licence, ${s.supplierChanged} supplier, ${s.hashAtSameVersion} hash-at-same-version, ${s.supportChanged} support changes; dependency edges +${s.edgesAdded}/-${s.edgesRemoved}; ${s.unchanged} unchanged\n`,
        );
      }
    });

  sbom
    .command("merge")
    .description("merge SBOMs into one device SBOM (device → subsystem → component), de-duplicated by purl")
    .argument("<files...>", "subsystem SBOMs")
    .option("--name <name>", "device name", "device")
    .option("--device-version <version>", "device version")
    .option("--to <target>", `output format: ${EXPORT_TARGETS.join(", ")}`, "cyclonedx-1.6")
    .option("--out <file>", "write the merged SBOM here (default: standard output)")
    .action(
      async (files: string[], opts: { name: string; deviceVersion?: string; to: string; out?: string }) => {
        const format = requireFormat(ctx.format(), FORMATS);
        const target = exportTarget(opts.to);
        const bar = progress(ctx.io.isTTY, ctx.io.err, "reading", files.length);
        const inputs: Sbom[] = [];
        for (const [i, f] of files.entries()) {
          inputs.push(await loadSbom(f));
          bar.tick(i + 1);
        }
        bar.done();
        const merged = mergeSboms(inputs, {
          root: { name: opts.name, ...(opts.deviceVersion ? { version: opts.deviceVersion } : {}) },
        });
        const doc = `${JSON.stringify(exportSbom(merged, target), null, 2)}\n`;
        const summary = {
          inputs: files.length,
          components: merged.components.length,
          dependencies: merged.dependencies.reduce((n, d) => n + d.dependsOn.length, 0),
          knownUnknowns: merged.knownUnknowns.length,
          format: target,
          ...(opts.out ? { out: opts.out } : {}),
        };
        if (opts.out === undefined) {
          ctx.io.out(doc);
          return;
        }
        await writeFile(opts.out, doc);
        if (format === "json") ctx.io.out(toJson(summary));
        else
          ctx.io.out(
            `merged ${summary.inputs} SBOMs into ${opts.out} (${target}): ${summary.components} components, ${summary.dependencies} dependency edges, ${summary.knownUnknowns} known unknowns\n`,
          );
      },
    );

  sbom
    .command("convert")
    .description(`convert an SBOM to ${EXPORT_TARGETS.join(", ")} (JSON on standard output or --out)`)
    .argument("<file>", "SBOM file")
    .requiredOption("--to <target>", EXPORT_TARGETS.join(", "))
    .option("--out <file>", "write here instead of standard output")
    .action(async (file: string, opts: { to: string; out?: string }) => {
      const target = exportTarget(opts.to);
      const doc = `${JSON.stringify(exportSbom(await loadSbom(file), target), null, 2)}\n`;
      if (opts.out === undefined) ctx.io.out(doc);
      else await writeFile(opts.out, doc);
    });
}

function exportTarget(value: string): ExportTarget {
  if ((EXPORT_TARGETS as readonly string[]).includes(value)) return value as ExportTarget;
  throw new CliExit(
    ExitCode.USAGE,
    `--to ${value} is not supported; use one of: ${EXPORT_TARGETS.join(", ")}`,
  );
}
