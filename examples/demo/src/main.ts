// The README demo: a host program that composes the qmskit packages on the embedded SQLite store.
// Each section lives in its own file; the databases are written to examples/demo/out/ so you can inspect them
// afterwards, e.g. `npx qmskit audit verify --db examples/demo/out/capa.sqlite`.
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { auditDemo } from "./audit.js";
import { capaDemo } from "./capa.js";
import { documentsDemo } from "./documents.js";
import { riskDemo } from "./risk.js";
import { sbomDemo } from "./sbom.js";
import { sbomReadDemo } from "./sbom-read.js";
import { vulnDemo } from "./vuln.js";

const out = fileURLToPath(new URL("../out/", import.meta.url));
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const sections: [string, () => Promise<void>][] = [
  ["audit trail on SQLite: write, verify, tamper, catch", () => auditDemo(out)],
  ["CAPA lifecycle on SQLite", () => capaDemo(join(out, "capa.sqlite"))],
  [
    "document control on SQLite: issue, change order, history",
    () => documentsDemo(join(out, "documents.sqlite")),
  ],
  ["risk scoring", () => riskDemo()],
  ["SBOM reading and validation", () => sbomReadDemo()],
  ["SBOM minimum elements, support status and diff", () => sbomDemo()],
  ["vulnerability matching with VEX", () => vulnDemo()],
];

console.log("qmskit demo — databases are written to", out, "\n");
for (const [title, run] of sections) {
  console.log(`\n${"=".repeat(100)}\n${title}\n${"=".repeat(100)}\n`);
  await run();
}
console.log(
  `\nDone. Inspect the audit trails with: npx qmskit audit verify --db ${join(out, "capa.sqlite")}`,
);
