import { readFileSync } from "node:fs";
import { toMermaid } from "@qmskit/workflow";
import { describe, expect, it } from "vitest";
import { capaDefinition, complaintDefinition, nonconformanceDefinition } from "../src/index.js";

describe("README", () => {
  it("shows the current Mermaid diagram of every shipped definition (npm run readme:diagrams)", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    for (const def of [capaDefinition, complaintDefinition, nonconformanceDefinition]) {
      const block = `<!-- mermaid:${def.id} -->\n\n\`\`\`mermaid\n${toMermaid(def).trimEnd()}\n\`\`\``;
      expect(readme, `diagram of ${def.id}`).toContain(block);
    }
  });
});
