import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateSbom } from "../src/index.js";
import { findDuplicate } from "../src/unique.js";
import { compiledValidator, validateAgainst } from "../src/validate.js";
import { conformanceFile, conformanceJson } from "./conformance.js";

type CdxExpected = Record<string, { expected: "valid" | "invalid"; needs_format_assertion: boolean }>;

describe("schema validation agrees with expected-results.json", () => {
  const cdx = conformanceJson<CdxExpected>("cyclonedx/expected-results.json");
  const files = Object.keys(cdx).filter((k) => k !== "_about");

  it("SEC-04: covers the 269 CycloneDX JSON files of the spec suite 1.4–1.7", () => {
    expect(files).toHaveLength(269);
  });

  it.each(files)("SEC-04: CycloneDX %s", async (file) => {
    const result = await validateSbom(conformanceFile(`cyclonedx/${file}`));
    expect(result.format).toBe("cyclonedx");
    expect(result.validatedWith).toBe("json-schema");
    expect(result.valid ? "valid" : "invalid").toBe(cdx[file]!.expected);
    if (!result.valid) {
      expect(result.issues.length).toBeGreaterThan(0);
      for (const issue of result.issues) {
        expect(issue.path === "" || issue.path.startsWith("/")).toBe(true);
        expect(issue.message.length).toBeGreaterThan(5);
      }
    }
  });

  const spdx = conformanceJson<Record<string, string>>("spdx/expected-results.json");
  const spdxFiles = Object.keys(spdx).filter((k) => k !== "_about");
  it.each(spdxFiles)("SEC-04: SPDX %s", async (file) => {
    const result = await validateSbom(conformanceFile(file));
    expect(result.valid ? "valid" : "invalid").toBe(spdx[file]!.startsWith("valid") ? "valid" : "invalid");
  });

  it("SEC-04: issues name the JSON pointer and an actionable message", async () => {
    const r = await validateSbom(conformanceFile("cyclonedx/1.6/invalid-metadata-timestamp-1.6.json"));
    expect(r.issues).toContainEqual({
      path: "/metadata/timestamp",
      message: "must be a valid date-time (RFC 3339, e.g. 2024-01-31T12:00:00Z)",
    });
    const s = await validateSbom(
      conformanceFile("spdx/real-world/doc-fest-2022/OpenEmbedded__time.spdx.json"),
    );
    expect(s.issues[0]?.message).toContain('"packageSupplier" is not allowed');
    expect(s.issues[0]?.path).toBe("/packages/0");
  });

  it("SEC-04: duplicate items are found by hashing (uniqueItems replaced)", () => {
    const doc = conformanceJson("cyclonedx/1.6/valid-component-hashes-1.6.json") as { components: object[] };
    doc.components.push(JSON.parse(JSON.stringify(doc.components[0])) as object);
    const issues = validateAgainst("cyclonedx-1.6", doc);
    expect(issues).toContainEqual({
      path: "/components",
      message: "must NOT have duplicate items (items ## 1 and 0 are identical)",
    });
  });

  it("the compiled validator is cached", () => {
    expect(compiledValidator("cyclonedx-1.6")).toBe(compiledValidator("cyclonedx-1.6"));
  });
});

describe("pattern rewrites", () => {
  it("SEC-04: the rewritten hash-content pattern accepts exactly what the official one accepts", () => {
    const official = /^([a-fA-F0-9]{32}|[a-fA-F0-9]{40}|[a-fA-F0-9]{64}|[a-fA-F0-9]{96}|[a-fA-F0-9]{128})$/u;
    const rewritten =
      /^[a-fA-F0-9]{32}(?:[a-fA-F0-9]{8}(?:[a-fA-F0-9]{24}(?:[a-fA-F0-9]{32}(?:[a-fA-F0-9]{32})?)?)?)?$/u;
    fc.assert(
      fc.property(
        fc.oneof(fc.stringMatching(/^[a-fA-F0-9]{0,140}$/u), fc.string({ maxLength: 140 })),
        (s) => {
          expect(rewritten.test(s)).toBe(official.test(s));
        },
      ),
      { numRuns: 5000 },
    );
    for (let n = 0; n <= 140; n++) expect(rewritten.test("a".repeat(n))).toBe(official.test("a".repeat(n)));
  });
});

describe("findDuplicate", () => {
  it("finds deep-equal objects regardless of key order", () => {
    expect(findDuplicate([{ a: 1, b: { c: [1, 2] } }, { x: 1 }, { b: { c: [1, 2] }, a: 1 }])).toEqual([0, 2]);
  });
  it("does not confuse objects that differ only in nested values", () => {
    expect(findDuplicate([{ a: { b: 1 } }, { a: { b: 2 } }, { a: { b: 3 } }])).toBeUndefined();
  });
  it("handles scalars, null and mixed types", () => {
    expect(findDuplicate([1, "1", null, true, "x", 1])).toEqual([0, 5]);
    expect(findDuplicate(["a", "b"])).toBeUndefined();
  });
  it("is linear: 100,000 distinct objects in well under a second", () => {
    const items = Array.from({ length: 100_000 }, (_, i) => ({
      name: `c${i}`,
      version: "1.0.0",
      hashes: [{ alg: "SHA-256" }],
    }));
    const t0 = performance.now();
    expect(findDuplicate(items)).toBeUndefined();
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
