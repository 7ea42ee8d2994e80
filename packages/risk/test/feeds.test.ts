import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { isQmsError } from "@qmskit/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseEpssCsv, parseKevCatalog, readEpssFile, readKevFile } from "../src/index.js";

const EPSS = `#model_version:v2025.03.14,score_date:2026-11-27T12:55:00Z
cve,epss,percentile
CVE-2021-44228,0.94358,0.99961
CVE-2024-3400,0.9417,0.9993
CVE-1999-0001,0.0105,0.77
`;
const KEV = {
  title: "CISA Catalog of Known Exploited Vulnerabilities",
  catalogVersion: "2026.11.26",
  dateReleased: "2026-11-26T17:00:00.000Z",
  count: 2,
  vulnerabilities: [
    {
      cveID: "CVE-2021-44228",
      vendorProject: "Apache",
      product: "Log4j2",
      vulnerabilityName: "Apache Log4j2 Remote Code Execution Vulnerability",
      dateAdded: "2021-12-10",
      shortDescription: "JNDI features do not protect against attacker-controlled LDAP endpoints.",
      requiredAction: "Apply updates per vendor instructions.",
      dueDate: "2021-12-24",
      knownRansomwareCampaignUse: "Known",
      notes: "",
      cwes: ["CWE-20", "CWE-400", "CWE-502"],
    },
    {
      cveID: "CVE-2024-3400",
      vendorProject: "Palo Alto Networks",
      product: "PAN-OS",
      vulnerabilityName: "PAN-OS Command Injection",
      dateAdded: "2024-04-12",
      shortDescription: "Command injection in GlobalProtect.",
      requiredAction: "Apply mitigations.",
      dueDate: "2024-04-19",
      knownRansomwareCampaignUse: "Unknown",
      notes: "",
      cwes: ["CWE-77"],
    },
  ],
};

describe("EPSS", () => {
  it("parses the bulk CSV with model version and date, and looks up by CVE", () => {
    const e = parseEpssCsv(EPSS);
    expect(e).toMatchObject({ modelVersion: "v2025.03.14", scoreDate: "2026-11-27T12:55:00Z", size: 3 });
    expect(e.lookup("cve-2021-44228")).toEqual({ cve: "CVE-2021-44228", epss: 0.94358, percentile: 0.99961 });
    expect(e.lookup("CVE-2000-0001")).toBeUndefined();
    expect(parseEpssCsv("cve,epss,percentile\r\nCVE-2020-0001,0.1,0.2\r\n").modelVersion).toBeUndefined();
  });

  it("rejects malformed rows naming the line", () => {
    expect(() => parseEpssCsv("cve,epss\n")).toThrow(/line 1/);
    expect(() => parseEpssCsv("cve,epss,percentile\nCVE-2020-0001,1.5,0.2\n")).toThrow(/line 2.*0 to 1/);
    expect(() => parseEpssCsv("cve,epss,percentile\nnot-a-cve,0.1,0.2\n")).toThrow(/line 2/);
    expect(() => parseEpssCsv("cve,epss,percentile\nCVE-2020-0001,0.1,0.2\nCVE-2020-0001,0.1,0.2\n")).toThrow(
      /twice/,
    );
    expect(() => parseEpssCsv("cve,epss,percentile\nCVE-2020-0001,,0.2\n")).toThrow(/0 to 1/);
  });

  it("reads plain and gzip files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "qmskit-risk-"));
    writeFileSync(join(dir, "e.csv"), EPSS);
    writeFileSync(join(dir, "e.csv.gz"), gzipSync(EPSS));
    expect((await readEpssFile(join(dir, "e.csv"))).size).toBe(3);
    expect((await readEpssFile(join(dir, "e.csv.gz"))).lookup("CVE-2024-3400")?.percentile).toBe(0.9993);
  });
});

describe("KEV", () => {
  it("parses the catalog from a string or an object and returns dateAdded, dueDate and the ransomware flag", async () => {
    const kev = parseKevCatalog(JSON.stringify(KEV));
    expect(kev).toMatchObject({ catalogVersion: "2026.11.26", size: 2 });
    expect(kev.lookup("CVE-2021-44228")).toMatchObject({
      dateAdded: "2021-12-10",
      dueDate: "2021-12-24",
      knownRansomwareCampaignUse: true,
    });
    expect(kev.lookup("cve-2024-3400")?.knownRansomwareCampaignUse).toBe(false);
    expect(kev.has("CVE-2000-1")).toBe(false);
    const dir = mkdtempSync(join(tmpdir(), "qmskit-kev-"));
    writeFileSync(join(dir, "kev.json"), JSON.stringify(KEV));
    expect((await readKevFile(join(dir, "kev.json"))).size).toBe(2);
  });

  it("rejects bad JSON, bad entries and a wrong count", () => {
    expect(() => parseKevCatalog("{")).toThrow(/not valid JSON/);
    expect(() => parseKevCatalog({ ...KEV, count: 3 })).toThrow(/count 3/);
    const bad = structuredClone(KEV);
    bad.vulnerabilities[0]!.dueDate = "soon";
    expect(() => parseKevCatalog(bad)).toThrow(/vulnerabilities\.0\.dueDate/);
  });

  it("never throws anything but VALIDATION on arbitrary input", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.anything(), fc.json()), (x) => {
        for (const f of [() => parseKevCatalog(x), () => parseEpssCsv(x as string)]) {
          try {
            f();
          } catch (e) {
            expect(isQmsError(e, "VALIDATION")).toBe(true);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});
