import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers.js";

const shared = fileURLToPath(new URL("../../../../shared/conformance/", import.meta.url));
const nswg = `${shared}advisories/nodejs-security-wg`;
const osvRecords = `${shared}osv/records`;
const tmp = mkdtempSync(join(tmpdir(), "qmskit-vuln-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const write = (name: string, value: unknown) => {
  const path = join(tmp, name);
  writeFileSync(path, typeof value === "string" ? value : JSON.stringify(value));
  return path;
};

const sbom = write("bom.cdx.json", {
  bomFormat: "CycloneDX",
  specVersion: "1.6",
  version: 1,
  components: [
    { type: "library", "bom-ref": "jquery", name: "jquery", version: "1.8.0", purl: "pkg:npm/jquery@1.8.0" },
    {
      type: "library",
      "bom-ref": "bassmaster",
      name: "bassmaster",
      version: "1.5.1",
      purl: "pkg:npm/bassmaster@1.5.1",
    },
    {
      type: "library",
      "bom-ref": "bassmaster-ok",
      name: "bassmaster",
      version: "1.5.2",
      purl: "pkg:npm/bassmaster@1.5.2",
    },
    {
      type: "library",
      "bom-ref": "requests",
      name: "requests",
      version: "2.30.0",
      purl: "pkg:pypi/requests@2.30.0",
    },
    { type: "firmware", "bom-ref": "fw", name: "pump-firmware", version: "3.1" },
  ],
});
const vex = write("vex.openvex.json", {
  "@context": "https://openvex.dev/ns/v0.2.0",
  "@id": "https://example.com/vex/1",
  author: "Device Security Team",
  timestamp: "2024-05-01T10:00:00Z",
  statements: [
    {
      vulnerability: { name: "CVE-2014-7205" },
      products: [{ "@id": "pkg:npm/bassmaster@1.5.1" }],
      status: "not_affected",
      justification: "vulnerable_code_not_in_execute_path",
      impact_statement: "The batch endpoint is not exposed by the device.",
    },
    {
      vulnerability: { name: "CVE-0000-0001" },
      products: [{ "@id": "pkg:npm/absent@1.0.0" }],
      status: "fixed",
    },
  ],
});
const kev = write("kev.json", {
  title: "CISA Catalog of Known Exploited Vulnerabilities",
  catalogVersion: "2024.05.01",
  dateReleased: "2024-05-01T15:00:00.000Z",
  count: 1,
  vulnerabilities: [
    {
      cveID: "CVE-2014-7205",
      dateAdded: "2024-01-01",
      dueDate: "2024-01-22",
      knownRansomwareCampaignUse: "Unknown",
    },
  ],
});
const epss = write(
  "epss.csv",
  "#model_version:v2025.03.14,score_date:2025-06-01T00:00:00+0000\ncve,epss,percentile\nCVE-2014-7205,0.04123,0.88\n",
);

describe("qmskit vuln match (JSON contract)", () => {
  it("SOUP-03 SEC-07 matches, applies VEX, adds CVSS/KEV/EPSS; exit 0", async () => {
    const r = await runCli([
      "vuln",
      "match",
      "--sbom",
      sbom,
      "--advisories",
      nswg,
      "--vex",
      vex,
      "--kev",
      kev,
      "--epss",
      epss,
      "--format",
      "json",
    ]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as {
      findings: Record<string, unknown>[];
      summary: Record<string, unknown>;
    };
    expect(Object.keys(out)).toEqual(["findings", "summary"]);
    const bass = out.findings.find((f) => (f.component as { bomRef: string }).bomRef === "bassmaster");
    expect(bass).toMatchObject({
      component: {
        purl: "pkg:npm/bassmaster@1.5.1",
        name: "bassmaster",
        version: "1.5.1",
        bomRef: "bassmaster",
      },
      advisory: { id: "NSWG-ECO-1", aliases: ["CVE-2014-7205"] },
      status: "not_affected",
      vex: {
        justification: "vulnerable_code_not_in_execute_path",
        impactStatement: "The batch endpoint is not exposed by the device.",
        author: "Device Security Team",
        timestamp: "2024-05-01T10:00:00Z",
        format: "openvex",
      },
      kev: true,
      epss: 0.04123,
    });
    expect((bass?.cvss as { version: string; baseScore: number }[] | undefined)?.[0]).toMatchObject({
      version: "3.0",
      baseScore: 6.5,
    });
    for (const f of out.findings) {
      expect(
        Object.keys(f).every((k) =>
          ["component", "advisory", "status", "vex", "cvss", "kev", "epss"].includes(k),
        ),
      ).toBe(true);
      expect(["affected", "not_affected", "fixed", "under_investigation"]).toContain(f.status);
    }
    expect(out.findings.some((f) => (f.component as { bomRef: string }).bomRef === "bassmaster-ok")).toBe(
      false,
    );
    const jq = out.findings
      .filter((f) => (f.component as { bomRef: string }).bomRef === "jquery")
      .map((f) => (f.advisory as { id: string }).id);
    expect(jq.sort()).toEqual(["NSWG-ECO-328", "NSWG-ECO-329"]);
    expect(out.summary).toMatchObject({
      components: 5,
      findings: out.findings.length,
      notMatchable: [{ bomRef: "fw", reason: "no-purl" }],
    });
    expect(JSON.stringify(out.summary)).toContain("VEX_UNKNOWN_PRODUCT");
  });

  it("SOUP-03 OSV records directory: PyPI match; GIT ranges reported as unsupported warnings", async () => {
    const r = await runCli(["vuln", "match", "--sbom", sbom, "--advisories", osvRecords, "--format", "json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as {
      findings: { advisory: { id: string }; status: string }[];
      summary: { warnings: { code: string }[] };
    };
    expect(out.findings.map((f) => f.advisory.id)).toEqual(["PYSEC-2023-74"]);
    expect(out.summary.warnings.some((w) => w.code === "OSV_GIT_RANGE")).toBe(true);
  });
});

describe("qmskit vuln match (Markdown and CSV FDA table)", () => {
  it("SEC-07 markdown shows the table, status, justification and known unknowns", async () => {
    const r = await runCli([
      "vuln",
      "match",
      "--sbom",
      sbom,
      "--advisories",
      nswg,
      "--vex",
      vex,
      "--format",
      "markdown",
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("| Component | Version | Vulnerability | Aliases | How found | KEV | CVSS |");
    expect(r.out).toMatch(
      /\| pkg:npm\/bassmaster@1\.5\.1 \| 1\.5\.1 \| NSWG-ECO-1 \| CVE-2014-7205 \|.*\| not_affected \| vulnerable_code_not_in_execute_path/,
    );
    expect(r.out).toContain("### Known unknowns");
    expect(r.out).toContain("pump-firmware");
  });

  it("SEC-07 csv has the header and one row per finding", async () => {
    const r = await runCli(["vuln", "match", "--sbom", sbom, "--advisories", nswg, "--format", "csv"]);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "Component,Version,Vulnerability,Aliases,How found,KEV,CVSS,EPSS,Status,Justification / impact,Stated by,Risk,Controls",
    );
    expect(lines.length).toBe(4);
  });

  it("text format prints an aligned table and a summary line", async () => {
    const r = await runCli(["vuln", "match", "--sbom", sbom, "--advisories", nswg]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/3 finding\(s\): 3 affected/);
  });
});

describe("qmskit vuln match (bad input)", () => {
  it("exit 2 on a missing or unreadable SBOM, advisories path, VEX, KEV or EPSS file", async () => {
    const base = ["vuln", "match", "--sbom", sbom, "--advisories", nswg];
    expect(
      (await runCli(["vuln", "match", "--sbom", join(tmp, "nope.json"), "--advisories", nswg])).code,
    ).toBe(2);
    expect((await runCli(["vuln", "match", "--sbom", sbom, "--advisories", join(tmp, "nope")])).code).toBe(2);
    expect((await runCli([...base, "--vex", join(tmp, "nope.json")])).code).toBe(2);
    const notVex = write("notvex.json", { hello: "world" });
    const bad = await runCli([...base, "--vex", notVex]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/notvex\.json: not a recognised VEX document/);
    expect((await runCli([...base, "--kev", write("badkev.json", { vulnerabilities: [{}] })])).code).toBe(2);
    expect(
      (await runCli([...base, "--epss", write("bad.csv", "cve,epss,percentile\nCVE-1,7,0.1\n")])).code,
    ).toBe(2);
    expect((await runCli([...base, "--sbom", write("junk.json", "{ not json")])).code).toBe(2);
    expect((await runCli(["vuln", "match", "--sbom", sbom])).code).toBe(2);
    expect((await runCli([...base, "--format", "ndjson"])).code).toBe(2);
  });

  it("bad advisory files are warnings: the run completes with exit 0", async () => {
    const dir = join(tmp, "adv");
    rmSync(dir, { recursive: true, force: true });
    const { mkdirSync } = await import("node:fs");
    mkdirSync(dir);
    writeFileSync(join(dir, "broken.json"), "{");
    writeFileSync(
      join(dir, "weird.json"),
      JSON.stringify({
        id: "X-1",
        modified: "2024-01-01T00:00:00Z",
        affected: [
          {
            package: { ecosystem: "npm", name: "jquery" },
            ranges: [{ type: "SEMVER", events: [{ introduced: "0" }, { patched: "2.0.0" }] }],
          },
        ],
      }),
    );
    writeFileSync(
      join(dir, "good.json"),
      JSON.stringify({
        id: "X-2",
        modified: "2024-01-01T00:00:00Z",
        affected: [
          {
            package: { ecosystem: "npm", name: "jquery" },
            ranges: [{ type: "SEMVER", events: [{ introduced: "0" }, { fixed: "2.0.0" }] }],
          },
        ],
      }),
    );
    const r = await runCli(["vuln", "match", "--sbom", sbom, "--advisories", dir, "--format", "json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as {
      findings: { advisory: { id: string } }[];
      summary: { warnings: { code: string; file?: string }[]; unevaluated: unknown[] };
    };
    expect(out.findings.map((f) => f.advisory.id)).toEqual(["X-2"]);
    expect(out.summary.warnings.map((w) => w.code)).toEqual(
      expect.arrayContaining(["OSV_JSON", "OSV_SCHEMA"]),
    );
    expect(out.summary.unevaluated).toHaveLength(1);
  });
});
