// The SBOM part of the README demo: validate the anonymised medical-device SBOMs of the FDA-completeness
// case study, check them against the FDA premarket profile, show the support table summary, and diff the
// narrow against the extended SBOM as design-change evidence.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  checkMinimumElements,
  diffSboms,
  readSbom,
  supportSummary,
  supportTable,
  validateSbom,
} from "@qmskit/sbom";

/** The shared folder sits next to the repository root: `<root>/../shared/`. */
const caseStudy = fileURLToPath(
  new URL("../../../../shared/conformance/medical-device/sbom-completeness-case-study/", import.meta.url),
);

/** Prints the SBOM section of the demo. */
export async function sbomDemo(): Promise<void> {
  console.log("== SBOM: FDA premarket check of a medical-device SBOM ==\n");
  const narrowBytes = readFileSync(`${caseStudy}narrow.sbom.json`);
  const extendedBytes = readFileSync(`${caseStudy}extended.sbom.json`);

  const v = await validateSbom(narrowBytes);
  console.log(
    `narrow.sbom.json: ${v.format} ${v.specVersion}, schema ${v.valid ? "valid" : "INVALID"} (${v.issues.length} issues)`,
  );

  const narrow = readSbom(narrowBytes).sbom;
  const report = checkMinimumElements(narrow, "fda-premarket", { asOf: "2026-01-01" });
  console.log(
    `FDA premarket (${report.ruleSet.id} ${report.ruleSet.version}): ${report.pass ? "PASS" : "FAIL"} over ${report.componentsChecked} components`,
  );
  for (const e of report.elements)
    console.log(
      `  ${e.pass ? "pass" : "FAIL"}  ${e.id.padEnd(26)} ${e.pass ? "" : `${e.failing.length} failing`}`,
    );

  const s = supportSummary(supportTable(narrow, { asOf: "2026-01-01" }));
  console.log(
    `Support: ${s["actively-maintained"]} actively maintained, ${s["no-longer-maintained"]} no longer maintained, ${s.abandoned} abandoned, ${s.unknown} unknown; ${s.withDate} with an end-of-support date; ${s.needsJustification} need a justification`,
  );

  const d = diffSboms(narrow, readSbom(extendedBytes).sbom);
  console.log(
    `\nDiff narrow → extended: ${d.summary.added} added, ${d.summary.removed} removed, ${d.summary.upgraded} upgraded, ${d.summary.unchanged} unchanged`,
  );
  for (const c of d.added)
    console.log(`  + ${c.name}${c.version ? ` ${c.version}` : ""}${c.purl ? `  (${c.purl})` : ""}`);
  console.log("");
}
