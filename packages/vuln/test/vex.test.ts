import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Match, MatchableComponent, VexStatement, VulnFinding } from "../src/index.js";
import {
  applyVex,
  findingsFromMatches,
  parseAdvisoryText,
  parseCsafVex,
  parseCycloneDxVex,
  parseOpenVex,
  parseVexText,
  readVex,
  scan,
} from "../src/index.js";

const conformance = fileURLToPath(new URL("../../../../shared/conformance/", import.meta.url));
const vexDir = `${conformance}vex/`;
const text = (p: string) => readFileSync(p, "utf8");
const json = (p: string): unknown => JSON.parse(text(p));

describe("SEC-07 VEX readers on every conformance example", () => {
  const openvex = [
    ...readdirSync(`${vexDir}openvex/spec-examples`).map((f) => `openvex/spec-examples/${f}`),
    ...readdirSync(`${vexDir}openvex/vexctl`)
      .filter((f) => f.endsWith(".json"))
      .map((f) => `openvex/vexctl/${f}`),
  ];
  const expectedOpenVex = json(`${vexDir}openvex/expected-results.json`) as Record<string, string>;
  for (const f of openvex)
    it(`OpenVEX ${f}`, () => {
      const r = parseVexText(text(`${vexDir}${f}`), f);
      expect(r.format).toBe("openvex");
      expect(r.statements.length).toBeGreaterThan(0);
      expect(r.problems.filter((p) => p.severity === "error")).toEqual([]);
      for (const s of r.statements) {
        expect(s.timestamp, "every statement has its own or the document's time").toBeDefined();
        expect(s.author).toBeDefined();
        expect(s.products.length).toBeGreaterThan(0);
      }
      // schema-invalid only because "timestamp" is missing: read with a warning
      if (expectedOpenVex[`vex/${f}`]?.includes("'timestamp' is a required property"))
        expect(r.problems.map((p) => p.code)).toContain("VEX_NO_TIMESTAMP");
    });

  for (const f of readdirSync(`${vexDir}openvex/vexctl/legacy-v0.0.1`))
    it(`legacy OpenVEX 0.0.1 ${f} is read with a warning`, () => {
      const r = parseVexText(text(`${vexDir}openvex/vexctl/legacy-v0.0.1/${f}`), f);
      expect(r.problems.map((p) => p.code)).toContain("VEX_LEGACY");
      expect(
        r.statements.every((s) => s.vulnerability === "CVE-1234-5678" && s.status === "under_investigation"),
      ).toBe(true);
    });

  it("OpenVEX: not_affected keeps justification, impact statement, who and when", () => {
    const r = parseOpenVex(
      json(`${vexDir}openvex/spec-examples/spec-log4shell-spring-boot.repaired.json`),
      "log4shell.json",
    );
    expect(r.statements[0]).toMatchObject({
      vulnerability: "CVE-2021-44228",
      aliases: ["GHSA-jfh8-c2jp-5v3q", "https://nvd.nist.gov/vuln/detail/CVE-2021-44228"],
      status: "not_affected",
      justification: "vulnerable_code_not_in_execute_path",
      author: "Spring Builds <spring-builds@users.noreply.github.com> (Project Release Bot)",
      timestamp: "2023-01-16T19:07:16.853479631-06:00",
      products: [{ purl: "pkg:maven/org.springframework.boot/spring-boot@2.6.0-M3" }],
    });
    expect(r.statements[0]?.impactStatement).toMatch(/Spring Boot users are only affected/);
  });

  const csaf = readdirSync(`${vexDir}csaf/examples`).filter((f) => f.endsWith(".json"));
  for (const f of csaf)
    it(`CSAF ${f}`, () => {
      const r = parseCsafVex(json(`${vexDir}csaf/examples/${f}`), f);
      expect(r.statements.length).toBeGreaterThan(0);
      expect(r.problems).toEqual([]);
      for (const s of r.statements) {
        expect(s.products[0]?.name, `${s.source} resolves through the product_tree`).toBeDefined();
        expect(s.author).toBeDefined();
        expect(s.timestamp).toBeDefined();
      }
    });

  it("CSAF: status lists, flags and impact threats become status, justification and impact", () => {
    const sec = parseCsafVex(json(`${vexDir}csaf/examples/sec-vex-2022-0001.json`), "sec.json");
    expect(sec.statements[0]).toMatchObject({
      vulnerability: "CVE-2021-44228",
      status: "not_affected",
      sourceStatus: "known_not_affected",
      justification: "component_not_present",
      timestamp: "2022-05-27T10:00:00.000Z",
    });
    const ms = parseCsafVex(json(`${vexDir}csaf/examples/2022-evd-uc-03-ms-001.json`), "ms.json");
    const byCve = Object.fromEntries(ms.statements.map((s) => [s.vulnerability, s]));
    expect(byCve["CVE-2020-11896"]?.status).toBe("under_investigation");
    expect(byCve["CVE-2020-11897"]).toMatchObject({
      status: "not_affected",
      impactStatement: "IPv6 is not supported and code is not present.",
    });
    expect(byCve["CVE-2020-11898"]).toMatchObject({
      status: "affected",
      actionStatement: "We are working to integrate the upstream patches in our code.",
    });
    expect(byCve["CVE-2020-11901"]?.status).toBe("fixed");
    expect(byCve["CVE-2020-11898"]?.products[0]).toMatchObject({
      id: "CSAFPID-0001",
      name: "GHI",
      version: "17.4",
    });
  });

  it("CSAF: product_identification_helper purls and relationships resolve to components", () => {
    const doc = {
      document: {
        category: "csaf_vex",
        csaf_version: "2.0",
        publisher: { name: "ACME PSIRT" },
        tracking: { id: "ACME-1", current_release_date: "2024-01-01T00:00:00Z" },
      },
      product_tree: {
        full_product_names: [
          {
            product_id: "LIB",
            name: "lodash 4.17.20",
            product_identification_helper: { purl: "pkg:npm/lodash@4.17.20" },
          },
          { product_id: "DEV", name: "Infusion pump 2.0" },
        ],
        relationships: [
          {
            category: "default_component_of",
            product_reference: "LIB",
            relates_to_product_reference: "DEV",
            full_product_name: { product_id: "DEV:LIB", name: "lodash in pump" },
          },
        ],
        product_groups: [{ group_id: "G", product_ids: ["DEV:LIB"] }],
      },
      vulnerabilities: [
        {
          cve: "CVE-2021-23337",
          product_status: { known_not_affected: ["DEV:LIB", "NOPE"] },
          flags: [{ label: "vulnerable_code_not_in_execute_path", group_ids: ["G"] }],
        },
      ],
    };
    const r = parseCsafVex(doc, "acme.json");
    expect(r.statements[0]).toMatchObject({
      status: "not_affected",
      justification: "vulnerable_code_not_in_execute_path",
      author: "ACME PSIRT",
      products: [{ purl: "pkg:npm/lodash@4.17.20" }],
    });
    expect(r.problems.map((p) => p.code)).toEqual(["VEX_UNRESOLVED_PRODUCT"]);
  });

  for (const v of ["1.4", "1.5", "1.6", "1.7"])
    it(`CycloneDX ${v} BOM with embedded VEX (valid-vulnerability-${v}.json)`, () => {
      const r = parseVexText(
        text(`${conformance}cyclonedx/${v}/valid-vulnerability-${v}.json`),
        `cdx-${v}.json`,
      );
      expect(r.format).toBe("cyclonedx");
      expect(r.statements[0]).toMatchObject({
        vulnerability: "SNYK-JAVA-COMFASTERXMLJACKSONCORE-32111",
        aliases: ["CVE-2018-7489"],
        status: "not_affected",
        sourceStatus: "not_affected",
        products: [
          {
            purl: "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.4",
            bomRef: "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.4",
          },
        ],
      });
      expect(r.statements[0]?.justification).toBeDefined();
      expect(r.statements[0]?.timestamp).toBeDefined();
    });

  it("bad VEX input is reported, never thrown", async () => {
    expect(parseVexText("{", "x.json").problems[0]?.code).toBe("VEX_JSON");
    expect(parseVexText("{}", "x.json").problems[0]?.code).toBe("VEX_FORMAT");
    expect((await readVex("/nonexistent/vex.json")).problems[0]?.code).toBe("VEX_READ");
    const bad = parseOpenVex(
      {
        "@context": "https://openvex.dev/ns/v0.2.0",
        timestamp: "2024-01-01T00:00:00Z",
        statements: [{ vulnerability: { name: "CVE-1" }, status: "maybe" }, 5],
      },
      "bad.json",
    );
    expect(bad.problems.map((p) => p.pointer)).toEqual(["/statements/0/status", "/statements/1"]);
    const cdx = parseCycloneDxVex(
      { bomFormat: "CycloneDX", vulnerabilities: [{ id: "X", analysis: { state: "sort_of" } }] },
      "c.json",
    );
    expect(cdx.problems[0]?.message).toMatch(/c\.json: \/vulnerabilities\/0\/analysis\/state "sort_of"/);
  });
});

const comp = (ref: string, purl: string, name: string, version: string): MatchableComponent => ({
  ref,
  purl,
  name,
  version,
});
const finding = (c: MatchableComponent, id: string, aliases: string[]): VulnFinding =>
  findingsFromMatches([
    {
      component: c,
      advisory: { id, aliases, modified: "2024-01-01T00:00:00Z" },
      source: "test",
      package: { ecosystem: "npm", name: c.name, key: "" },
      version: c.version as string,
      via: "affected[0].ranges[0]",
      notes: [],
    } satisfies Match,
  ])[0] as VulnFinding;
const st = (over: Partial<VexStatement>): VexStatement => ({
  format: "openvex",
  vulnerability: "CVE-2021-23337",
  aliases: [],
  products: [{ id: "pkg:npm/lodash@4.17.20", purl: "pkg:npm/lodash@4.17.20" }],
  status: "not_affected",
  sourceStatus: "not_affected",
  source: "v.json#/statements/0",
  ...over,
});

describe("SEC-07 applying VEX: newest statement for the same product and vulnerability wins", () => {
  const lodash = comp("lodash-ref", "pkg:npm/lodash@4.17.20", "lodash", "4.17.20");
  const f = finding(lodash, "GHSA-35jh-r3h4-6jhm", ["CVE-2021-23337"]);

  it("matches by alias, keeps who/when/justification/impact", () => {
    const { findings, applied } = applyVex(
      [f],
      [
        st({
          author: "Dev team",
          timestamp: "2024-02-01T00:00:00Z",
          justification: "vulnerable_code_not_in_execute_path",
          impactStatement: "template() is never called",
        }),
      ],
      [lodash],
    );
    expect(applied).toBe(1);
    expect(findings[0]).toMatchObject({
      status: "not_affected",
      vex: {
        author: "Dev team",
        timestamp: "2024-02-01T00:00:00Z",
        justification: "vulnerable_code_not_in_execute_path",
        impactStatement: "template() is never called",
        overrides: 0,
      },
    });
  });

  it("newer wins regardless of order; equal times: the later statement wins; no time ranks oldest", () => {
    const older = st({ status: "not_affected", timestamp: "2024-01-01T00:00:00Z" });
    const newer = st({
      status: "affected",
      timestamp: "2024-03-01T00:00:00+01:00",
      source: "v.json#/statements/1",
    });
    expect(applyVex([f], [newer, older], [lodash]).findings[0]?.status).toBe("affected");
    expect(applyVex([f], [older, newer], [lodash]).findings[0]?.vex?.overrides).toBe(1);
    const a = st({ status: "fixed", timestamp: "2024-01-01T00:00:00Z" });
    const b = st({ status: "under_investigation", timestamp: "2024-01-01T00:00:00Z" });
    expect(applyVex([f], [a, b], [lodash]).findings[0]?.status).toBe("under_investigation");
    expect(
      applyVex(
        [f],
        [st({ status: "fixed" }), st({ status: "affected", timestamp: "2020-01-01T00:00:00Z" })],
        [lodash],
      ).findings[0]?.status,
    ).toBe("affected");
  });

  it("OpenVEX inheritance example: the later document's untimed statement inherits its newer time and wins", () => {
    const before = parseOpenVex(
      json(`${vexDir}openvex/spec-examples/spec-inheritance-before-update.json`),
      "before.json",
    );
    const after = parseOpenVex(
      json(`${vexDir}openvex/spec-examples/spec-inheritance-after-update.repaired.json`),
      "after.json",
    );
    const git = comp("git", "pkg:apk/wolfi/git@2.39.0-r1?arch=armv7", "git", "2.39.0-r1");
    const g = finding(git, "CVE-2023-12345", []);
    const r = applyVex([g], [...before.statements, ...after.statements], [git]);
    expect(r.findings[0]?.status).toBe("fixed");
    expect(r.findings[0]?.vex?.overrides).toBe(2);
  });

  it("versionless purls cover every version; other versions and unknown products do not match (warning)", () => {
    expect(
      applyVex([f], [st({ products: [{ id: "pkg:npm/lodash", purl: "pkg:npm/lodash" }] })], [lodash])
        .findings[0]?.status,
    ).toBe("not_affected");
    const other = applyVex(
      [f],
      [st({ products: [{ id: "pkg:npm/lodash@4.17.21", purl: "pkg:npm/lodash@4.17.21" }] })],
      [lodash],
    );
    expect(other.findings[0]?.status).toBe("affected");
    expect(other.problems[0]).toMatchObject({ code: "VEX_UNKNOWN_PRODUCT", severity: "warning" });
    expect(other.problems[0]?.message).toMatch(/pkg:npm\/lodash@4\.17\.21.*not in the SBOM/);
  });

  it("CycloneDX VEX embedded in the BOM applies to its own components through bom-ref", () => {
    const bomText = text(`${conformance}cyclonedx/1.6/valid-vulnerability-1.6.json`);
    const jackson = comp(
      "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.4",
      "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.4",
      "jackson-databind",
      "2.9.4",
    );
    const osv = `{"id":"GHSA-xxxx","modified":"2024-01-01T00:00:00Z","aliases":["CVE-2018-7489"],"affected":[{"package":{"ecosystem":"Maven","name":"com.fasterxml.jackson.core:jackson-databind"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"2.9.0"},{"fixed":"2.9.5"}]}]}]}`;
    const { report } = scan({
      components: [jackson],
      advisories: parseAdvisoryText(osv, "a.json").advisories,
      vex: [parseVexText(bomText, "bom.json")],
    });
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({
      status: "not_affected",
      vex: { format: "cyclonedx", sourceStatus: "not_affected" },
    });
  });
});
