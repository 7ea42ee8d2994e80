/**
 * Writes the Mermaid diagrams of the shipped definitions into README.md, after each `<!-- mermaid:<id> -->`
 * marker (replacing the block that follows it). Run: `npm run readme:diagrams`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { toMermaid } from "@qmskit/workflow";
import { capaDefinition, complaintDefinition, nonconformanceDefinition } from "../src/index.js";

const readme = new URL("../README.md", import.meta.url);
let text = readFileSync(readme, "utf8");
for (const def of [capaDefinition, complaintDefinition, nonconformanceDefinition]) {
  const marker = `<!-- mermaid:${def.id} -->`;
  const block = `${marker}\n\n\`\`\`mermaid\n${toMermaid(def).trimEnd()}\n\`\`\``;
  const pattern = new RegExp(`${marker}(\\n\\n\`\`\`mermaid\\n[\\s\\S]*?\\n\`\`\`)?`);
  if (!pattern.test(text)) throw new Error(`README.md has no ${marker}`);
  text = text.replace(pattern, () => block);
}
writeFileSync(readme, text);
