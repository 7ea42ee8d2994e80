// The vulnerability part of the README demo: a real SBOM of a device's companion app (npm, PyPI and Go
// components plus a firmware blob without purl) is matched against real advisories (the Node.js
// Security WG npm advisories and OSV records from the shared conformance folder), an OpenVEX statement
// written by the manufacturer is applied, and the FDA known-vulnerability table is printed.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { readSbom } from "@qmskit/sbom";
import { readAdvisories, readVex, renderMarkdown, scan } from "@qmskit/vuln";

const data = fileURLToPath(new URL("../data/", import.meta.url));
/** The shared folder sits next to the repository root: `<root>/../shared/`. */
const conformance = fileURLToPath(new URL("../../../../shared/conformance/", import.meta.url));

/** Prints the vulnerability section of the demo. */
export async function vulnDemo(): Promise<void> {
  console.log("== Vulnerabilities: SBOM × OSV advisories × VEX → FDA known-vulnerability table ==\n");
  const { sbom } = readSbom(readFileSync(`${data}vuln-demo.cdx.json`), { validate: false });
  const npm = await readAdvisories(`${conformance}advisories/nodejs-security-wg`);
  const osv = await readAdvisories(`${conformance}osv/records`);
  const vex = await readVex(`${data}vuln-demo.openvex.json`);
  console.log(
    `SBOM: ${sbom.components.length} components; advisories: ${npm.advisories.length} npm (Node.js Security WG) + ${osv.advisories.length} OSV records; VEX: ${vex.statements.length} statements\n`,
  );
  const { findings, summary } = scan({
    components: sbom.components,
    advisories: [...npm.advisories, ...osv.advisories],
    advisoryProblems: [...npm.problems, ...osv.problems],
    vex: [vex],
    // the host's hazard analysis: severity of patient harm if the component is compromised
    harmSeverity: { "npm:lodash": "serious", "npm:marked": "minor", "pypi:requests": "critical" },
    controls: { "npm:lodash": ["input schema validation at the pump API boundary"] },
  });
  const table = renderMarkdown(findings, { ...summary, warnings: [] });
  console.log(table);
  const vexed = findings.filter((f) => f.vex);
  for (const f of vexed)
    console.log(
      `VEX applied: ${f.component.name} ${f.component.version} × ${f.advisory.id} (${f.advisory.aliases.join(", ")}) → ${f.status} by ${f.vex?.author} at ${f.vex?.timestamp}`,
    );
  console.log(`(${summary.warnings.length} reading warnings, e.g. GIT ranges reported as unsupported)\n`);
}
