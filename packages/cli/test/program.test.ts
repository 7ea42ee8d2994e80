import { describe, expect, it } from "vitest";
import { renderCsv, renderMarkdownTable, renderTable } from "../src/output.js";
import { version } from "../src/version.js";
import { runCli } from "./helpers.js";

describe("qmskit program", () => {
  it("prints its version and exits 0", async () => {
    const r = await runCli(["--version"]);
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(version);
  });

  it("prints help with the registered commands", async () => {
    const r = await runCli(["--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("self-check");
    expect(r.out).toContain("--format");
  });

  it("exits 2 on an unknown command or a bad format", async () => {
    expect((await runCli(["no-such-command"])).code).toBe(2);
    expect((await runCli(["--format", "yaml", "self-check"])).code).toBe(2);
  });

  it("self-check passes in text and JSON", async () => {
    const text = await runCli(["self-check"]);
    expect(text.code).toBe(0);
    expect(text.out).toContain("core: QmsError carries a stable code");
    const json = await runCli(["self-check", "--format", "json"]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out).ok).toBe(true);
  });

  it("refuses a format the command does not support with exit 2", async () => {
    const r = await runCli(["self-check", "--format", "csv"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("--format csv is not supported");
  });
});

describe("table renderers", () => {
  it("aligns text, escapes markdown and quotes CSV", () => {
    expect(renderTable(["a", "bb"], [["xxx", "y"]])).toBe("a    bb\n---  --\nxxx  y\n");
    expect(renderMarkdownTable(["a"], [["x|y"]])).toBe("| a |\n| --- |\n| x\\|y |\n");
    expect(renderCsv(["a", "b"], [['x,"y"', "z"]])).toBe('a,b\r\n"x,""y""",z\r\n');
  });
});
