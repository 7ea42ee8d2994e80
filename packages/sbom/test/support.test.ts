import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { isQmsError } from "@qmskit/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sbomComponent, sbomOf } from "../src/model.js";
import {
  normaliseEndOfSupport,
  normaliseSupportLevel,
  SUPPORT_LEVELS,
  SUPPORT_TABLE_HEADERS,
  supportStatus,
  supportSummary,
  supportTable,
  supportTableToCsv,
  supportTableToMarkdown,
  withSupportProperties,
} from "../src/support.js";
import {
  lookupSupportCatalog,
  parseCsvRows,
  parseSupportCatalog,
  purlWithoutVersion,
  safeParseSupportCatalog,
} from "../src/support-catalog.js";

const shared = fileURLToPath(new URL("../../../../shared/conformance/", import.meta.url));
const caseStudy = (f: string) =>
  JSON.parse(readFileSync(`${shared}medical-device/sbom-completeness-case-study/${f}`, "utf8")) as {
    components: { properties?: { name: string; value: string }[] }[];
  };

describe("normaliseSupportLevel (FDA §V.A.4(b) level of support)", () => {
  it.each([
    ["Actively maintained", "actively-maintained"],
    ["actively-maintained", "actively-maintained"],
    ["Active", "actively-maintained"],
    ["Inactive", "no-longer-maintained"],
    ["Deprecated", "no-longer-maintained"],
    ["No longer maintained", "no-longer-maintained"],
    ["End of life", "no-longer-maintained"],
    ["Abandoned", "abandoned"],
    ["Archived", "abandoned"],
    ["Unknown", "unknown"],
    ["Open source", "unknown"],
    ["", "unknown"],
    ["whatever", "unknown"],
  ])("SOUP-01 maps %j to %s", (text, level) => {
    expect(normaliseSupportLevel(text)).toBe(level);
  });

  it("SOUP-01 maps every Level of Support value in the medical-device case study to a level", () => {
    const values = new Set<string>();
    for (const f of ["narrow.sbom.json", "extended.sbom.json"])
      for (const c of caseStudy(f).components)
        for (const p of c.properties ?? []) if (p.name === "Level of Support") values.add(p.value);
    expect([...values].sort()).toEqual(["Actively maintained", "Deprecated", "Inactive", "Unknown"]);
    expect(Object.fromEntries([...values].map((v) => [v, normaliseSupportLevel(v)]))).toEqual({
      "Actively maintained": "actively-maintained",
      Deprecated: "no-longer-maintained",
      Inactive: "no-longer-maintained",
      Unknown: "unknown",
    });
  });

  it("SOUP-01 never throws and always returns an enum value (fast-check)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        expect(SUPPORT_LEVELS).toContain(normaliseSupportLevel(s));
      }),
    );
  });
});

describe("normaliseEndOfSupport (FDA end-of-support date)", () => {
  it.each([
    ["2027-12-31", { kind: "date", date: "2027-12-31" }],
    ["2030-06-30T00:00:00Z", { kind: "date", date: "2030-06-30" }],
    ["2014-01-29T18:30:22Z", { kind: "date", date: "2014-01-29" }],
    ["2028-02", { kind: "date", date: "2028-02-29" }],
    ["2027-02-30", { kind: "unknown" }],
    ["Until hardware support ends", { kind: "conditional" }],
    ["No longer supported", { kind: "ended" }],
    ["Open source", { kind: "unknown" }],
    ["Unknown", { kind: "unknown" }],
  ])("SOUP-01 reads %j", (text, expected) => {
    expect(normaliseEndOfSupport(text)).toEqual(expected);
  });

  it("SOUP-01 every End-of-Support value of the case study is a non-date (the paper's finding)", () => {
    for (const f of ["narrow.sbom.json", "extended.sbom.json"])
      for (const c of caseStudy(f).components)
        for (const p of c.properties ?? [])
          if (p.name === "End-of-Support") expect(normaliseEndOfSupport(p.value).kind).not.toBe("date");
  });

  it("never throws on arbitrary text (fast-check)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const r = normaliseEndOfSupport(s);
        if (r.kind === "date") expect(r.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }),
    );
  });
});

describe("supportStatus: sources and precedence", () => {
  const free = sbomComponent({
    name: "busybox",
    version: "1.36.1",
    purl: "pkg:generic/busybox@1.36.1",
    properties: [
      { name: "Level of Support", value: "Inactive" },
      { name: "End-of-Support", value: "Until hardware support ends" },
    ],
  });

  it("SOUP-01 reads the free-text keys, keeps the original text and flags the missing justification", () => {
    const s = supportStatus(free, { asOf: "2026-01-01" });
    expect(s).toMatchObject({
      level: "no-longer-maintained",
      levelText: "Inactive",
      levelSource: "free-text",
      endOfSupportKind: "conditional",
      endOfSupportText: "Until hardware support ends",
      needsJustification: true,
      pastEndOfSupport: true,
    });
    expect(s.findings.join(" ")).toMatch(/justification is required/);
    expect(s.findings.join(" ")).toMatch(/update-or-replace plan/);
  });

  it("SOUP-01 cdx:fda:* wins over free text; cdx:lifecycle milestone gives the date", () => {
    const c = sbomComponent({
      name: "openssl",
      version: "3.0.13",
      properties: [
        { name: "Level of Support", value: "Unknown" },
        { name: "cdx:fda:level-of-support", value: "actively-maintained" },
        { name: "cdx:lifecycle:milestone:endOfSupport", value: "2026-09-07" },
      ],
    });
    const s = supportStatus(c, { asOf: "2026-01-01" });
    expect(s).toMatchObject({
      level: "actively-maintained",
      levelSource: "cdx:fda",
      endOfSupport: "2026-09-07",
      endOfSupportSource: "cdx:lifecycle",
      needsJustification: false,
      pastEndOfSupport: false,
    });
    expect(supportStatus(c, { asOf: "2027-01-01" }).pastEndOfSupport).toBe(true);
  });

  it("SOUP-01 SPDX validUntilDate (model validUntil) is an end-of-support date", () => {
    const c = sbomComponent({ name: "glibc", version: "2.11.1", validUntil: "2014-01-29T18:30:22Z" });
    expect(supportStatus(c, { asOf: "2026-01-01" })).toMatchObject({
      endOfSupport: "2014-01-29",
      endOfSupportSource: "spdx:validUntilDate",
      level: "unknown",
      needsJustification: true,
    });
  });

  it("SOUP-01 the host catalog (exact purl, then purl without version) overrides the SBOM", () => {
    const catalog = parseSupportCatalog(
      JSON.stringify([
        {
          purl: "pkg:generic/busybox",
          level: "Actively maintained",
          endOfSupport: "2029-12-31",
          updateOrReplacePlan: "track upstream LTS",
        },
      ]),
    );
    expect(lookupSupportCatalog(catalog, "pkg:generic/busybox@1.36.1")?.endOfSupport).toBe("2029-12-31");
    const s = supportStatus(free, { catalog, asOf: "2026-01-01" });
    expect(s).toMatchObject({
      level: "actively-maintained",
      levelSource: "catalog",
      endOfSupport: "2029-12-31",
      endOfSupportSource: "catalog",
      needsJustification: false,
    });
  });

  it("SOUP-01 a justification clears the need for one", () => {
    const c = sbomComponent({
      name: "vendor-blob",
      properties: [{ name: "cdx:fda:justification", value: "Supplier gives no date; monitored quarterly" }],
    });
    const s = supportStatus(c, { asOf: "2026-01-01" });
    expect(s.level).toBe("unknown");
    expect(s.needsJustification).toBe(false);
  });
});

describe("support catalog (zod at the boundary)", () => {
  it("SOUP-01 parses CSV with quoted fields, CRLF, BOM and header aliases", () => {
    const csv =
      '\ufeffPackage URL,Level of Support,End-of-Support,Justification\r\npkg:npm/lodash,actively maintained,2027-12-31,\r\n"pkg:npm/left-pad","Abandoned","","Author unpublished it; ""replace"" planned"\r\n';
    const cat = parseSupportCatalog(csv);
    expect(cat.entries).toEqual([
      { purl: "pkg:npm/lodash", level: "actively maintained", endOfSupport: "2027-12-31" },
      {
        purl: "pkg:npm/left-pad",
        level: "Abandoned",
        justification: 'Author unpublished it; "replace" planned',
      },
    ]);
  });

  it("accepts an object keyed by purl and { entries }", () => {
    expect(parseSupportCatalog('{"pkg:npm/a":{"level":"active"}}').entries).toEqual([
      { purl: "pkg:npm/a", level: "active" },
    ]);
    expect(parseSupportCatalog('{"entries":[{"purl":"pkg:npm/a"}]}').entries).toHaveLength(1);
  });

  it("rejects bad catalogs with a VALIDATION error naming the entry", () => {
    expect(() => parseSupportCatalog('[{"purl":"lodash"}]')).toThrow(/entries\.0\.purl.*pkg:/);
    expect(() => parseSupportCatalog("level\nactive\n")).toThrow(/no purl column/);
    expect(() => parseSupportCatalog('purl\n"pkg:npm/a\n')).toThrow(/quoted field/);
    expect(() => parseSupportCatalog('[{"purl":"pkg:npm/a"},{"purl":"pkg:npm/a"}]')).toThrow(
      /duplicate purl/,
    );
    expect(() => parseSupportCatalog("{not json")).toThrow(/not valid JSON/);
    const r = safeParseSupportCatalog('[{"purl":1}]');
    expect(r.success).toBe(false);
    if (!r.success) expect(isQmsError(r.error, "VALIDATION")).toBe(true);
    expect(safeParseSupportCatalog("purl\npkg:npm/a\n").success).toBe(true);
  });

  it("purlWithoutVersion strips version, qualifiers and subpath", () => {
    expect(purlWithoutVersion("pkg:npm/%40scope/a@1.2.3?x=y#sub")).toBe("pkg:npm/%40scope/a");
    expect(purlWithoutVersion("pkg:maven/org.apache/jena@3.12.0")).toBe("pkg:maven/org.apache/jena");
    expect(purlWithoutVersion("pkg:generic/x")).toBe("pkg:generic/x");
  });

  it("hostile CSV input never throws anything but a QmsError (fast-check)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        const r = safeParseSupportCatalog(s, "csv");
        if (!r.success) expect(isQmsError(r.error)).toBe(true);
      }),
    );
  });
});

describe("FDA support table", () => {
  const sbom = sbomOf({
    components: [
      {
        name: "Qualcomm Atheros QCA9563",
        purl: "pkg:generic/qualcomm_atheros_qca9563",
        publisher: "Qualcomm",
        properties: [
          { name: "End-of-Support", value: "Until hardware support ends" },
          { name: "Level of Support", value: "Actively maintained" },
        ],
      },
      { name: "a|b", version: "1", properties: [{ name: "Level of Support", value: 'say "hi", ok' }] },
      { name: "foo.c", type: "file" },
    ],
  });

  it("SOUP-01 renders Markdown, RFC 4180 CSV and skips files", () => {
    const rows = supportTable(sbom, { asOf: "2026-01-01" });
    expect(rows).toHaveLength(2);
    const markdown = supportTableToMarkdown(rows);
    expect(markdown.split("\n")[0]).toBe(`| ${SUPPORT_TABLE_HEADERS.join(" | ")} |`);
    expect(markdown).toContain("a\\|b");
    const csv = supportTableToCsv(rows);
    expect(csv.endsWith("\r\n")).toBe(true);
    const parsed = parseCsvRows(csv);
    expect(parsed).toHaveLength(3);
    expect(parsed[2]?.[5]).toBe('say "hi", ok');
    expect(parsed[1]?.[2]).toBe("Qualcomm");
    expect(parsed[1]?.[8]).toBe("REQUIRED");
    expect(supportSummary(rows)).toMatchObject({ components: 2, "actively-maintained": 1, unknown: 1 });
  });

  it("SOUP-01 CSV output round-trips through the RFC 4180 reader (fast-check)", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 20 }), { minLength: 1, maxLength: 5 }), (texts) => {
        const s = sbomOf({
          components: texts.map((t, i) => ({
            name: `c${i}`,
            properties: [{ name: "Level of Support", value: t }],
          })),
        });
        const rows = supportTable(s, { asOf: "2026-01-01" });
        const back = parseCsvRows(supportTableToCsv(rows));
        expect(back.slice(1).map((r) => r[5])).toEqual(rows.map((r) => r.levelText ?? ""));
      }),
    );
  });

  it("SOUP-01 withSupportProperties writes cdx:fda:* and cdx:lifecycle:milestone:endOfSupport", () => {
    const catalog = parseSupportCatalog(
      "purl,endOfSupport\npkg:generic/qualcomm_atheros_qca9563,2031-01-31\n",
    );
    const out = withSupportProperties(sbom, { catalog });
    const props = out.components[0]?.properties ?? [];
    expect(props).toContainEqual({ name: "cdx:fda:level-of-support", value: "actively-maintained" });
    expect(props).toContainEqual({ name: "cdx:fda:end-of-support-date", value: "2031-01-31" });
    expect(props).toContainEqual({ name: "cdx:lifecycle:milestone:endOfSupport", value: "2031-01-31" });
    expect(props).toContainEqual({ name: "Level of Support", value: "Actively maintained" });
    expect(out.components[2]).toBe(sbom.components[2]);
  });
});
