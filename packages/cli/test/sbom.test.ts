import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers.js";

const shared = fileURLToPath(new URL("../../../../shared/conformance/", import.meta.url));
const md = `${shared}medical-device/sbom-completeness-case-study/`;
const narrow = `${md}narrow.sbom.json`;
const extended = `${md}extended.sbom.json`;
const ntia = (c: string) => `${shared}spdx/ntia-minimum-elements/${c}/SPDXJSONExample-v2.3.spdx.json`;
const tmp = mkdtempSync(join(tmpdir(), "qmskit-sbom-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("qmskit sbom validate", () => {
  it("SEC-04 exits 0 with one JSON object for one valid file", async () => {
    const r = await runCli(["sbom", "validate", narrow, "--format", "json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      file: narrow,
      valid: true,
      format: "cyclonedx",
      specVersion: "1.4",
      issues: [],
    });
  });

  it("SEC-04 exits 1 with an array when one of several files is invalid (CycloneDX spec suite)", async () => {
    const bad = `${shared}cyclonedx/1.6/invalid-component-type-1.6.json`;
    const r = await runCli(["sbom", "validate", "--format", "json", narrow, bad]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.out) as {
      file: string;
      valid: boolean;
      issues: { path: string; message: string }[];
    }[];
    expect(out.map((x) => x.valid)).toEqual([true, false]);
    expect(out[1]!.issues.length).toBeGreaterThan(0);
    expect(out[1]!.issues[0]).toEqual({ path: expect.any(String), message: expect.any(String) });
  });

  it("SEC-04 validates SPDX and CycloneDX XML", async () => {
    const r = await runCli([
      "sbom",
      "validate",
      "--format",
      "json",
      `${shared}spdx/2.3/SPDXJSONExample-v2.3.spdx.json`,
      `${shared}cyclonedx/xml/1.6/valid-bom-1.6.xml`,
    ]);
    expect(JSON.parse(r.out).map((x: { valid: boolean; format: string }) => [x.format, x.valid])).toEqual([
      ["spdx", true],
      ["cyclonedx", true],
    ]);
    expect(r.code).toBe(0);
  });

  it("exits 2 for a missing or unreadable file and says why", async () => {
    const garbage = join(tmp, "garbage.json");
    writeFileSync(garbage, Buffer.from([0, 1, 2, 255, 254]));
    const r = await runCli(["sbom", "validate", "--format", "json", narrow, join(tmp, "nope.json"), garbage]);
    expect(r.code).toBe(2);
    const out = JSON.parse(r.out) as { valid: boolean; issues: { message: string }[] }[];
    expect(out[1]!.issues[0]!.message).toMatch(/ENOENT/);
    expect(out[2]!.valid).toBe(false);
  });

  it("prints a text table by default and Markdown on request", async () => {
    const t = await runCli(["sbom", "validate", narrow]);
    expect(t.out).toMatch(/valid\s+cyclonedx 1\.4/);
    const m = await runCli(["sbom", "validate", narrow, "--format", "markdown"]);
    expect(m.out).toContain("| file | result | format | issues |");
  });
});

describe("qmskit sbom check", () => {
  it("SEC-04 NTIA on the SPDX NTIA cases: no_elements_missing passes, missing_supplier_name fails it", async () => {
    const ok = await runCli([
      "sbom",
      "check",
      ntia("no_elements_missing"),
      "--profile",
      "ntia-2021",
      "--format",
      "json",
    ]);
    expect(ok.code).toBe(0);
    const okReport = JSON.parse(ok.out);
    expect(okReport).toMatchObject({ profile: "ntia-2021", pass: true });
    expect(okReport.elements.every((e: { pass: boolean }) => e.pass)).toBe(true);
    const bad = await runCli([
      "sbom",
      "check",
      ntia("missing_supplier_name"),
      "--profile",
      "ntia-2021",
      "-f",
      "json",
    ]);
    expect(bad.code).toBe(1);
    const report = JSON.parse(bad.out) as {
      pass: boolean;
      elements: { id: string; pass: boolean; failing: string[] }[];
    };
    expect(report.elements.filter((e) => !e.pass).map((e) => e.id)).toEqual(["supplier-name"]);
    expect(report.elements.find((e) => e.id === "supplier-name")!.failing).toEqual([
      "SPDXRef-fromDoap-0",
      "SPDXRef-Saxon",
    ]);
  });

  it("SEC-04 SOUP-01 FDA check of the medical-device SBOM: supplier gaps and non-date end of support", async () => {
    const r = await runCli(["sbom", "check", narrow, "--profile", "fda-premarket", "--format", "json"]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as { elements: { id: string; pass: boolean; failing: string[] }[] };
    const el = Object.fromEntries(report.elements.map((e) => [e.id, e]));
    expect(el["supplier-name"]!.pass).toBe(false);
    expect(el["end-of-support"]!.failing.length).toBe(report.elements[0]!.failing.length);
    expect(el["component-name"]!.pass).toBe(true);
  });

  it("SEC-04 CISA 2025: the case-study SBOM has no hashes", async () => {
    const r = await runCli(["sbom", "check", extended, "--profile", "cisa-2025", "--format", "json"]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as { elements: { id: string; failing: string[] }[] };
    expect(report.elements.find((e) => e.id === "component-hash")!.failing.length).toBeGreaterThanOrEqual(65);
  });

  it("SOUP-01 a support catalog (CSV) satisfies the FDA support elements for what it covers", async () => {
    const catalog = join(tmp, "support.csv");
    writeFileSync(
      catalog,
      "purl,level,endOfSupport,justification\r\npkg:generic/qualcomm_atheros_qca9563,Actively maintained,2030-12-31,\r\n",
    );
    const r = await runCli([
      "sbom",
      "check",
      narrow,
      "--profile",
      "fda-premarket",
      "--support",
      catalog,
      "-f",
      "json",
    ]);
    const eos = JSON.parse(r.out).elements.find((e: { id: string }) => e.id === "end-of-support");
    const without = await runCli(["sbom", "check", narrow, "--profile", "fda-premarket", "-f", "json"]);
    const eos0 = JSON.parse(without.out).elements.find((e: { id: string }) => e.id === "end-of-support");
    expect(eos.failing.length).toBe(eos0.failing.length - 1);
  });

  it("exits 2 for an unknown profile, a bad catalog or an unreadable file", async () => {
    const p = await runCli(["sbom", "check", narrow, "--profile", "ntia"]);
    expect(p.code).toBe(2);
    expect(p.err).toContain("ntia-2021, cisa-2025, fda-premarket");
    const badCat = join(tmp, "bad.json");
    writeFileSync(badCat, '[{"purl":"lodash"}]');
    expect(
      (await runCli(["sbom", "check", narrow, "--profile", "fda-premarket", "--support", badCat])).code,
    ).toBe(2);
    expect((await runCli(["sbom", "check", join(tmp, "missing.json"), "--profile", "ntia-2021"])).code).toBe(
      2,
    );
  });

  it("prints text and Markdown reports with the rule set", async () => {
    const t = await runCli(["sbom", "check", narrow, "--profile", "ntia-2021"]);
    expect(t.out).toContain("rule set qmskit-sbom-minimum-elements");
    const m = await runCli(["sbom", "check", narrow, "--profile", "ntia-2021", "--format", "markdown"]);
    expect(m.out).toContain("| supplier-name | FAIL |");
  });
});

describe("qmskit sbom support", () => {
  it("SOUP-01 produces the FDA support table in JSON, CSV and Markdown", async () => {
    const j = await runCli(["sbom", "support", narrow, "--format", "json", "--as-of", "2026-01-01"]);
    expect(j.code).toBe(0);
    const out = JSON.parse(j.out) as {
      summary: Record<string, number>;
      components: { name: string; level: string; levelText?: string; endOfSupportText?: string }[];
    };
    expect(out.components.find((c) => c.name === "Qualcomm Atheros QCA9563")).toMatchObject({
      level: "actively-maintained",
      levelText: "Actively maintained",
      endOfSupportText: "Until hardware support ends",
    });
    expect(out.summary.withDate).toBe(0);
    expect(out.summary["no-longer-maintained"]).toBe(9);
    const csv = await runCli(["sbom", "support", narrow, "--format", "csv"]);
    expect(csv.out.split("\r\n")[0]).toMatch(/^Component,Version,Supplier,purl,Level of support/);
    const mdOut = await runCli(["sbom", "support", narrow, "--format", "markdown"]);
    expect(mdOut.out).toContain("| Qualcomm Atheros QCA9563 |");
    const text = await runCli(["sbom", "support", narrow]);
    expect(text.out).toMatch(/need a justification/);
  });
});

describe("qmskit sbom diff", () => {
  it("SOUP-01 narrow → extended: the ten added components, nothing removed", async () => {
    const r = await runCli(["sbom", "diff", narrow, extended, "--format", "json"]);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.out) as {
      added: { purl: string | null; name: string; version: string | null }[];
      removed: unknown[];
      changed: { from: string | null; to: string | null }[];
    };
    expect(d.added).toHaveLength(10);
    expect(d.added[0]).toEqual(
      expect.objectContaining({ name: expect.any(String), purl: expect.anything() }),
    );
    expect(d.added.map((c) => c.name)).toContain("FreeRTOS");
    expect(d.removed).toEqual([]);
    expect(d.changed).toEqual([]);
    const back = JSON.parse((await runCli(["sbom", "diff", extended, narrow, "-f", "json"])).out);
    expect(back.removed).toHaveLength(10);
  });

  it("SOUP-04 an SBOM and its CycloneDX 1.7 / SPDX 2.3 conversions diff to no component changes", async () => {
    for (const to of ["cyclonedx-1.7", "spdx-2.3"]) {
      const converted = join(tmp, `narrow.${to}.json`);
      const c = await runCli(["sbom", "convert", narrow, "--to", to, "--out", converted]);
      expect(c.code).toBe(0);
      const d = JSON.parse((await runCli(["sbom", "diff", narrow, converted, "--format", "json"])).out) as {
        added: unknown[];
        removed: unknown[];
        changed: unknown[];
      };
      expect([d.added, d.removed, d.changed]).toEqual([[], [], []]);
    }
  });

  it("prints Markdown design-change evidence", async () => {
    const r = await runCli(["sbom", "diff", narrow, extended, "--format", "markdown"]);
    expect(r.out).toContain("### Added");
    expect(r.out).toContain("10 added, 0 removed");
  });
});

describe("qmskit sbom merge and convert", () => {
  it("SOUP-01 merges the two case-study SBOMs under one device, de-duplicated by purl", async () => {
    const out = join(tmp, "merged.cdx.json");
    const r = await runCli(["sbom", "merge", narrow, extended, "--name", "Pump", "--out", out, "-f", "json"]);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out);
    expect(summary).toMatchObject({ inputs: 2, format: "cyclonedx-1.6", out });
    const doc = JSON.parse(readFileSync(out, "utf8"));
    expect(doc.bomFormat).toBe("CycloneDX");
    const v = await runCli(["sbom", "validate", out, "-f", "json"]);
    expect(JSON.parse(v.out).valid).toBe(true);
    const purls = JSON.stringify(doc).match(/"purl":\s*"[^"]+"/g) ?? [];
    expect(new Set(purls).size).toBe(purls.length);
  });

  it("SEC-04 converts to each target and the result validates", async () => {
    for (const to of ["cyclonedx-1.6", "cyclonedx-1.7", "spdx-2.3"]) {
      const out = join(tmp, `conv-${to}.json`);
      expect((await runCli(["sbom", "convert", narrow, "--to", to, "--out", out])).code).toBe(0);
      const v = await runCli(["sbom", "validate", out, "-f", "json"]);
      expect(JSON.parse(v.out)).toMatchObject({ valid: true });
    }
    expect((await runCli(["sbom", "convert", narrow, "--to", "swid"])).code).toBe(2);
  });
});

describe("progress on a terminal", () => {
  it("draws a progress bar on stderr only when it is a TTY", async () => {
    const { run } = await import("../src/program.js");
    let out = "";
    let err = "";
    const code = await run(["node", "qmskit", "sbom", "validate", "-f", "json", narrow, extended], {
      out: (s) => (out += s),
      err: (s) => (err += s),
      readStdin: async () => "",
      isTTY: true,
    });
    expect(code).toBe(0);
    expect(err).toContain("validating [");
    expect(err).toContain("100% (2/2)");
    expect(JSON.parse(out)).toHaveLength(2);
    const piped = await runCli(["sbom", "validate", "-f", "json", narrow, extended]);
    expect(piped.err).toBe("");
  });
});
