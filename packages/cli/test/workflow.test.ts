import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "./helpers.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function file(name: string, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), "qmskit-wf-"));
  dirs.push(dir);
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const reviewDefinition = {
  id: "doc-review",
  version: 2,
  title: "Document review",
  states: ["draft", "inReview", "approved"],
  terminal: ["approved"],
  roles: ["author", "qa"],
  commands: {
    create: {
      creates: true,
      to: "draft",
      payload: { type: "object", properties: { title: { type: "string" } }, required: ["title"] },
      assign: "payload",
    },
    submit: { from: ["draft"], to: "inReview", requires: [{ kind: "role", anyOf: ["author"] }] },
    approve: {
      from: ["inReview"],
      to: "approved",
      requires: [
        { kind: "role", anyOf: ["qa"] },
        { kind: "predicate", name: "trainingCurrent" },
      ],
    },
    reject: { from: ["inReview"], to: "draft" },
  },
};

describe("qmskit workflow diagram", () => {
  it("prints the Mermaid state diagram of each shipped definition", async () => {
    for (const [id, edge] of [
      ["capa", "effectivenessCheck --> investigation : recordEffectivenessCheck [result = Ineffective]"],
      ["complaint", "resolution --> closed : close"],
      ["nonconformance", "[*] --> identified : report"],
    ] as const) {
      const r = await runCli(["workflow", "diagram", id]);
      expect(r.code, r.err).toBe(0);
      expect(r.out).toContain("stateDiagram-v2");
      expect(r.out).toContain(edge);
    }
    const capa = await runCli(["workflow", "diagram", "capa"]);
    expect(capa.out).not.toMatch(/effectivenessCheck --> closed/);
  });

  it("prints a diagram of a JSON definition file, with requirements on request", async () => {
    const path = file("review.json", JSON.stringify(reviewDefinition));
    const r = await runCli([
      "workflow",
      "diagram",
      path,
      "--predicates",
      "trainingCurrent",
      "--requirements",
    ]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("title: Document review");
    expect(r.out).toContain("inReview --> approved : approve");
    expect(r.out).toContain("trainingCurrent");
  });

  it("supports --format markdown and json", async () => {
    const md = await runCli(["--format", "markdown", "workflow", "diagram", "nonconformance"]);
    expect(md.out.startsWith("```mermaid\n")).toBe(true);
    expect(md.out.trimEnd().endsWith("```")).toBe(true);
    const json = await runCli(["--format", "json", "workflow", "diagram", "complaint"]);
    const parsed = JSON.parse(json.out) as { id: string; version: number; mermaid: string };
    expect(parsed).toMatchObject({ id: "complaint", version: 1 });
    expect(parsed.mermaid).toContain("stateDiagram-v2");
    const csv = await runCli(["--format", "csv", "workflow", "diagram", "capa"]);
    expect(csv.code).toBe(2);
  });

  it("refuses an unknown id, a non-JSON file and an invalid definition with exit code 2", async () => {
    const unknown = await runCli(["workflow", "diagram", "no-such-workflow"]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("capa, complaint, nonconformance");
    const notJson = await runCli(["workflow", "diagram", file("x.json", "{ nope")]);
    expect(notJson.code).toBe(2);
    expect(notJson.err).toContain("not JSON");
    // the predicate is not declared by the host: the definition is refused
    const undeclared = await runCli([
      "workflow",
      "diagram",
      file("r.json", JSON.stringify(reviewDefinition)),
    ]);
    expect(undeclared.code).toBe(2);
    expect(undeclared.err).toContain("trainingCurrent");
    const deadEnd = { ...reviewDefinition, terminal: [] };
    const bad = await runCli([
      "workflow",
      "diagram",
      file("d.json", JSON.stringify(deadEnd)),
      "--predicates",
      "trainingCurrent",
    ]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("VALIDATION");
    expect(bad.err).toContain("approved");
  });
});
