// The SBOM reading part of the demo: one model for CycloneDX JSON/XML, SPDX 2.3 and SPDX 3.0, and a
// conversion of a medical-device SBOM to SPDX 2.3 and CycloneDX 1.7 that the official schemas accept.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { exportSbom, readSbom, validateSbom } from "@qmskit/sbom";

/** The shared folder sits next to the repository root: `<root>/../shared/`. */
const conformance = fileURLToPath(new URL("../../../../shared/conformance/", import.meta.url));

/** Prints the SBOM reading and conversion section of the demo. */
export async function sbomReadDemo(): Promise<void> {
  console.log("== SBOM: read any format, convert, validate ==\n");
  for (const file of [
    "cyclonedx/1.6/valid-bom-1.6.json",
    "cyclonedx/xml/1.6/valid-bom-1.6.xml",
    "spdx/2.3/SPDXJSONExample-v2.3.spdx.json",
    "spdx/ntia-minimum-elements/spdx3/has_sbom.json",
  ]) {
    const r = readSbom(readFileSync(`${conformance}${file}`));
    console.log(
      `${file}: ${r.format} ${r.specVersion} ${r.encoding}, ${r.sbom.components.length} components, ` +
        `${r.sbom.dependencies.length} dependency lists, checked with ${r.validatedWith}: ${r.valid ? "valid" : "invalid"}`,
    );
  }
  const device = readSbom(
    readFileSync(`${conformance}medical-device/sbom-completeness-case-study/narrow.sbom.json`),
  ).sbom;
  for (const target of ["spdx-2.3", "cyclonedx-1.7"] as const) {
    const converted = await validateSbom(JSON.stringify(exportSbom(device, target)));
    console.log(
      `narrow.sbom.json → ${target}: ${converted.valid ? "valid" : "INVALID"} against the official schema (${converted.issues.length} issues)`,
    );
  }
  console.log();
}
