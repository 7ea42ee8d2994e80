import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createRiskMatrix, EXAMPLE_SECURITY_POLICY, parseEpssCsv, parseKevCatalog } from "@qmskit/risk";
import { describe, expect, it } from "vitest";
import type { OsvRecord, VulnFinding } from "../src/index.js";
import {
  analysisGaps,
  assessPostmarket,
  cvssOf,
  enrichFindings,
  parseOsv,
  renderCsv,
  renderMarkdown,
  scan,
  timeToFix,
} from "../src/index.js";

const conformance = fileURLToPath(new URL("../../../../shared/conformance/", import.meta.url));

const record = (severity: { type: string; score: string }[]): OsvRecord =>
  parseOsv({
    id: "GHSA-test",
    modified: "2024-01-01T00:00:00Z",
    aliases: ["CVE-2024-0001"],
    severity,
    affected: [],
  });

describe("SEC-07 CVSS per finding: 3.1 and 4.0 side by side, scored by @qmskit/risk", () => {
  it("scores both versions, keeps 2.0 unscored, reports invalid vectors", () => {
    const c = cvssOf(
      record([
        { type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" },
        { type: "CVSS_V4", score: "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N" },
        { type: "CVSS_V2", score: "AV:N/AC:L/Au:N/C:P/I:P/A:P" },
        { type: "CVSS_V3", score: "CVSS:3.1/AV:N" },
        { type: "Ubuntu", score: "high" },
      ]),
    );
    expect(c.map((x) => [x.version, x.baseScore, x.baseSeverity])).toEqual([
      ["3.1", 9.8, "Critical"],
      ["4.0", 9.3, "Critical"],
      ["2.0", undefined, undefined],
      ["3.1", undefined, undefined],
    ]);
    expect(c[3]?.note).toMatch(/^not scored: /);
  });

  it("real records: CVSS 3.1 of GHSA-9v2f-6vcg-3hgv; CVSS 3.0 of a Node.js Security WG advisory", () => {
    const ghsa = parseOsv(
      JSON.parse(readFileSync(`${conformance}osv/records/GHSA-9v2f-6vcg-3hgv.json`, "utf8")),
    );
    expect(cvssOf(ghsa)[0]).toMatchObject({ version: "3.1", baseScore: 9.8 });
  });
});

const finding = (over: Partial<VulnFinding>): VulnFinding => ({
  component: { name: "x", bomRef: "x", purl: "pkg:npm/x@1.0.0", version: "1.0.0" },
  advisory: {
    id: "GHSA-test",
    aliases: ["CVE-2024-0001"],
    modified: "2024-03-01T00:00:00Z",
    published: "2024-02-01T00:00:00Z",
    source: "t",
  },
  howFound: "test",
  status: "affected",
  notes: [],
  ...over,
});

describe("SEC-07 KEV and EPSS from @qmskit/risk's parsed feeds", () => {
  const kev = parseKevCatalog({
    title: "CISA Catalog of Known Exploited Vulnerabilities",
    catalogVersion: "2024.01.01",
    dateReleased: "2024-01-01T00:00:00.000Z",
    count: 1,
    vulnerabilities: [
      {
        cveID: "CVE-2021-44228",
        dateAdded: "2021-12-10",
        dueDate: "2021-12-24",
        knownRansomwareCampaignUse: "Known",
      },
    ],
  });
  const epss = parseEpssCsv(
    "#model_version:v2025.03.14,score_date:2025-06-01T00:00:00+0000\ncve,epss,percentile\nCVE-2021-44228,0.94358,0.99957\nCVE-2021-45046,0.5,0.9\n",
  );

  it("looks up every CVE alias (case-insensitive); kev false when absent; the highest EPSS wins", () => {
    const [hit, miss] = enrichFindings(
      [
        finding({ advisory: { ...finding({}).advisory, aliases: ["cve-2021-45046", "CVE-2021-44228"] } }),
        finding({}),
      ],
      new Map(),
      { kev, epss },
    );
    expect(hit).toMatchObject({
      kev: true,
      kevDetail: { dateAdded: "2021-12-10", dueDate: "2021-12-24", ransomware: "Known" },
      epss: 0.94358,
      epssPercentile: 0.99957,
    });
    expect(miss?.kev).toBe(false);
    expect(miss?.kevDetail).toBeUndefined();
    expect(miss?.epss).toBeUndefined();
  });

  it("scan counts KEV findings only when a catalog is given", () => {
    expect(scan({ components: [], advisories: [], kev }).summary.kev).toBe(0);
    expect(scan({ components: [], advisories: [] }).summary.kev).toBeUndefined();
  });
});

describe("SEC-09 FDA postmarket controlled / uncontrolled assessment", () => {
  it("exploitability × harm severity; KEV makes exploitability high; VEX not_affected is controlled", () => {
    const kevHit = finding({ kev: true });
    expect(assessPostmarket(kevHit, "serious")).toMatchObject({
      exploitability: "high",
      assessment: "uncontrolled",
    });
    expect(assessPostmarket(kevHit, "minor")?.assessment).toBe("controlled");
    expect(
      assessPostmarket(
        finding({ cvss: [{ version: "3.1", vector: "v", baseScore: 7.5, source: "advisory" }] }),
        "critical",
      )?.assessment,
    ).toBe("uncontrolled");
    expect(assessPostmarket(finding({}), "catastrophic")?.assessment).toBe("uncontrolled");
    expect(assessPostmarket(finding({ kev: true, status: "not_affected" }), "catastrophic")?.assessment).toBe(
      "controlled",
    );
    expect(assessPostmarket(finding({ epss: 0.2 }), "serious")?.rationale).toMatch(
      /exploitability high × harm serious \(example-security@1: Uncontrolled\) → uncontrolled/,
    );
  });

  it("the default rules keep the documented thresholds (EPSS 0.1 / 0.01, CVSS 9.0 / 7.0)", () => {
    const cvss = (baseScore: number) => [
      { version: "3.1", vector: "v", baseScore, source: "advisory" as const },
    ];
    const level = (over: Partial<VulnFinding>) => assessPostmarket(finding(over), "minor")?.exploitability;
    expect(level({ kev: true })).toBe("high");
    expect(level({ epss: 0.1 })).toBe("high");
    expect(level({ cvss: cvss(9) })).toBe("high");
    expect(level({ cvss: cvss(8.9) })).toBe("medium");
    expect(level({ cvss: cvss(7) })).toBe("medium");
    expect(level({ epss: 0.01 })).toBe("medium");
    expect(level({ epss: 0.0099, cvss: cvss(6.9), kev: false })).toBe("low");
    expect(level({})).toBe("low");
  });

  it("the host's own security matrix and exploitability rules go to @qmskit/risk", () => {
    // a stricter policy: high exploitability is uncontrolled from "minor" harm up
    const strict = createRiskMatrix({
      ...EXAMPLE_SECURITY_POLICY,
      id: "strict",
      matrix: [
        ["controlled", "controlled", "controlled"],
        ["controlled", "controlled", "uncontrolled"],
        ["controlled", "controlled", "uncontrolled"],
        ["controlled", "uncontrolled", "uncontrolled"],
        ["uncontrolled", "uncontrolled", "uncontrolled"],
      ],
    });
    const [r] = enrichFindings([finding({ epss: 0.05 })], new Map(), {
      harmSeverity: { x: "minor" },
      securityMatrix: strict,
      exploitabilityRules: [{ level: "high", epssAtLeast: 0.05 }, { level: "low" }],
    });
    expect(r?.risk).toMatchObject({ exploitability: "high", assessment: "uncontrolled" });
    expect(r?.risk?.rationale).toMatch(/\(strict@1: Uncontrolled\)/);
    // rules that give no level: no assessment
    const [none] = enrichFindings([finding({})], new Map(), {
      harmSeverity: { x: "minor" },
      exploitabilityRules: [{ level: "high", inKev: true }],
    });
    expect(none?.risk).toBeUndefined();
  });

  it("enrichFindings assesses only components the host rated, keeps controls; hostile keys are ignored", () => {
    const f = finding({ component: { name: "constructor", bomRef: "constructor" } });
    const g = finding({ component: { name: "y", bomRef: "y" } });
    const [rated, unrated, unknownLevel] = enrichFindings([finding({}), f, g], new Map(), {
      harmSeverity: { x: "critical", y: "severe" },
      controls: { x: ["network segmentation"] },
    });
    expect(rated?.risk).toMatchObject({ harmSeverity: "critical", controls: ["network segmentation"] });
    expect(unrated?.risk).toBeUndefined();
    expect(unknownLevel?.risk).toBeUndefined(); // "severe" is not a severity key of the policy
  });
});

describe("SEC-08 time from identification to fix; SOUP-03 analysis newer than the advisory", () => {
  it("median days from advisory publication to the fixed statement", () => {
    const fixed = (days: number) =>
      finding({
        status: "fixed",
        vex: {
          status: "fixed",
          sourceStatus: "fixed",
          format: "openvex",
          source: "v",
          overrides: 0,
          timestamp: new Date(Date.parse("2024-02-01T00:00:00Z") + days * 86_400_000).toISOString(),
        },
      });
    expect(timeToFix([fixed(10), fixed(30), fixed(20), finding({})]).medianDays).toBe(20);
    expect(timeToFix([]).medianDays).toBeUndefined();
  });

  it("flags findings without analysis and analyses older than the advisory's last update", () => {
    const vex = (timestamp: string) => ({
      status: "not_affected" as const,
      sourceStatus: "not_affected",
      format: "openvex" as const,
      source: "v",
      overrides: 0,
      timestamp,
    });
    const gaps = analysisGaps([
      finding({}),
      finding({ vex: vex("2024-01-01T00:00:00Z") }),
      finding({ vex: vex("2024-04-01T00:00:00Z") }),
    ]);
    expect(gaps.map((g) => g.reason)).toEqual(["no-analysis", "analysis-older-than-advisory"]);
  });
});

describe("SEC-07 FDA known-vulnerability table renderers", () => {
  it("Markdown escapes pipes; CSV quotes and neutralises formulas", () => {
    const f = finding({
      advisory: { id: "X|1", aliases: ["=cmd()"], modified: "2024-01-01T00:00:00Z", source: "t" },
    });
    const { summary } = scan({ components: [], advisories: [] });
    expect(renderMarkdown([f], summary)).toContain("X\\|1");
    const csv = renderCsv([f]);
    expect(csv).toContain("'=cmd()");
    expect(csv.split("\r\n")[0]).toBe(
      "Component,Version,Vulnerability,Aliases,How found,KEV,CVSS,EPSS,Status,Justification / impact,Stated by,Risk,Controls",
    );
  });
});
