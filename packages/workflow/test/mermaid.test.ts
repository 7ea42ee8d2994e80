import { describe, expect, it } from "vitest";
import { defineWorkflow, toMermaid } from "../src/index.js";
import { mini } from "./fixtures.js";

describe("toMermaid", () => {
  it("exports states, creating commands, conditional targets and terminal states", () => {
    const text = toMermaid(mini);
    expect(text.startsWith("---\ntitle: Mini CAPA\n---\nstateDiagram-v2\n")).toBe(true);
    expect(text).toContain("  [*] --> draft : open\n");
    expect(text).toContain("  planning --> implementation : approvePlan\n");
    expect(text).toContain("  effectiveness --> closed : recordEffectiveness [result = Effective]\n");
    expect(text).toContain(
      "  effectiveness --> investigation : recordEffectiveness [result = Ineffective]\n",
    );
    expect(text).toContain("  closed --> [*]\n");
    expect(text).not.toContain("addAction");
    expect(toMermaid(mini, { selfLoops: true })).toContain("  planning --> planning : addAction\n");
  });

  it("summarises requirements on request and is deterministic", () => {
    const text = toMermaid(mini, { requirements: true, title: false });
    expect(text.startsWith("stateDiagram-v2\n")).toBe(true);
    expect(text).toContain(
      "approvePlan (role qa, signed approval, not owner, not actions.owner, not open actor)",
    );
    expect(toMermaid(mini, { requirements: true, title: false })).toBe(text);
  });

  it("aliases names Mermaid cannot take as ids and strips syntax from labels", () => {
    const def = defineWorkflow({
      id: "odd",
      version: 1,
      title: "Odd: title; with #stuff\nnewline",
      states: ["on-hold", "end", "done"],
      terminal: ["done"],
      commands: {
        make: { creates: true, to: "on-hold" },
        go: { from: ["on-hold"], to: "end" },
        decide: { from: ["end"], to: { by: "x", cases: { "a;b\n]-->x": "done" } } },
      },
    });
    const text = toMermaid(def);
    expect(text).toContain('  state "on-hold" as on_hold\n');
    expect(text).toContain('  state "end" as state_end\n');
    expect(text).toContain("  on_hold --> state_end : go\n");
    expect(text).toContain("title: Odd title with stuff newline\n");
    expect(text).toContain("  state_end --> done : decide [x = a b -- x]\n");
    for (const line of text.split("\n").filter((l) => l.includes(" : "))) {
      expect(line.split(" : ")[1]).not.toMatch(/[;:#\n"]/);
    }
  });
});
